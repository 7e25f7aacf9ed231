import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type DesignSample, DesignSampleSchema } from "../../src/synth/design/types.js";
import {
  type ExportInfo,
  type ExportOptions,
  exportSamples,
  moduleOf,
  type SynthSample,
} from "../../src/synth/export/index.js";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap, type DomainMap } from "../../src/synth/map/index.js";
import { generateQaOffline, type QaSample } from "../../src/synth/qa/index.js";
import { Lines } from "../../src/synth/qa/text.js";
import { extractRules } from "../../src/synth/rules/index.js";

const SHOP = path.resolve(import.meta.dirname, "../../examples/services/shopfloor");
const FORMATS = ["messages", "alpaca", "sharegpt"] as const;

let map: DomainMap;
let qa: QaSample[];
let design: DesignSample;
let info: ExportInfo;

/** A design sample citing real lines of the fixture (snippets sliced from the files). */
function designSample(): DesignSample {
  const lines = new Lines(SHOP);
  const span = (p: string, a: number, b: number) => ({
    path: p,
    start_line: a,
    end_line: b,
    snippet: lines.slice(p, a, b) as string,
  });
  return DesignSampleSchema.parse({
    id: "design:order-cancellation-fee",
    requirement: "Customers who cancel a paid order must be charged a 5% cancellation fee.",
    proposal: {
      summary: "Extend the order lifecycle with a fee computed when a paid order is cancelled.",
      api_changes: ["`POST /orders/{id}/cancel` returns the fee charged"],
      domain_model_changes: ["`Order` gains a `cancellationFee` field"],
      storage: [],
      workflow: ["`OrderService` computes the fee before the status moves to CANCELLED"],
      risks: ["Refunds already issued must not be charged twice"],
    },
    reuses: [
      {
        component: "OrderService",
        how: "extend",
        why: "it already owns the cancellation transaction",
        evidence: [0],
      },
      { component: "Order.transitionTo", how: "reuse", why: "it guards the allowed status moves", evidence: [1] },
    ],
    evidence: [
      span("order-service/src/main/java/com/shopfloor/order/service/OrderService.java", 24, 26),
      span("order-service/src/main/java/com/shopfloor/order/model/Order.java", 128, 130),
    ],
    reasoning_trace: [
      { step: 1, text: "Cancellation is a transaction of OrderService.", evidence: [0] },
      { step: 2, text: "Status moves go through Order.transitionTo.", evidence: [1] },
    ],
    metadata: { domain: "Order", kind: "design", difficulty: "hard", source_id: "requirement:cancellation-fee" },
  });
}

beforeAll(async () => {
  const index = await indexRepository(SHOP);
  map = await buildDomainMap(index, SHOP);
  const rules = await extractRules(index, map, SHOP);
  qa = generateQaOffline(index, map, rules, { count: 60, seed: 7 });
  design = designSample();
  info = {
    repo: "shopfloor",
    repo_root: SHOP,
    revision: "0123456789abcdef0123456789abcdef01234567",
    model: "offline",
    seed: 7,
    counts: { rule: 30, flow: 12, "rejected:no overlap": 3, "rejected:unknown identifier": 1 },
    smelt_version: "0.1.0",
    modules: map.modules,
  };
}, 60_000);

const made: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(path.join(tmpdir(), "smelt-export-"));
  made.push(d);
  return d;
};
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});
const jsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const ids = (file: string) => jsonl(file).map((r) => r.id as string);
type Turn = { role: string; content: string };
const turnsOf = (row: Record<string, unknown> | undefined): Turn[] => (row?.messages ?? []) as Turn[];
const frontMatter = (card: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(card)?.[1] ?? "") as Record<string, unknown>;

/** Evidence keys (files, or modules) of the samples whose ids are given. */
function keysOf(samples: readonly SynthSample[], idList: string[], key: (p: string) => string): Set<string> {
  const want = new Set(idList);
  return new Set(samples.filter((s) => want.has(s.id)).flatMap((s) => s.evidence.map((e) => key(e.path))));
}

