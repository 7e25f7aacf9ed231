import type { z } from "zod";
import type { ErroredRecord, SmeltRecord } from "../../core/record.js";
import type { InputLocator } from "../../core/repoFiles.js";

/**
 * One unit of reading work. Planned in the main thread (cheap: listing files, sizes), read in
 * a worker. Must be plain JSON (it crosses thread boundaries and is stored in the run state).
 */
export interface InputShard {
  /** Recipe input id. */
  input: string;
  /** Reader type (`folder`, `git`, `jsonl`, `parquet`, `csv`). */
  type: string;
  /** Reader-specific description of what to read (file list, byte range, revision...). */
  unit: Record<string, unknown>;
  /** Approximate bytes this shard will read, for progress/ETA and shard sizing. */
  bytes: number;
  /**
   * Changes whenever the data behind the shard changes (sizes + mtimes, a git commit id...).
   * A resumed run refuses to mix shards read from different data.
   */
  fingerprint: string;
}

/** What a reader yields for each input record it meets. */
export type ReadItem =
  | { kind: "record"; record: SmeltRecord; bytes: number }
  /** Deliberately skipped input (e.g. a binary file): counted as dropped by the reader. */
  | { kind: "dropped"; record: SmeltRecord; rule: string; reason: string; bytes: number }
  /** Input that could not be read (bad UTF-8, broken JSON line, truncated gzip, too big...). */
  | { kind: "errored"; record: ErroredRecord; bytes: number };

export interface PlanContext {
  /** Folder of the recipe file: relative input paths resolve against it. */
  baseDir: string;
  /** Target bytes per shard; readers group small files / split big ones around it. */
  shardBytes: number;
  /** Scratch folder owned by the run (e.g. for bare clones of remote git repositories). */
  workDir: string;
}

export interface ReaderDef<S extends z.ZodType = z.ZodType> {
  type: string;
  summary: string;
  /**
   * Strict schema of the input entry in a recipe, *including* the common keys
   * `id` and `type` (use `inputBase` from ./common.ts and extend it).
   */
  params: S;
  /** List the shards of an input. Throws a UserError (core/errors.ts) for a missing path etc. */
  plan(spec: z.infer<S>, ctx: PlanContext): Promise<InputShard[]>;
  /** Where the shard's files live, for operators that look at a whole repository (licenses). */
  locate?(shard: InputShard): InputLocator | undefined;
  /** Stream the items of one shard. Never throws for bad data: yield `errored` items instead. */
  read(shard: InputShard, spec: z.infer<S>): AsyncIterable<ReadItem>;
}
