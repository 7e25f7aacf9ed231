/**
 * Shapes shared by the pieces of `smelt scan`: what a scan task is (plain JSON, so it can
 * cross into a worker thread), what it returns, and the findings and counts of a report.
 * No value found is ever stored here: only where it is, a masked preview and a fingerprint.
 */
import type { Allowlist } from "../ops/safety/findings.js";
import type { PiiType } from "../ops/safety/pii/index.js";

/** Where in a JSONL file or Parquet table a finding is. */
export interface RecordRef {
  /** 1-based line of the record in a JSONL file. */
  line?: number;
  /** 0-based row of the record in a Parquet file (as the `parquet` reader counts). */
  row?: number;
  /** The record's `id` field, when it has one. */
  id?: string;
  /** Field whose text was scanned. */
  field: string;
}

/** One finding as reported. */
export interface ScanFinding {
  kind: "secret" | "pii";
  /** Secret rule id or PII type. */
  type: string;
  /** Path as the user named it: the PATH argument joined with the file's path below it (forward slashes). */
  path: string;
  /** 1-based line and column (UTF-16 code units) in the file, or in the record's text for JSONL/Parquet. */
  line: number;
  column: number;
  /** Masked value: a few leading characters, "…" and the length. */
  preview: string;
  /** 16 hex characters of sha256(type + ":" + value). */
  fingerprint: string;
  /** Git history and --rev scans: the commit where the file (blob) appears. */
  commit?: string;
  /** JSONL and Parquet inputs: which record. */
  record?: RecordRef;
}

/** A finding plus what the report needs to place it (root and path below the root). */
export interface PlacedFinding extends ScanFinding {
  /** Index of the scanned root (PATH argument) in the report's roots. */
  root: number;
  /** Path below the root (forward slashes): SARIF's artifact URI. */
  rel: string;
  /** History scans: the blob's object id, resolved to a commit after the scan. */
  blob?: string;
}

/** Counts a task adds to the report. */
export interface TaskCounts {
  /** Files (or git blobs) whose text was scanned. */
  files: number;
  /** JSONL lines / Parquet rows whose text was scanned. */
  records: number;
  /** Bytes read (file sizes; compressed size for .gz/.zst). */
  bytes: number;
  /** Files skipped because they are binary. */
  binary: number;
  /** Files skipped because they are larger than --max-file-bytes. */
  tooLarge: number;
  /** Files that could not be read (permissions, vanished, git errors). */
  unreadable: number;
  /** Files that are not valid UTF-8 and were scanned decoded as Latin-1 instead. */
  latin1: number;
  /** JSONL lines / Parquet rows without a string text field, or not JSON. */
  badRecords: number;
  /** Findings the allowlist (values, regexes, fingerprints) suppressed. */
  allowlisted: number;
}

export function zeroCounts(): TaskCounts {
  return {
    files: 0,
    records: 0,
    bytes: 0,
    binary: 0,
    tooLarge: 0,
    unreadable: 0,
    latin1: 0,
    badRecords: 0,
    allowlisted: 0,
  };
}

export function addCounts(into: TaskCounts, more: TaskCounts): void {
  for (const k of Object.keys(into) as (keyof TaskCounts)[]) into[k] += more[k];
}

/** What to look for; plain JSON (goes to worker threads). */
export interface DetectConfig {
  secrets: boolean;
  /** false: no PII; otherwise the PII types (all when absent) and phone regions. */
  pii: false | { types?: PiiType[]; phoneRegions?: string[] };
  allowlist?: Allowlist;
}

/** Reading options every task shares. */
export interface ReadConfig {
  maxFileBytes: number;
}

/** One unit of scanning work (plain JSON). `bytes` is planned, for progress. */
export type ScanTask = {
  root: number;
  /** The root as displayed (PATH argument, or the repository's top folder for --history). */
  rootShown: string;
  bytes: number;
  detect: DetectConfig;
  read: ReadConfig;
} /** A shard planned by the `folder` reader, and the reader spec it was planned with. */ & (
  | { kind: "folder"; shard: Record<string, unknown>; spec: Record<string, unknown> }
  | { kind: "file"; abs: string; rel: string; size: number }
  /** Git blobs; `commit` when they are the files of one revision (--rev), absent for --history. */
  | { kind: "blobs"; gitDir: string; commit?: string; blobs: [oid: string, path: string, size: number][] }
  | { kind: "jsonl"; abs: string; rel: string; field: string }
  /** `embedded`: found inside a scanned folder, not named by the user, so a missing column is a warning, not a usage error. */
  | { kind: "parquet"; abs: string; rel: string; field: string; embedded?: boolean }
);

export interface TaskResult {
  findings: PlacedFinding[];
  counts: TaskCounts;
  /** Files that could not be read, and why (a bounded number). */
  warnings: string[];
  /** A mistake the user must fix (a --field no record has): the scan ends with exit code 2. */
  userError?: string;
}

/** Progress reported while a task runs (in-process tasks only): deltas since the last call. */
export type ProgressFn = (files: number, bytes: number) => void;
