/**
 * Running one scan task: read its files, blobs or records with the existing readers, look
 * for secrets (and PII) with `detectSensitive`, and return findings and counts. Runs in the
 * main thread or in a worker of the scan pool; everything in and out is plain JSON.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { shortMessage } from "../io/readers/common.js";
import { contentItem, type FileRef, oversizeItem } from "../io/readers/content.js";
import { folderReader } from "../io/readers/folder.js";
import { catFileBatch } from "../io/readers/gitcli.js";
import type { InputShard, ReadItem } from "../io/readers/types.js";
import { type DetectOptions, detectSensitive } from "../ops/safety/detect.js";
import { type CompiledAllowlist, compileAllowlist, type Finding } from "../ops/safety/findings.js";
import { scanJsonl, scanParquet } from "./records.js";
import {
  type DetectConfig,
  type PlacedFinding,
  type ProgressFn,
  type RecordRef,
  type ScanTask,
  type TaskCounts,
  type TaskResult,
  zeroCounts,
} from "./types.js";

/** Warnings a task may return (unreadable files...): enough to act on, not a flood. */
const MAX_WARNINGS = 20;

/** The allowlist compiled once per thread (every task of a scan carries the same one). */
let compiled: { key: string; allow: CompiledAllowlist | undefined } | undefined;

function allowlistOf(cfg: DetectConfig): CompiledAllowlist | undefined {
  const key = JSON.stringify(cfg.allowlist ?? null);
  if (compiled?.key !== key) compiled = { key, allow: cfg.allowlist ? compileAllowlist(cfg.allowlist) : undefined };
  return compiled.allow;
}

/** Where a text came from, to place its findings. */
export interface TextPlace {
  rel: string;
  commit?: string;
  blob?: string;
  record?: RecordRef;
}

/** Collects one task's findings, counts and warnings. */
export class TaskSink {
  readonly findings: PlacedFinding[] = [];
  readonly counts: TaskCounts = zeroCounts();
  readonly warnings: string[] = [];
  /** A mistake the user must fix (e.g. --field names no column): the scan stops with exit code 2. */
  userError: string | undefined;
  private readonly allow: CompiledAllowlist | undefined;
  private readonly options: DetectOptions;

  constructor(
    private readonly task: ScanTask,
    private readonly progress?: ProgressFn,
  ) {
    this.allow = allowlistOf(task.detect);
    const d = task.detect;
    // The allowlist is applied below rather than by detectSensitive, to count what it hides.
    this.options = { secrets: d.secrets, pii: d.pii === false ? false : { ...d.pii } };
  }

  /** Path as shown in reports: the root as the user gave it, joined with the path below it. */
  shown(rel: string): string {
    const root = this.task.rootShown.split(path.sep).join("/");
    return rel === "" ? root : path.posix.join(root, rel);
  }

  /** True when the allowlist's path globs cover this file (it is then not scanned at all). */
  pathAllowed(rel: string): boolean {
    return this.allow?.pathAllowed(rel) === true || this.allow?.pathAllowed(this.shown(rel)) === true;
  }

  /** Scan one text and keep its findings (minus allowlisted values). */
  scan(text: string, at: TextPlace): void {
    const found: Finding[] = detectSensitive(text, this.options);
    for (const f of found) {
      if (this.allow?.findingAllowed(f, text.slice(f.start, f.end))) {
        this.counts.allowlisted++;
        continue;
      }
      const placed: PlacedFinding = {
        kind: f.kind,
        type: f.type,
        path: this.shown(at.rel),
        line: f.line,
        column: f.column,
        preview: f.preview,
        fingerprint: f.fingerprint,
        root: this.task.root,
        rel: at.rel,
      };
      if (at.commit !== undefined) placed.commit = at.commit;
      if (at.blob !== undefined) placed.blob = at.blob;
      if (at.record !== undefined) placed.record = at.record;
      this.findings.push(placed);
    }
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else if (this.warnings.length === MAX_WARNINGS) this.warnings.push("(more warnings left out)");
  }

  fail(message: string): void {
    this.userError ??= message;
  }

  /**
   * One file or record done: `bytes` of the input consumed. `scanned`: its text was scanned
   * (a skipped binary or oversized file moves progress but is not counted as scanned bytes).
   */
  tick(bytes: number, scanned: boolean): void {
    if (scanned) this.counts.bytes += bytes;
    this.progress?.(1, bytes);
  }

