package com.shopfloor.inventory.event;

/** Published when a SKU's available stock falls below its reorder level. */
public record LowStockEvent(String sku, int available, int reorderLevel) {
}
