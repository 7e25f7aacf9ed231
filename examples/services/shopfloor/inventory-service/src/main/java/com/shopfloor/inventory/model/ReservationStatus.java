package com.shopfloor.inventory.model;

/**
 * Life of a reservation: HELD until the order is paid (COMMITTED), cancelled (RELEASED) or the
 * reservation timeout passes (EXPIRED).
 */
public enum ReservationStatus {
    HELD,
    COMMITTED,
    RELEASED,
    EXPIRED;

    public boolean isHeld() {
        return this == HELD;
    }
}
