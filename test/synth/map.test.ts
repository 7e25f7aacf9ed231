import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap, type DomainMap, focus, saveDomainMap } from "../../src/synth/map/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOP = path.join(ROOT, "examples/services/shopfloor");
const O = "order-service/src/main/java/com/shopfloor/order";
const I = "inventory-service/src/main/java/com/shopfloor/inventory";

let map: DomainMap;
let tmp: string;

beforeAll(async () => {
  map = await buildDomainMap(await indexRepository(SHOP), SHOP);
  tmp = mkdtempSync(path.join(os.tmpdir(), "smelt-map-"));
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fileLines = (rel: string) => readFileSync(path.join(SHOP, rel), "utf8").split("\n");

describe("domain map of shopfloor", () => {
  it("finds the three Maven modules", () => {
    expect(map.modules.map((m) => `${m.name}:${m.kind}`)).toEqual([
      "common:maven",
      "inventory-service:maven",
      "order-service:maven",
    ]);
  });

  it("assigns layers from annotations and packages", () => {
    const layer = (p: string) => map.layers.find((l) => l.path === p)?.layer;
    expect(layer(`${O}/controller/OrderController.java`)).toBe("controller");
    expect(layer(`${I}/controller/InventoryController.java`)).toBe("controller");
    expect(layer(`${O}/service/OrderService.java`)).toBe("service");
    expect(layer(`${I}/repository/StockRepository.java`)).toBe("repository");
    expect(layer(`${O}/model/Order.java`)).toBe("model");
    expect(layer(`${O}/dto/PlaceOrderRequest.java`)).toBe("dto");
    expect(layer(`${O}/config/OrderProperties.java`)).toBe("config");
    expect(layer(`${O}/exception/UnpaidOrderLimitException.java`)).toBe("exception");
    expect(layer("order-service/src/test/java/com/shopfloor/order/model/OrderStatusTest.java")).toBe("other");
  });

  it("finds the JPA entities with fields at their lines", () => {
    const names = map.entities.map((e) => e.name);
    for (const n of ["Order", "OrderLine", "Customer", "StockItem", "Reservation", "ReservationLine"]) {
      expect(names).toContain(n);
    }
    expect(names).not.toContain("OrderStatusTest");
    const line = map.entities.find((e) => e.name === "OrderLine");
    expect(line?.table).toBe("order_lines");
    const qty = line?.fields.find((f) => f.name === "quantity");
    expect(qty?.type).toBe("int");
    expect(fileLines(line?.path ?? "")[(qty?.line ?? 0) - 1]).toContain("private int quantity;");
    const stock = map.entities.find((e) => e.name === "StockItem");
    expect(stock?.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(["sku", "onHand", "reserved", "reorderLevel"]),
    );
  });

  it("reads the SQL tables with their spans and columns", () => {
    const span = (n: string) => {
      const t = map.tables.find((x) => x.name === n);
      return t === undefined ? undefined : [t.start_line, t.end_line];
    };
    // The README's answer key.
    expect(span("customers")).toEqual([3, 8]);
    expect(span("orders")).toEqual([10, 28]);
    expect(span("order_lines")).toEqual([32, 38]);
    expect(span("stock_items")).toEqual([40, 49]);
    expect(span("reservations")).toEqual([51, 58]);
    expect(span("reservation_lines")).toEqual([62, 68]);
    const ol = map.tables.find((t) => t.name === "order_lines");
    const q = ol?.columns.find((c) => c.name === "quantity");
    expect(q?.type).toBe("INTEGER");
    expect(q?.line).toBe(36);
    expect(map.tables.find((t) => t.name === "orders")?.columns).toHaveLength(16);
  });

  it("lists the public operations of OrderService with their spans", () => {
    const ops = map.operations.filter((o) => o.owner === "OrderService");
    expect(ops.map((o) => o.name)).toEqual([
      "placeOrder",
      "pay",
      "ship",
      "markDelivered",
      "cancel",
      "getOrder",
      "ordersOf",
    ]);
    const place = ops.find((o) => o.name === "placeOrder");
    expect([place?.start_line, place?.end_line]).toEqual([47, 63]);
    expect(place?.annotations).toContain("Transactional");
    expect(map.operations.some((o) => o.name === "load")).toBe(false); // private helper
  });

  it("reads application.yml keys with values at their lines", () => {
    const yml = "order-service/src/main/resources/application.yml";
    const lines = fileLines(yml);
    const get = (k: string) => map.config.find((c) => c.key === k);
    expect(get("shopfloor.order.max-items-per-order")).toMatchObject({ value: "50", line: 23, path: yml });
    expect(get("shopfloor.order.max-unpaid-orders")?.value).toBe("3");
    expect(get("shopfloor.inventory.reservation-timeout-minutes")?.line).toBe(30);
    for (const c of map.config) {
      const last = c.key.split(".").pop() as string;
      expect(lines[c.line - 1]).toContain(`${last}:`);
    }
    expect(map.config.length).toBe(15);
  });

  it("finds flow F1: POST /orders down to StockRepository", () => {
    const f1 = map.flows.filter((f) => f.entry.method === "POST" && f.entry.route === "/orders");
    const chain = f1.find((f) => f.steps.some((s) => s.qualified === "InventoryClient.reserve"));
    expect(chain?.reaches_persistence).toBe(true);
    const q = chain?.steps.map((s) => s.qualified) ?? [];
    expect(q.slice(0, 4)).toEqual([
      "OrderController.placeOrder",
      "OrderService.placeOrder",
      "InventoryClient.reserve",
      "InventoryService.reserve",
    ]);
    expect(q[4]).toMatch(/^StockRepository\./);
    const s = chain?.steps ?? [];
    expect(s.map((x) => [x.start_line, x.end_line]).slice(0, 4)).toEqual([
      [30, 34],
      [47, 63],
      [23, 28],
      [47, 59],
    ]);
    expect(s[0]?.path).toBe(`${O}/controller/OrderController.java`);
    // Inherited JpaRepository.save is reached too.
    expect(f1.some((f) => f.steps.at(-1)?.qualified === "OrderRepository.save" && f.steps.at(-1)?.inherited)).toBe(
      true,
    );
  });

  it("finds the scheduled expiry flow and the cancel flow", () => {
    const sched = map.flows.filter((f) => f.entry.kind === "scheduled");
    expect(sched.some((f) => f.steps[1]?.qualified === "InventoryService.releaseExpired")).toBe(true);
    const cancel = map.flows.filter((f) => f.entry.method === "PATCH" && f.entry.route === "/orders/{id}/cancel");
    expect(cancel.some((f) => f.steps.some((s) => s.qualified === "InventoryService.release"))).toBe(true);
  });

  it("focus('stock') keeps inventory things and drops unrelated ones", () => {
    const f = focus(map, ["stock"]);
    const ents = f.entities.map((e) => e.name);
    expect(ents).toContain("StockItem");
    expect(ents).not.toContain("Customer");
    expect(ents).not.toContain("OrderLine");
    expect(f.tables.map((t) => t.name)).toContain("stock_items");
    expect(f.tables.map((t) => t.name)).not.toContain("customers");
    const owners = new Set(f.operations.map((o) => o.owner));
    expect(owners.has("InventoryService")).toBe(true);
    expect(owners.has("PricingService")).toBe(false);
    expect(owners.has("DiscountPolicy")).toBe(false);
    expect(f.flows.length).toBeGreaterThan(0);
    expect(f.flows.every((fl) => fl.steps.some((s) => /Stock|InventoryService/.test(s.qualified)))).toBe(true);
    expect(f.focus).toEqual(["stock"]);
  });

  it("saves stable, relative JSON", async () => {
    const a = path.join(tmp, "a.json");
    const b = path.join(tmp, "b.json");
    await saveDomainMap(map, a);
    await saveDomainMap(map, b);
    const text = readFileSync(a, "utf8");
    expect(text).toBe(readFileSync(b, "utf8"));
    expect(text).not.toContain(SHOP);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(Object.keys(parsed).sort());
    expect(parsed.entities.length).toBe(map.entities.length);
  });
});

describe("domain map of a Python repository", () => {
  it("builds for inkwell", async () => {
    const root = path.join(ROOT, "examples/repos/inkwell");
    const m = await buildDomainMap(await indexRepository(root), root);
    expect(m.modules.map((x) => x.name)).toContain("inkwell");
    expect(m.layers.some((l) => l.path === "inkwell/render.py")).toBe(true);
    expect(m.layers.find((l) => l.path === "tests/test_render.py")?.layer).toBe("other");
    expect(m.calls.length).toBeGreaterThan(0);
    expect(m.flows).toEqual([]);
  }, 60_000);
});
