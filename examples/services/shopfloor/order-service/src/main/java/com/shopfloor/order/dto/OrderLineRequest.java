package com.shopfloor.order.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record OrderLineRequest(
        @NotBlank @Size(max = 32) String sku,
        @Min(1) @Max(99) int quantity) {
}
