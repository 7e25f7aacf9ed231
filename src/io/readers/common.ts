/**
 * Pieces every reader shares: the common recipe keys, path resolution, item constructors,
 * strict UTF-8 decoding and shard fingerprints.
 */
import { createHash } from "node:crypto";
import { promises as fs, type Stats } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import type { ErroredRecord } from "../../core/record.js";
import type { PlanContext, ReadItem } from "./types.js";

/** The keys every input entry has; each reader `.extend()`s it with its own keys. */
export function inputBase<T extends string>(type: T) {
  return z.strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, "use only letters, digits, `_`, `.` and `-`")
      .describe("Input id: names the records' `source` and appears in reports."),
    type: z.literal(type).describe("Reader type."),
  });
}

/** Recipe keys shared by several readers, defined once so their docs and defaults agree. */
export const commonKeys = {
  include: z
    .array(z.string().min(1))
    .default(["**/*"])
    .describe("Glob patterns (relative to the input root) of files to read. Dot files are matched too."),
  exclude: z.array(z.string().min(1)).default([]).describe("Glob patterns of files to skip, applied after `include`."),
  max_file_bytes: z
    .number()
    .int()
    .positive()
    .default(1_000_000)
    .describe("Files larger than this are reported as errored instead of read (keeps giant generated files out)."),
  text_field: z.string().min(1).default("text").describe("Field (column) holding the record text."),
  id_field: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Field whose value (string or number) becomes the record id verbatim. Default: an id derived from the input, file and line/row.",
    ),
  fields: z
    .array(z.string().min(1))
    .optional()
    .describe(
      "Extra fields to keep as metadata. Default: every other top-level field (nested values JSON-encoded). " +
        "Fields named like record columns (`path`, `source`...) are kept as `orig_<name>`.",
    ),
};

/** Name the reader uses in `errored_by` (and the engine in `dropped_by`) for this input. */
export function readerName(input: string): string {
  return `read:${input}`;
}

/** Resolve a recipe path against the recipe folder. */
export function resolveInputPath(p: string, ctx: PlanContext): string {
  return path.resolve(ctx.baseDir, p);
}

/** `stat` an input path, turning "does not exist" into an error the user can act on. */
export async function statInputPath(input: string, p: string, ctx: PlanContext): Promise<{ abs: string; stat: Stats }> {
  const abs = resolveInputPath(p, ctx);
  try {
    return { abs, stat: await fs.stat(abs) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UserError(
        `input \`${input}\`: path ${p} does not exist (resolved to ${abs}) — fix the path or create it`,
      );
    }
    throw new UserError(`input \`${input}\`: cannot access path ${p} (${(err as Error).message})`);
  }
}

/** Paths stored in records and shards always use forward slashes, whatever the OS. */
export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Fingerprint of anything JSON-serialisable (shard contents, sizes, mtimes...). */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

export interface ItemWhere {
  input: string;
  id: string;
  path?: string;
  repo?: string;
}

export function erroredItem(where: ItemWhere, error: string, bytes: number): ReadItem {
  const record: ErroredRecord = { id: where.id, source: where.input, errored_by: readerName(where.input), error };
  if (where.path !== undefined) record.path = where.path;
  if (where.repo !== undefined) record.repo = where.repo;
  return { kind: "errored", record, bytes };
}

/** Errno failures (EACCES, ENOENT...) carry `syscall`; decoder/parser errors do not. */
export function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === "string";
}

/** First line of an error message: DuckDB and others append multi-line context we do not want in reports. */
export function shortMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split("\n")[0] ?? "").trim();
}
