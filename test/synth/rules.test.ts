import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(size?.summary).toBe(
      "PlaceOrderRequest.lines is required and must be a non-empty array with at most 50 items (@NotNull @Size(min = 1, max = 50))",
    );
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

/** Bean-validation fields of several types: the declared type decides the noun and what @Size counts. */
const SIGNUP = `package com.example;

import jakarta.validation.constraints.*;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

public class Signup {
    @NotBlank @Size(max = 50) private String name;
    @NotNull @Email private String email;
    @Min(18) @Max(value = 130, message = "too old") private int age;
    @DecimalMin(value = "0", inclusive = false) @Digits(integer = 7, fraction = 2) private BigDecimal deposit;
    @PositiveOrZero private Long referrals;
    @NotEmpty @Size(max = 5) private Set<String> tags;
    @Size(min = 2, max = 2) private List<String> pair;
    @Pattern(regexp = "^[A-Z]{2}\\\\d{3}$") private String code;
    @Past private LocalDate born;
    @NotNull private Address address;
    @AssertTrue private boolean accepted;
}
`;

describe("validation summaries (bean validation)", () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("word a field's annotations as one phrase, by the field's declared type", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "smelt-java-rules-"));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src/Signup.java"), SIGNUP);
    const got = await rulesOf(dir);
    const says = Object.fromEntries(
      got.filter((r) => r.kind === "validation").map((r) => [r.symbol, r.summary.replace(/ \(@.*\)$/, "")]),
    );
    expect(says).toEqual({
      "Signup.name": "Signup.name must be a non-blank string of at most 50 characters",
      "Signup.email": "Signup.email is required and must be a valid email address",
      "Signup.age": "Signup.age must be an integer between 18 and 130",
      "Signup.deposit": "Signup.deposit must be a number greater than 0 with at most 7 integer and 2 fraction digits",
      "Signup.referrals": "Signup.referrals must be a non-negative integer",
      "Signup.tags": "Signup.tags must be a non-empty array with at most 5 items",
      "Signup.pair": "Signup.pair must be an array with exactly 2 items",
      "Signup.code": "Signup.code must be a string matching /^[A-Z]{2}\\d{3}$/",
      "Signup.born": "Signup.born must be a date in the past",
      "Signup.address": "Signup.address must be present",
      "Signup.accepted": "Signup.accepted must be true",
    });
    const age = got.find((r) => r.symbol === "Signup.age");
    expect(age?.summary).toContain('(@Min(18) @Max(value = 130, message = "too old"))');
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

describe("schema constraints (SQL)", () => {
  it("CHECK and UNIQUE columns of schema.sql are validation rules of the mapped entity, with exact lines", () => {
    const sql = rules.filter((r) => r.evidence[0]?.path.endsWith("schema.sql"));
    const by = (symbol: string) => sql.filter((r) => r.symbol === symbol).map((r) => r.summary);
    expect(by("order_lines.quantity")).toEqual(["order_lines.quantity must be between 1 and 99 (CHECK in schema.sql)"]);
    expect(by("orders.status")).toEqual([
      "orders.status must be one of PENDING, PAID, SHIPPED, DELIVERED, CANCELLED (CHECK in schema.sql)",
    ]);
    expect(by("stock_items.on_hand")).toEqual(["stock_items.on_hand must be at least 0 (CHECK in schema.sql)"]);
    expect(by("customers.email")).toEqual(["customers.email must be unique across customers (UNIQUE in schema.sql)"]);
    const status = sql.find((r) => r.symbol === "orders.status");
    expect(status?.domain).toBe("Order");
    expect(status?.evidence[0]).toMatchObject({ start_line: 13, end_line: 14 });
    expect(status?.evidence[0]?.snippet).toMatch(/CHECK \(status IN \('PENDING'/);
  });
});
