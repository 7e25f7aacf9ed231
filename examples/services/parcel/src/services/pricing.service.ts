import { ServiceLevel } from "../entities/parcel-status.js";
import type { PricingSettings } from "../settings.js";

export class PricingService {
  constructor(private readonly settings: PricingSettings) {}

  /** Base fee plus a per-kilogram rate; express adds a flat surcharge. Rounded to cents. */
  quote(weightKg: number, level: ServiceLevel): number {
    const { baseFee, perKg, expressSurcharge } = this.settings;
    let price = baseFee + Math.ceil(weightKg) * perKg;
    if (level === ServiceLevel.EXPRESS) {
      price += expressSurcharge;
    }
    return Math.round(price * 100) / 100;
  }
}
