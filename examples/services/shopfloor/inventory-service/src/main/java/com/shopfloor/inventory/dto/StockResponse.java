package com.shopfloor.inventory.dto;

import com.shopfloor.inventory.model.StockItem;
import java.math.BigDecimal;

public record StockResponse(
        String sku, String name, BigDecimal unitPrice, int onHand, int reserved, int available, boolean lowStock) {

    public static StockResponse from(StockItem item) {
        return new StockResponse(item.getSku(), item.getName(), item.getUnitPrice(), item.getOnHand(),
                item.getReserved(), item.available(), item.isBelowReorderLevel());
    }
}
