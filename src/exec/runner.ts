import { execFileSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
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
import { RunError, UserError } from "../core/errors.js";
import { type FieldTypes, mergeTypes } from "../core/fieldTypes.js";
import type { DatasetEntry, Manifest, OperatorEntry, StageManifest } from "../core/manifest.js";
import { findOperator } from "../core/registry.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic.js";
import { findReader } from "../io/readers/index.js";
import type { InputShard } from "../io/readers/types.js";
import { renderDatasetCard } from "../io/writers/card.js";
import { writeDataset } from "../io/writers/dataset.js";
import { configHash } from "../recipe/hash.js";
import type { Recipe } from "../recipe/types.js";
import { smeltVersion } from "../version.js";
import { type DecisionSummary, decideKeepFirst, decisionFile } from "./decide.js";
import { type Logger, scrubDeep, silentLogger } from "./log.js";
import { defaultWorkers, ShardPool } from "./pool.js";
import { shardPaths } from "./processShard.js";
import { type ProgressMode, progressMode, startPhase } from "./progress.js";
import { planSegments, type Segment } from "./segments.js";
import { prepareOutput, stateDir, sweepTempFiles, writeState } from "./state.js";
import type { ShardResult, ShardTask } from "./task.js";

/**
 * Target input bytes per shard. Small enough that 2-16 workers stay balanced on modest inputs
 * and a resume redoes little; large enough that per-shard overhead (a few files) stays small.
 */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export interface RunOptions {
  workers?: number;
  /** Discard an earlier run in the output folder and start over. */
  fresh?: boolean;
  log?: Logger;
  progress?: "auto" | ProgressMode;
  /** Target input bytes per shard (default DEFAULT_SHARD_BYTES). Smaller = finer resume, more files. */
  shardBytes?: number;
  /** Records per operator batch (default 500). */
  batchSize?: number;
  /** Interpolated secret values: scrubbed from the manifest and logs. */
  secrets?: string[];
  /** Keep `.smelt/work` (every stage's shard files) after a successful run. */
  keepWork?: boolean;
}

export interface RunResult {
  manifest: Manifest;
  outputDir: string;
}

interface PlannedShard {
  index: number;
  input: InputShard;
}

/** Run a validated recipe end to end: plan, stages on the worker pool, final write, accounting. */
export async function runRecipe(recipe: Recipe, opts: RunOptions = {}): Promise<RunResult> {
  const log = opts.log ?? silentLogger;
  const secrets = opts.secrets ?? [];
  const workers = opts.workers ?? defaultWorkers();
  const mode = progressMode(opts.progress ?? "auto");
  const startedAt = new Date();
  const outDir = recipe.output.path;
  const hash = configHash(recipe, {}, secrets);

  const prepared = await prepareOutput(outDir, hash, opts.fresh ?? false);
  const state = stateDir(outDir);
  const workDir = join(state, "work");
  // Planning ran to completion before iff the previous state has a plan hash.
  const previousPlan = prepared.previous?.plan_hash ?? "";
  if (prepared.mode === "resume" && previousPlan !== "") {
    const swept = await sweepTempFiles(state);
    log.info(`resuming the interrupted run in ${outDir}${swept ? ` (removed ${swept} partial files)` : ""}`);
  }
  // Claim the folder before planning, so a planning failure (a clone that fails...) still
  // leaves a folder Smelt recognises as its own.
  await writeState(outDir, {
    config_hash: hash,
    plan_hash: previousPlan,
    recipe: recipe.name,
    status: "running",
    started_at: prepared.previous?.started_at ?? startedAt.toISOString(),
  });

  // Plan: list every input's shards (cheap: file listings and sizes).
  const timings = { plan_s: 0, decide_s: 0, write_s: 0 };
  const planned: PlannedShard[] = [];
  const inputSummaries: Manifest["inputs"] = [];
  let planHash = "";
  const segments = planSegments(recipe);
  const results = new Map<string, ShardResult[]>();
  const decisions = new Map<string, DecisionSummary>();
  /** Wall seconds per segment in this process (a resumed run counts only its own share). */
  const seconds = new Map<string, number>();
  // Start the worker threads now: they load their modules while the inputs are planned.
  const pool = new ShardPool(workers);
  try {
    const planStart = performance.now();
    for (const spec of recipe.inputs) {
      const reader = findReader(spec.type);
      if (!reader) throw new UserError(`input \`${spec.id}\`: unknown input type \`${spec.type}\``);
      const shards = await reader.plan(spec, {
        baseDir: recipe.baseDir,
        shardBytes: opts.shardBytes ?? DEFAULT_SHARD_BYTES,
        workDir: state,
      });
      for (const s of shards) planned.push({ index: planned.length, input: s });
      inputSummaries.push({
        id: spec.id,
        type: spec.type,
        shards: shards.length,
        bytes: shards.reduce((a, s) => a + s.bytes, 0),
      });
    }
    planHash = configHashOfPlan(hash, planned);
    if (prepared.mode === "resume" && previousPlan !== "" && previousPlan !== planHash) {
      throw new UserError(
        `the shard plan differs from the interrupted run in ${outDir}: input files were added, removed or ` +
          "modified, or --shard-mb changed. Its finished shards cannot be mixed with a different plan: " +
          "pass --fresh to start over (or restore the inputs and --shard-mb of that run).",
      );
    }
    await writeState(outDir, {
      config_hash: hash,
      plan_hash: planHash,
      recipe: recipe.name,
      status: "running",
      started_at: prepared.previous?.started_at ?? startedAt.toISOString(),
    });
    log.info(
      `${recipe.name}: ${planned.length} shards from ${recipe.inputs.length} input(s), ${formatBytes(inputSummaries.reduce((a, i) => a + i.bytes, 0))}, ${workers} worker(s)`,
    );

    timings.plan_s = elapsedSince(planStart);
    let previous: ShardResult[] | undefined;
    let previousSegment: Segment | undefined;
    for (const segment of segments) {
      const segStart = performance.now();
      const segDir = join(workDir, segment.key);
      const decisionDir = previousSegment?.keyOp ? join(workDir, previousSegment.key, "decision") : undefined;
      if (segment.apply && previousSegment && previous && decisionDir) {
        const decideStart = performance.now();
        decisions.set(
          segment.key,
          await ensureDecision(segment, previousSegment, previous, decisionDir, state, workers),
        );
        timings.decide_s += elapsedSince(decideStart);
      }
      const segResults = await runSegment({
        segment,
        segDir,
        planned,
        previous,
        decisionDir,
        recipe,
        pool,
        mode,
        log,
        batchSize: opts.batchSize ?? 500,
        secrets,
      });
      results.set(segment.key, segResults);
      seconds.set(segment.key, (performance.now() - segStart) / 1000);
      previous = segResults;
      previousSegment = segment;
    }
  } finally {
    await pool.close();
  }

  const manifest = await finish({
    timings,
    recipe,
    hash,
    segments,
    results,
    decisions,
    seconds,
    keepWork: opts.keepWork ?? false,
    inputSummaries,
    outDir,
    state,
    startedAt,
    workers,
    resumed: prepared.mode === "resume",
    secrets,
    log,
  });
  const scrubbed = scrubDeep(manifest, secrets);
  await writeJsonAtomic(join(outDir, "manifest.json"), scrubbed);
  await writeFileAtomic(join(outDir, "README.md"), renderDatasetCard(scrubbed));
  if (!scrubbed.accounting.ok) {
    throw new RunError(`accounting check failed:\n  ${scrubbed.accounting.problems.join("\n  ")}`);
  }
  await writeState(outDir, {
    config_hash: hash,
    plan_hash: planHash,
    recipe: recipe.name,
    status: "complete",
    started_at: startedAt.toISOString(),
    finished_at: scrubbed.finished_at,
  });
  if (!opts.keepWork) await rm(workDir, { recursive: true, force: true });
  return { manifest: scrubbed, outputDir: outDir };
}

function configHashOfPlan(hash: string, planned: PlannedShard[]): string {
  return `${hash}:${planned.length}:${simpleHash(planned.map((p) => p.input.fingerprint).join("|"))}`;
}

function simpleHash(s: string): string {
  // FNV-1a, enough to notice a changed plan; the config hash itself is SHA-256.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

async function readDone(path: string): Promise<ShardResult | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as ShardResult;
  } catch {
    return undefined;
  }
}

