import { z } from "zod";
import { defineOperator, keep } from "../../core/operator.js";
import type { FieldValue } from "../../core/record.js";
import { CORE_FIELDS, readField, regexSource } from "./fields.js";

const params = z
  .strictObject({
    field: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, "use lower_snake_case field names")
      .refine((f) => !CORE_FIELDS.has(f), { message: "is a core record field; pick another name" })
      .describe("Metadata field to set (becomes an output column)."),
    value: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe("Constant value to set. Use either `value` or `from`."),
    from: z.string().optional().describe("Field to derive the value from (text, path, repo, source or metadata)."),
    pattern: regexSource(
      "Regex applied to `from`; the first capture group (or whole match) becomes the value.",
    ).optional(),
    lowercase: z.boolean().default(false).describe("Lower-case the derived value."),
    map: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("Translate the derived value through this table (e.g. file extension to language)."),
    overwrite: z
      .boolean()
      .default(true)
      .describe("Replace a value the record already has; false only fills in missing (null) values."),
    default: z
      .union([z.string(), z.number(), z.boolean(), z.null()])
      .default(null)
      .describe("Value when `from` is missing, the pattern does not match, or `map` has no entry."),
  })
  .refine((p) => (p.value === undefined) !== (p.from === undefined), {
    message: "set exactly one of `value` or `from`",
  });

export const setField = defineOperator({
  name: "set_field",
  kind: "refiner",
  version: "1.1.0",
  summary: "Set a metadata field from a constant or derived from another field (regex + lookup table).",
  docs: "The general-purpose field refiner: tag a source, pull the extension out of `path`, map it to a name. Records are never dropped. A record's `refined_by` lists this operator when it changed the record.",
  params,
  create(p) {
    const re = p.pattern ? new RegExp(p.pattern, "u") : undefined;
    const derive = (input: FieldValue | undefined): FieldValue => {
      if (p.value !== undefined) return p.value;
      if (input === undefined || input === null) return p.default;
      let s = Array.isArray(input) ? input.join(",") : String(input);
      if (re) {
        const m = re.exec(s);
        if (!m) return p.default;
        s = m[1] ?? m[0];
      }
      if (p.lowercase) s = s.toLowerCase();
      if (p.map) return Object.hasOwn(p.map, s) ? (p.map[s] as FieldValue) : p.default;
      return s;
    };
    return (records) => {
      for (const r of records) {
        const current = r.meta[p.field];
        if (!p.overwrite && current !== undefined && current !== null) continue;
        r.meta[p.field] = derive(p.from === undefined ? undefined : readField(r, p.from));
      }
      return { outcomes: records.map(() => keep()) };
    };
  },
});
