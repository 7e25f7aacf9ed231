package com.shopfloor.inventory.exception;

import com.shopfloor.common.exception.ResourceNotFoundException;

public class ReservationNotFoundException extends ResourceNotFoundException {

    public ReservationNotFoundException(Long reservationId) {
        super("Reservation", reservationId);
    }
}
