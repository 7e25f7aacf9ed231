import type { FieldValue } from "./record.js";

/**
 * Column types inferred from the values operators actually wrote. Workers record what they
 * saw per shard; the engine merges them so every output file gets one consistent schema
 * (pyarrow and Hugging Face `datasets` refuse shards whose schemas disagree).
 */
export type FieldType = "string" | "int" | "float" | "bool" | "strings" | "json";

export type FieldTypes = Record<string, FieldType>;

export function typeOfValue(v: FieldValue | unknown): FieldType | undefined {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      // Integers beyond 2^53 are not exact in JS and may overflow BIGINT: store them as floats.
      return Number.isSafeInteger(v) ? "int" : "float";
    default:
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return "strings";
      return "json";
  }
}

export function mergeType(a: FieldType | undefined, b: FieldType | undefined): FieldType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  if ((a === "int" && b === "float") || (a === "float" && b === "int")) return "float";
  return "json";
}

export function observe(types: FieldTypes, values: Record<string, unknown>): void {
  for (const key in values) {
    const t = mergeType(types[key], typeOfValue(values[key]));
    if (t !== undefined) types[key] = t;
  }
}

export function mergeTypes(into: FieldTypes, from: FieldTypes): FieldTypes {
  for (const [k, t] of Object.entries(from)) {
    const merged = mergeType(into[k], t);
    if (merged !== undefined) into[k] = merged;
  }
  return into;
}

/** DuckDB SQL type for a field type. Mixed types fall back to text (JSON for non-strings). */
export function duckdbType(t: FieldType): string {
  switch (t) {
    case "string":
    case "json":
      return "VARCHAR";
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "bool":
      return "BOOLEAN";
    case "strings":
      return "VARCHAR[]";
  }
}
