/**
 * `smelt synth qa|design` end to end: analyze the repository, plan samples offline, word them
 * with a model when one is chosen, validate every sample against the code, drop near-duplicate
 * questions, and write kept samples, rejected ones with reasons, the exports and a manifest
 * whose counts add up (planned = kept + rejected).
 */
import path from "node:path";
import { RunError } from "../core/errors.js";
import { gitHead } from "../core/gitHead.js";
import type { Logger } from "../exec/log.js";
import type { ProgressMode } from "../exec/progress.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic.js";
import { smeltVersion } from "../version.js";
import { type Analysis, analyzeRepository } from "./analyze.js";
import { nearDuplicateTexts } from "./dedup.js";
import { generateDesignOffline, validateDesign } from "./design/index.js";
import { type ExportOptions, type ExportResult, exportSamples, type SynthSample } from "./export/index.js";
import { domainMapJson } from "./map/save.js";
import { openModel } from "./model/open.js";
import { requestFor, type Seed, sampleFromReply, seedFromDesign, seedFromQa } from "./model/prompts.js";
import type { ModelSettings } from "./model/settings.js";
import type { CostEstimate, ModelStats } from "./model/types.js";
import { MANIFEST, prepareOut, TOOL, writeJsonl } from "./output.js";
import { startCounter } from "./progress.js";
import { generateQaOffline, validateSample } from "./qa/index.js";
import { reasonCategory } from "./reasons.js";

export type SynthTask = "qa" | "design";

export interface SynthOptions {
  repo: string;
  task: SynthTask;
  out: string;
  count: number;
  seed: number;
  focus?: string[];
  include?: string[];
  exclude?: string[];
  model: ModelSettings;
  /** Print what a model run would cost and write nothing. */
  dryRun?: boolean;
  force?: boolean;
  /** Questions (QA) or requirements (design) at least this similar to a kept one are dropped. */
  dedupThreshold?: number;
  export?: Omit<ExportOptions, "outDir">;
  log: Logger;
  progress: ProgressMode;
}

export interface Rejected {
  id: string;
  /** Where it was rejected: the model call, validation, or near-duplicate removal. */
  stage: "model" | "validate" | "dedup";
  reasons: string[];
  /** What was rejected: the sample as generated, or the model's raw text when it did not parse. */
  sample?: unknown;
  raw_text?: string;
}

export interface SynthResult {
  kept: SynthSample[];
  rejected: Rejected[];
  manifest: Record<string, unknown>;
  estimate?: CostEstimate;
}

const repoName = (root: string) => path.basename(root);

function plan(a: Analysis, o: SynthOptions): SynthSample[] {
  return o.task === "qa"
    ? generateQaOffline(a.index, a.map, a.rules, { count: o.count, seed: o.seed })
    : generateDesignOffline(a.index, a.map, a.rules, { count: o.count, seed: o.seed });
}

