package com.shopfloor.order.model;

/**
 * Order life cycle: PENDING → PAID → SHIPPED → DELIVERED, and CANCELLED from PENDING or PAID.
 * Once an order has shipped it can no longer be cancelled.
 */
public enum OrderStatus {
    PENDING,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED;

    public boolean canTransitionTo(OrderStatus target) {
        return switch (this) {
            case PENDING -> target == PAID || target == CANCELLED;
            case PAID -> target == SHIPPED || target == CANCELLED;
            case SHIPPED -> target == DELIVERED;
            case DELIVERED, CANCELLED -> false;
        };
    }

    public boolean isCancellable() {
        return canTransitionTo(CANCELLED);
    }

    public boolean isTerminal() {
        return this == DELIVERED || this == CANCELLED;
    }
}
