package com.shopfloor.order.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

/** Thrown when an order is asked to make a status change its life cycle does not allow. */
public class IllegalOrderStateException extends BusinessException {

    public IllegalOrderStateException(String message) {
        super("ILLEGAL_ORDER_STATE", HttpStatus.CONFLICT, message);
    }
}
