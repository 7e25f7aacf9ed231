import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap, type DomainMap, type Flow } from "../../src/synth/map/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PARCEL = path.join(ROOT, "examples/services/parcel");

const spans = (f: Flow | undefined) => f?.steps.map((s) => `${s.qualified} ${s.path}:${s.start_line}-${s.end_line}`);
const chain = (m: DomainMap, method: string, route: string, last: string) =>
  m.flows.find((f) => f.entry.method === method && f.entry.route === route && f.steps.at(-1)?.qualified === last);

let parcel: DomainMap;
let tmp: string;

/** A small repository written to disk, so the real indexer and tree-sitter read it. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmp, "repo-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
const mapOf = async (dir: string) => buildDomainMap(await indexRepository(dir), dir);

beforeAll(async () => {
  parcel = await mapOf(PARCEL);
  tmp = mkdtempSync(path.join(os.tmpdir(), "smelt-map-tsgo-"));
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("domain map of the parcel fixture (Express + TypeORM)", () => {
  it("finds the @Entity classes with tables, fields and field lines", () => {
    expect(parcel.entities.map((e) => [e.name, e.source, e.table, e.start_line, e.end_line])).toEqual([
      ["Parcel", "@Entity", "parcels", 5, 42],
      ["TrackingEvent", "@Entity", "tracking_events", 5, 21],
    ]);
    const p = parcel.entities[0];
    expect(p?.fields).toHaveLength(12);
    const weight = p?.fields.find((f) => f.name === "weightKg");
    expect(weight).toEqual({ name: "weightKg", type: "number", line: 23 });
    const lines = readFileSync(path.join(PARCEL, p?.path ?? ""), "utf8").split("\n");
    for (const f of p?.fields ?? []) expect(lines[f.line - 1]).toContain(`${f.name}!:`);
    expect(parcel.entities[1]?.fields.find((f) => f.name === "occurredAt")).toMatchObject({ type: "Date", line: 20 });
    expect(parcel.tables.map((t) => [t.name, t.start_line, t.end_line])).toEqual([
      ["parcels", 3, 15],
      ["tracking_events", 19, 25],
    ]);
  });

  it("assigns layers from decorators, folders and base classes", () => {
    const layer = (p: string) => parcel.layers.find((l) => l.path === p);
    expect(layer("src/entities/parcel.entity.ts")).toMatchObject({ layer: "model", reason: "@Entity" });
    expect(layer("src/controllers/parcel.controller.ts")?.layer).toBe("controller");
    expect(layer("src/routes/parcel.routes.ts")?.layer).toBe("controller");
    expect(layer("src/services/parcel.service.ts")?.layer).toBe("service");
    expect(layer("src/repositories/parcel.repository.ts")?.layer).toBe("repository");
    expect(layer("src/errors.ts")).toMatchObject({ layer: "exception", reason: "extends Error" });
  });

  it("lists service operations and reads node-config's config/default.yaml", () => {
    expect(parcel.operations.filter((o) => o.owner === "ParcelService").map((o) => o.name)).toEqual([
      "register",
      "get",
      "cancel",
      "recordScan",
      "returnStale",
    ]); // moveTo is private
    expect(parcel.config.find((c) => c.key === "parcel.max-weight-kg")).toMatchObject({
      value: "30",
      line: 10,
      path: "config/default.yaml",
    });
  });

  it("resolves calls through constructor parameter properties and typed parameters", () => {
    const edge = (from: string, to: string) => parcel.calls.find((c) => c.from === from && c.to === to)?.line;
    expect(edge("ParcelController.create", "ParcelService.register")).toBe(12);
    expect(edge("ParcelService.register", "PricingService.quote")).toBe(48);
    expect(edge("ParcelService.cancel", "ParcelService.moveTo")).toBe(67);
    expect(edge("scheduleStaleParcels", "ParcelService.returnStale")).toBe(7);
    expect(edge("createApp", "parcelRoutes")).toBe(23); // imported function
  });

  it("follows F1 from the route registration down to the repository (README answer key)", () => {
    const f1 = chain(parcel, "POST", "/parcels", "ParcelRepository.save");
    expect(f1?.reaches_persistence).toBe(true);
    expect(spans(f1)).toEqual([
      "router.post src/routes/parcel.routes.ts:12-12",
      "ParcelController.create src/controllers/parcel.controller.ts:11-14",
      "ParcelService.register src/services/parcel.service.ts:35-53",
      "ParcelRepository.save src/repositories/parcel.repository.ts:12-14",
    ]);
    expect(chain(parcel, "POST", "/parcels", "TrackingRepository.append")).toBeDefined();
  });

  it("finds F3 (cancel via moveTo), F5 (inline handler) and the cron job F6", () => {
    const f3 = parcel.flows.filter((f) => f.entry.route === "/parcels/:id/cancel");
    expect(f3.map((f) => f.steps.map((s) => s.qualified).join(" > "))).toContain(
      "router.post > ParcelController.cancel > ParcelService.cancel > ParcelService.moveTo > ParcelRepository.save",
    );
    expect(spans(chain(parcel, "GET", "/parcels/:id/events", "TrackingRepository.history"))).toEqual([
      "router.get src/routes/parcel.routes.ts:16-18",
      "TrackingRepository.history src/repositories/tracking.repository.ts:18-20",
    ]);
    const job = parcel.flows.filter((f) => f.entry.kind === "scheduled");
    expect(job.every((f) => f.steps[0]?.path === "src/jobs/stale-parcels.job.ts")).toBe(true);
    expect(spans(job.find((f) => f.steps.at(-1)?.qualified === "ParcelRepository.findStale"))).toEqual([
      "cron.schedule src/jobs/stale-parcels.job.ts:6-9",
      "ParcelService.returnStale src/services/parcel.service.ts:75-82",
      "ParcelRepository.findStale src/repositories/parcel.repository.ts:24-26",
    ]);
    const health = parcel.flows.find((f) => f.entry.route === "/healthz");
    expect(health?.reaches_persistence).toBe(false);
    expect(new Set(parcel.flows.map((f) => f.id)).size).toBe(parcel.flows.length);
  });
});

describe("NestJS-style decorators", () => {
  it("takes routes from @Controller/@Get, jobs from @Cron, and a DataSource call as persistence", async () => {
    const dir = repo({
      "src/parcel.controller.ts": `import { Controller, Get, Param, Post } from "@nestjs/common";
import { ParcelService } from "./parcel.service";

@Controller("parcels")
export class ParcelController {
  constructor(private readonly parcels: ParcelService) {}

  @Get(":id")
  show(@Param("id") id: string) {
    return this.parcels.find(id);
  }

  @Post()
  create() {
    return this.parcels.create();
  }
}
`,
      "src/parcel.service.ts": `import { Injectable } from "@nestjs/common";
import { Cron } from "@nestjs/schedule";
import { DataSource } from "typeorm";

@Injectable()
export class ParcelService {
  constructor(private readonly db: DataSource) {}

  find(id: string) {
    return this.db.query("SELECT * FROM parcels WHERE id = $1", [id]);
  }

  create() {
    return this.find("new");
  }

  @Cron("0 * * * *")
  sweep() {
    return this.find("stale");
  }
}
`,
    });
    const m = await mapOf(dir);
    expect(m.layers.find((l) => l.path === "src/parcel.service.ts")).toMatchObject({ layer: "service" });
    expect(spans(m.flows.find((f) => f.entry.method === "GET"))).toEqual([
      "ParcelController.show src/parcel.controller.ts:8-11",
      "ParcelService.find src/parcel.service.ts:9-11",
    ]);
    expect(m.flows.find((f) => f.entry.method === "GET")?.entry.route).toBe("/parcels/:id");
    const post = m.flows.find((f) => f.entry.method === "POST");
    expect(post?.entry.route).toBe("/parcels");
    expect(post?.steps.map((s) => s.qualified)).toEqual([
      "ParcelController.create",
      "ParcelService.create",
      "ParcelService.find",
    ]);
    const cron = m.flows.find((f) => f.entry.kind === "scheduled");
    expect(cron?.entry.detail).toBe('@Cron("0 * * * *")');
    expect(cron?.reaches_persistence).toBe(true);
  }, 60_000);
});

describe("Go", () => {
  it("maps orbit: methods by receiver across files, HandleFunc routes with Go 1.22 methods", async () => {
    const root = path.join(ROOT, "examples/repos/orbit");
    const m = await mapOf(root);
    const list = m.flows.find((f) => f.entry.route === "/v1/satellites");
    expect(list?.entry).toEqual({ kind: "http", method: "GET", route: "/v1/satellites" });
    expect(list?.steps[0]).toMatchObject({ qualified: "mux.HandleFunc", path: "server.go", start_line: 52 });
    expect(list?.steps[1]).toMatchObject({ qualified: "Server.handleList", path: "handlers.go", start_line: 35 });
    expect(m.flows.find((f) => f.entry.route === "/")?.entry.method).toBeUndefined();
    const edge = (from: string, to: string) => m.calls.some((c) => c.from === from && c.to === to);
    expect(edge("Server.handleList", "Catalog.Find")).toBe(true); // field of type *catalog.Catalog
    expect(edge("Server.handleList", "writeJSON")).toBe(true); // function of another file of the package
    expect(edge("newTestServer", "Load")).toBe(true); // catalog.Load(): another package
    expect(m.entities).toEqual([]); // json tags only
  }, 60_000);

  it("finds db-tagged entities, chi/gorilla routes and flows down to SQL calls", async () => {
    const dir = repo({
      "go.mod": "module example.org/parcel\n\ngo 1.22\n",
      "internal/model/parcel.go": `package model

type Parcel struct {
	ID       string  \`db:"id" json:"id"\`
	WeightKg float64 \`db:"weight_kg" json:"weightKg"\`
	Status   string  \`db:"status" json:"status"\`
}

func (Parcel) TableName() string { return "parcels" }
`,
      "internal/store/parcels.go": `package store

import (
	"context"
	"database/sql"

	"example.org/parcel/internal/model"
)

type ParcelStore struct {
	db *sql.DB
}

func (s *ParcelStore) Insert(ctx context.Context, p model.Parcel) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO parcels (id, weight_kg, status) VALUES ($1, $2, $3)", p.ID, p.WeightKg, p.Status)
	return err
}
`,
      "internal/service/parcels.go": `package service

import (
	"context"
	"errors"

	"example.org/parcel/internal/model"
)

type Repository interface {
	Insert(ctx context.Context, p model.Parcel) error
}

type ParcelService struct {
	repo Repository
}

func (s *ParcelService) Register(ctx context.Context, p model.Parcel) error {
	if p.WeightKg > 30 {
		return errors.New("too heavy")
	}
	return s.repo.Insert(ctx, p)
}
`,
      "internal/api/router.go": `package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"example.org/parcel/internal/service"
)

type Handler struct {
	svc *service.ParcelService
}

func Routes(h *Handler) http.Handler {
	r := chi.NewRouter()
	r.Post("/parcels", h.create)
	g := mux.NewRouter()
	g.HandleFunc("/v2/parcels", h.create).Methods("PUT")
	return r
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	_ = h.svc.Register(r.Context(), decode(r))
}
`,
    });
    const m = await mapOf(dir);
    expect(m.entities.map((e) => [e.name, e.source, e.table, e.fields.map((f) => `${f.name}@${f.line}`)])).toEqual([
      ["Parcel", "db tags", "parcels", ["ID@4", "WeightKg@5", "Status@6"]],
    ]);
    expect(m.layers.find((l) => l.path === "internal/store/parcels.go")?.layer).toBe("repository");
    const post = m.flows.find((f) => f.entry.method === "POST");
    expect(post?.entry.route).toBe("/parcels");
    expect(post?.reaches_persistence).toBe(true);
    expect(spans(post)).toEqual([
      "r.Post internal/api/router.go:17-17",
      "Handler.create internal/api/router.go:23-25",
      "ParcelService.Register internal/service/parcels.go:18-23",
      "ParcelStore.Insert internal/store/parcels.go:14-17",
    ]);
    expect(m.flows.find((f) => f.entry.method === "PUT")?.entry.route).toBe("/v2/parcels");
    expect(m.operations.map((o) => o.qualified)).toEqual(["ParcelService.Register"]);
  }, 60_000);
});

/** Every flow as `METHOD route`, sorted. */
const routes = (m: DomainMap) => m.flows.map((f) => `${f.entry.method} ${f.entry.route}`).sort();
const flowOf = (m: DomainMap, method: string, route: string) =>
  m.flows.find((f) => f.entry.method === method && f.entry.route === route);

