import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type DesignSample, generateDesignOffline, validateDesign } from "../../src/synth/design/index.js";
import { indexRepository, type RepoIndex } from "../../src/synth/index/index.js";
import { buildDomainMap, type DomainMap } from "../../src/synth/map/index.js";
import { type BusinessRule, extractRules } from "../../src/synth/rules/index.js";

const SHOP = path.resolve(import.meta.dirname, "../../examples/services/shopfloor");
const INKWELL = path.resolve(import.meta.dirname, "../../examples/repos/inkwell");

let index: RepoIndex;
let map: DomainMap;
let rules: BusinessRule[];
let samples: DesignSample[];
beforeAll(async () => {
  index = await indexRepository(SHOP);
  map = await buildDomainMap(index, SHOP);
  rules = await extractRules(index, map, SHOP);
  samples = generateDesignOffline(index, map, rules, { count: 20, seed: 7 });
}, 60_000);

const family = (s: DesignSample) => s.id.split(":")[1];

describe("offline design samples on shopfloor", () => {
  it("generates 20 distinct samples of several families that all pass validation", () => {
    expect(samples.length).toBe(20);
    expect(new Set(samples.map((s) => s.id)).size).toBe(20);
    const failed = samples
      .map((s) => [s.id, validateDesign(s, index, SHOP, map)] as const)
      .filter(([, r]) => r.length > 0);
    expect(failed).toEqual([]);
    expect(new Set(samples.map(family))).toEqual(
      new Set(["state", "endpoint", "config", "guard", "scheduled", "computation", "field"]),
    );
    expect(new Set(samples.map((s) => s.metadata.difficulty)).size).toBeGreaterThan(1);
  });

  it("grounds proposals in the answer key's components", () => {
    const chunks = new Set(index.chunks.map((c) => c.qualified));
    for (const s of samples) for (const r of s.reuses) expect(chunks.has(r.component)).toBe(true);
    const state = samples.filter((s) => family(s) === "state" && s.metadata.domain === "Order");
    expect(state.length).toBeGreaterThan(0);
    for (const s of state) {
      expect(s.reuses.map((r) => r.component)).toContain("OrderStatus.canTransitionTo");
      expect(s.proposal.storage.join(" ")).toContain("orders.status is VARCHAR(16)");
    }
    const bulk = generateDesignOffline(index, map, rules, { count: 80, seed: 7 }).find(
      (s) => s.id === "design:endpoint:OrderController.placeOrder:bulk",
    );
    expect(bulk?.proposal.risks.join(" ")).toMatch(/StockRepository\.findBySkuForUpdate` takes row locks/);
    expect(bulk?.proposal.risks.join(" ")).toMatch(/`OrderService\.placeOrder` is one transaction/);
    for (const s of samples)
      for (const t of s.reasoning_trace) for (const n of t.evidence) expect(n).toBeLessThan(s.evidence.length);
  });

  it("is deterministic per seed and differs across seeds", () => {
    expect(generateDesignOffline(index, map, rules, { count: 20, seed: 7 })).toEqual(samples);
    const other = generateDesignOffline(index, map, rules, { count: 20, seed: 8 });
    expect(other.map((s) => s.requirement)).not.toEqual(samples.map((s) => s.requirement));
    expect(other.every((s) => validateDesign(s, index, SHOP, map).length === 0)).toBe(true);
  });

  it("rejects a tampered sample with the right reasons", () => {
    const base = samples.find((s) => family(s) === "state" && s.metadata.domain === "Order") as DesignSample;
    const ev0 = base.evidence[0] as DesignSample["evidence"][number];
    const r0 = base.reuses[0] as DesignSample["reuses"][number];
    const invented = {
      ...base,
      reuses: [{ ...r0, component: "OrderService.refundEverything" }, ...base.reuses.slice(1)],
    };
    expect(validateDesign(invented, index, SHOP, map)).toEqual([
      "reuses[0]: OrderService.refundEverything is not an indexed class or method",
      "unknown identifier: OrderService.refundEverything",
    ]);
    const inSummary = {
      ...base,
      proposal: { ...base.proposal, summary: `${base.proposal.summary} Then OrderService.refundEverything pays back.` },
    };
    expect(validateDesign(inSummary, index, SHOP, map)).toEqual(["unknown identifier: OrderService.refundEverything"]);
    const declared = {
      ...base,
      proposal: { ...base.proposal, summary: `${base.proposal.summary} Add a new method \`OrderService.holdAll\`.` },
    };
    expect(validateDesign(declared, index, SHOP, map)).toEqual([]);
    const snippet = {
      ...base,
      evidence: [{ ...ev0, snippet: `${ev0.snippet} // changed` }, ...base.evidence.slice(1)],
    };
    expect(validateDesign(snippet, index, SHOP, map)).toEqual([
      expect.stringMatching(/^evidence\[0\]: snippet differs/),
    ]);
    const shifted = {
      ...base,
      evidence: [{ ...ev0, start_line: ev0.start_line + 1, end_line: ev0.end_line + 1 }, ...base.evidence.slice(1)],
    };
    expect(validateDesign(shifted, index, SHOP, map)).toContainEqual(
      expect.stringMatching(/^evidence\[0\]: snippet differs/),
    );
    const outOfRange = { ...base, reuses: [{ ...r0, evidence: [base.evidence.length + 3] }, ...base.reuses.slice(1)] };
    expect(validateDesign(outOfRange, index, SHOP, map)).toEqual([
      `reuses[0]: evidence ${base.evidence.length + 3} out of range`,
      `reuses[0]: cited evidence does not show ${r0.component}`,
    ]);
    // A real component cited by lines that do not show it.
    const other = base.evidence.findIndex((e) => !e.snippet.includes(r0.component.split(".").at(-1) as string));
    const wrongCite = { ...base, reuses: [{ ...r0, evidence: [other] }, ...base.reuses.slice(1)] };
    expect(validateDesign(wrongCite, index, SHOP, map)).toEqual([
      `reuses[0]: cited evidence does not show ${r0.component}`,
    ]);
    const broken = { ...base, reuses: [], metadata: { ...base.metadata, kind: "qa" } };
    const reasons = validateDesign(broken, index, SHOP, map);
    expect(reasons.some((r) => r.startsWith("schema: reuses"))).toBe(true);
    expect(reasons.some((r) => r.startsWith("schema: metadata.kind"))).toBe(true);
  });
});

