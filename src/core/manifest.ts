import type { Counts, OpCounts } from "./accounting.js";
import type { FieldTypes } from "./fieldTypes.js";
import type { OperatorKind } from "./operator.js";

/** Run-level counts use the names users look for first. */
export interface RunCounts {
  input: number;
  output: number;
  dropped: number;
  errored: number;
  generated: number;
}

export interface OperatorEntry extends OpCounts {
  id: string;
  op: string;
  kind: OperatorKind | "reader";
  version: string;
  params: unknown;
}

export interface DatasetEntry {
  path: string;
  format: string;
  compression: string;
  partition_by: string[];
  rows: number;
  bytes: number;
  files: string[];
  /** Metadata columns and their types (one schema across all files). */
  metadata_fields?: FieldTypes;
  /** Fields of the `scores` struct column, when operators wrote scores. */
  score_fields?: string[];
}

export interface StageManifest {
  index: number;
  name: string;
  counts: Counts;
  operators: OperatorEntry[];
  /** Number of shards the stage ran over. */
  shards: number;
  /**
   * The stage's boundary files (kept records per shard), relative to the output folder. Only
   * with `--keep-work`: otherwise `.smelt/work` is removed after a successful run.
   */
  boundary_files?: string[];
  /** Group-and-keep-first decisions taken inside the stage (exact dedup...). */
  decisions: unknown[];
  /** Wall seconds this process spent in the stage (shards already done before a resume excluded). */
  duration_s: number;
}

export interface Manifest {
  smelt_version: string;
  smelt_revision: string | null;
  recipe: { name: string; file: string; config_hash: string; seed: number };
  /** The recipe as run, with secret values replaced by `***`. */
  config: unknown;
  started_at: string;
  finished_at: string;
  duration_s: number;
  workers: number;
  resumed: boolean;
  counts: RunCounts;
  inputs: Array<{ id: string; type: string; shards: number; bytes: number }>;
  stages: StageManifest[];
  outputs: { data: DatasetEntry; dropped?: DatasetEntry; errored?: DatasetEntry };
  /** Of the process that finished the run (a resumed run reports only its own share). */
  resources: { peak_rss_mb: number; cpu_user_s: number; cpu_system_s: number };
  /** Wall seconds outside the stages: planning inputs, global decisions, writing the datasets. */
  timings: { plan_s: number; decide_s: number; write_s: number };
  accounting: { ok: boolean; problems: string[] };
}
