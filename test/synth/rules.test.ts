import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap } from "../../src/synth/map/index.js";
import { type BusinessRule, extractRules, type RuleKind, TEST_PATH } from "../../src/synth/rules/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOP = path.join(ROOT, "examples/services/shopfloor");
const INKWELL = path.join(ROOT, "examples/repos/inkwell");
const O = "order-service/src/main/java/com/shopfloor/order";
const I = "inventory-service/src/main/java/com/shopfloor/inventory";
const C = "common/src/main/java/com/shopfloor/common";

async function rulesOf(root: string): Promise<BusinessRule[]> {
  const index = await indexRepository(root);
  return extractRules(index, await buildDomainMap(index, root), root);
}

let rules: BusinessRule[];
beforeAll(async () => {
  rules = await rulesOf(SHOP);
}, 60_000);

/** README answer key: rule → acceptable kinds and evidence ranges [path, from, to]. */
const KEY: Record<string, { kinds: RuleKind[]; spans: [string, number, number][] }> = {
  R1: { kinds: ["guard"], spans: [[`${O}/service/OrderValidator.java`, 28, 32]] },
  R2: { kinds: ["guard"], spans: [[`${O}/service/OrderValidator.java`, 33, 39]] },
  R3: { kinds: ["guard"], spans: [[`${O}/service/OrderValidator.java`, 42, 47]] },
  R8: { kinds: ["state_transition"], spans: [[`${O}/model/OrderStatus.java`, 14, 21]] },
  R9: { kinds: ["guard"], spans: [[`${O}/model/Order.java`, 120, 126]] },
  R10: { kinds: ["computation", "policy_constant"], spans: [[`${O}/service/PricingService.java`, 33, 39]] },
  R11: { kinds: ["computation"], spans: [[`${O}/service/DiscountPolicy.java`, 18, 26]] },
  R12: { kinds: ["computation"], spans: [[`${C}/money/Money.java`, 22, 37]] },
  R13: { kinds: ["guard"], spans: [[`${I}/model/StockItem.java`, 62, 68]] },
};

const overlaps = (r: BusinessRule, [p, a, b]: [string, number, number]) =>
  r.evidence.some((e) => e.path === p && e.start_line <= b && e.end_line >= a);

describe("business rules of shopfloor", () => {
  for (const [id, want] of Object.entries(KEY)) {
    it(`covers ${id}`, () => {
      for (const s of want.spans) {
        const hits = rules.filter((r) => want.kinds.includes(r.kind) && overlaps(r, s));
        expect(hits.length, `${id} ${s.join(":")}`).toBeGreaterThan(0);
      }
    });
  }

  it("links policy fields to config and captures messages and transitions", () => {
    const max = rules.find((r) => r.symbol === "OrderProperties.maxItemsPerOrder");
    expect(max?.kind).toBe("policy_constant");
    expect(max?.config_key).toBe("shopfloor.order.max-items-per-order");
    expect(max?.value).toBe("50");
    expect(max?.evidence.map((e) => `${e.path}:${e.start_line}`)).toContain(
      "order-service/src/main/resources/application.yml:23",
    );
    const size = rules.find((r) => r.kind === "validation" && r.symbol === "PlaceOrderRequest.lines");
    expect(size?.summary).toContain("between 1 and 50");
    const g = rules.find((r) => r.kind === "guard" && r.symbol === "OrderValidator.validateLines");
    expect(g?.exception).toBe("InvalidOrderException");
    expect(g?.message).toContain("An order must have between");
    const pending = rules.find((r) => r.kind === "state_transition" && r.from?.includes("PENDING"));
    expect(pending?.to).toEqual(["PAID", "CANCELLED"]);
    const err = rules.find((r) => r.kind === "error" && r.symbol.startsWith("InsufficientStockException"));
    expect(err?.message).toBe("Insufficient stock for SKU {sku}: requested {requested}, available {available}");
    const tx = rules.find((r) => r.kind === "transaction" && r.symbol === "OrderService.placeOrder");
    expect(tx?.evidence[0]?.snippet).toContain("@Transactional");
    const kinds = new Set(rules.map((r) => r.kind));
    expect(kinds.size).toBe(7);
  });

  it("cites every snippet exactly, leaves out test code, has unique sorted ids", () => {
    const cache = new Map<string, string[]>();
    for (const r of rules) {
      expect(r.evidence.length).toBeGreaterThan(0);
      for (const e of r.evidence) {
        expect(TEST_PATH.test(e.path), e.path).toBe(false);
        let l = cache.get(e.path);
        if (l === undefined) {
          l = readFileSync(path.join(SHOP, e.path), "utf8").split("\n");
          cache.set(e.path, l);
        }
        expect(e.start_line).toBeGreaterThanOrEqual(1);
        expect(e.end_line).toBeLessThanOrEqual(l.length);
        expect(e.snippet).toBe(l.slice(e.start_line - 1, e.end_line).join("\n"));
      }
    }
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.some((r) => r.evidence.some((e) => e.path.includes("/src/test/")))).toBe(false);
  });

  it("is deterministic", async () => {
    expect(await rulesOf(SHOP)).toEqual(rules);
  }, 60_000);
});

describe("business rules of inkwell (Python)", () => {
  it("runs and cites exact snippets", async () => {
    const got = await rulesOf(INKWELL);
    for (const r of got) {
      for (const e of r.evidence) {
        const l = readFileSync(path.join(INKWELL, e.path), "utf8").split("\n");
        expect(e.snippet).toBe(l.slice(e.start_line - 1, e.end_line).join("\n"));
        expect(TEST_PATH.test(e.path)).toBe(false);
      }
    }
    expect(got.some((r) => r.kind === "guard")).toBe(true);
  }, 60_000);
});

describe("TEST_PATH", () => {
  it("covers Go tests and module-flavoured JS/TS tests, not sources", () => {
    for (const p of ["pkg/server_test.go", "src/a.test.mjs", "b.spec.cts", "lib/c.test.mts", "x/test_y.py"])
      expect(TEST_PATH.test(p)).toBe(true);
    for (const p of ["pkg/server.go", "src/a.mjs", "lib/testing.ts", "contest.go"])
      expect(TEST_PATH.test(p)).toBe(false);
  });
});
