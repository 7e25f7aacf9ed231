import type { z } from "zod";
import type { DropInfo, FieldValue, SmeltRecord } from "./record.js";
import type { RepoFiles } from "./repoFiles.js";

/** The five operator kinds of a recipe (see docs/operators.md). */
export const OPERATOR_KINDS = ["score", "evaluator", "filter", "refiner", "generator"] as const;
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

/** What an operator may do to one record. */
export type RecordOutcome =
  | { keep: true }
  | { keep: false; rule: string; reason: string; extra?: Record<string, FieldValue> };

/** Per-shard context given to operators. */
export interface OpContext {
  /** The recipe `id` of this operator instance. */
  id: string;
  /** The recipe seed, for operators that sample. */
  seed: number;
  /** Index of the shard being processed (stable across runs). */
  shard: number;
  /** Folder of the recipe: relative paths in params (benchmark files...) resolve against it. */
  baseDir: string;
  /** The root folder of the record's repository (or input), wherever its files were sharded. */
  repoFiles(record: SmeltRecord): RepoFiles | undefined;
}

/**
 * A batch operator: gets a batch of live records and returns, per record, whether it stays.
 * It may mutate the records it keeps (refiners rewrite `text`, scorers add `scores`/`meta`).
 * Generators may return extra records in `added`.
 */
export interface BatchResult {
  outcomes: RecordOutcome[];
  added?: SmeltRecord[];
}
export type BatchFn = (records: SmeltRecord[]) => BatchResult | Promise<BatchResult>;

/**
 * A global operator needs to see every record of the stage before it can decide (e.g.
 * exact dedup). The engine runs it in three phases with files in between:
 *   1. `key` is computed per record in the workers and written beside the shard;
 *   2. the engine groups keys over all shards (DuckDB, so it scales past memory) and keeps
 *      the first record (shard order, then row order) of each group;
 *   3. every other record of a group is dropped with `rule` and `dup_of` = the kept id.
 */
export interface GroupKeepFirst<P> {
  type: "group_keep_first";
  /** Returns the grouping key, or null when the record should not take part. */
  key(record: SmeltRecord, params: P): string | null;
  rule: string;
}

/** What a near-duplicate operator computes per record, in the workers. */
export interface Sketch {
  /** One hash per LSH band (safe integers): records sharing any band are candidates. */
  bands: number[];
  /** The MinHash signature, encoded, to verify candidates and measure similarity. */
  signature: string;
  /** Text length, for the `longest` keep policy. */
  length: number;
  /** The score field's value, for the `score` keep policy (null when absent). */
  score: number | null;
  /** The distinct shingle hashes, encoded, when candidates are verified by exact Jaccard. */
  shingles?: string;
}

/**
 * A near-duplicate global operator (MinHash LSH). The engine runs it in phases with files in
 * between: sketches per shard (workers) → LSH buckets and candidate pairs (DuckDB) →
 * verification and connected components → one kept record per cluster → drop lists per shard.
 */
export interface NearDuplicate<P> {
  type: "near_duplicate";
  rule: string;
  /** Sketch of one record, or null when it cannot take part (text shorter than one shingle). */
  sketch(record: SmeltRecord, params: P): Sketch | null;
  /** Candidates whose estimated similarity is below this are not duplicates. */
  threshold(params: P): number;
  /** How candidate pairs are verified: estimated Jaccard (signatures), exact Jaccard (shingles), or not at all. */
  verify(params: P): "estimate" | "exact" | "none";
  /** Which record of a cluster is kept. */
  keep(params: P): "first" | "longest" | "score";
  /** Compare two encoded signatures (estimated Jaccard). */
  similarity(a: string, b: string): number;
  /** Compare two encoded shingle sets (exact Jaccard). */
  exactSimilarity(a: string, b: string): number;
  /** Everything that makes signatures comparable (shingles, permutations, banding). */
  sketchConfig(params: P): Record<string, unknown>;
  /** Signatures of an earlier output to dedup against (path as written in the recipe). */
  against(params: P): string | undefined;
  /** Keep this run's signatures in `<output>/dedup/<id>.signatures.parquet` for later runs. */
  saveSignatures(params: P): boolean;
}

export interface OperatorDef<S extends z.ZodType = z.ZodType> {
  name: string;
  kind: OperatorKind;
  /** Bump whenever the operator's output for the same input and params may change. */
  version: string;
  /** One-line summary for `smelt ops list`. */
  summary: string;
  /** Longer documentation for `smelt ops show`: what it does and where defaults come from. */
  docs: string;
  /** Strict parameter schema: unknown or mistyped params are recipe errors. */
  params: S;
  /** Names of params whose values are secrets: never written to manifests or logs. */
  secretParams?: string[];
  /**
   * A record this operator fails on is written to `errored/` without its text: when a redactor
   * fails, the text it could not clean must not be kept anywhere.
   */
  withholdTextOnError?: boolean;
  /**
   * Params whose keys only look like secrets (`redact`'s `actions: { secret: drop, slack-bot-token: keep }`
   * names finding types): never treated as secrets by the secret-named-key heuristic.
   */
  plainParams?: string[];
  /**
   * Secret params whose value changes the output (a pseudonymization salt, unlike an API key):
   * a digest of their value enters the config hash, so a run with another value is not resumed.
   */
  outputSecretParams?: string[];
  /**
   * Checks that need the file system (files named in params exist...), run by the recipe
   * loader so `smelt validate` reports them with file:line before any work. Returns problems
   * as messages that say what is wrong and the fix.
   */
  check?(params: z.infer<S>, ctx: { baseDir: string }): string[];
  /** Per-shard batch function. Exactly one of `create` / `global` is set. */
  create?(params: z.infer<S>, ctx: OpContext): BatchFn | Promise<BatchFn>;
  global?: GroupKeepFirst<z.infer<S>> | NearDuplicate<z.infer<S>>;
}

/** Helper that keeps the params type tied to the schema. */
export function defineOperator<S extends z.ZodType>(def: OperatorDef<S>): OperatorDef<S> {
  return def;
}

export function keep(): RecordOutcome {
  return { keep: true };
}

export function drop(rule: string, detail?: string, extra?: Record<string, FieldValue>): RecordOutcome {
  return { keep: false, rule, reason: detail ? `${rule} ${detail}` : rule, extra };
}

export function toDropInfo(opId: string, outcome: Extract<RecordOutcome, { keep: false }>): DropInfo {
  return { dropped_by: opId, rule: outcome.rule, drop_reason: outcome.reason, extra: outcome.extra };
}