describe("Express router chains and mounts", () => {
  it("splits router.route(...).get().post() and prefixes routers mounted with app.use", async () => {
    const dir = repo({
      "src/routes/orders.ts": `import express from "express";
import { createOrder, listOrders, showOrder } from "../orders.js";

const router = express.Router();

router
  .route("/orders")
  .get(listOrders)
  .post(createOrder);
router.get("/orders/:id", showOrder);

export default router;
`,
      "src/routes/v1.ts": `import { Router } from "express";
import { listOrders } from "../orders.js";

export const v1 = Router();
v1.get("/stats", listOrders);
`,
      "src/routes/shared.ts": `import { Router } from "express";
import { listOrders } from "../orders.js";

export const shared = Router();
shared.get("/health", listOrders);
`,
      "src/orders.ts": `export function listOrders() {
  return [];
}
export function createOrder() {
  return {};
}
export function showOrder() {
  return {};
}
export function clearCache() {
  return true;
}
`,
      "src/app.ts": `import express, { Router } from "express";
import { clearCache } from "./orders.js";
import orders from "./routes/orders.js";
import { shared } from "./routes/shared.js";
import { v1 as versioned } from "./routes/v1.js";

const app = express();
const admin = Router();
const api = Router();
admin.delete("/cache", clearCache);
api.use("/v1", versioned);
app.use("/api", orders);
app.use("/admin", admin);
app.use("/", api);
app.use("/a", shared);
app.use("/b", shared);
`,
    });
    const m = await mapOf(dir);
    expect(routes(m)).toEqual([
      "DELETE /admin/cache",
      "GET /api/orders",
      "GET /api/orders/:id",
      "GET /health",
      "GET /v1/stats",
      "POST /api/orders",
    ]);
    expect(spans(flowOf(m, "GET", "/api/orders"))).toEqual([
      "router.get src/routes/orders.ts:6-8",
      "listOrders src/orders.ts:1-3",
    ]);
    expect(spans(flowOf(m, "POST", "/api/orders"))).toEqual([
      "router.post src/routes/orders.ts:6-9",
      "createOrder src/orders.ts:4-6",
    ]);
    expect(spans(flowOf(m, "DELETE", "/admin/cache"))).toEqual([
      "admin.delete src/app.ts:10-10",
      "clearCache src/orders.ts:10-12",
    ]);
    expect(new Set(m.flows.map((f) => f.id)).size).toBe(m.flows.length);
  }, 60_000);

  it("resolves CommonJS require/module.exports routers", async () => {
    const dir = repo({
      "routes/items.js": `const express = require("express");
const router = express.Router();
router.post("/items", (req, res) => res.json(save(req.body)));
function save(item) {
  return item;
}
module.exports = router;
`,
      "app.js": `const express = require("express");
const items = require("./routes/items");
const app = express();
app.use("/shop", items);
`,
    });
    const m = await mapOf(dir);
    expect(routes(m)).toEqual(["POST /shop/items"]);
    expect(spans(m.flows[0])).toEqual(["router.post routes/items.js:3-3", "save routes/items.js:4-6"]);
  }, 60_000);
});

