import { type DataSource, LessThan, MoreThanOrEqual, type Repository } from "typeorm";
import { Parcel } from "../entities/parcel.entity.js";
import { ParcelStatus } from "../entities/parcel-status.js";

export class ParcelRepository {
  private readonly repo: Repository<Parcel>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(Parcel);
  }

  async save(parcel: Parcel): Promise<Parcel> {
    return this.repo.save(parcel);
  }

  async findById(id: string): Promise<Parcel | null> {
    return this.repo.findOne({ where: { id }, relations: { events: true } });
  }

  async countBySenderSince(senderId: string, since: Date): Promise<number> {
    return this.repo.count({ where: { senderId, createdAt: MoreThanOrEqual(since) } });
  }

  async findStale(before: Date): Promise<Parcel[]> {
    return this.repo.find({ where: { status: ParcelStatus.IN_TRANSIT, updatedAt: LessThan(before) } });
  }

  async nextTrackingNumber(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query("SELECT nextval('tracking_seq') AS n");
    return Number(rows[0]?.n);
  }
}
