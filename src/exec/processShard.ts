import { type OpCounts, zeroCounts, zeroOpCounts } from "../core/accounting.js";
import { errorMessage } from "../core/errors.js";
import { type FieldTypes, observe } from "../core/fieldTypes.js";
import { type BatchFn, type OpContext, type OperatorDef, type RecordOutcome, toDropInfo } from "../core/operator.js";
import type { DropInfo, ErroredRecord, SmeltRecord } from "../core/record.js";
import { findOperator } from "../core/registry.js";
import { repoFilesLookup } from "../core/repoFiles.js";
import { compileWhere } from "../core/where.js";
import { AtomicLineWriter, writeJsonAtomic } from "../io/atomic.js";
import { pathExists } from "../io/paths.js";
import { findReader } from "../io/readers/index.js";
import { fileChunksSync, splitLines } from "../io/readers/lines.js";
import type { ReadItem } from "../io/readers/types.js";
import type { OperatorSpec } from "../recipe/types.js";
import { scrubSecrets } from "./log.js";
import type { ShardResult, ShardTask } from "./task.js";

export interface LiveOp {
  spec: OperatorSpec;
  def: OperatorDef;
  fn: BatchFn;
  /** The entry's `where:` condition; records failing it pass through untouched. */
  applies?: (r: SmeltRecord) => boolean;
}

/** The paths of a shard's files under its output prefix. */
export function shardPaths(prefix: string) {
  return {
    kept: `${prefix}.kept.jsonl`,
    dropped: `${prefix}.dropped.jsonl`,
    errored: `${prefix}.errored.jsonl`,
    keys: `${prefix}.keys.jsonl`,
    done: `${prefix}.done.json`,
  };
}

/**
 * Run one segment over one shard: stream records in batches through the operators, write
 * kept / dropped / errored records (and global-operator keys) to files, then drop a `.done.json`
 * marker. Only the marker makes the shard count as finished, so a kill at any moment is safe.
 */
