import cron, { type ScheduledTask } from "node-cron";
import type { ParcelService } from "../services/parcel.service.js";

/** Nightly: parcels stuck in transit longer than parcel.stale-after-days go back to the sender. */
export function scheduleStaleParcels(service: ParcelService, expression: string): ScheduledTask {
  return cron.schedule(expression, async () => {
    const returned = await service.returnStale();
    if (returned > 0) console.info(`returned ${returned} stale parcels`);
  });
}