function validate(s: unknown, task: SynthTask, a: Analysis): string[] {
  return task === "qa" ? validateSample(s, a.index, a.root, a.map) : validateDesign(s, a.index, a.root, a.map);
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Model path: one request per planned sample; replies that do not parse are rejected here. */
async function wordWithModel(
  planned: SynthSample[],
  a: Analysis,
  o: SynthOptions,
): Promise<{ drafts: unknown[]; rejected: Rejected[]; stats: ModelStats; name: string; estimate?: CostEstimate }> {
  const seeds: Seed[] = planned.map((s) => ("requirement" in s ? seedFromDesign(s) : seedFromQa(s)));
  if (o.model.provider === "offline") throw new Error("wordWithModel needs a model");
  const client = await openModel(o.model, { cacheDir: path.join(o.out, ".cache", "model"), log: o.log });
  try {
    const requests = seeds.map((s) => requestFor(s, repoName(a.root)));
    if (o.dryRun) {
      const estimate = await client.estimate(requests);
      return { drafts: [], rejected: [], stats: client.stats(), name: client.name, estimate };
    }
    const counter = startCounter(o.progress, `synth ${o.task}`, requests.length, o.log);
    const replies = await Promise.all(
      requests.map(async (r) => {
        const reply = await client.complete(r);
        counter.tick();
        return reply;
      }),
    );
    counter.finish();
    const drafts: unknown[] = [];
    const rejected: Rejected[] = [];
    replies.forEach((reply, i) => {
      const seed = seeds[i] as Seed;
      const id = `${seed.task}:${seed.kind}:${seed.source_id}`;
      if (reply.error !== undefined || reply.json === undefined) {
        rejected.push({ id, stage: "model", reasons: [`model: ${reply.error ?? "no JSON"}`], raw_text: reply.text });
      } else drafts.push(sampleFromReply(seed, reply.json));
    });
    return { drafts, rejected, stats: client.stats(), name: client.name };
  } finally {
    await client.close();
  }
}

export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const started = new Date();
  const t0 = performance.now();
  if (!o.dryRun) await prepareOut(o.out, o.force ?? false);
  const a = await analyzeRepository(o.repo, { focus: o.focus, include: o.include, exclude: o.exclude });
  const tPlan = performance.now();
  const planned = plan(a, o);
  const offline = o.model.provider === "offline";
  let drafts: unknown[] = planned;
  const rejected: Rejected[] = [];
  let modelName = "offline";
  let stats: ModelStats | undefined;
  const tModel = performance.now();
  if (!offline) {
    const worded = await wordWithModel(planned, a, o);
    modelName = worded.name;
    stats = worded.stats;
    if (o.dryRun) return { kept: [], rejected: [], manifest: {}, estimate: worded.estimate };
    drafts = worded.drafts;
    rejected.push(...worded.rejected);
  } else if (o.dryRun) {
    return {
      kept: [],
      rejected: [],
      manifest: {},
      estimate: { calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 },
    };
  }
  const tValidate = performance.now();
  const valid: SynthSample[] = [];
  for (const d of drafts) {
    const reasons = validate(d, o.task, a);
    const id = (d as { id?: unknown }).id;
    if (reasons.length === 0) valid.push(d as SynthSample);
    else rejected.push({ id: typeof id === "string" ? id : "(no id)", stage: "validate", reasons, sample: d });
  }
  const text = (s: SynthSample) => ("requirement" in s ? s.requirement : s.question);
  const dups = nearDuplicateTexts(
    valid.map((s) => ({ id: s.id, text: text(s) })),
    o.dedupThreshold ?? 0.85,
    o.seed,
  );
  const kept: SynthSample[] = [];
  for (const s of valid) {
    const d = dups.get(s.id);
    if (d === undefined) kept.push(s);
    else
      rejected.push({
        id: s.id,
        stage: "dedup",
        reasons: [`near-duplicate of ${d.of} (word-bigram Jaccard ${d.similarity})`],
        sample: s,
      });
  }
  if (planned.length !== kept.length + rejected.length) {
    throw new RunError(`accounting: planned ${planned.length} != kept ${kept.length} + rejected ${rejected.length}`);
  }
  const tWrite = performance.now();

  const revision = gitHead(a.root) ?? undefined;
  const keptByKind = countBy(kept, (s) => s.metadata.kind);
  const rejectedByReason = countBy(
    rejected.flatMap((r) => [...new Set(r.reasons.map(reasonCategory))]),
    (x) => x,
  );
  const counts: Record<string, number> = {
    planned: planned.length,
    kept: kept.length,
    rejected: rejected.length,
    ...Object.fromEntries(Object.entries(keptByKind).map(([k, v]) => [`kept:${k}`, v])),
    ...Object.fromEntries(Object.entries(rejectedByReason).map(([k, v]) => [`rejected:${k}`, v])),
  };
  await writeJsonl(path.join(o.out, "samples.jsonl"), kept);
  await writeJsonl(path.join(o.out, "rejected.jsonl"), rejected);
  await writeFileAtomic(path.join(o.out, "map.json"), domainMapJson(a.map));
  await writeJsonl(path.join(o.out, "rules.jsonl"), a.rules);
  let exported: ExportResult | undefined;
  if (kept.length > 0) {
    exported = await exportSamples(
      kept,
      {
        repo: repoName(a.root),
        repo_root: a.root,
        revision,
        model: modelName,
        seed: o.seed,
        counts,
        smelt_version: smeltVersion(),
        modules: a.map.modules,
      },
      { ...o.export, outDir: o.out },
    );
  }
  const manifest = {
    tool: TOOL,
    smelt_version: smeltVersion(),
    task: o.task,
    repo: { root: a.root, name: repoName(a.root), revision: revision ?? null },
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    seed: o.seed,
    count_requested: o.count,
    focus: o.focus ?? [],
    model: { provider: o.model.provider, name: modelName, stats: stats ?? null },
    analysis: {
      files: a.index.files.length,
      chunks: a.index.chunks.length,
      skipped: countBy(a.index.skipped, (s) => s.reason),
      modules: a.map.modules.length,
      entities: a.map.entities.length,
      tables: a.map.tables.length,
      operations: a.map.operations.length,
      config_keys: a.map.config.length,
      calls: a.map.calls.length,
      flows: a.map.flows.length,
      rules: countBy(a.rules, (r) => r.kind),
    },
    counts: {
      planned: planned.length,
      kept: kept.length,
      rejected: rejected.length,
      kept_by_kind: keptByKind,
      rejected_by_stage: countBy(rejected, (r) => r.stage),
      rejected_by_reason: rejectedByReason,
    },
    split: exported?.split ?? null,
    outputs: ["samples.jsonl", "rejected.jsonl", "map.json", "rules.jsonl", ...(exported?.files ?? [])],
    timings_s: {
      ...a.timings,
      plan: (tModel - tPlan) / 1000,
      model: (tValidate - tModel) / 1000,
      validate: (tWrite - tValidate) / 1000,
      write: (performance.now() - tWrite) / 1000,
      total: (performance.now() - t0) / 1000,
    },
  };
  await writeJsonAtomic(path.join(o.out, MANIFEST), manifest);
  return { kept, rejected, manifest };
}