export async function processShard(task: ShardTask): Promise<ShardResult> {
  const started = performance.now();
  const { segment } = task;
  const paths = shardPaths(task.outPrefix);
  const out = {
    kept: new AtomicLineWriter(paths.kept),
    dropped: new AtomicLineWriter(paths.dropped),
    errored: new AtomicLineWriter(paths.errored),
    keys: new AtomicLineWriter(paths.keys),
  };
  const ops: Record<string, OpCounts> = {};
  const counts = zeroCounts();
  const keptMeta: FieldTypes = {};
  const keptScores = new Set<string>();
  const dropMeta: FieldTypes = {};
  const dropExtra: FieldTypes = {};
  const dropScores = new Set<string>();
  const progress = task.progress ? new BigInt64Array(task.progress) : undefined;
  let bytesIn = 0;
  let keyRow = 0;
  /** Row of the next record in this segment's input file: decisions name records by row. */
  let applyRow = 0;

  const repoFiles = repoFilesLookup(task.locators);
  const ctxFor = (spec: OperatorSpec): OpContext => ({
    id: spec.id,
    seed: task.seed,
    shard: task.shard,
    baseDir: task.baseDir,
    repoFiles,
  });
  const live: LiveOp[] = [];
  for (const spec of segment.ops) {
    const def = requireOperator(spec.op);
    if (!def.create) throw new Error(`operator ${spec.op} has no batch function`);
    live.push({ spec, def, fn: await def.create(spec.params, ctxFor(spec)), applies: compileWhere(spec.where) });
    ops[spec.id] = zeroOpCounts();
  }
  const keyDef = segment.keyOp ? requireOperator(segment.keyOp.op) : undefined;
  // A global operator's `where:` decides which records take part (get a key) at all.
  const keyApplies = compileWhere(segment.keyOp?.where);
  const decision = segment.apply ? await loadDecision(task.decisionFile) : undefined;
  // A segment that only applies a decision drops by position: no record needs parsing.
  const rawApply = !segment.reads && segment.apply !== undefined && segment.ops.length === 0 && !segment.keyOp;
  if (segment.apply) ops[segment.apply.id] = zeroOpCounts();

  // Operators may quote their params in reasons (regex_filter: `text ~ /<pattern>/`), and a
  // param may hold a secret interpolated from the environment: mask it like the manifest does.
  const secrets = task.secrets ?? [];
  const writeDropped = async (r: SmeltRecord, info: DropInfo) => {
    // Without keep_dropped nobody reads dropped records back: the counts are enough, and not
    // writing them saves a copy of everything a dedup removes.
    if (!task.keepDropped) return;
    const { extra, ...rest } = info;
    rest.drop_reason = scrubSecrets(rest.drop_reason, secrets);
    if (extra) observe(dropExtra, extra);
    observe(dropMeta, r.meta);
    for (const s in r.scores) dropScores.add(s);
    out.dropped.write(JSON.stringify({ ...r, ...rest, extra: extra ?? {} }));
  };
  const writeErrored = async (r: ErroredRecord) => {
    out.errored.write(JSON.stringify({ ...r, error: scrubSecrets(r.error, secrets) }));
  };

  const runBatch = async (batch: SmeltRecord[]) => {
    let current = batch;
    if (segment.apply && decision) {
      const c = ops[segment.apply.id] as OpCounts;
      const next: SmeltRecord[] = [];
      const rule = requireOperator(segment.apply.op).global?.rule ?? "duplicate";
      c.in += current.length;
      for (const r of current) {
        const d = decision.get(applyRow++);
        if (d === undefined) next.push(r);
        else {
          c.dropped++;
          c.drop_rules[rule] = (c.drop_rules[rule] ?? 0) + 1;
          await writeDropped(r, { dropped_by: segment.apply.id, rule, drop_reason: d.reason, extra: d.extra });
        }
      }
      c.out += next.length;
      current = next;
    }
    for (const op of live) {
      if (current.length === 0) break;
      const c = ops[op.spec.id] as OpCounts;
      if (!op.applies) {
        current = await runOperator(op, current, c, writeDropped, writeErrored);
        continue;
      }
      // Only matching records go through the operator; the rest keep their place in the order.
      const applies = op.applies;
      // Evaluate the condition once per record; remember who was chosen for the merge.
      const chosenSet = new Set(current.filter((r) => applies(r)));
      const skipped = current.length - chosenSet.size;
      c.in += skipped;
      c.out += skipped;
      c.skipped = (c.skipped ?? 0) + skipped;
      if (chosenSet.size === 0) continue;
      const after = await runOperator(op, [...chosenSet], c, writeDropped, writeErrored);
      const survivors = new Set(after);
      const merged = current.filter((r) => !chosenSet.has(r) || survivors.has(r));
      for (const r of after) if (!chosenSet.has(r)) merged.push(r); // generated records
      current = merged;
    }
    for (const r of current) {
      observe(keptMeta, r.meta);
      for (const s in r.scores) keptScores.add(s);
      if (segment.keyOp && keyDef?.global) {
        const line =
          keyApplies && !keyApplies(r) ? null : keyLine(keyDef.global, r, segment.keyOp.params, task.shard, keyRow);
        if (line !== null) out.keys.write(line);
        keyRow++;
      }
      out.kept.write(JSON.stringify(r));
    }
    counts.out += current.length;
  };

  try {
    let batch: SmeltRecord[] = [];
    let pendingBytes = 0;
    const reportProgress = (records: number) => {
      if (progress) {
        Atomics.add(progress, 0, BigInt(records));
        Atomics.add(progress, 1, BigInt(pendingBytes));
      }
      pendingBytes = 0;
    };
    const flush = async () => {
      if (batch.length > 0) await runBatch(batch);
      reportProgress(batch.length);
      batch = [];
    };
    if (segment.reads) {
      if (!task.input) throw new Error("first segment without an input shard");
      const readOp = `read:${task.input.spec.id}`;
      const c = zeroOpCounts();
      ops[readOp] = c;
      // Put the reader first in the per-operator listing.
      const reordered: Record<string, OpCounts> = { [readOp]: c, ...ops };
      for (const k of Object.keys(ops)) delete ops[k];
      Object.assign(ops, reordered);
      for await (const item of readInput(task)) {
        c.in++;
        counts.in++;
        bytesIn += item.bytes;
        pendingBytes += item.bytes;
        if (item.kind === "record") {
          c.out++;
          batch.push(item.record);
        } else if (item.kind === "dropped") {
          c.dropped++;
          c.drop_rules[item.rule] = (c.drop_rules[item.rule] ?? 0) + 1;
          await writeDropped(item.record, { dropped_by: readOp, rule: item.rule, drop_reason: item.reason });
        } else {
          c.errored++;
          await writeErrored(item.record);
        }
        if (batch.length >= task.batchSize) await flush();
      }
    } else if (task.inFile && rawApply && segment.apply && decision) {
      // Applying a decision and nothing else: kept lines are copied as bytes, never parsed.
      const applyId = segment.apply.id;
      const c = ops[applyId] as OpCounts;
      const rule = requireOperator(segment.apply.op).global?.rule ?? "duplicate";
      let sinceProgress = 0;
      for await (const line of splitLines(fileChunksSync(task.inFile))) {
        if (line.bytes.length === 0) continue;
        counts.in++;
        c.in++;
        bytesIn += line.size;
        pendingBytes += line.size;
        const d = decision.get(applyRow++);
        if (d === undefined) {
          c.out++;
          counts.out++;
          out.kept.writeRaw(line.bytes);
        } else {
          c.dropped++;
          c.drop_rules[rule] = (c.drop_rules[rule] ?? 0) + 1;
          if (task.keepDropped) {
            const r = JSON.parse(line.bytes.toString("utf8")) as SmeltRecord;
            await writeDropped(r, { dropped_by: applyId, rule, drop_reason: d.reason, extra: d.extra });
          }
        }
        if (++sinceProgress >= task.batchSize) {
          reportProgress(sinceProgress);
          sinceProgress = 0;
        }
      }
      reportProgress(sinceProgress);
      // The kept records are a subset of the input: its column types describe them.
      if (task.inputColumns) {
        Object.assign(keptMeta, task.inputColumns.meta);
        for (const sc of task.inputColumns.scores) keptScores.add(sc);
      }
    } else if (task.inFile) {
      for await (const line of splitLines(fileChunksSync(task.inFile))) {
        if (line.bytes.length === 0) continue;
        counts.in++;
        bytesIn += line.size;
        pendingBytes += line.size;
        batch.push(JSON.parse(line.bytes.toString("utf8")) as SmeltRecord);
        if (batch.length >= task.batchSize) await flush();
      }
    }
    await flush();

    for (const c of Object.values(ops)) {
      counts.dropped += c.dropped;
      counts.errored += c.errored;
      counts.generated += c.generated;
    }
    const files: ShardResult["files"] = {};
    if (await out.kept.commit()) files.kept = paths.kept;
    if (await out.dropped.commit()) files.dropped = paths.dropped;
    if (await out.errored.commit()) files.errored = paths.errored;
    if (await out.keys.commit()) files.keys = paths.keys;
    const result: ShardResult = {
      shard: task.shard,
      segment: segment.key,
      counts,
      ops,
      kept: { meta: keptMeta, scores: [...keptScores].sort() },
      dropped: { meta: dropMeta, scores: [...dropScores].sort(), extra: dropExtra },
      bytesIn,
      seconds: Math.round(performance.now() - started) / 1000,
      files,
    };
    await writeJsonAtomic(paths.done, result);
    return result;
  } catch (err) {
    await Promise.all(Object.values(out).map((w) => w.abort()));
    throw err;
  }
}

