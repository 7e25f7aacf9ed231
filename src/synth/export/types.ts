/** Inputs and outputs of the export step of `smelt synth`: kept samples → trainer files. */
import type { DesignSample } from "../design/types.js";
import type { QaSample } from "../qa/types.js";

export type SynthSample = QaSample | DesignSample;

export const EXPORT_FORMATS = ["messages", "alpaca", "sharegpt"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportInfo {
  /** Display name of the source repository. */
  repo: string;
  repo_root: string;
  /** Commit the evidence was validated against, when the repository is a git checkout. */
  revision?: string;
  /** Generator model (`offline` for the template generator). */
  model: string;
  seed: number;
  /** Opaque counts rendered in the card: kept per kind, `rejected:<reason>` per rejection reason. */
  counts: Record<string, number>;
  smelt_version: string;
  /** Build modules of the repository (DomainMap.modules); needed by the `module` split. */
  modules?: { name: string; path: string }[];
}

export interface SplitOptions {
  /** Keep samples citing the same file (`file`) or the same module folder (`module`) on one side. */
  by: "file" | "module";
  /** Fraction of samples aimed at for validation (default 0.1). */
  validation: number;
  seed: number;
}

export interface ExportOptions {
  outDir: string;
  /** Default: all three. */
  formats?: ExportFormat[];
  /** Default: by file, 0.1, seed of `info`. */
  split?: Partial<SplitOptions>;
  system_prompt?: string;
  /** Start the assistant turn with the reasoning steps (default false). */
  include_reasoning?: boolean;
  /** End the assistant turn with `Sources: path:start-end, ...` (default true). */
  include_citations?: boolean;
  /** Give the repository as context: alpaca `input`, appended to the user turn elsewhere (default false). */
  repo_context?: boolean;
}

export interface SplitStats {
  train: number;
  validation: number;
  /** Connected groups of samples (through shared files or modules). */
  groups: number;
  by: SplitOptions["by"];
  /** Why validation is empty, when it is. */
  note?: string;
}

export interface ExportResult {
  /** Written files, relative to `outDir`. */
  files: string[];
  split: SplitStats;
}
