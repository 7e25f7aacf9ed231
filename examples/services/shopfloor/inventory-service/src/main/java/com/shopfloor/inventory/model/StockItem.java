package com.shopfloor.inventory.model;

import com.shopfloor.inventory.exception.InsufficientStockException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;

/**
 * Stock of one SKU. {@code onHand} is what is physically in the warehouse; {@code reserved} is
 * promised to orders that are not paid yet. Neither may ever go below zero.
 */
@Entity
@Table(name = "stock_items")
public class StockItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 32)
    private String sku;

    @Column(nullable = false)
    private String name;

    @Column(name = "unit_price", nullable = false, precision = 12, scale = 2)
    private BigDecimal unitPrice;

    @Column(name = "on_hand", nullable = false)
    private int onHand;

    @Column(nullable = false)
    private int reserved;

    @Column(name = "reorder_level", nullable = false)
    private int reorderLevel;

    @Version
    private long version;

    protected StockItem() {
    }

    public StockItem(String sku, String name, BigDecimal unitPrice, int onHand, int reorderLevel) {
        this.sku = sku;
        this.name = name;
        this.unitPrice = unitPrice;
        this.onHand = onHand;
        this.reorderLevel = reorderLevel;
    }

    /** Units that can still be promised: on hand minus already reserved. */
    public int available() {
        return onHand - reserved;
    }

    public void reserve(int quantity) {
        requirePositive(quantity);
        if (available() < quantity) {
            throw new InsufficientStockException(sku, quantity, available());
        }
        reserved += quantity;
    }

    public void unreserve(int quantity) {
        requirePositive(quantity);
        if (reserved < quantity) {
            throw new IllegalStateException("Cannot unreserve " + quantity + " of SKU " + sku + ": only " + reserved + " reserved");
        }
        reserved -= quantity;
    }

    /** Turns reserved units into shipped-out units when the order is paid. */
    public void commit(int quantity) {
        requirePositive(quantity);
        if (onHand < quantity || reserved < quantity) {
            throw new InsufficientStockException(sku, quantity, onHand);
        }
        reserved -= quantity;
        onHand -= quantity;
    }

    public void restock(int quantity) {
        requirePositive(quantity);
        onHand += quantity;
    }

    public boolean isBelowReorderLevel() {
        return available() < reorderLevel;
    }

    private void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("Quantity must be positive, was " + quantity);
        }
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public int getOnHand() {
        return onHand;
    }

    public int getReserved() {
        return reserved;
    }

    public int getReorderLevel() {
        return reorderLevel;
    }
}