/**
 * The key file line of a record for a global operator: its group key (exact dedup) or its
 * sketch (near-duplicate), with its position (shard, row) that decisions refer to.
 */
function keyLine(
  global: NonNullable<OperatorDef["global"]>,
  r: SmeltRecord,
  params: Record<string, unknown>,
  shard: number,
  row: number,
): string | null {
  if (global.type === "group_keep_first") {
    const key = global.key(r, params);
    return key === null ? null : JSON.stringify({ k: key, s: shard, r: row, i: r.id });
  }
  const sk = global.sketch(r, params);
  if (sk === null) return null;
  return JSON.stringify({
    s: shard,
    r: row,
    i: r.id,
    o: r.source,
    b: sk.bands,
    g: sk.signature,
    n: sk.length,
    c: sk.score,
    ...(sk.shingles === undefined ? {} : { h: sk.shingles }),
  });
}

function changed(was: { text: string; meta: SmeltRecord["meta"] }, now: SmeltRecord): boolean {
  if (was.text !== now.text) return true;
  const keys = Object.keys(now.meta);
  if (keys.length !== Object.keys(was.meta).length) return true;
  return keys.some((k) => {
    const a = was.meta[k];
    const b = now.meta[k];
    return Array.isArray(a) && Array.isArray(b) ? a.join("\u0000") !== b.join("\u0000") : a !== b;
  });
}

