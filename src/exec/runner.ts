import { rm } from "node:fs/promises";
import { join } from "node:path";
import { RunError, UserError } from "../core/errors.js";
import { formatBytes } from "../core/format.js";
import type { Manifest } from "../core/manifest.js";
import type { InputLocator } from "../core/repoFiles.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic.js";
import { renderDatasetCard } from "../io/writers/card.js";
import { configHash } from "../recipe/hash.js";
import type { Recipe } from "../recipe/types.js";
import type { DecisionSummary } from "./decide.js";
import { elapsedSince, finishRun } from "./finish.js";
import { type Logger, scrubDeep, silentLogger } from "./log.js";
import { type PlannedShard, planFingerprint, planInputs } from "./plan.js";
import { defaultWorkers, ShardPool } from "./pool.js";
import { type ProgressMode, progressMode } from "./progress.js";
import { ensureDecision, runSegment } from "./segmentRun.js";
import { planSegments, type Segment } from "./segments.js";
import { prepareOutput, stateDir, sweepTempFiles, writeState } from "./state.js";
import type { ShardResult } from "./task.js";

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
  const runStartedAt = prepared.previous?.started_at ?? startedAt.toISOString();
  const saveState = (plan_hash: string, finished_at?: string) =>
    writeState(outDir, {
      config_hash: hash,
      plan_hash,
      recipe: recipe.name,
      status: finished_at ? "complete" : "running",
      started_at: runStartedAt,
      ...(finished_at ? { finished_at } : {}),
    });
  // Claim the folder before planning, so a planning failure (a clone that fails...) still
  // leaves a folder Smelt recognises as its own.
  await saveState(previousPlan);

  // Plan: list every input's shards (cheap: file listings and sizes).
  const timings = { plan_s: 0, decide_s: 0, write_s: 0 };
  const planned: PlannedShard[] = [];
  const inputSummaries: Manifest["inputs"] = [];
  let planHash = "";
  const locators: Record<string, InputLocator> = {};
  const segments = planSegments(recipe);
  const results = new Map<string, ShardResult[]>();
  const decisions = new Map<string, DecisionSummary>();
  /** Wall seconds per segment in this process (a resumed run counts only its own share). */
  const seconds = new Map<string, number>();
  // Start the worker threads now: they load their modules while the inputs are planned.
  const pool = new ShardPool(workers);
  try {
    const planStart = performance.now();
    const plan = await planInputs(recipe, opts.shardBytes ?? DEFAULT_SHARD_BYTES, state);
    planned.push(...plan.planned);
    Object.assign(locators, plan.locators);
    inputSummaries.push(...plan.inputs);
    planHash = planFingerprint(hash, planned);
    if (prepared.mode === "resume" && previousPlan !== "" && previousPlan !== planHash) {
      throw new UserError(
        `the shard plan differs from the interrupted run in ${outDir}: input files were added, removed or ` +
          "modified, or --shard-mb changed. Its finished shards cannot be mixed with a different plan: " +
          "pass --fresh to start over (or restore the inputs and --shard-mb of that run).",
      );
    }
    await saveState(planHash);
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
          await ensureDecision(segment, previousSegment, previous, decisionDir, state, workers, recipe.baseDir),
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
        locators,
      });
      results.set(segment.key, segResults);
      seconds.set(segment.key, (performance.now() - segStart) / 1000);
      previous = segResults;
      previousSegment = segment;
    }
  } finally {
    await pool.close();
  }

  const manifest = await finishRun({
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
  await saveState(planHash, scrubbed.finished_at);
  if (!opts.keepWork) await rm(workDir, { recursive: true, force: true });
  return { manifest: scrubbed, outputDir: outDir };
}
