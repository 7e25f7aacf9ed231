/**
 * `smelt synth qa|design` as a command: draft and validate samples (draft.ts), drop
 * near-duplicate questions, and write kept samples, rejected ones with reasons, the exports
 * and a manifest whose counts add up (planned = kept + rejected).
 */
import path from "node:path";
import { RunError } from "../core/errors.js";
import { gitHead } from "../core/gitHead.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic.js";
import { smeltVersion } from "../version.js";
import { nearDuplicateTexts } from "./dedup.js";
import { type Draft, type DraftOptions, draftSamples, isValid, repoName } from "./draft.js";
import { type ExportOptions, type ExportResult, exportSamples, type SynthSample } from "./export/index.js";
import { userText } from "./export/render.js";
import { domainMapJson } from "./map/save.js";
import type { CostEstimate } from "./model/types.js";
import { MANIFEST, prepareOut, TOOL, writeJsonl } from "./output.js";
import { reasonCategory } from "./reasons.js";

export type { SynthTask } from "./draft.js";

export interface SynthOptions extends Omit<DraftOptions, "cacheDir"> {
  out: string;
  force?: boolean;
  /** Questions (QA) or requirements (design) at least this similar to a kept one are dropped. */
  dedupThreshold?: number;
  export?: Omit<ExportOptions, "outDir">;
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
  /** `offline`, or the provider's name (`openai:gpt-4o-mini@api.openai.com`). */
  model: string;
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const rejectedOf = (d: Draft): Rejected => ({
  id: d.id,
  stage: d.stage ?? "validate",
  reasons: d.reasons,
  ...(d.sample !== undefined ? { sample: d.sample } : {}),
  ...(d.raw_text !== undefined ? { raw_text: d.raw_text } : {}),
});

export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const started = new Date();
  const t0 = performance.now();
  if (!o.dryRun) await prepareOut(o.out, o.force ?? false);
  const res = await draftSamples({ ...o, cacheDir: path.join(o.out, ".cache", "model") });
  if (o.dryRun) return { kept: [], rejected: [], manifest: {}, estimate: res.estimate, model: res.model };
  const tDedup = performance.now();
  const a = res.analysis;
  const valid = res.drafts.filter(isValid).map((d) => d.sample);
  const rejected = res.drafts.filter((d) => !isValid(d)).map(rejectedOf);
  const dups = nearDuplicateTexts(
    valid.map((s) => ({ id: s.id, text: userText(s) })),
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
  const planned = res.drafts.length;
  if (planned !== kept.length + rejected.length) {
    throw new RunError(`accounting: planned ${planned} != kept ${kept.length} + rejected ${rejected.length}`);
  }
  const tWrite = performance.now();

  const revision = gitHead(a.root) ?? undefined;
  const keptByKind = countBy(kept, (s) => s.metadata.kind);
  const rejectedByReason = countBy(
    rejected.flatMap((r) => [...new Set(r.reasons.map(reasonCategory))]),
    (x) => x,
  );
  const counts: Record<string, number> = {
    planned,
    kept: kept.length,
    rejected: rejected.length,
    ...Object.fromEntries(Object.entries(keptByKind).map(([k, v]) => [`kept:${k}`, v])),
    ...Object.fromEntries(Object.entries(rejectedByReason).map(([k, v]) => [`rejected:${k}`, v])),
  };
  // raw → cleaned: every planned sample as generated (the model's JSON before cleaning), then
  // the kept ones, then the rejected ones with reasons.
  await writeJsonl(
    path.join(o.out, "raw.jsonl"),
    res.drafts.map((d) => ({
      id: d.id,
      ...(d.raw !== undefined ? { raw: d.raw } : d.sample !== undefined ? { raw: d.sample } : {}),
      ...(d.raw_text !== undefined ? { raw_text: d.raw_text } : {}),
    })),
  );
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
        model: res.model,
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
    model: { provider: o.model.provider, name: res.model, stats: res.stats ?? null },
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
      planned,
      kept: kept.length,
      rejected: rejected.length,
      kept_by_kind: keptByKind,
      rejected_by_stage: countBy(rejected, (r) => r.stage),
      rejected_by_reason: rejectedByReason,
    },
    split: exported?.split ?? null,
    outputs: ["raw.jsonl", "samples.jsonl", "rejected.jsonl", "map.json", "rules.jsonl", ...(exported?.files ?? [])],
    timings_s: {
      ...a.timings,
      draft: (tDedup - t0) / 1000 - a.timings.index - a.timings.map - a.timings.rules,
      dedup: (tWrite - tDedup) / 1000,
      write: (performance.now() - tWrite) / 1000,
      total: (performance.now() - t0) / 1000,
    },
  };
  await writeJsonAtomic(path.join(o.out, MANIFEST), manifest);
  return { kept, rejected, manifest, model: res.model };
}
