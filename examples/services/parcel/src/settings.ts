import config from "config";

/** Policy values from config/default.yaml, read once at start-up. */
export interface ParcelSettings {
  maxWeightKg: number;
  maxParcelsPerSenderPerDay: number;
  cancelWindowHours: number;
  staleAfterDays: number;
}

export interface PricingSettings {
  baseFee: number;
  perKg: number;
  expressSurcharge: number;
}

export function loadParcelSettings(): ParcelSettings {
  return {
    maxWeightKg: config.get<number>("parcel.max-weight-kg"),
    maxParcelsPerSenderPerDay: config.get<number>("parcel.max-parcels-per-sender-per-day"),
    cancelWindowHours: config.get<number>("parcel.cancel-window-hours"),
    staleAfterDays: config.get<number>("parcel.stale-after-days"),
  };
}

export function loadPricingSettings(): PricingSettings {
  return {
    baseFee: config.get<number>("pricing.base-fee"),
    perKg: config.get<number>("pricing.per-kg"),
    expressSurcharge: config.get<number>("pricing.express-surcharge"),
  };
}
