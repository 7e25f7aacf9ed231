-- Parcel service schema (PostgreSQL).

CREATE TABLE parcels (
    id              UUID PRIMARY KEY,
    tracking_code   VARCHAR(20) NOT NULL UNIQUE,
    sender_id       UUID NOT NULL,
    recipient_name  VARCHAR(120) NOT NULL,
    destination_zip VARCHAR(10) NOT NULL,
    weight_kg       NUMERIC(6, 2) NOT NULL CHECK (weight_kg > 0),
    service_level   VARCHAR(16) NOT NULL DEFAULT 'STANDARD',
    status          VARCHAR(16) NOT NULL DEFAULT 'REGISTERED',
    price           NUMERIC(10, 2) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE INDEX parcels_sender_day ON parcels (sender_id, created_at);

CREATE TABLE tracking_events (
    id          BIGSERIAL PRIMARY KEY,
    parcel_id   UUID NOT NULL REFERENCES parcels (id),
    status      VARCHAR(16) NOT NULL,
    location    VARCHAR(120),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
