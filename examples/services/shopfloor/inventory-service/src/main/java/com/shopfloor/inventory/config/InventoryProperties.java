package com.shopfloor.inventory.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Inventory policy, bound from {@code shopfloor.inventory.*} in application.yml. */
@ConfigurationProperties(prefix = "shopfloor.inventory")
public class InventoryProperties {

    /** How long stock stays reserved for an unpaid order. */
    private int reservationTimeoutMinutes = 15;

    /** How often the expiry job looks for reservations past their timeout. */
    private long expirySweepIntervalMs = 60_000;

    public Duration reservationTimeout() {
        return Duration.ofMinutes(reservationTimeoutMinutes);
    }

    public int getReservationTimeoutMinutes() {
        return reservationTimeoutMinutes;
    }

    public void setReservationTimeoutMinutes(int reservationTimeoutMinutes) {
        this.reservationTimeoutMinutes = reservationTimeoutMinutes;
    }

    public long getExpirySweepIntervalMs() {
        return expirySweepIntervalMs;
    }

    public void setExpirySweepIntervalMs(long expirySweepIntervalMs) {
        this.expirySweepIntervalMs = expirySweepIntervalMs;
    }
}
