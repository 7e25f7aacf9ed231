import { createHash } from "node:crypto";
import { z } from "zod";
import { defineOperator } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { readField } from "./fields.js";

const params = z.strictObject({
  normalize: z
    .enum(["none", "whitespace", "lines"])
    .default("whitespace")
    .describe(
      "none: bytes as they are; whitespace: unify line endings, trim line ends and collapse blank runs; lines: also trim leading indentation.",
    ),
  lowercase: z.boolean().default(false).describe("Compare case-insensitively."),
  field: z
    .string()
    .default("text")
    .describe("Field whose content is hashed: text (default), path, repo, source, id or a metadata field."),
});

type Params = z.infer<typeof params>;

/** Normalize content so trivially different copies (CRLF, trailing spaces) hash alike. */
export function normalizeForHash(text: string, p: Pick<Params, "normalize" | "lowercase">): string {
  let s = text;
  if (p.normalize !== "none") {
    const lines = s.replace(/\r\n?/g, "\n").split("\n");
    const out: string[] = [];
    for (const line of lines) {
      const t = p.normalize === "lines" ? line.trim() : line.trimEnd();
      if (t === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
      out.push(t);
    }
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    s = out.join("\n");
  }
  return p.lowercase ? s.toLowerCase() : s;
}

function fieldText(r: SmeltRecord, field: string): string | null {
  const v = readField(r, field);
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.join("\n") : String(v);
}

export const exactDedup = defineOperator({
  name: "exact_dedup",
  kind: "filter",
  version: "1.0.0",
  summary: "Keep one record per normalized-content hash across the whole stage (first seen wins).",
  docs: "Hashes the normalized content with SHA-256 and keeps the first record of each group in input order (shard, then row). Every other copy is dropped with `dup_of` = the kept id. Runs over all shards, so it scales past memory: keys are grouped by DuckDB.",
  params,
  global: {
    type: "group_keep_first",
    rule: "exact_duplicate",
    key(record, p) {
      const content = fieldText(record, p.field);
      if (content === null) return null;
      return createHash("sha256").update(normalizeForHash(content, p)).digest("base64url").slice(0, 22);
    },
  },
});
