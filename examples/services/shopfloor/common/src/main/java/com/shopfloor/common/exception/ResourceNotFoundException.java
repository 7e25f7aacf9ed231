package com.shopfloor.common.exception;

import org.springframework.http.HttpStatus;

public class ResourceNotFoundException extends BusinessException {

    public ResourceNotFoundException(String resource, Object id) {
        super("NOT_FOUND", HttpStatus.NOT_FOUND, resource + " " + id + " was not found");
    }
}
