package com.shopfloor.common.exception;

import org.springframework.http.HttpStatus;

/**
 * Base class of every rule violation the shop reports to its callers. The code is a stable,
 * machine-readable identifier; the message is meant for people.
 */
public abstract class BusinessException extends RuntimeException {

    private final String code;
    private final HttpStatus status;

    protected BusinessException(String code, HttpStatus status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String getCode() {
        return code;
    }

    public HttpStatus getStatus() {
        return status;
    }
}
