package com.shopfloor.order.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricingServiceTest {

    private final PricingService pricing = new PricingService(new DiscountPolicy());

    @Test
    void shippingIsFreeOnlyAboveOneHundred() {
        assertThat(pricing.shippingFor(new BigDecimal("100.01"))).isEqualByComparingTo("0.00");
        assertThat(pricing.shippingFor(new BigDecimal("100.00"))).isEqualByComparingTo("7.50");
    }

    @Test
    void welcomeCodeGivesTenPercentOnFirstOrderOnly() {
        DiscountPolicy policy = new DiscountPolicy();
        assertThat(policy.discountFor("WELCOME24", new BigDecimal("80.05"), true)).isEqualByComparingTo("8.01");
        assertThat(policy.discountFor("WELCOME24", new BigDecimal("80.05"), false)).isEqualByComparingTo("0.00");
        assertThat(policy.discountFor("SPRING10", new BigDecimal("80.05"), true)).isEqualByComparingTo("0.00");
    }
}
