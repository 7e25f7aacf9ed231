package com.shopfloor.order.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Order policy, bound from {@code shopfloor.order.*} in application.yml. */
@ConfigurationProperties(prefix = "shopfloor.order")
public class OrderProperties {

    /** Most lines one order may have. */
    private int maxItemsPerOrder = 50;

    /** Most units of one SKU on a single line. */
    private int maxQuantityPerLine = 99;

    /** Unpaid (PENDING) orders a customer may have open before placing another is refused. */
    private int maxUnpaidOrders = 3;

    public int getMaxItemsPerOrder() {
        return maxItemsPerOrder;
    }

    public void setMaxItemsPerOrder(int maxItemsPerOrder) {
        this.maxItemsPerOrder = maxItemsPerOrder;
    }

    public int getMaxQuantityPerLine() {
        return maxQuantityPerLine;
    }

    public void setMaxQuantityPerLine(int maxQuantityPerLine) {
        this.maxQuantityPerLine = maxQuantityPerLine;
    }

    public int getMaxUnpaidOrders() {
        return maxUnpaidOrders;
    }

    public void setMaxUnpaidOrders(int maxUnpaidOrders) {
        this.maxUnpaidOrders = maxUnpaidOrders;
    }
}
