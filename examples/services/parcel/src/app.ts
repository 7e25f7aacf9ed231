import express, { type NextFunction, type Request, type Response } from "express";
import type { DataSource } from "typeorm";
import { ParcelController } from "./controllers/parcel.controller.js";
import { DomainError } from "./errors.js";
import { ParcelRepository } from "./repositories/parcel.repository.js";
import { TrackingRepository } from "./repositories/tracking.repository.js";
import { parcelRoutes } from "./routes/parcel.routes.js";
import { ParcelService } from "./services/parcel.service.js";
import { PricingService } from "./services/pricing.service.js";
import { loadParcelSettings, loadPricingSettings } from "./settings.js";

export function createApp(dataSource: DataSource): { app: express.Express; service: ParcelService } {
  const parcels = new ParcelRepository(dataSource);
  const tracking = new TrackingRepository(dataSource);
  const pricing = new PricingService(loadPricingSettings());
  const service = new ParcelService(parcels, tracking, pricing, loadParcelSettings());

  const app = express();
  app.use(express.json());
  app.get("/healthz", (_req: Request, res: Response) => {
    res.json({ status: "ok" });
  });
  app.use(parcelRoutes(new ParcelController(service), tracking));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof DomainError ? err.status : 500;
    res.status(status).json({ error: err.message });
  });
  return { app, service };
}
