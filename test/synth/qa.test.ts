import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { indexRepository, type RepoIndex } from "../../src/synth/index/index.js";
import { buildDomainMap, type DomainMap } from "../../src/synth/map/index.js";
import { generateQaOffline, type QaSample, validateSample } from "../../src/synth/qa/index.js";
import { type BusinessRule, extractRules } from "../../src/synth/rules/index.js";

const SHOP = path.resolve(import.meta.dirname, "../../examples/services/shopfloor");

let index: RepoIndex;
let map: DomainMap;
let rules: BusinessRule[];
let samples: QaSample[];
beforeAll(async () => {
  index = await indexRepository(SHOP);
  map = await buildDomainMap(index, SHOP);
  rules = await extractRules(index, map, SHOP);
  samples = generateQaOffline(index, map, rules, { count: 60, seed: 7 });
}, 60_000);

describe("offline QA on shopfloor", () => {
  it("generates ~60 samples of all four kinds that all pass validation", () => {
    expect(samples.length).toBe(60);
    const kinds = new Map<string, number>();
    for (const s of samples) kinds.set(s.metadata.kind, (kinds.get(s.metadata.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(["config", "entity", "flow", "rule"]);
    const failed = samples
      .map((s) => [s.id, validateSample(s, index, SHOP, map)] as const)
      .filter(([, r]) => r.length > 0);
    expect(failed).toEqual([]);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  it("answers name real symbols and restate the extracted rule", () => {
    const guard = samples.find((s) => s.metadata.source_id.startsWith("guard:"));
    expect(guard?.answer).toMatch(/`[A-Z]\w+\.\w+`/);
    const flow = samples.find((s) => s.metadata.kind === "flow");
    expect(flow?.answer).toMatch(/enters at `\w+Controller\.\w+`|scheduled job/);
    expect(flow?.evidence.length).toBeGreaterThan(1);
    for (const s of samples)
      for (const t of s.reasoning_trace) for (const n of t.evidence) expect(n).toBeLessThan(s.evidence.length);
  });

  it("is deterministic per seed and differs across seeds", () => {
    expect(generateQaOffline(index, map, rules, { count: 60, seed: 7 })).toEqual(samples);
    const other = generateQaOffline(index, map, rules, { count: 60, seed: 8 });
    expect(other.map((s) => s.question)).not.toEqual(samples.map((s) => s.question));
    expect(other.every((s) => validateSample(s, index, SHOP, map).length === 0)).toBe(true);
  });

  it("rejects a tampered sample with the right reasons", () => {
    const base = samples.find(
      (s) => s.metadata.kind === "rule" && s.evidence.length === 1 && (s.evidence[0]?.end_line ?? 0) > 1,
    ) as QaSample;
    const ev0 = base.evidence[0] as QaSample["evidence"][number];
    const snippet = { ...base, evidence: [{ ...ev0, snippet: `${ev0.snippet} // changed` }] };
    expect(validateSample(snippet, index, SHOP, map)).toEqual([
      expect.stringMatching(/^evidence\[0\]: snippet differs/),
    ]);
    const shifted = { ...base, evidence: [{ ...ev0, start_line: ev0.start_line + 1, end_line: ev0.end_line + 1 }] };
    expect(validateSample(shifted, index, SHOP, map).some((r) => /^evidence\[0\]: snippet differs/.test(r))).toBe(true);
    const invented = { ...base, answer: `${base.answer} Afterwards OrderService.refundEverything returns the money.` };
    expect(validateSample(invented, index, SHOP, map)).toEqual(["unknown identifier: OrderService.refundEverything"]);
    const unrelated = { ...base, answer: "It depends on the weather." };
    expect(validateSample(unrelated, index, SHOP, map)).toEqual([expect.stringMatching(/^no overlap/)]);
    const broken = { ...base, evidence: [], metadata: { ...base.metadata, kind: "poem" } };
    const reasons = validateSample(broken, index, SHOP, map);
    expect(reasons.some((r) => r.startsWith("schema: evidence"))).toBe(true);
    expect(reasons.some((r) => r.startsWith("schema: metadata.kind"))).toBe(true);
  });
});

describe("offline QA on parcel (TypeScript, Express + TypeORM)", () => {
  it("config samples say which code reads the key, and credential-like values are never asked about", async () => {
    const root = path.resolve(import.meta.dirname, "../../examples/services/parcel");
    const idx = await indexRepository(root);
    const m = await buildDomainMap(idx, root);
    const rs = await extractRules(idx, m, root);
    const out = generateQaOffline(idx, m, rs, { count: 60, seed: 3 });
    const config = out.filter((s) => s.metadata.kind === "config");
    expect(config.length).toBeGreaterThan(3);
    const weight = config.find((s) => s.metadata.source_id === "config:parcel.max-weight-kg");
    expect(weight?.answer).toMatch(/is set to 30 in default\.yaml; `\w+` reads it by name \(line \d+\)/);
    expect(weight?.evidence[1]?.snippet).toContain('"parcel.max-weight-kg"');
    expect(JSON.stringify(out)).not.toMatch(/postgres:\/\/\w+:\w+@/);
    for (const s of out) expect(validateSample(s, idx, root, m)).toEqual([]);
  });
});

describe("answer–evidence overlap", () => {
  it("a message template matches the evidence through its literal pieces, and only then", async () => {
    const { overlaps } = await import("../../src/synth/qa/checks.js");
    const ev = [
      {
        path: "c.go",
        start_line: 3,
        end_line: 3,
        snippet: '\treturn nil, fmt.Errorf("catalog: load failed: %w", err)',
      },
    ];
    expect(overlaps('It wraps the error as "catalog: load failed: {err}".', ev)).toBe(true);
    expect(overlaps('It wraps the error as "inventory: sync broke: {err}".', ev)).toBe(false);
  });
});

describe("transaction samples", () => {
  it("one per class, naming its writing and read-only methods", async () => {
    const root = path.resolve(import.meta.dirname, "../../examples/services/shopfloor");
    const idx = await indexRepository(root);
    const m = await buildDomainMap(idx, root);
    const rs = await extractRules(idx, m, root);
    const tx = generateQaOffline(idx, m, rs, { count: 200, seed: 5 }).filter((s) =>
      s.metadata.source_id.startsWith("transaction:"),
    );
    const owners = tx.map((s) => s.metadata.source_id.split(":")[1]?.split(".")[0]);
    expect(new Set(owners).size).toBe(owners.length);
    const inv = tx.find((s) => s.question.includes("`InventoryService`"));
    expect(inv?.answer).toMatch(
      /`InventoryService\.reserve`.* each run in one transaction.*`InventoryService\.stockOf`.* read-only/,
    );
  });
});
