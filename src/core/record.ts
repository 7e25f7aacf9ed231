import { createHash } from "node:crypto";

/** A scalar metadata value: what a Parquet column can hold without nesting. */
export type FieldValue = string | number | boolean | null | string[];

/**
 * The one record type that flows through every stage.
 *
 * `meta` holds the metadata fields operators add (e.g. `lang`, `license`); each becomes a
 * top-level column in the output so it can be used in `partition_by` and read directly by
 * pandas/pyarrow. `scores` are numeric evaluations that never drop anything by themselves.
 */
export interface SmeltRecord {
  /** Stable id: derived from the input id + path (+ line/row), or taken from `id_field`. */
  id: string;
  text: string;
  /** The recipe input this record came from. */
  source: string;
  /** Path relative to the input root (files, repositories, JSONL files...). */
  path?: string;
  /** Repository name when the record comes from a git repository or a folder of repositories. */
  repo?: string;
  meta: Record<string, FieldValue>;
  scores: Record<string, number>;
  tags: string[];
  /** Operator ids that rewrote the text or fields, in order. */
  refined_by?: string[];
  /** Operator id that created this record (generators). */
  generated_by?: string;
}

/** Why a record left the pipeline. Kept apart from SmeltRecord so kept records stay lean. */
export interface DropInfo {
  /** Operator id (recipe `id`) that dropped the record, or `read:<input>` for the reader. */
  dropped_by: string;
  /** Short rule name, used to aggregate drop reasons (e.g. `max_line_length`). */
  rule: string;
  /** Full human reason, rule plus measured value (e.g. `max_line_length 2411 > 1000`). */
  drop_reason: string;
  /** Extra fields the dropping operator wants recorded (e.g. `dup_of`). */
  extra?: Record<string, FieldValue>;
}

export interface ErrorInfo {
  errored_by: string;
  error: string;
}

export type DroppedRecord = SmeltRecord & DropInfo;
export type ErroredRecord = Pick<SmeltRecord, "id" | "source" | "path" | "repo"> & ErrorInfo & { text?: string };

/** Derive a stable record id: 16 hex chars of sha256 over the parts, joined unambiguously. */
export function recordId(...parts: Array<string | number>): string {
  const h = createHash("sha256");
  for (const p of parts) {
    h.update(String(p));
    h.update("\u0000");
  }
  return h.digest("hex").slice(0, 16);
}

export function newRecord(init: Pick<SmeltRecord, "id" | "text" | "source"> & Partial<SmeltRecord>): SmeltRecord {
  return {
    meta: {},
    scores: {},
    tags: [],
    ...init,
  };
}
