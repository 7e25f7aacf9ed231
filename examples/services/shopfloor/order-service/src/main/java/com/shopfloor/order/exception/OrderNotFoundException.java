package com.shopfloor.order.exception;

import com.shopfloor.common.exception.ResourceNotFoundException;

public class OrderNotFoundException extends ResourceNotFoundException {

    public OrderNotFoundException(Long orderId) {
        super("Order", orderId);
    }
}
