package com.shopfloor.order.service;

import com.shopfloor.common.money.Money;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** Which discount codes are honoured, and for how much. */
@Component
public class DiscountPolicy {

    static final String WELCOME_PREFIX = "WELCOME";
    static final int WELCOME_PERCENT = 10;

    /**
     * A code starting with WELCOME takes 10% off the subtotal, but only on the customer's first
     * order. Any other code, or a WELCOME code on a later order, gives no discount.
     */
    public BigDecimal discountFor(String code, BigDecimal subtotal, boolean firstOrder) {
        if (code == null || code.isBlank()) {
            return Money.ZERO;
        }
        if (code.startsWith(WELCOME_PREFIX) && firstOrder) {
            return Money.percentOf(subtotal, WELCOME_PERCENT);
        }
        return Money.ZERO;
    }
}
