package com.shopfloor.inventory.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

/** Thrown when a reservation or commit would take a SKU's stock below zero. */
public class InsufficientStockException extends BusinessException {

    private final String sku;

    public InsufficientStockException(String sku, int requested, int available) {
        super("INSUFFICIENT_STOCK", HttpStatus.CONFLICT,
                "Insufficient stock for SKU " + sku + ": requested " + requested + ", available " + available);
        this.sku = sku;
    }

    public String getSku() {
        return sku;
    }
}