async function runSegment(args: {
  segment: Segment;
  segDir: string;
  planned: PlannedShard[];
  previous: ShardResult[] | undefined;
  decisionDir: string | undefined;
  recipe: Recipe;
  pool: ShardPool;
  mode: ProgressMode;
  log: Logger;
  batchSize: number;
  secrets: string[];
}): Promise<ShardResult[]> {
  const { segment, segDir, planned, previous, recipe } = args;
  const out: ShardResult[] = new Array(planned.length);
  const todo: ShardTask[] = [];
  const progressBuf = new SharedArrayBuffer(16);
  for (const p of planned) {
    const prefix = join(segDir, `shard-${String(p.index).padStart(5, "0")}`);
    const done = await readDone(shardPaths(prefix).done);
    if (done) {
      out[p.index] = done;
      continue;
    }
    const spec = recipe.inputs.find((i) => i.id === p.input.input);
    todo.push({
      segment,
      shard: p.index,
      seed: recipe.seed,
      input: segment.reads && spec ? { shard: p.input, spec } : undefined,
      inFile: previous?.[p.index]?.files.kept,
      inputColumns: previous?.[p.index]?.kept,
      decisionFile: args.decisionDir ? decisionFile(args.decisionDir, p.index) : undefined,
      outPrefix: prefix,
      batchSize: args.batchSize,
      secrets: args.secrets,
      progress: progressBuf,
      keepDropped: recipe.output.keep_dropped,
    });
  }
  if (todo.length === 0) return out;
  const bytesOf = (t: ShardTask) =>
    t.input ? t.input.shard.bytes : previous?.[t.shard]?.files.kept ? (previous[t.shard]?.bytesIn ?? 0) : 0;
  const totalBytes = segment.reads
    ? todo.reduce((a, t) => a + bytesOf(t), 0)
    : todo.reduce((a, t) => a + keptBytesEstimate(previous?.[t.shard]), 0);
  const label = `${segment.stageName}${segment.key.endsWith(".0") ? "" : ` (${segment.key.split(".")[1]})`}`;
  const bar = startPhase(args.mode, label, { bytes: totalBytes, shards: todo.length }, args.log);
  const counters = new BigInt64Array(progressBuf);
  let shardsDone = 0;
  const snapshot = () => ({ records: Number(counters[0]), bytes: Number(counters[1]), shardsDone });
  const timer = setInterval(() => bar.update(snapshot()), 250);
  try {
    await Promise.all(
      todo.map(async (task) => {
        const r = await args.pool.run(task);
        out[task.shard] = r;
        shardsDone++;
      }),
    );
  } finally {
    clearInterval(timer);
  }
  bar.finish(snapshot());
  return out;
}

