package com.shopfloor.common.dto;

import java.time.Instant;
import java.util.List;

/** Body of every error response: a stable code, a readable message and optional field errors. */
public record ErrorResponse(String code, String message, List<String> details, Instant timestamp) {

    public static ErrorResponse of(String code, String message) {
        return new ErrorResponse(code, message, List.of(), Instant.now());
    }

    public static ErrorResponse of(String code, String message, List<String> details) {
        return new ErrorResponse(code, message, List.copyOf(details), Instant.now());
    }
}
