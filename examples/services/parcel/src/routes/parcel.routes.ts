import { type NextFunction, type Request, type Response, Router } from "express";
import type { ParcelController } from "../controllers/parcel.controller.js";
import type { TrackingRepository } from "../repositories/tracking.repository.js";

/** Express wraps async handlers poorly before v5: forward rejections to the error handler. */
const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

export function parcelRoutes(controller: ParcelController, tracking: TrackingRepository): Router {
  const router = Router();
  router.post("/parcels", wrap(controller.create));
  router.get("/parcels/:id", wrap(controller.show));
  router.post("/parcels/:id/cancel", wrap(controller.cancel));
  router.post("/parcels/:id/scans", wrap(controller.scan));
  router.get("/parcels/:id/events", async (req: Request, res: Response) => {
    res.json(await tracking.history(req.params.id as string));
  });
  return router;
}
