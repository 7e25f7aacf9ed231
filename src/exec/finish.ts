import { rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  addCounts,
  addOpCounts,
  balanced,
  describeImbalance,
  type OpCounts,
  zeroCounts,
  zeroOpCounts,
} from "../core/accounting.js";
import { type FieldTypes, mergeTypes } from "../core/fieldTypes.js";
import { gitHead } from "../core/gitHead.js";
import type { DatasetEntry, Manifest, OperatorEntry, StageManifest } from "../core/manifest.js";
import { findOperator } from "../core/registry.js";
import { writeJsonAtomic } from "../io/atomic.js";
import { writeDataset } from "../io/writers/dataset.js";
import type { Recipe } from "../recipe/types.js";
import { smeltVersion } from "../version.js";
import type { DecisionSummary } from "./decide.js";
import { type Logger, scrubDeep } from "./log.js";
import type { Segment } from "./segments.js";
import type { ShardResult } from "./task.js";

/** Write the final datasets, assemble and check the manifest. */
export async function finishRun(a: {
  recipe: Recipe;
  hash: string;
  segments: Segment[];
  results: Map<string, ShardResult[]>;
  decisions: Map<string, DecisionSummary>;
  seconds: Map<string, number>;
  keepWork: boolean;
  timings: { plan_s: number; decide_s: number; write_s: number };
  inputSummaries: Manifest["inputs"];
  outDir: string;
  state: string;
  startedAt: Date;
  workers: number;
  resumed: boolean;
  secrets: string[];
  log: Logger;
}): Promise<Manifest> {
  const { recipe, outDir } = a;
  const all = a.segments.map((s) => ({ segment: s, results: a.results.get(s.key) ?? [] }));
  const last = all[all.length - 1];
  const problems: string[] = [];

  // Per-operator counts, merged over shards, in pipeline order.
  const stages: StageManifest[] = recipe.stages.map((st, index) => ({
    index: index + 1,
    name: st.name,
    counts: zeroCounts(),
    operators: [],
    shards: 0,
    decisions: [],
    duration_s: 0,
  }));
  const runCounts = zeroCounts();
  for (const [i, { segment, results }] of all.entries()) {
    const stage = stages[segment.stageIndex] as StageManifest;
    const merged = new Map<string, OpCounts>();
    const segCounts = zeroCounts();
    for (const r of results) {
      addCounts(segCounts, r.counts);
      for (const [id, c] of Object.entries(r.ops)) merged.set(id, addOpCounts(merged.get(id) ?? zeroOpCounts(), c));
    }
    const firstOfStage = all.findIndex((x) => x.segment.stageIndex === segment.stageIndex) === i;
    const lastOfStage = all.findLastIndex((x) => x.segment.stageIndex === segment.stageIndex) === i;
    if (firstOfStage) stage.counts.in = segCounts.in;
    if (lastOfStage) {
      stage.counts.out = segCounts.out;
      stage.shards = results.length;
      if (a.keepWork)
        stage.boundary_files = results.flatMap((r) => (r.files.kept ? [relative(outDir, r.files.kept)] : []));
    }
    stage.counts.dropped += segCounts.dropped;
    stage.counts.errored += segCounts.errored;
    stage.counts.generated += segCounts.generated;
    if (i === 0) runCounts.in = segCounts.in;
    if (i === all.length - 1) runCounts.out = segCounts.out;
    runCounts.dropped += segCounts.dropped;
    runCounts.errored += segCounts.errored;
    runCounts.generated += segCounts.generated;
    if (!balanced(segCounts)) problems.push(describeImbalance(`segment ${segment.key}`, segCounts));
    for (const [id, c] of [...merged].sort((a, b) => pipelineRank(recipe, a[0]) - pipelineRank(recipe, b[0]))) {
      stage.operators.push(operatorEntry(recipe, id, c));
      if (!balanced(c)) problems.push(describeImbalance(`operator ${id}`, c));
    }
    const decision = a.decisions.get(segment.key);
    if (decision) stage.decisions.push(decision);
    stage.duration_s = Math.round((stage.duration_s + (a.seconds.get(segment.key) ?? 0)) * 100) / 100;
  }
  for (const st of stages) if (!balanced(st.counts)) problems.push(describeImbalance(`stage ${st.name}`, st.counts));
  if (!balanced(runCounts)) problems.push(describeImbalance("run", runCounts));

  // Final datasets.
  const writeStart = performance.now();
  const scratch = join(a.state, "final");
  const base = {
    format: recipe.output.format,
    compression: recipe.output.compression,
    maxFileBytes: recipe.output.max_file_bytes,
    scratch,
    threads: a.workers,
  };
  const lastResults = last?.results ?? [];
  const keptCols = mergeColumns(lastResults.map((r) => r.kept));
  for (const field of recipe.output.partition_by) {
    if (!["source", "path", "repo"].includes(field) && !(field in keptCols.meta) && runCounts.out > 0) {
      const known = Object.keys(keptCols.meta).sort().join(", ") || "none";
      a.log.warn(
        `partition_by field \`${field}\` is set on no kept record, so every record lands in ${field}=unknown ` +
          `(metadata fields present: ${known}). Check the field name or add an operator that sets it.`,
      );
    }
  }
  a.log.info(`writing ${recipe.output.format} to ${join(outDir, "data")}`);
  const data = await writeDataset({
    ...base,
    kind: "kept",
    files: lastResults.flatMap((r) => (r.files.kept ? [r.files.kept] : [])),
    fields: keptCols.meta,
    scores: keptCols.scores,
    dest: join(outDir, "data"),
    partitionBy: recipe.output.partition_by,
  });
  if (data.rows !== runCounts.out) {
    problems.push(`data/ holds ${data.rows} rows but the run counted ${runCounts.out} output records`);
  }
  const everyResult = all.flatMap((x) => x.results);
  let dropped: Awaited<ReturnType<typeof writeDataset>> | undefined;
  await rm(join(outDir, "dropped"), { recursive: true, force: true });
  if (recipe.output.keep_dropped) {
    const cols = mergeColumns(everyResult.map((r) => r.dropped));
    const extra: FieldTypes = {};
    for (const r of everyResult) mergeTypes(extra, r.dropped.extra);
    dropped = await writeDataset({
      ...base,
      kind: "dropped",
      files: everyResult.flatMap((r) => (r.files.dropped ? [r.files.dropped] : [])),
      fields: cols.meta,
      scores: cols.scores,
      dropFields: extra,
      dest: join(outDir, "dropped"),
      partitionBy: [],
    });
    if (dropped.rows !== runCounts.dropped) {
      problems.push(`dropped/ holds ${dropped.rows} rows but the run counted ${runCounts.dropped} dropped records`);
    }
  }
  let errored: Awaited<ReturnType<typeof writeDataset>> | undefined;
  await rm(join(outDir, "errored"), { recursive: true, force: true });
  const erroredFiles = everyResult.flatMap((r) => (r.files.errored ? [r.files.errored] : []));
  if (erroredFiles.length > 0) {
    errored = await writeDataset({
      ...base,
      kind: "errored",
      files: erroredFiles,
      fields: {},
      scores: [],
      dest: join(outDir, "errored"),
      partitionBy: [],
    });
    if (errored.rows !== runCounts.errored) {
      problems.push(`errored/ holds ${errored.rows} rows but the run counted ${runCounts.errored} errored records`);
    }
  }
  await rm(scratch, { recursive: true, force: true });

  a.timings.write_s = elapsedSince(writeStart);
  const finishedAt = new Date();
  const entry = (dir: string, w: Awaited<ReturnType<typeof writeDataset>>, partitionBy: string[]): DatasetEntry => ({
    path: dir,
    format: recipe.output.format,
    compression: recipe.output.compression,
    partition_by: partitionBy,
    rows: w.rows,
    bytes: w.bytes,
    files: w.files,
  });
  const manifest: Manifest = {
    smelt_version: smeltVersion(),
    smelt_revision: smeltRevision(),
    recipe: { name: recipe.name, file: recipe.file, config_hash: a.hash, seed: recipe.seed },
    config: redactedConfig(recipe),
    started_at: a.startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_s: Math.round((finishedAt.getTime() - a.startedAt.getTime()) / 10) / 100,
    workers: a.workers,
    resumed: a.resumed,
    counts: {
      input: runCounts.in,
      output: runCounts.out,
      dropped: runCounts.dropped,
      errored: runCounts.errored,
      generated: runCounts.generated,
    },
    inputs: a.inputSummaries,
    stages,
    outputs: {
      data: {
        ...entry("data", data, recipe.output.partition_by),
        metadata_fields: keptCols.meta,
        score_fields: keptCols.scores,
      },
      ...(dropped ? { dropped: entry("dropped", dropped, []) } : {}),
      ...(errored ? { errored: entry("errored", errored, []) } : {}),
    },
    resources: resourceSummary(),
    timings: {
      plan_s: round2(a.timings.plan_s),
      decide_s: round2(a.timings.decide_s),
      write_s: round2(a.timings.write_s),
    },
    accounting: { ok: problems.length === 0, problems },
  };
  for (const st of stages) {
    // Operator params hold interpolated values (e.g. a regex built from ${..._TOKEN}): scrub
    // secrets here exactly as the caller scrubs manifest.json.
    const stageManifest = { recipe: manifest.recipe, smelt_version: manifest.smelt_version, ...st };
    await writeJsonAtomic(
      join(outDir, "manifests", `stage-${st.index}-${st.name}.json`),
      scrubDeep(stageManifest, a.secrets),
    );
  }
  return manifest;
}

