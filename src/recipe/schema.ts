/**
 * The structural schema of a recipe file. Input entries and operator params are only checked
 * for shape here; they are validated by the reader's / operator's own strict schema in load.ts.
 */
import { z } from "zod";

export const RECIPE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const OPERATOR_ID = /^[a-z0-9_]+$/;

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

export const COMPRESSIONS = {
  parquet: ["zstd", "snappy", "gzip", "uncompressed"],
  jsonl: ["none", "gzip", "zstd"],
} as const;

function slug(value: unknown, allowDash: boolean): string {
  const s = String(value)
    .toLowerCase()
    .replace(allowDash ? /[^a-z0-9_-]+/g : /[^a-z0-9_]+/g, "_")
    .replace(/^[_-]+/, "")
    .replace(/_+$/, "");
  return s === "" ? "my_name" : s;
}

const recipeName = z.string().regex(RECIPE_NAME, {
  error: (iss) =>
    `recipe names use lowercase letters, digits, _ and - (starting with a letter or digit) — write name: ${slug(iss.input, true)}`,
});

const stageName = z.string().regex(STAGE_NAME, {
  error: (iss) =>
    `stage names use letters, digits, _ and - (starting with a letter or digit) — write name: ${slug(iss.input, true)}`,
});

const operatorId = z.string().regex(OPERATOR_ID, {
  error: (iss) => `operator ids use only lowercase letters, digits and _ — write id: ${slug(iss.input, false)}`,
});

const whereValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const operatorEntry = z.strictObject({
  id: operatorId,
  op: z.string().min(1),
  params: z.record(z.string(), z.unknown()).nullish(),
  // Run the operator only on records whose fields match; the others pass through untouched.
  where: z
    .record(z.string().min(1), z.union([whereValue, z.array(whereValue).min(1)]))
    .refine((w) => Object.keys(w).length > 0, {
      error: "where: needs at least one field — e.g. where: { lang_type: programming }",
    })
    .optional(),
});

const stage = z.strictObject({
  name: stageName,
  operators: z.array(operatorEntry).min(1, { error: "a stage needs at least one operator — add one under operators:" }),
});

/** id + type are checked here; everything else of an input by its reader's schema. */
const inputEntry = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
});

const output = z.strictObject({
  path: z.string().min(1),
  format: z.enum(["parquet", "jsonl"]).default("parquet"),
  partition_by: z.array(z.string().min(1)).default([]),
  compression: z.string().optional(),
  max_file_bytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  keep_dropped: z.boolean().default(false),
});

export const recipeSchema = z.strictObject({
  name: recipeName,
  description: z.string().optional(),
  seed: z.number().int().default(0),
  inputs: z.array(inputEntry).min(1, { error: "a recipe needs at least one input — add one under inputs:" }),
  stages: z.array(stage).min(1, { error: "a recipe needs at least one stage — add one under stages:" }),
  output,
});

export type RecipeFile = z.infer<typeof recipeSchema>;
