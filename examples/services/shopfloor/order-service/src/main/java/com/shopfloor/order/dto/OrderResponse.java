package com.shopfloor.order.dto;

import com.shopfloor.order.model.Order;
import com.shopfloor.order.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record OrderResponse(
        Long id,
        Long customerId,
        OrderStatus status,
        List<Line> lines,
        BigDecimal subtotal,
        BigDecimal discount,
        BigDecimal shippingFee,
        BigDecimal total,
        Instant createdAt) {

    public record Line(String sku, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
    }

    public static OrderResponse from(Order order) {
        List<Line> lines = order.getLines().stream()
                .map(line -> new Line(line.getSku(), line.getQuantity(), line.getUnitPrice(), line.lineTotal()))
                .toList();
        return new OrderResponse(order.getId(), order.getCustomerId(), order.getStatus(), lines,
                order.getSubtotal(), order.getDiscount(), order.getShippingFee(), order.getTotal(),
                order.getCreatedAt());
    }
}
