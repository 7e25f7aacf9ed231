package com.shopfloor.order.dto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record PlaceOrderRequest(
        @NotNull Long customerId,
        @NotNull @Size(min = 1, max = 50) List<@Valid OrderLineRequest> lines,
        @Size(max = 32) String discountCode) {
}
