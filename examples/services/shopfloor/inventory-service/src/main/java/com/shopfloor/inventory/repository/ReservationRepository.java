package com.shopfloor.inventory.repository;

import com.shopfloor.inventory.model.Reservation;
import com.shopfloor.inventory.model.ReservationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReservationRepository extends JpaRepository<Reservation, Long> {

    Optional<Reservation> findByOrderId(Long orderId);

    List<Reservation> findByStatusAndExpiresAtLessThanEqual(ReservationStatus status, Instant cutoff);
}
