/**
 * Turning one row of a structured file (a JSONL object, a Parquet row, a CSV record) into a
 * read item: text, id and metadata picked the same way by `jsonl`, `parquet` and `csv`.
 */
import { type FieldValue, newRecord } from "../../core/record.js";
import { CORE_FIELDS } from "../../ops/basic/fields.js";
import { erroredItem } from "./common.js";
import type { ReadItem } from "./types.js";

export interface RowSpec {
  id: string;
  text_field: string;
  id_field?: string | undefined;
  fields?: string[] | undefined;
}

export interface RowPlace {
  /** Data file path relative to the input root. */
  path: string;
  /** Where the row is, for messages: `line 17`, `row 3`. */
  where: string;
  /** Id used when there is no `id_field` (and for errored items). */
  defaultId: string;
}

function safeInteger(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return safeInteger(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.length).toString("base64");
  return v;
}

/**
 * A metadata value: scalars and string lists as they are (integers beyond 2^53 as strings,
 * so no digit is lost), dates as ISO strings, bytes as base64, anything nested as JSON.
 */
export function toFieldValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return safeInteger(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return jsonReplacer("", v) as string;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return [...v];
  return JSON.stringify(v, jsonReplacer) ?? null;
}

/** Metadata keys may not shadow record columns (`path`, `source`...): those are renamed `orig_<name>`. */
export function metaKey(field: string): string {
  return CORE_FIELDS.has(field) ? `orig_${field}` : field;
}

function idOf(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint") return String(v);
  return undefined;
}

export function rowItem(row: Record<string, unknown>, spec: RowSpec, at: RowPlace, bytes: number): ReadItem {
  const fail = (why: string) =>
    erroredItem({ input: spec.id, id: at.defaultId, path: at.path }, `${at.where}: ${why}`, bytes);
  const text = row[spec.text_field];
  if (typeof text !== "string") return fail(`text field "${spec.text_field}" is missing or not a string`);
  let id = at.defaultId;
  if (spec.id_field !== undefined) {
    const given = idOf(row[spec.id_field]);
    if (given === undefined) return fail(`id field "${spec.id_field}" is missing or not a string or number`);
    id = given;
  }
  const keys = spec.fields ?? Object.keys(row).filter((k) => k !== spec.text_field && k !== spec.id_field);
  const meta: Record<string, FieldValue> = {};
  for (const k of keys) {
    if (k === "__proto__") continue; // assigning it would replace the object's prototype
    meta[metaKey(k)] = toFieldValue(row[k]);
  }
  return { kind: "record", record: newRecord({ id, text, source: spec.id, path: at.path, meta }), bytes };
}
