import { Parcel } from "../entities/parcel.entity.js";
import { ParcelStatus, ServiceLevel } from "../entities/parcel-status.js";
import { IllegalTransitionError, NotFoundError, ParcelRuleError } from "../errors.js";
import type { ParcelRepository } from "../repositories/parcel.repository.js";
import type { TrackingRepository } from "../repositories/tracking.repository.js";
import type { ParcelSettings } from "../settings.js";
import type { PricingService } from "./pricing.service.js";

export interface RegisterParcel {
  senderId: string;
  recipientName: string;
  destinationZip: string;
  weightKg: number;
  serviceLevel?: ServiceLevel;
}

const NEXT: Record<ParcelStatus, ParcelStatus[]> = {
  [ParcelStatus.REGISTERED]: [ParcelStatus.IN_TRANSIT, ParcelStatus.CANCELLED],
  [ParcelStatus.IN_TRANSIT]: [ParcelStatus.DELIVERED, ParcelStatus.RETURNED],
  [ParcelStatus.DELIVERED]: [],
  [ParcelStatus.CANCELLED]: [],
  [ParcelStatus.RETURNED]: [],
};

const HOUR_MS = 60 * 60 * 1000;

export class ParcelService {
  constructor(
    private readonly parcels: ParcelRepository,
    private readonly tracking: TrackingRepository,
    private readonly pricing: PricingService,
    private readonly settings: ParcelSettings,
  ) {}

  async register(input: RegisterParcel): Promise<Parcel> {
    if (input.weightKg <= 0 || input.weightKg > this.settings.maxWeightKg) {
      throw new ParcelRuleError(`Weight must be between 0 and ${this.settings.maxWeightKg} kg, got ${input.weightKg}`);
    }
    const dayStart = new Date(Date.now() - 24 * HOUR_MS);
    const today = await this.parcels.countBySenderSince(input.senderId, dayStart);
    if (today >= this.settings.maxParcelsPerSenderPerDay) {
      throw new ParcelRuleError(`Sender ${input.senderId} reached the daily limit of ${today} parcels`);
    }
    const parcel = new Parcel();
    Object.assign(parcel, input);
    parcel.serviceLevel = input.serviceLevel ?? ServiceLevel.STANDARD;
    parcel.status = ParcelStatus.REGISTERED;
    parcel.price = this.pricing.quote(input.weightKg, parcel.serviceLevel);
    parcel.trackingCode = `PX${String(await this.parcels.nextTrackingNumber()).padStart(10, "0")}`;
    const saved = await this.parcels.save(parcel);
    await this.tracking.append(saved, ParcelStatus.REGISTERED, null);
    return saved;
  }

  async get(id: string): Promise<Parcel> {
    const parcel = await this.parcels.findById(id);
    if (parcel === null) throw new NotFoundError(`Parcel ${id}`);
    return parcel;
  }

  async cancel(id: string): Promise<Parcel> {
    const parcel = await this.get(id);
    const ageHours = (Date.now() - parcel.createdAt.getTime()) / HOUR_MS;
    if (ageHours > this.settings.cancelWindowHours) {
      throw new ParcelRuleError(`Parcels can only be cancelled within ${this.settings.cancelWindowHours} hours`);
    }
    return this.moveTo(parcel, ParcelStatus.CANCELLED, null);
  }

  async recordScan(id: string, status: ParcelStatus, location: string): Promise<Parcel> {
    const parcel = await this.get(id);
    return this.moveTo(parcel, status, location);
  }

  async returnStale(): Promise<number> {
    const before = new Date(Date.now() - this.settings.staleAfterDays * 24 * HOUR_MS);
    const stale = await this.parcels.findStale(before);
    for (const parcel of stale) {
      await this.moveTo(parcel, ParcelStatus.RETURNED, null);
    }
    return stale.length;
  }

  private async moveTo(parcel: Parcel, to: ParcelStatus, location: string | null): Promise<Parcel> {
    if (!NEXT[parcel.status].includes(to)) {
      throw new IllegalTransitionError(parcel.status, to);
    }
    parcel.status = to;
    const saved = await this.parcels.save(parcel);
    await this.tracking.append(saved, to, location);
    return saved;
  }
}