async function run(samples: SynthSample[], opts: Partial<ExportOptions> = {}) {
  const outDir = opts.outDir ?? (await tmp());
  const result = await exportSamples(samples, info, { ...opts, outDir });
  return { outDir, result, exp: (f: string) => path.join(outDir, "export", f) };
}

describe("export of shopfloor samples", () => {
  it("writes every format with parseable lines and the same split in each", async () => {
    const samples = [...qa, design];
    const { outDir, result, exp } = await run(samples);
    expect(result.files).toHaveLength(9);
    for (const f of result.files) expect(existsSync(path.join(outDir, f))).toBe(true);
    for (const f of result.files.filter((f) => f.endsWith(".jsonl")))
      expect(() => jsonl(path.join(outDir, f))).not.toThrow();
    const { train, validation, by, groups } = result.split;
    expect(by).toBe("file");
    expect(train + validation).toBe(samples.length);
    expect(validation).toBeGreaterThan(0);
    expect(validation).toBeLessThanOrEqual(Math.round(samples.length * 0.1));
    expect(groups).toBeGreaterThan(2);
    for (const f of FORMATS) {
      expect(jsonl(exp(`train.${f}.jsonl`))).toHaveLength(train);
      expect(jsonl(exp(`validation.${f}.jsonl`))).toHaveLength(validation);
    }
    // Same records in the same order in every format: the assistant text lines up.
    const msgs = jsonl(exp("train.messages.jsonl"));
    const alpaca = jsonl(exp("train.alpaca.jsonl"));
    const share = jsonl(exp("train.sharegpt.jsonl"));
    msgs.forEach((m, i) => {
      const turns = turnsOf(m);
      expect(turns.map((t) => t.role)).toEqual(["user", "assistant"]);
      expect(alpaca[i]?.output).toBe(turns[1]?.content);
      expect(alpaca[i]?.input).toBe("");
      const conv = share[i]?.conversations as { from: string; value: string }[];
      expect(conv.map((c) => c.from)).toEqual(["human", "gpt"]);
      expect(conv[0]?.value).toBe(turns[0]?.content);
    });
    const allIds = [...ids(exp("train.messages.jsonl")), ...ids(exp("validation.messages.jsonl"))];
    expect(allIds.sort()).toEqual(samples.map((s) => s.id).sort());
  });

  it("never puts an evidence file (by file) or a module (by module) on both sides", async () => {
    const samples = [...qa, design];
    const byFile = await run(samples, { split: { by: "file" } });
    const fileKey = (p: string) => p;
    const trainFiles = keysOf(samples, ids(byFile.exp("train.messages.jsonl")), fileKey);
    const valFiles = keysOf(samples, ids(byFile.exp("validation.messages.jsonl")), fileKey);
    expect(valFiles.size).toBeGreaterThan(0);
    expect([...valFiles].filter((f) => trainFiles.has(f))).toEqual([]);

    const byModule = await run(samples, { split: { by: "module" } });
    expect(byModule.result.split.by).toBe("module");
    const modKey = (p: string) => moduleOf(p, map.modules);
    expect(modKey("order-service/src/main/java/X.java")).toBe("order-service");
    expect(modKey("README.md")).toBe(".");
    const trainMods = keysOf(samples, ids(byModule.exp("train.messages.jsonl")), modKey);
    const valMods = keysOf(samples, ids(byModule.exp("validation.messages.jsonl")), modKey);
    expect(valMods.size).toBeGreaterThan(0);
    expect([...valMods].filter((m) => trainMods.has(m))).toEqual([]);
    expect(byModule.result.split.train + byModule.result.split.validation).toBe(samples.length);
  });

  it("is deterministic per seed and the seed changes the choice", async () => {
    const a = await run(qa, { split: { seed: 3 } });
    const b = await run(qa, { split: { seed: 3 } });
    for (const f of a.result.files) {
      expect(readFileSync(path.join(b.outDir, f), "utf8")).toBe(readFileSync(path.join(a.outDir, f), "utf8"));
    }
    const chosen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await run(qa, { split: { seed } });
      chosen.add(ids(r.exp("validation.messages.jsonl")).sort().join(","));
    }
    expect(chosen.size).toBeGreaterThan(1);
  });

  it("writes trainer configs that point at existing files", async () => {
    const { outDir, exp } = await run(qa);
    type Entry = { file_name: string; tags?: Record<string, string> };
    const registry = JSON.parse(readFileSync(exp("dataset_info.json"), "utf8")) as Record<string, Entry>;
    expect(registry.shopfloor_alpaca).toEqual({
      file_name: "train.alpaca.jsonl",
      formatting: "alpaca",
      columns: { prompt: "instruction", query: "input", response: "output" },
    });
    expect(registry.shopfloor_sharegpt).toEqual({
      file_name: "train.sharegpt.jsonl",
      formatting: "sharegpt",
      columns: { messages: "conversations" },
      tags: { role_tag: "from", content_tag: "value", user_tag: "human", assistant_tag: "gpt", system_tag: "system" },
    });
    expect(registry.shopfloor_messages?.tags).toMatchObject({ role_tag: "role", user_tag: "user" });
    for (const entry of Object.values(registry)) expect(existsSync(exp(entry.file_name))).toBe(true);
    expect(Object.keys(registry)).toContain("shopfloor_sharegpt_validation");

    type Ds = { path: string; type: string };
    const axo = parse(readFileSync(exp("axolotl.yaml"), "utf8")) as {
      val_set_size: number;
      adapter: string;
      base_model: unknown;
      datasets: Ds[];
      test_datasets: Ds[];
    };
    expect(axo.val_set_size).toBe(0);
    expect(axo.adapter).toBe("lora");
    expect(typeof axo.base_model).toBe("string");
    expect(axo.datasets[0]).toMatchObject({ type: "chat_template", field_messages: "messages", ds_type: "json" });
    expect(axo.test_datasets[0]).toMatchObject({ type: "chat_template", split: "train" });
    for (const d of [...axo.datasets, ...axo.test_datasets]) expect(existsSync(path.join(outDir, d.path))).toBe(true);
  });

  it("writes a card whose front matter lists the splits and whose tables match", async () => {
    const { outDir, result } = await run([...qa, design]);
    const card = readFileSync(path.join(outDir, "README.md"), "utf8");
    const fm = frontMatter(card) as { configs: { data_files: { split: string; path: string }[] }[]; license: string };
    expect(fm.license).toBe("other");
    expect(fm).toMatchObject({ task_categories: ["question-answering", "text-generation"] });
    const files = fm.configs[0]?.data_files ?? [];
    expect(files.map((f) => f.split)).toEqual(["train", "validation"]);
    for (const f of files) expect(existsSync(path.join(outDir, f.path))).toBe(true);
    expect(card).toContain("| no overlap | 3 |");
    expect(card).toContain("| unknown identifier | 1 |");
    expect(card).toContain(`| train | ${result.split.train} |`);
    expect(card).toContain("No evidence file appears in both train and validation");
    expect(card).toContain("`0123456789abcdef0123456789abcdef01234567`");
    expect(card).toMatch(/\| design \| \d \| \d \| 1 \|/);
    expect(card).toContain("templates");
  });

  it("renders a design proposal as sections and honours reasoning/citation/system options", async () => {
    const plain = await run([design], { split: { validation: 0 } });
    const turn = (f: string) => turnsOf(jsonl(f)[0]).at(-1)?.content ?? "";
    const text = turn(plain.exp("train.messages.jsonl"));
    const order = ["## Summary", "## API changes", "## Domain model changes", "## Storage", "## Workflow", "## Risks"];
    expect(order.map((h) => text.indexOf(h))).toEqual(order.map((h) => text.indexOf(h)).sort((a, b) => a - b));
    expect(text).toContain("## Storage\n\nNone.");
    expect(text).toContain(
      "- `OrderService` (extend) — it already owns the cancellation transaction [order-service/src/main/java/com/shopfloor/order/service/OrderService.java:24-26]",
    );
    expect(text).toMatch(/\n\nSources: order-service\/\S+OrderService\.java:24-26, \S+Order\.java:128-130$/);
    expect(text.startsWith("## Summary")).toBe(true);

    const rich = await run([design, ...qa.slice(0, 3)], {
      include_reasoning: true,
      include_citations: false,
      system_prompt: "You know the shopfloor code base.",
      repo_context: true,
      split: { validation: 0 },
    });
    const rows = jsonl(rich.exp("train.messages.jsonl"));
    for (const r of rows) {
      const m = turnsOf(r);
      expect(m[0]).toEqual({ role: "system", content: "You know the shopfloor code base." });
      expect(m[1]?.content).toMatch(/\nRepository: shopfloor \(revision 0123456789ab\)$/);
      expect(m[2]?.content).toMatch(/^Reasoning:\n1\. /);
      expect(m[2]?.content).not.toContain("Sources:");
    }
    const alpaca = jsonl(rich.exp("train.alpaca.jsonl"))[0];
    expect(alpaca).toMatchObject({
      system: "You know the shopfloor code base.",
      input: expect.stringMatching(/^Repository:/),
    });
    const share = jsonl(rich.exp("train.sharegpt.jsonl"))[0]?.conversations as { from: string }[];
    expect(share.map((c) => c.from)).toEqual(["system", "human", "gpt"]);
    const registry = JSON.parse(readFileSync(rich.exp("dataset_info.json"), "utf8"));
    expect(registry.shopfloor_alpaca.columns.system).toBe("system");
    const qaTurn = turnsOf(rows[1])[2]?.content ?? "";
    expect(qaTurn).toContain(qa[0]?.answer as string);
  });

  it("keeps one connected group in train, says why, and cleans only its own stale files", async () => {
    const outDir = await tmp();
    await run(qa, { outDir });
    expect(existsSync(path.join(outDir, "export/validation.messages.jsonl"))).toBe(true);
    await mkdir(path.join(outDir, "export"), { recursive: true });
    writeFileSync(path.join(outDir, "keep.txt"), "mine");
    writeFileSync(path.join(outDir, "export", "notes.txt"), "mine");
    const file = qa[0]?.evidence[0]?.path as string;
    const oneFile = qa.filter((s) => s.evidence.some((e) => e.path === file));
    const { result } = await run(oneFile, { outDir, split: { validation: 0.5 } });
    expect(result.split).toMatchObject({ train: oneFile.length, validation: 0, groups: 1 });
    expect(result.split.note).toMatch(/one group/);
    expect(existsSync(path.join(outDir, "export/validation.messages.jsonl"))).toBe(false);
    expect(existsSync(path.join(outDir, "keep.txt"))).toBe(true);
    expect(existsSync(path.join(outDir, "export/notes.txt"))).toBe(true);
    const card = readFileSync(path.join(outDir, "README.md"), "utf8");
    expect(card).toContain("Everything is in train");
    const fm = frontMatter(card) as { configs: { data_files: { split: string }[] }[] };
    expect(fm.configs[0]?.data_files.map((f) => f.split)).toEqual(["train"]);
    const axo = parse(readFileSync(path.join(outDir, "export/axolotl.yaml"), "utf8")) as Record<string, unknown>;
    expect(axo.test_datasets).toBeUndefined();
    const registry = JSON.parse(readFileSync(path.join(outDir, "export/dataset_info.json"), "utf8"));
    expect(Object.keys(registry).some((k) => k.endsWith("_validation"))).toBe(false);
  });
});
