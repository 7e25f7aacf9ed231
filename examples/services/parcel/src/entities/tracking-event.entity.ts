import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Parcel } from "./parcel.entity.js";
import { ParcelStatus } from "./parcel-status.js";

@Entity({ name: "tracking_events" })
export class TrackingEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Parcel, (p) => p.events)
  parcel!: Parcel;

  @Column({ type: "varchar" })
  status!: ParcelStatus;

  @Column({ type: "varchar", length: 120, nullable: true })
  location!: string | null;

  @Column({ name: "occurred_at", type: "timestamptz" })
  occurredAt!: Date;
}
