import type { Counts, OpCounts } from "../core/accounting.js";
import type { FieldTypes } from "../core/fieldTypes.js";
import type { InputLocator } from "../core/repoFiles.js";
import type { InputShard } from "../io/readers/types.js";
import type { InputSpec } from "../recipe/types.js";
import type { Segment } from "./segments.js";

/** One segment on one shard: the unit of work a worker thread runs. Plain JSON. */
export interface ShardTask {
  segment: Segment;
  shard: number;
  seed: number;
  /** Set when the segment reads from an input (first segment). */
  input?: { shard: InputShard; spec: InputSpec };
  /** Kept records of the previous segment for this shard (absent when it kept nothing). */
  inFile?: string;
  /** Decision of the global operator applied first (absent: it drops nothing here). */
  decisionFile?: string;
  /** Output path prefix, e.g. `<state>/work/s1-clean.0/shard-00003`. */
  outPrefix: string;
  batchSize: number;
  /** Secret values of the recipe, masked in drop reasons and error messages. */
  secrets?: string[];
  /** Live progress counters shared with the main thread: [records, bytes]. */
  progress?: SharedArrayBuffer;
  /** Column types of the records in `inFile` (from the previous segment's result). */
  inputColumns?: ColumnsSeen;
  /** Recipe folder, for operator params that name files. */
  baseDir: string;
  /** Where each input's files live (by input id), for operators that read a whole repository. */
  locators: Record<string, InputLocator>;
  /** Write dropped records to files (output.keep_dropped); otherwise only count them. */
  keepDropped: boolean;
}

export interface ShardFiles {
  kept?: string;
  dropped?: string;
  errored?: string;
  keys?: string;
}

export interface ColumnsSeen {
  meta: FieldTypes;
  scores: string[];
}

/** What a finished shard reports; also stored as its `.done.json` marker. */
export interface ShardResult {
  shard: number;
  segment: string;
  counts: Counts;
  /** Per operator id (plus `read:<input>` for the reader). Insertion order = pipeline order. */
  ops: Record<string, OpCounts>;
  /** Column types seen in kept records (for one consistent output schema). */
  kept: ColumnsSeen;
  /** Column types seen in dropped records, plus the extra fields dropping operators added. */
  dropped: ColumnsSeen & { extra: FieldTypes };
  bytesIn: number;
  /** Wall seconds the worker spent on this shard (for finding slow or skewed shards). */
  seconds: number;
  files: ShardFiles;
}

/**
 * Errors cross the thread boundary as plain `Error`s (structured clone keeps only the message),
 * so a UserError raised in a worker (an operator's bad params, a missing benchmark file) is
 * sent as a tagged message (worker.ts) and rebuilt in the main thread (pool.ts): it must still
 * be reported as a user mistake (exit 2), not as a crash.
 */
export const USER_ERROR_TAG = "\u0000smelt-user-error:";
