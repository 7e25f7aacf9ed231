package com.shopfloor.inventory.exception;

import com.shopfloor.common.exception.BusinessException;
import org.springframework.http.HttpStatus;

/** Thrown when an order is paid after its stock reservation has timed out. */
public class ReservationExpiredException extends BusinessException {

    public ReservationExpiredException(Long reservationId) {
        super("RESERVATION_EXPIRED", HttpStatus.CONFLICT,
                "Reservation " + reservationId + " has expired; place the order again");
    }
}
