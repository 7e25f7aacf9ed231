-- Shopfloor schema (PostgreSQL). Tables match the JPA entities of order-service and inventory-service.

CREATE TABLE IF NOT EXISTS customers (
    id          BIGSERIAL PRIMARY KEY,
    email       VARCHAR(255) NOT NULL UNIQUE,
    full_name   VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    id                 BIGSERIAL PRIMARY KEY,
    customer_id        BIGINT NOT NULL REFERENCES customers (id),
    status             VARCHAR(16) NOT NULL DEFAULT 'PENDING'
                       CHECK (status IN ('PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    discount_code      VARCHAR(32),
    subtotal           NUMERIC(12, 2) NOT NULL DEFAULT 0,
    discount           NUMERIC(12, 2) NOT NULL DEFAULT 0,
    shipping_fee       NUMERIC(12, 2) NOT NULL DEFAULT 0,
    total              NUMERIC(12, 2) NOT NULL DEFAULT 0,
    reservation_id     BIGINT,
    payment_reference  VARCHAR(64),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at            TIMESTAMP WITH TIME ZONE,
    shipped_at         TIMESTAMP WITH TIME ZONE,
    delivered_at       TIMESTAMP WITH TIME ZONE,
    cancelled_at       TIMESTAMP WITH TIME ZONE,
    version            BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS idx_orders_customer_status ON orders (customer_id, status);

CREATE TABLE IF NOT EXISTS order_lines (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku         VARCHAR(32) NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    unit_price  NUMERIC(12, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS stock_items (
    id             BIGSERIAL PRIMARY KEY,
    sku            VARCHAR(32) NOT NULL UNIQUE,
    name           VARCHAR(255) NOT NULL,
    unit_price     NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    on_hand        INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved       INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    reorder_level  INTEGER NOT NULL DEFAULT 0,
    version        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS reservations (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL,
    status      VARCHAR(16) NOT NULL DEFAULT 'HELD'
                CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_reservations_status_expiry ON reservations (status, expires_at);

CREATE TABLE IF NOT EXISTS reservation_lines (
    id              BIGSERIAL PRIMARY KEY,
    reservation_id  BIGINT NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
    sku             VARCHAR(32) NOT NULL REFERENCES stock_items (sku),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_price      NUMERIC(12, 2) NOT NULL
);
