/**
 * Smelt's library API. The CLI is a thin layer over these functions.
 *
 *   import { loadRecipe, runRecipe } from "smelt";
 *   const { recipe, secrets } = await loadRecipe("recipe.yaml");
 *   const { manifest } = await runRecipe(recipe, { workers: 4, secrets });
 */
export type { Counts, OpCounts } from "./core/accounting.js";
export { RunError, UserError } from "./core/errors.js";
export type { DatasetEntry, Manifest, OperatorEntry, RunCounts, StageManifest } from "./core/manifest.js";
export type {
  BatchFn,
  BatchResult,
  OpContext,
  OperatorDef,
  OperatorKind,
  RecordOutcome,
} from "./core/operator.js";
export { defineOperator, drop, keep, OPERATOR_KINDS } from "./core/operator.js";
export type { DropInfo, ErroredRecord, FieldValue, SmeltRecord } from "./core/record.js";
export { newRecord, recordId } from "./core/record.js";
export { findOperator, listOperators } from "./core/registry.js";
export type { Logger } from "./exec/log.js";
export { stderrLogger } from "./exec/log.js";
export { DEFAULT_SHARD_BYTES, type RunOptions, type RunResult, runRecipe } from "./exec/runner.js";
export { type Inspection, inspectOutput } from "./inspect/inspect.js";
export { builtinReaders, findReader } from "./io/readers/index.js";
export type { InputShard, ReaderDef, ReadItem } from "./io/readers/types.js";
export { type DetectOptions, detectSensitive } from "./ops/safety/detect.js";
export { type Allowlist, compileAllowlist, type Finding } from "./ops/safety/findings.js";
export { PII_TYPES, type PiiOptions, type PiiType, scanPii } from "./ops/safety/pii/index.js";
export { listSecretRules, scanSecrets } from "./ops/safety/secrets/scan.js";
export { configHash } from "./recipe/hash.js";
export { type LoadedRecipe, loadRecipe, parseRecipe } from "./recipe/load.js";
export { listTemplates, showTemplate, templatePath } from "./recipe/templates.js";
export type { InputSpec, OperatorSpec, OutputSpec, Recipe, StageSpec } from "./recipe/types.js";
export { runScan, type ScanOptions, type ScanResult } from "./scan/run.js";
export { smeltVersion } from "./version.js";
