import config from "config";
import { createApp } from "./app.js";
import { dataSource } from "./db.js";
import { scheduleStaleParcels } from "./jobs/stale-parcels.job.js";

await dataSource.initialize();
const { app, service } = createApp(dataSource);
scheduleStaleParcels(service, config.get<string>("jobs.stale-parcels-cron"));
app.listen(config.get<number>("server.port"), () => {
  console.info(`parcel service listening on ${config.get<number>("server.port")}`);
});