function mergeColumns(seen: Array<{ meta: FieldTypes; scores: string[] }>): { meta: FieldTypes; scores: string[] } {
  const meta: FieldTypes = {};
  const scores = new Set<string>();
  for (const s of seen) {
    mergeTypes(meta, s.meta);
    for (const n of s.scores) scores.add(n);
  }
  return { meta, scores: [...scores].sort() };
}

/** Readers first (in input order), then operators in recipe order. */
function pipelineRank(recipe: Recipe, id: string): number {
  if (id.startsWith("read:")) return recipe.inputs.findIndex((i) => `read:${i.id}` === id);
  return recipe.inputs.length + recipe.stages.flatMap((s) => s.operators).findIndex((o) => o.id === id);
}

function operatorEntry(recipe: Recipe, id: string, c: OpCounts): OperatorEntry {
  if (id.startsWith("read:")) {
    const inputId = id.slice(5);
    const spec = recipe.inputs.find((i) => i.id === inputId);
    return { id, op: `read_${spec?.type ?? "input"}`, kind: "reader", version: smeltVersion(), params: spec, ...c };
  }
  const spec = recipe.stages.flatMap((s) => s.operators).find((o) => o.id === id);
  const def = spec ? findOperator(spec.op) : undefined;
  return {
    id,
    op: spec?.op ?? "?",
    kind: def?.kind ?? "filter",
    version: def?.version ?? "?",
    params: redactParams(spec?.op, spec?.params),
    ...c,
  };
}

