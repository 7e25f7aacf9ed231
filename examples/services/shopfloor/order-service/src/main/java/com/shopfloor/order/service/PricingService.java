package com.shopfloor.order.service;

import com.shopfloor.common.money.Money;
import com.shopfloor.order.model.OrderLine;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.stereotype.Service;

/** Computes subtotal, discount, shipping and total of an order. */
@Service
public class PricingService {

    static final BigDecimal FREE_SHIPPING_THRESHOLD = new BigDecimal("100.00");
    static final BigDecimal STANDARD_SHIPPING_FEE = new BigDecimal("7.50");

    private final DiscountPolicy discountPolicy;

    public PricingService(DiscountPolicy discountPolicy) {
        this.discountPolicy = discountPolicy;
    }

    public PriceQuote quote(List<OrderLine> lines, String discountCode, boolean firstOrder) {
        BigDecimal subtotal = Money.round(lines.stream()
                .map(OrderLine::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        BigDecimal discount = discountPolicy.discountFor(discountCode, subtotal, firstOrder);
        BigDecimal discounted = subtotal.subtract(discount);
        BigDecimal shipping = shippingFor(discounted);
        BigDecimal total = Money.round(discounted.add(shipping));
        return new PriceQuote(subtotal, discount, shipping, total);
    }

    /** Shipping is free when the discounted amount is above 100.00, otherwise 7.50. */
    BigDecimal shippingFor(BigDecimal amount) {
        if (amount.compareTo(FREE_SHIPPING_THRESHOLD) > 0) {
            return Money.ZERO;
        }
        return Money.round(STANDARD_SHIPPING_FEE);
    }
}