/** Bytes of a previous shard's kept file, for progress totals (0 when it kept nothing). */
function keptBytesEstimate(r: ShardResult | undefined): number {
  if (!r?.files.kept) return 0;
  return r.bytesIn > 0 ? Math.round((r.bytesIn * r.counts.out) / Math.max(r.counts.in, 1)) : 0;
}

async function ensureDecision(
  segment: Segment,
  keySegment: Segment,
  keyResults: ShardResult[],
  dir: string,
  state: string,
  threads: number,
): Promise<DecisionSummary> {
  const existing = await readFile(join(dir, "_done.json"), "utf8").catch(() => undefined);
  if (existing) return JSON.parse(existing) as DecisionSummary;
  const spec = segment.apply ?? keySegment.keyOp;
  const def = spec ? findOperator(spec.op) : undefined;
  if (!spec || !def?.global) throw new Error(`segment ${segment.key} has no global operator to apply`);
  return decideKeepFirst({
    opId: spec.id,
    rule: def.global.rule,
    keyFiles: keyResults.flatMap((r) => (r.files.keys ? [r.files.keys] : [])),
    dir,
    tempDir: join(state, "duckdb-spill"),
    threads,
  });
}

/** Write the final datasets, assemble and check the manifest. */
async function finish(a: {
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
      data: { ...entry("data", data, recipe.output.partition_by), metadata_fields: keptCols.meta },
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
  try {
    const root = dirname(fileURLToPath(import.meta.url));
    revisionCache = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    revisionCache = null;
  }
  return revisionCache;
}

function elapsedSince(since: number): number {
  return (performance.now() - since) / 1000;
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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
