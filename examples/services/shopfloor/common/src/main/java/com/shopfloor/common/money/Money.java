package com.shopfloor.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money arithmetic shared by every module. All amounts are BigDecimal in the shop's single
 * currency and are rounded half-up to two decimal places before they are stored or shown.
 */
public final class Money {

    public static final int SCALE = 2;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE, ROUNDING);

    private static final BigDecimal ONE_HUNDRED = new BigDecimal("100");

    private Money() {
    }

    /** Rounds an amount half-up to two decimal places. */
    public static BigDecimal round(BigDecimal amount) {
        if (amount == null) {
            return ZERO;
        }
        return amount.setScale(SCALE, ROUNDING);
    }

    /** Returns {@code percent}% of {@code amount}, rounded half-up to two decimal places. */
    public static BigDecimal percentOf(BigDecimal amount, int percent) {
        return round(amount.multiply(BigDecimal.valueOf(percent)).divide(ONE_HUNDRED));
    }

    /** Unit price times quantity, rounded. */
    public static BigDecimal times(BigDecimal unitPrice, int quantity) {
        return round(unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }

    public static boolean isNegative(BigDecimal amount) {
        return amount.signum() < 0;
    }
}
