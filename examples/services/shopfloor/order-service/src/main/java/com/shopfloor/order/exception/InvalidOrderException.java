package com.shopfloor.order.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

/** Thrown when an order request breaks the size or quantity limits. */
public class InvalidOrderException extends BusinessException {

    public InvalidOrderException(String message) {
        super("INVALID_ORDER", HttpStatus.UNPROCESSABLE_ENTITY, message);
    }
}