function requireOperator(name: string): OperatorDef {
  const def = findOperator(name);
  if (!def) throw new Error(`unknown operator ${name}`);
  return def;
}

async function* readInput(task: ShardTask): AsyncIterable<ReadItem> {
  const input = task.input;
  if (!input) return;
  const reader = findReader(input.spec.type);
  if (!reader) throw new Error(`unknown input type ${input.spec.type}`);
  yield* reader.read(input.shard, input.spec);
}

/**
 * Run one operator over a batch. If the operator throws on the batch, retry record by record
 * so one bad record becomes `errored` (with the operator's message) instead of failing the run.
 */
export async function runOperator(
  op: LiveOp,
  records: SmeltRecord[],
  c: OpCounts,
  writeDropped: (r: SmeltRecord, info: DropInfo) => Promise<void>,
  writeErrored: (r: ErroredRecord) => Promise<void>,
): Promise<SmeltRecord[]> {
  c.in += records.length;
  const kept: SmeltRecord[] = [];
  // A refiner is credited in `refined_by` only for records it actually changed.
  const before =
    op.def.kind === "refiner" ? new Map(records.map((r) => [r, { text: r.text, meta: { ...r.meta } }])) : undefined;
  const settle = async (r: SmeltRecord, outcome: RecordOutcome | undefined) => {
    if (outcome === undefined || outcome.keep) {
      const was = before?.get(r);
      if (was && changed(was, r)) r.refined_by = [...(r.refined_by ?? []), op.spec.id];
      kept.push(r);
      return;
    }
    c.dropped++;
    c.drop_rules[outcome.rule] = (c.drop_rules[outcome.rule] ?? 0) + 1;
    await writeDropped(r, toDropInfo(op.spec.id, outcome));
  };
  let result: Awaited<ReturnType<BatchFn>> | undefined;
  try {
    result = await op.fn(records);
    if (result.outcomes.length !== records.length) {
      throw new Error(`returned ${result.outcomes.length} outcomes for ${records.length} records`);
    }
  } catch {
    result = undefined;
  }
  if (result) {
    for (let i = 0; i < records.length; i++) await settle(records[i] as SmeltRecord, result.outcomes[i]);
    for (const g of result.added ?? []) {
      g.generated_by ??= op.spec.id;
      c.generated++;
      kept.push(g);
    }
  } else {
    for (const r of records) {
      try {
        const single = await op.fn([r]);
        if (single.outcomes.length !== 1) throw new Error(`returned ${single.outcomes.length} outcomes for 1 record`);
        await settle(r, single.outcomes[0]);
        for (const g of single.added ?? []) {
          g.generated_by ??= op.spec.id;
          c.generated++;
          kept.push(g);
        }
      } catch (err) {
        c.errored++;
        await writeErrored({
          id: r.id,
          source: r.source,
          path: r.path,
          repo: r.repo,
          ...(op.def.withholdTextOnError ? {} : { text: r.text }),
          errored_by: op.spec.id,
          error: errorMessage(err),
        });
      }
    }
  }
  c.out += kept.length;
  return kept;
}

interface Decision {
  reason: string;
  extra: Record<string, string | number>;
}

/**
 * Load this shard's drop list of a global operator (bounded by the shard's size), keyed by the
 * record's row in this segment's input file (the row its key was emitted at), not by its id:
 * ids come from the data with `id_field`, and two records may share one.
 */
async function loadDecision(file: string | undefined): Promise<Map<number, Decision>> {
  const map = new Map<number, Decision>();
  if (!file || !(await pathExists(file))) return map;
  for await (const line of splitLines(fileChunksSync(file))) {
    if (line.bytes.length === 0) continue;
    const d = JSON.parse(line.bytes.toString("utf8")) as {
      r: number;
      reason: string;
      extra: Record<string, string | number>;
    };
    map.set(d.r, { reason: d.reason, extra: d.extra });
  }
  return map;
}
