import { z } from "zod";
import { defineOperator, drop, keep } from "../../core/operator.js";
import { readField, regexSource } from "./fields.js";

const params = z.strictObject({
  pattern: regexSource("JavaScript regular expression (unicode mode)."),
  flags: z
    .string()
    .regex(/^[imsu]*$/, "only the flags i, m, s, u are allowed")
    .default("")
    .describe("Regex flags: i (ignore case), m (multiline), s (dotAll)."),
  field: z.string().default("text").describe("Field to test: text, path, repo, source or a metadata field."),
  action: z
    .enum(["drop_matching", "keep_matching"])
    .default("drop_matching")
    .describe("Drop records that match, or drop records that do not match."),
});

export const regexFilter = defineOperator({
  name: "regex_filter",
  kind: "filter",
  version: "1.0.0",
  summary: "Drop records whose field matches (or does not match) a regular expression.",
  docs: "Tests one field against a regular expression. With `action: keep_matching` it works as an allow-list. A missing field counts as the empty string.",
  params,
  create(p) {
    const re = new RegExp(p.pattern, p.flags.includes("u") ? p.flags : `${p.flags}u`);
    const wantMatch = p.action === "keep_matching";
    return (records) => ({
      outcomes: records.map((r) => {
        const value = readField(r, p.field);
        const matched = re.test(value === null || value === undefined ? "" : String(value));
        if (matched === wantMatch) return keep();
        return drop(wantMatch ? "no_match" : "match", `${p.field} ~ /${p.pattern}/`);
      }),
    });
  },
});