  /**
   * Handle one item of a whole-file reader (`folder`, git blobs): scan text, count binary and
   * oversized files, and scan files that are not UTF-8 decoded as Latin-1 (`latin1Bytes` gives
   * their bytes), since a credential in a Windows-1252 config file is still a credential.
   */
  fileItem(item: ReadItem, at: TextPlace, latin1Bytes: () => Buffer | undefined): void {
    const error = item.kind === "errored" ? item.record.error : "";
    const allowed = this.pathAllowed(at.rel);
    this.tick(item.bytes, !allowed && (item.kind === "record" || /^invalid UTF-8/.test(error)));
    if (allowed) return;
    if (item.kind === "record") {
      this.counts.files++;
      this.scan(item.record.text, at);
    } else if (item.kind === "dropped") this.counts.binary++;
    else if (/over max_file_bytes/.test(error)) this.counts.tooLarge++;
    else if (/^invalid UTF-8/.test(error)) {
      const bytes = latin1Bytes();
      if (bytes === undefined) {
        this.counts.unreadable++;
        this.warn(`cannot read ${this.shown(at.rel)}: ${error}`);
        return;
      }
      this.counts.files++;
      this.counts.latin1++;
      this.scan(bytes.toString("latin1"), at);
    } else {
      this.counts.unreadable++;
      this.warn(`cannot read ${this.shown(at.rel)}: ${error}`);
    }
  }

  result(): TaskResult {
    const r: TaskResult = { findings: this.findings, counts: this.counts, warnings: this.warnings };
    if (this.userError !== undefined) r.userError = this.userError;
    return r;
  }
}

async function scanFolder(task: Extract<ScanTask, { kind: "folder" }>, sink: TaskSink): Promise<void> {
  const shard = task.shard as unknown as InputShard;
  const spec = task.spec as unknown as Parameters<typeof folderReader.read>[1];
  const root = spec.path; // planned with an absolute path
  for await (const item of folderReader.read(shard, spec)) {
    const rel = item.record.path ?? "";
    sink.fileItem(item, { rel }, () => readQuietly(path.join(root, rel)));
  }
}

function readQuietly(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function scanFile(task: Extract<ScanTask, { kind: "file" }>, sink: TaskSink): void {
  const f: FileRef = { input: "scan", path: task.rel, size: task.size };
  const tooBig = oversizeItem(f, task.read.maxFileBytes);
  if (tooBig) {
    sink.fileItem(tooBig, { rel: task.rel }, () => undefined);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(task.abs);
  } catch (err) {
    sink.tick(task.size, false);
    sink.counts.unreadable++;
    sink.warn(`cannot read ${sink.shown(task.rel)}: ${shortMessage(err)}`);
    return;
  }
  sink.fileItem(contentItem(f, bytes, task.read.maxFileBytes), { rel: task.rel }, () => bytes);
}

/** Git blobs (of one revision, or of the whole history), read with one `git cat-file --batch`. */
async function scanBlobs(task: Extract<ScanTask, { kind: "blobs" }>, sink: TaskSink): Promise<void> {
  const max = task.read.maxFileBytes;
  const wanted = task.blobs.filter(([, , size]) => size <= max).map(([oid]) => oid);
  const blobs = catFileBatch(task.gitDir, wanted);
  try {
    for (const [oid, rel, size] of task.blobs) {
      const f: FileRef = { input: "scan", path: rel, size };
      const at: TextPlace = { rel };
      if (task.commit !== undefined) at.commit = task.commit;
      else at.blob = oid;
      const tooBig = oversizeItem(f, max);
      if (tooBig) {
        sink.fileItem(tooBig, at, () => undefined);
        continue;
      }
      const next = await blobs.next();
      const got = next.done ? { ok: false as const, error: "git cat-file ended early" } : next.value;
      if (!got.ok) {
        sink.tick(size, false);
        sink.counts.unreadable++;
        sink.warn(`cannot read ${sink.shown(rel)} (blob ${oid}): ${got.error}`);
        continue;
      }
      const bytes = got.bytes;
      sink.fileItem(contentItem(f, bytes, max), at, () => bytes);
    }
  } finally {
    await blobs.return(undefined);
  }
}

/** Run one task. `progress` (in-process runs) hears about every file or record as it is done. */
export async function runScanTask(task: ScanTask, progress?: ProgressFn): Promise<TaskResult> {
  const sink = new TaskSink(task, progress);
  switch (task.kind) {
    case "folder":
      await scanFolder(task, sink);
      break;
    case "file":
      scanFile(task, sink);
      break;
    case "blobs":
      await scanBlobs(task, sink);
      break;
    case "jsonl":
      await scanJsonl(task, sink);
      break;
    case "parquet":
      await scanParquet(task, sink);
      break;
  }
  return sink.result();
}
