package com.shopfloor.order.exception;

import com.shopfloor.common.exception.BusinessException;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;

public class PaymentMismatchException extends BusinessException {

    public PaymentMismatchException(Long orderId, BigDecimal expected, BigDecimal received) {
        super("PAYMENT_MISMATCH", HttpStatus.UNPROCESSABLE_ENTITY,
                "Payment for order " + orderId + " was " + received + " but the order total is " + expected);
    }
}