describe("Go route groups", () => {
  const handler = `
type Handler struct{}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	h.save()
}

func (h *Handler) save() {}
`;
  it("prefixes gin/echo groups, nested and chained", async () => {
    const dir = repo({
      "go.mod": "module example.org/shop\n\ngo 1.22\n",
      "api/routes.go": `package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func Routes(h *Handler) {
	r := gin.Default()
	v1 := r.Group("/v1")
	{
		v1.POST("/orders", h.create)
		admin := v1.Group("/admin/")
		admin.DELETE("/orders/:id", h.create)
	}
	r.Group("/v2").GET("/ping", h.create)
	r.GET("/", h.create)
	e := echo.New()
	g := e.Group("/api")
	g.PUT("/orders", h.create)
}
${handler}`,
    });
    const m = await mapOf(dir);
    expect(routes(m)).toEqual([
      "DELETE /v1/admin/orders/:id",
      "GET /",
      "GET /v2/ping",
      "POST /v1/orders",
      "PUT /api/orders",
    ]);
    expect(spans(flowOf(m, "POST", "/v1/orders"))).toEqual([
      "v1.POST api/routes.go:14-14",
      "Handler.create api/routes.go:27-29",
      "Handler.save api/routes.go:31-31",
    ]);
    expect(flowOf(m, "PUT", "/api/orders")?.steps[0]).toMatchObject({ qualified: "g.PUT", start_line: 22 });
  }, 60_000);

  it("prefixes chi r.Route closures (nested) and r.Mount of a router variable", async () => {
    const dir = repo({
      "go.mod": "module example.org/shop\n\ngo 1.22\n",
      "api/routes.go": `package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes(h *Handler) http.Handler {
	r := chi.NewRouter()
	r.Route("/v1", func(r chi.Router) {
		r.Post("/orders", h.create)
		r.Route("/admin", func(r chi.Router) {
			r.Get("/", h.create)
		})
	})
	sub := chi.NewRouter()
	sub.Get("/items", h.create)
	r.Mount("/shop", sub)
	r.Get("/healthz", h.create)
	return r
}
${handler}`,
    });
    const m = await mapOf(dir);
    expect(routes(m)).toEqual(["GET /healthz", "GET /shop/items", "GET /v1/admin", "POST /v1/orders"]);
    expect(spans(flowOf(m, "POST", "/v1/orders"))).toEqual([
      "r.Post api/routes.go:12-12",
      "Handler.create api/routes.go:26-28",
      "Handler.save api/routes.go:30-30",
    ]);
    expect(flowOf(m, "GET", "/v1/admin")?.steps[0]).toMatchObject({ qualified: "r.Get", start_line: 14, end_line: 14 });
    expect(flowOf(m, "GET", "/shop/items")?.steps[0]).toMatchObject({ qualified: "sub.Get", start_line: 18 });
  }, 60_000);
});
