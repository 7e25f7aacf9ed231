package com.shopfloor.inventory.dto;

import com.shopfloor.inventory.model.Reservation;
import com.shopfloor.inventory.model.ReservationStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record ReservationResponse(
        Long id, Long orderId, ReservationStatus status, Instant expiresAt, List<Line> lines) {

    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    public static ReservationResponse from(Reservation reservation) {
        List<Line> lines = reservation.getLines().stream()
                .map(line -> new Line(line.getSku(), line.getQuantity(), line.getUnitPrice()))
                .toList();
        return new ReservationResponse(reservation.getId(), reservation.getOrderId(),
                reservation.getStatus(), reservation.getExpiresAt(), lines);
    }
}
