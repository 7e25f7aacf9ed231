import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { ParcelStatus, ServiceLevel } from "./parcel-status.js";
import { TrackingEvent } from "./tracking-event.entity.js";

@Entity("parcels")
export class Parcel {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "tracking_code", length: 20, unique: true })
  trackingCode!: string;

  @Column({ name: "sender_id", type: "uuid" })
  senderId!: string;

  @Column({ name: "recipient_name", length: 120 })
  recipientName!: string;

  @Column({ name: "destination_zip", length: 10 })
  destinationZip!: string;

  @Column({ name: "weight_kg", type: "numeric", precision: 6, scale: 2 })
  weightKg!: number;

  @Column({ name: "service_level", type: "varchar", default: ServiceLevel.STANDARD })
  serviceLevel!: ServiceLevel;

  @Column({ type: "varchar", default: ParcelStatus.REGISTERED })
  status!: ParcelStatus;

  @Column({ type: "numeric", precision: 10, scale: 2 })
  price!: number;

  @CreateDateColumn({ name: "created_at" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at" })
  updatedAt!: Date;

  @OneToMany(() => TrackingEvent, (e) => e.parcel)
  events!: TrackingEvent[];
}
