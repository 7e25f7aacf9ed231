/** Lifecycle of a parcel; DELIVERED, CANCELLED and RETURNED are terminal. */
export enum ParcelStatus {
  REGISTERED = "REGISTERED",
  IN_TRANSIT = "IN_TRANSIT",
  DELIVERED = "DELIVERED",
  CANCELLED = "CANCELLED",
  RETURNED = "RETURNED",
}

export enum ServiceLevel {
  STANDARD = "STANDARD",
  EXPRESS = "EXPRESS",
}
