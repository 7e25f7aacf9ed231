/**
 * `smelt scan` end to end, without the CLI: plan the PATHs into tasks, run them (in the main
 * thread, or on a worker pool for big scans), place history findings in commits, drop
 * baselined findings, and count everything for the report.
 */
import { UserError } from "../core/errors.js";
import type { Baseline } from "./config.js";
import { locateBlobs } from "./git.js";
import { POOL_MIN_BYTES, ScanPool } from "./pool.js";
import { scanProgress } from "./progress.js";
import { planScan, type ScanRoot } from "./sources.js";
import { runScanTask } from "./task.js";
import {
  addCounts,
  type DetectConfig,
  type PlacedFinding,
  type ScanTask,
  type TaskCounts,
  type TaskResult,
  zeroCounts,
} from "./types.js";

export interface ScanOptions {
  history?: boolean;
  rev?: string;
  /** Text field of JSONL/Parquet records (default "text"). */
  field?: string;
  /** Files larger than this are skipped and counted (default 1 MB, as the folder reader). */
  maxFileBytes?: number;
  detect: DetectConfig;
  baseline?: Baseline;
  /** Worker threads for big scans (1 = always in the main thread). */
  workers?: number;
  /** Scans planned at fewer bytes run in the main thread (default POOL_MIN_BYTES). */
  poolMinBytes?: number;
  /** Show a progress bar (only ever drawn when stderr is a terminal). */
  progress?: boolean;
  /** Files that could not be read, records without text... */
  onWarning?: (message: string) => void;
}

export interface ScanStats {
  /** Files (or git blobs) whose text was scanned; a JSONL or Parquet file counts once. */
  files: number;
  /** JSONL lines / Parquet rows scanned. */
  records: number;
  /** Bytes scanned. */
  bytes: number;
  skipped: { binary: number; too_large: number; unreadable: number; bad_records: number };
  /** Files that are not UTF-8, scanned decoded as Latin-1. */
  latin1_files: number;
  /** Findings reported (after baseline and allowlist). */
  findings: number;
  by_type: Record<string, number>;
  /** Findings left out because the baseline has them. */
  baselined: number;
  /** Findings left out by the allowlist's values, regexes or fingerprints. */
  allowlisted: number;
  duration_s: number;
  /** "main thread" or "N worker threads". */
  threads: string;
}

export interface ScanResult {
  roots: ScanRoot[];
  findings: PlacedFinding[];
  stats: ScanStats;
}

/** Default --max-file-bytes: the folder reader's `max_file_bytes` default. */
export const DEFAULT_MAX_FILE_BYTES = 1_000_000;
const SHARD_BYTES = 4 * 1024 * 1024;

function byPlace(a: PlacedFinding, b: PlacedFinding): number {
  const ra = a.record?.line ?? a.record?.row ?? 0;
  const rb = b.record?.line ?? b.record?.row ?? 0;
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    ra - rb ||
    a.line - b.line ||
    a.column - b.column ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)
  );
}

async function runTasks(
  tasks: ScanTask[],
  opts: ScanOptions,
  add: (files: number, bytes: number) => void,
): Promise<{ results: TaskResult[]; threads: string }> {
  const total = tasks.reduce((n, t) => n + t.bytes, 0);
  const workers = Math.min(opts.workers ?? 1, tasks.length);
  if (workers <= 1 || total < (opts.poolMinBytes ?? POOL_MIN_BYTES)) {
    const results: TaskResult[] = [];
    for (const t of tasks) results.push(await runScanTask(t, add));
    return { results, threads: "main thread" };
  }
  const pool = new ScanPool(workers);
  try {
    const results = await Promise.all(
      tasks.map(async (t) => {
        const r = await pool.run(t);
        add(r.counts.files + r.counts.records, t.bytes);
        return r;
      }),
    );
    return { results, threads: `${workers} worker threads` };
  } finally {
    await pool.close();
  }
}

export async function runScan(paths: string[], opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { roots, tasks } = await planScan(paths, {
    history: opts.history ?? false,
    rev: opts.rev,
    field: opts.field ?? "text",
    read: { maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES },
    detect: opts.detect,
    shardBytes: SHARD_BYTES,
  });
  const progress = scanProgress(
    opts.progress ?? false,
    tasks.reduce((n, t) => n + t.bytes, 0),
  );
  let ran: Awaited<ReturnType<typeof runTasks>>;
  try {
    ran = await runTasks(tasks, opts, (f, b) => progress.add(f, b));
  } finally {
    progress.finish();
  }
  const counts: TaskCounts = zeroCounts();
  let found: PlacedFinding[] = [];
  const problems: string[] = [];
  for (const r of ran.results) {
    addCounts(counts, r.counts);
    found = found.concat(r.findings);
    for (const w of r.warnings) opts.onWarning?.(w);
    if (r.userError !== undefined) problems.push(r.userError);
  }
  if (problems.length > 0) throw new UserError(problems[0] as string, problems);

  // History findings: the commit (and path) where each blob first appears.
  for (const [i, root] of roots.entries()) {
    if (root.kind !== "git-history" || root.gitDir === undefined) continue;
    const mine = found.filter((f) => f.root === i && f.blob !== undefined);
    if (mine.length === 0) continue;
    const places = await locateBlobs(root.gitDir, [...new Set(mine.map((f) => f.blob as string))]);
    for (const f of mine) {
      const at = places.get(f.blob as string);
      if (!at) continue;
      f.commit = at.commit;
      if (at.path !== f.rel) {
        f.rel = at.path;
        f.path = root.shown === "." ? at.path : `${root.shown}/${at.path}`;
      }
    }
  }

  let baselined = 0;
  const findings: PlacedFinding[] = [];
  for (const f of found) {
    if (opts.baseline?.has(f)) baselined++;
    else findings.push(f);
  }
  findings.sort(byPlace);
  const byType: Record<string, number> = {};
  for (const f of findings) byType[f.type] = (byType[f.type] ?? 0) + 1;
  return {
    roots,
    findings,
    stats: {
      files: counts.files,
      records: counts.records,
      bytes: counts.bytes,
      skipped: {
        binary: counts.binary,
        too_large: counts.tooLarge,
        unreadable: counts.unreadable,
        bad_records: counts.badRecords,
      },
      latin1_files: counts.latin1,
      findings: findings.length,
      by_type: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
      baselined,
      allowlisted: counts.allowlisted,
      duration_s: Math.round(performance.now() - started) / 1000,
      threads: ran.threads,
    },
  };
}