describe("offline design samples on a thin map (inkwell, Python)", () => {
  it("produces fewer samples, all valid", async () => {
    const idx = await indexRepository(INKWELL);
    const m = await buildDomainMap(idx, INKWELL);
    const rs = await extractRules(idx, m, INKWELL);
    const out = generateDesignOffline(idx, m, rs, { count: 20, seed: 7 });
    expect(out.length).toBeGreaterThan(0);
    expect(out.length).toBeLessThan(20);
    for (const s of out) expect(validateDesign(s, idx, INKWELL, m)).toEqual([]);
    // No business segments invented for a library without customers.
    expect(out.map((s) => s.requirement).join(" ")).not.toMatch(/customer|wholesale|VIP/);
  }, 60_000);
});

describe("offline design samples on parcel (Express + TypeORM)", () => {
  const PARCEL = path.resolve(import.meta.dirname, "../../examples/services/parcel");
  let pIndex: RepoIndex;
  let pMap: DomainMap;
  let got: DesignSample[];
  beforeAll(async () => {
    pIndex = await indexRepository(PARCEL);
    pMap = await buildDomainMap(pIndex, PARCEL);
    got = generateDesignOffline(pIndex, pMap, await extractRules(pIndex, pMap, PARCEL), { count: 20, seed: 1 });
  }, 60_000);

  it("plans state, config and computation samples from TypeScript rules and config read by name, all valid", () => {
    const failed = got.map((s) => [s.id, validateDesign(s, pIndex, PARCEL, pMap)] as const).filter(([, r]) => r.length);
    expect(failed).toEqual([]);
    expect(new Set(got.map(family))).toEqual(
      new Set(["state", "endpoint", "config", "guard", "scheduled", "computation", "field"]),
    );
  });

  it("without the table rows, falls back to setting the status through the moveTo calls", async () => {
    const rules = (await extractRules(pIndex, pMap, PARCEL)).filter((r) => r.symbol !== "NEXT");
    const set = generateDesignOffline(pIndex, pMap, rules, { count: 40, seed: 1 }).find(
      (s) => s.id === "design:state:Parcel.status:set",
    ) as DesignSample;
    expect(validateDesign(set, pIndex, PARCEL, pMap)).toEqual([]);
    expect(set.requirement).toContain("REGISTERED, IN_TRANSIT, DELIVERED, CANCELLED and RETURNED");
    expect(set.reuses.map((r) => r.component)).toEqual(
      expect.arrayContaining([
        "ParcelStatus",
        "ParcelService.cancel",
        "ParcelService.returnStale",
        "ParcelService.moveTo",
      ]),
    );
    expect(set.proposal.risks.join(" ")).toContain("`!NEXT[parcel.status].includes(to)`");
  });

  it("grounds them in the answer key: the ParcelStatus enum and NEXT check, settings readers, the price rule", () => {
    const byId = (id: string) => got.find((s) => s.id === id);
    // R4: a new status goes into the module-level table NEXT (lines 18–22) that moveTo enforces.
    const states = got.filter((s) => family(s) === "state");
    expect(states.map((s) => s.id).sort()).toEqual([
      "design:state:Parcel.status:IN_TRANSIT-DELIVERED",
      "design:state:Parcel.status:IN_TRANSIT-RETURNED",
      "design:state:Parcel.status:REGISTERED-CANCELLED",
      "design:state:Parcel.status:REGISTERED-IN_TRANSIT",
    ]);
    for (const s of states) {
      const components = s.reuses.map((r) => r.component);
      expect(components).toEqual(expect.arrayContaining(["ParcelStatus", "ParcelService.moveTo"]));
      expect(components).not.toContain("NEXT");
      const moveTo = s.reuses.find((r) => r.component === "ParcelService.moveTo");
      expect(moveTo?.evidence.map((i) => s.evidence[i])).toContainEqual(
        expect.objectContaining({ path: "src/services/parcel.service.ts", start_line: 18, end_line: 22 }),
      );
      expect(s.reasoning_trace[0]?.text).toContain("`NEXT` is the transition table");
    }
    const state = byId("design:state:Parcel.status:REGISTERED-IN_TRANSIT") as DesignSample;
    const n = /`ParcelStatus\.(\w+)`/.exec(state.proposal.summary)?.[1] as string;
    expect(state.proposal.summary).toContain(`Add new enum value \`ParcelStatus.${n}\``);
    expect(state.proposal.domain_model_changes).toContain(
      `\`NEXT\`: add ${n} to the REGISTERED row (REGISTERED -> IN_TRANSIT, CANCELLED and ${n}) and a new ${n} row (${n} -> IN_TRANSIT and CANCELLED).`,
    );
    expect(state.proposal.workflow.join(" ")).toContain("`ParcelService.moveTo` accepts REGISTERED ->");
    const risks = state.proposal.risks.join(" ");
    expect(risks).toContain("`!NEXT[parcel.status].includes(to)`");
    expect(risks).toContain("Keep the existing rows as they are: REGISTERED still moves to IN_TRANSIT and CANCELLED");
    expect(risks).toContain(`${n} becomes a persisted value of parcels.status`);
    // Leaving the new state for CANCELLED passes the cancel window check of ParcelService.cancel.
    expect(risks).toContain("`ParcelService.cancel` refuses when `ageHours > this.settings.cancelWindowHours`");
    // R1: config/default.yaml line 10, read into maxWeightKg by loadParcelSettings, used by register.
    const weight = byId("design:config:parcel.max-weight-kg");
    expect(weight?.reuses.map((r) => r.component)).toEqual(["loadParcelSettings", "ParcelService.register"]);
    expect(weight?.evidence[0]).toMatchObject({ path: "config/default.yaml", start_line: 10 });
    expect(weight?.proposal.workflow.join(" ")).toContain("`maxWeightKg`");
    // R5: the price and its three configured values.
    const price = byId("design:computation:PricingService.quote");
    expect(price?.reasoning_trace.map((t) => t.text).join(" ")).toContain(
      "`pricing.base-fee` = 4.90, `pricing.per-kg` = 0.85 and `pricing.express-surcharge` = 6.00",
    );
    expect(price?.reuses.map((r) => r.component)).toContain("ParcelService.register");
  });
});
