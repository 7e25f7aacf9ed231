import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { findOperator } from "../core/registry.js";
import type { InputLocator } from "../core/repoFiles.js";
import type { Recipe } from "../recipe/types.js";
import { type DecisionSummary, decideKeepFirst, decisionFile } from "./decide.js";
import { decideNearDuplicates } from "./decideNear.js";
import type { Logger } from "./log.js";
import type { PlannedShard } from "./plan.js";
import type { ShardPool } from "./pool.js";
import { shardPaths } from "./processShard.js";
import { type ProgressMode, startPhase } from "./progress.js";
import type { Segment } from "./segments.js";
import type { ShardResult, ShardTask } from "./task.js";

async function readDone(path: string): Promise<ShardResult | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as ShardResult;
  } catch {
    return undefined;
  }
}

/** Run one segment over every shard not done yet; returns every shard's result. */
export async function runSegment(args: {
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
  locators: Record<string, InputLocator>;
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
      baseDir: recipe.baseDir,
      locators: args.locators,
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

export async function ensureDecision(
  segment: Segment,
  keySegment: Segment,
  keyResults: ShardResult[],
  dir: string,
  state: string,
  threads: number,
  baseDir: string,
): Promise<DecisionSummary> {
  const existing = await readFile(join(dir, "_done.json"), "utf8").catch(() => undefined);
  if (existing) return JSON.parse(existing) as DecisionSummary;
  const spec = segment.apply ?? keySegment.keyOp;
  const def = spec ? findOperator(spec.op) : undefined;
  if (!spec || !def?.global) throw new Error(`segment ${segment.key} has no global operator to apply`);
  const common = {
    opId: spec.id,
    keyFiles: keyResults.flatMap((r) => (r.files.keys ? [r.files.keys] : [])),
    dir,
    tempDir: join(state, "duckdb-spill"),
    threads,
  };
  if (def.global.type === "group_keep_first") return decideKeepFirst({ ...common, rule: def.global.rule });
  return decideNearDuplicates({
    ...common,
    near: def.global,
    params: spec.params,
    clustersFile: join(dirname(state), "dedup", `${spec.id}.clusters.parquet`),
    signaturesFile: join(dirname(state), "dedup", `${spec.id}.signatures.parquet`),
    baseDir,
  });
}
