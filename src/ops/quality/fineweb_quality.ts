import { z } from "zod";
import { defineOperator, drop, keep, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { above, below, countOf, countWords, fraction, lf, modeParam, threshold } from "./common.js";

const params = z.strictObject({
  mode: modeParam,
  min_line_punct_ratio: fraction(
    0.12,
    "Drop documents where a smaller share of (non-empty) lines end with terminal punctuation.",
  ),
  line_punct_exclude_zero: z
    .boolean()
    .default(false)
    .describe("Keep documents where no line at all ends with punctuation (datatrove's line_punct_exclude_zero)."),
  terminal_punctuation: z
    .array(z.string().min(1))
    .default([
      ".",
      "!",
      "?",
      '"',
      "'",
      "…",
      "”",
      "’",
      "。",
      "！",
      "？",
      "｡",
      "．",
      "؟",
      "۔",
      "।",
      "॥",
      "‼",
      "⁇",
      "⁈",
      "⁉",
    ])
    .describe("Line endings that count as terminal punctuation (trailing spaces ignored)."),
  max_short_line_ratio: fraction(0.67, "Drop documents where a larger share of lines are short."),
  short_line_length: z
    .number()
    .int()
    .positive()
    .default(30)
    .describe("Lines of at most this many characters are short."),
  max_dup_line_char_ratio: fraction(
    0.1,
    "Drop documents where repeated lines (repeats of an earlier line) hold a larger share of the characters.",
  ),
  max_newline_word_ratio: threshold(0.3, "Drop list-like documents with more line breaks per word."),
});

type Params = z.infer<typeof params>;

function evaluate(r: SmeltRecord, p: Params, scoring: boolean): RecordOutcome {
  const text = lf(r.text);
  const sc = r.scores;
  let failed: RecordOutcome | undefined;
  const fail = (rule: string, detail: string) => {
    failed ??= drop(rule, detail);
  };

  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const nl = Math.max(lines.length, 1);
  let punct = 0;
  let short = 0;
  for (const line of lines) {
    const end = line.trimEnd();
    if (p.terminal_punctuation.some((t) => end.endsWith(t))) punct++;
    if (line.length <= p.short_line_length) short++;
  }
  const punctRatio = punct / nl;
  if (scoring) sc.fineweb_line_punct_ratio = punctRatio;
  if (
    p.min_line_punct_ratio !== null &&
    punctRatio < p.min_line_punct_ratio &&
    !(punctRatio === 0 && p.line_punct_exclude_zero)
  ) {
    fail("fineweb_line_punct_ratio", below(punctRatio, p.min_line_punct_ratio));
  }
  if (!scoring && failed) return failed;

  const shortRatio = lines.length === 0 ? 0 : short / nl;
  if (scoring) sc.fineweb_short_line_ratio = shortRatio;
  if (p.max_short_line_ratio !== null && shortRatio > p.max_short_line_ratio) {
    fail("fineweb_short_line_ratio", above(shortRatio, p.max_short_line_ratio));
  }
  if (!scoring && failed) return failed;

  const seen = new Set<string>();
  let dupChars = 0;
  for (const line of lines) {
    if (seen.has(line)) dupChars += line.length;
    else seen.add(line);
  }
  const dupRatio = dupChars / Math.max(text.length - countOf(text, "\n"), 1);
  if (scoring) sc.fineweb_dup_line_char_ratio = dupRatio;
  if (p.max_dup_line_char_ratio !== null && dupRatio > p.max_dup_line_char_ratio) {
    fail("fineweb_dup_line_char_ratio", above(dupRatio, p.max_dup_line_char_ratio));
  }
  if (!scoring && failed) return failed;

  const newlineRatio = countOf(text, "\n") / Math.max(countWords(text), 1);
  if (scoring) sc.fineweb_newline_word_ratio = newlineRatio;
  if (p.max_newline_word_ratio !== null && newlineRatio > p.max_newline_word_ratio) {
    fail("fineweb_newline_word_ratio", above(newlineRatio, p.max_newline_word_ratio));
  }
  return scoring ? keep() : (failed ?? keep());
}

export const finewebQuality = defineOperator({
  name: "fineweb_quality",
  kind: "filter",
  version: "1.0.0",
  summary:
    "FineWeb's own quality rules (Penedo et al. 2024): lines ending in punctuation, short lines, repeated-line characters, list-like documents.",
  docs: [
    'The three custom filters of FineWeb (Penedo et al. 2024, "The FineWeb Datasets: Decanting the Web for the Finest Text Data at Scale", section 3) plus the list-document rule of datatrove\'s FineWebQualityFilter. In `mode: filter` (default) the first failed rule drops the record, in this order: fineweb_line_punct_ratio (< 0.12 of the non-empty lines end with terminal punctuation), fineweb_short_line_ratio (> 0.67 of the lines have at most 30 characters), fineweb_dup_line_char_ratio (> 0.1 of the characters, line breaks not counted, are in lines repeating an earlier line), fineweb_newline_word_ratio (> 0.3 line breaks per word), e.g. `fineweb_line_punct_ratio 0.05 < 0.12`. In `mode: score` nothing is dropped and the four ratios are added as scores of those names.',
    "Where the sources differ: the repeated-line threshold is the paper's 0.1 (datatrove's code default is 0.01); empty lines are ignored and comparisons are strict, as in datatrove's current code (the paper writes ≤ 0.12 and ≥ 0.67). Terminal punctuation is . ! ? \" ' plus common non-Latin sentence ends (。！？؟। …), after trailing spaces. Words are runs of Unicode letters, digits and marks (datatrove uses NLTK), so the words-per-line-break rule needs other thresholds for languages written without spaces.",
  ].join("\n\n"),
  params,
  create(p) {
    const scoring = p.mode === "score";
    return (records) => ({ outcomes: records.map((r) => evaluate(r, p, scoring)) });
  },
});
