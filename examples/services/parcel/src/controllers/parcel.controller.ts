import type { Request, Response } from "express";
import { ParcelStatus } from "../entities/parcel-status.js";
import type { ParcelService, RegisterParcel } from "../services/parcel.service.js";

const SCANNABLE = new Set<string>([ParcelStatus.IN_TRANSIT, ParcelStatus.DELIVERED, ParcelStatus.RETURNED]);

/** Request handlers; arrow properties so the router can take them unbound. */
export class ParcelController {
  constructor(private readonly service: ParcelService) {}

  create = async (req: Request, res: Response): Promise<void> => {
    const parcel = await this.service.register(req.body as RegisterParcel);
    res.status(201).location(`/parcels/${parcel.id}`).json(parcel);
  };

  show = async (req: Request, res: Response): Promise<void> => {
    res.json(await this.service.get(req.params.id as string));
  };

  cancel = async (req: Request, res: Response): Promise<void> => {
    res.json(await this.service.cancel(req.params.id as string));
  };

  scan = async (req: Request, res: Response): Promise<void> => {
    const { status, location } = req.body as { status: string; location: string };
    if (!SCANNABLE.has(status)) {
      res.status(400).json({ error: `Unknown scan status ${status}` });
      return;
    }
    res.json(await this.service.recordScan(req.params.id as string, status as ParcelStatus, location));
  };
}
