package com.shopfloor.inventory.service;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Gives back the stock of unpaid orders once their reservation timeout has passed. */
@Component
public class ReservationExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiryJob.class);

    private final InventoryService inventoryService;
    private final Clock clock;

    public ReservationExpiryJob(InventoryService inventoryService, Clock clock) {
        this.inventoryService = inventoryService;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shopfloor.inventory.expiry-sweep-interval-ms:60000}")
    public void releaseExpiredReservations() {
        int released = inventoryService.releaseExpired(clock.instant());
        if (released > 0) {
            log.info("Released {} expired stock reservations", released);
        }
    }
}