function redactParams(op: string | undefined, params: Record<string, unknown> | undefined): unknown {
  if (!op || !params) return params;
  const secret = new Set(findOperator(op)?.secretParams ?? []);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, secret.has(k) ? "***" : v]));
}

function redactedConfig(recipe: Recipe): unknown {
  return {
    name: recipe.name,
    seed: recipe.seed,
    inputs: recipe.inputs,
    stages: recipe.stages.map((s) => ({
      name: s.name,
      operators: s.operators.map((o) => ({ id: o.id, op: o.op, params: redactParams(o.op, o.params) })),
    })),
    output: recipe.output,
  };
}

let revisionCache: string | null | undefined;
/** The git commit of the Smelt checkout running this (null when installed from a package). */
function smeltRevision(): string | null {
  if (revisionCache !== undefined) return revisionCache;
  revisionCache = gitHead(dirname(fileURLToPath(import.meta.url)));
  return revisionCache;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Peak memory and CPU time of this process (worker threads included: they share it). */
function resourceSummary(): Manifest["resources"] {
  const u = process.resourceUsage();
  return {
    peak_rss_mb: Math.round(u.maxRSS / 1024),
    cpu_user_s: Math.round(u.userCPUTime / 1e4) / 100,
    cpu_system_s: Math.round(u.systemCPUTime / 1e4) / 100,
  };
}

export function elapsedSince(since: number): number {
  return (performance.now() - since) / 1000;
}
