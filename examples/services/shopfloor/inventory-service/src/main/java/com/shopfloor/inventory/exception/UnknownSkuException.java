package com.shopfloor.inventory.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

public class UnknownSkuException extends BusinessException {

    public UnknownSkuException(String sku) {
        super("UNKNOWN_SKU", HttpStatus.UNPROCESSABLE_ENTITY, "SKU " + sku + " is not stocked");
    }
}
