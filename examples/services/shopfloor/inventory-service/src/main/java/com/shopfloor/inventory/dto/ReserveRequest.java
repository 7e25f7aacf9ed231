package com.shopfloor.inventory.dto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

public record ReserveRequest(@NotNull Long orderId, @NotEmpty List<@Valid Line> lines) {

    public record Line(@NotBlank String sku, @Min(1) int quantity) {
    }
}
