import type { DataSource, Repository } from "typeorm";
import type { Parcel } from "../entities/parcel.entity.js";
import type { ParcelStatus } from "../entities/parcel-status.js";
import { TrackingEvent } from "../entities/tracking-event.entity.js";

export class TrackingRepository {
  private readonly repo: Repository<TrackingEvent>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(TrackingEvent);
  }

  async append(parcel: Parcel, status: ParcelStatus, location: string | null): Promise<TrackingEvent> {
    const event = this.repo.create({ parcel, status, location, occurredAt: new Date() });
    return this.repo.save(event);
  }

  async history(parcelId: string): Promise<TrackingEvent[]> {
    return this.repo.find({ where: { parcel: { id: parcelId } }, order: { occurredAt: "ASC" } });
  }
}
