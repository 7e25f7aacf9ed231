/** The validated, interpolated recipe the engine runs. Produced by recipe/load.ts. */

export interface InputSpec {
  id: string;
  type: string;
  /** Everything else of the input entry, validated by the reader's own schema. */
  [key: string]: unknown;
}

export interface OperatorSpec {
  /** Unique within the recipe; appears as `dropped_by` and in the manifest. */
  id: string;
  /** Registered operator name. */
  op: string;
  /** Parameters after validation by the operator's schema (defaults filled in). */
  params: Record<string, unknown>;
  /**
   * Run only on records whose fields match: field -> value, or a list of accepted values
   * (`null` matches a missing field). Other records pass through untouched.
   */
  where?: Record<string, string | number | boolean | null | Array<string | number | boolean | null>>;
}

export interface StageSpec {
  name: string;
  operators: OperatorSpec[];
}

export interface OutputSpec {
  /** Absolute output folder. */
  path: string;
  format: "parquet" | "jsonl";
  /** Field names for hive-style partition folders (e.g. [lang, license]). */
  partition_by: string[];
  /** parquet: zstd (default), snappy, gzip, uncompressed; jsonl: none (default), gzip, zstd. */
  compression: string;
  /** Target size of one output file in bytes (files are split above it). */
  max_file_bytes: number;
  /** Also write dropped records (with dropped_by / drop_reason) under `<output>/dropped/`. */
  keep_dropped: boolean;
}

export interface Recipe {
  name: string;
  description?: string;
  seed: number;
  inputs: InputSpec[];
  stages: StageSpec[];
  output: OutputSpec;
  /** Absolute path of the recipe file (or `<template:NAME>`). */
  file: string;
  /** Folder relative paths in the recipe resolve against. */
  baseDir: string;
}
