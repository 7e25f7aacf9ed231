package com.shopfloor.order.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

/** Thrown when a customer who already has too many unpaid orders tries to place another. */
public class UnpaidOrderLimitException extends BusinessException {

    public UnpaidOrderLimitException(Long customerId, long unpaidOrders, int limit) {
        super("UNPAID_ORDER_LIMIT", HttpStatus.CONFLICT,
                "Customer " + customerId + " has " + unpaidOrders + " unpaid orders; pay or cancel one before"
                        + " placing another (limit " + limit + ")");
    }
}
