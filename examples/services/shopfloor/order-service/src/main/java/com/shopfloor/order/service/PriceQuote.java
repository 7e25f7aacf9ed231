package com.shopfloor.order.service;

import java.math.BigDecimal;

/** The amounts of one order, each already rounded to two decimal places. */
public record PriceQuote(BigDecimal subtotal, BigDecimal discount, BigDecimal shippingFee, BigDecimal total) {
}
