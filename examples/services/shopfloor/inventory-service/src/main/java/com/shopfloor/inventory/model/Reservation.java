package com.shopfloor.inventory.model;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Stock held for one order until it is paid, cancelled or the hold expires. */
@Entity
@Table(name = "reservations")
public class Reservation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "order_id", nullable = false)
    private Long orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ReservationStatus status = ReservationStatus.HELD;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @OneToMany(mappedBy = "reservation", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<ReservationLine> lines = new ArrayList<>();

    protected Reservation() {
    }

    public Reservation(Long orderId, Instant createdAt, Instant expiresAt) {
        this.orderId = orderId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public void addLine(String sku, int quantity, BigDecimal unitPrice) {
        lines.add(new ReservationLine(this, sku, quantity, unitPrice));
    }

    public boolean isExpiredAt(Instant now) {
        return status.isHeld() && !expiresAt.isAfter(now);
    }

    public void markCommitted() {
        this.status = ReservationStatus.COMMITTED;
    }

    public void markReleased() {
        this.status = ReservationStatus.RELEASED;
    }

    public void markExpired() {
        this.status = ReservationStatus.EXPIRED;
    }

    public Long getId() {
        return id;
    }

    public Long getOrderId() {
        return orderId;
    }

    public ReservationStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public List<ReservationLine> getLines() {
        return Collections.unmodifiableList(lines);
    }
}
