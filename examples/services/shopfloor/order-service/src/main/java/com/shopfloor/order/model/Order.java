package com.shopfloor.order.model;

import com.shopfloor.order.exception.IllegalOrderStateException;
import com.shopfloor.order.service.PriceQuote;
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
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A customer's order. Status changes only through the methods below, which guard the life cycle. */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private Long customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OrderStatus status = OrderStatus.PENDING;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<OrderLine> lines = new ArrayList<>();

    @Column(name = "discount_code", length = 32)
    private String discountCode;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal subtotal = BigDecimal.ZERO;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal discount = BigDecimal.ZERO;

    @Column(name = "shipping_fee", nullable = false, precision = 12, scale = 2)
    private BigDecimal shippingFee = BigDecimal.ZERO;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal total = BigDecimal.ZERO;

    @Column(name = "reservation_id")
    private Long reservationId;

    @Column(name = "payment_reference", length = 64)
    private String paymentReference;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "paid_at")
    private Instant paidAt;

    @Column(name = "shipped_at")
    private Instant shippedAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Version
    private long version;

    protected Order() {
    }

    public Order(Long customerId, String discountCode, Instant createdAt) {
        this.customerId = customerId;
        this.discountCode = discountCode;
        this.createdAt = createdAt;
    }

    public void addLine(String sku, int quantity, BigDecimal unitPrice) {
        lines.add(new OrderLine(this, sku, quantity, unitPrice));
    }

    public void applyQuote(PriceQuote quote) {
        this.subtotal = quote.subtotal();
        this.discount = quote.discount();
        this.shippingFee = quote.shippingFee();
        this.total = quote.total();
    }

    public void attachReservation(Long reservationId) {
        this.reservationId = reservationId;
    }

    public void markPaid(String paymentReference, Instant when) {
        transitionTo(OrderStatus.PAID);
        this.paymentReference = paymentReference;
        this.paidAt = when;
    }

    public void markShipped(Instant when) {
        transitionTo(OrderStatus.SHIPPED);
        this.shippedAt = when;
    }

    public void markDelivered(Instant when) {
        transitionTo(OrderStatus.DELIVERED);
        this.deliveredAt = when;
    }

    public void cancel(Instant when) {
        if (!status.isCancellable()) {
            throw new IllegalOrderStateException("Order " + id + " cannot be cancelled once it is " + status);
        }
        transitionTo(OrderStatus.CANCELLED);
        this.cancelledAt = when;
    }

    private void transitionTo(OrderStatus target) {
        if (!status.canTransitionTo(target)) {
            throw new IllegalOrderStateException("Order " + id + " cannot move from " + status + " to " + target);
        }
        this.status = target;
    }

    public Long getId() {
        return id;
    }

    public Long getCustomerId() {
        return customerId;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public List<OrderLine> getLines() {
        return Collections.unmodifiableList(lines);
    }

    public String getDiscountCode() {
        return discountCode;
    }

    public BigDecimal getSubtotal() {
        return subtotal;
    }

    public BigDecimal getDiscount() {
        return discount;
    }

    public BigDecimal getShippingFee() {
        return shippingFee;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public Long getReservationId() {
        return reservationId;
    }

    public String getPaymentReference() {
        return paymentReference;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getPaidAt() {
        return paidAt;
    }

    public Instant getShippedAt() {
        return shippedAt;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    public Instant getCancelledAt() {
        return cancelledAt;
    }
}
