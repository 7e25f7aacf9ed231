import { z } from "zod";
import { defineOperator, drop, keep } from "../../core/operator.js";

const params = z
  .strictObject({
    min_chars: z.number().int().nonnegative().default(1).describe("Drop records with fewer characters."),
    max_chars: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Drop records with more characters (no limit when absent)."),
    min_lines: z.number().int().nonnegative().default(0).describe("Drop records with fewer lines."),
    max_lines: z.number().int().positive().optional().describe("Drop records with more lines."),
  })
  .refine((p) => p.max_chars === undefined || p.max_chars >= p.min_chars, {
    message: "max_chars must be >= min_chars",
  })
  .refine((p) => p.max_lines === undefined || p.max_lines >= p.min_lines, {
    message: "max_lines must be >= min_lines",
  });

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  // A trailing newline ends the last line rather than starting a new one.
  return text.endsWith("\n") ? n - 1 : n;
}

export const lengthFilter = defineOperator({
  name: "length_filter",
  kind: "filter",
  version: "1.0.0",
  summary: "Drop records whose text is too short or too long (characters and lines).",
  docs: "Counts UTF-16 characters of `text` and newline-separated lines. Defaults keep everything non-empty; set the bounds your data needs.",
  params,
  create(p) {
    return (records) => ({
      outcomes: records.map((r) => {
        const chars = r.text.length;
        if (chars < p.min_chars) return drop("min_chars", `${chars} < ${p.min_chars}`);
        if (p.max_chars !== undefined && chars > p.max_chars) return drop("max_chars", `${chars} > ${p.max_chars}`);
        if (p.min_lines > 0 || p.max_lines !== undefined) {
          const lines = countLines(r.text);
          if (lines < p.min_lines) return drop("min_lines", `${lines} < ${p.min_lines}`);
          if (p.max_lines !== undefined && lines > p.max_lines) return drop("max_lines", `${lines} > ${p.max_lines}`);
        }
        return keep();
      }),
    });
  },
});
