import { z } from "zod";
import type { FieldValue, SmeltRecord } from "../../core/record.js";

/** Names that are record columns rather than metadata; they cannot be set as metadata. */
export const CORE_FIELDS = new Set([
  "id",
  "text",
  "source",
  "path",
  "repo",
  "meta",
  "scores",
  "tags",
  "refined_by",
  "generated_by",
  "dropped_by",
  "drop_reason",
  "errored_by",
  "error",
]);

/** Read a core field or a metadata field of a record by name. */
export function readField(record: SmeltRecord, field: string): FieldValue | undefined {
  switch (field) {
    case "id":
      return record.id;
    case "text":
      return record.text;
    case "source":
      return record.source;
    case "path":
      return record.path ?? null;
    case "repo":
      return record.repo ?? null;
    case "tags":
      return record.tags;
    default:
      return record.meta[field];
  }
}

/** A zod string that must compile as a JavaScript regular expression (unicode mode). */
export function regexSource(description: string) {
  return z
    .string()
    .min(1)
    .refine(
      (src) => {
        try {
          new RegExp(src, "u");
          return true;
        } catch {
          return false;
        }
      },
      { message: "not a valid JavaScript regular expression" },
    )
    .describe(description);
}
