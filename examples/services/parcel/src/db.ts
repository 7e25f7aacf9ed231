import "reflect-metadata";
import config from "config";
import { DataSource } from "typeorm";
import { Parcel } from "./entities/parcel.entity.js";
import { TrackingEvent } from "./entities/tracking-event.entity.js";

export const dataSource = new DataSource({
  type: "postgres",
  url: config.get<string>("database.url"),
  poolSize: config.get<number>("database.pool-size"),
  entities: [Parcel, TrackingEvent],
  synchronize: false,
});
