import { z } from "zod";
import { defineOperator, drop, keep, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import {
  above,
  below,
  countOf,
  cpLength,
  fraction,
  hasAlpha,
  modeParam,
  splitLines,
  threshold,
  words,
} from "./common.js";

const params = z.strictObject({
  mode: modeParam,
  min_words: threshold(50, "Drop documents with fewer words."),
  max_words: threshold(100000, "Drop documents with more words."),
  min_mean_word_length: threshold(3, "Drop documents whose mean word length (characters) is smaller."),
  max_mean_word_length: threshold(10, "Drop documents whose mean word length is larger."),
  max_symbol_word_ratio: threshold(
    0.1,
    'Drop documents with more "#" per word, or more ellipses ("..." or "…") per word, than this.',
  ),
  max_bullet_line_fraction: fraction(0.9, "Drop documents where a larger share of lines start with a bullet."),
  bullets: z
    .array(z.string().min(1))
    .default(["•", "-"])
    .describe("Line starts (after leading spaces) that count as bullets (datatrove: • and -)."),
  max_ellipsis_line_fraction: fraction(
    0.3,
    'Drop documents where a larger share of lines end with an ellipsis ("..." or "…").',
  ),
  min_alpha_word_fraction: fraction(
    0.8,
    "Drop documents where a smaller share of words contain at least one alphabetic character.",
  ),
  min_stop_words: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .default(2)
    .describe("Drop documents with fewer occurrences of the stop words. null switches the rule off."),
  stop_words: z
    .array(z.string().min(1))
    .default(["the", "be", "to", "of", "and", "that", "have", "with"])
    .describe("Stop words, matched case-sensitively against whole words (Gopher's English list)."),
});

type Params = z.infer<typeof params>;

function evaluate(r: SmeltRecord, p: Params, stop: Set<string>, scoring: boolean): RecordOutcome {
  const text = r.text;
  const ws = words(text);
  const n = ws.length;
  let failed: RecordOutcome | undefined;
  const fail = (rule: string, detail: string) => {
    failed ??= drop(rule, detail);
  };
  const sc = r.scores;

  if (p.min_words !== null && n < p.min_words) fail("gopher_word_count", below(n, p.min_words));
  if (p.max_words !== null && n > p.max_words) fail("gopher_word_count", above(n, p.max_words));
  if (scoring) sc.gopher_word_count = n;
  else if (failed) return failed;

  let chars = 0;
  for (const w of ws) chars += w.length;
  if (chars > 0 && /[\uD800-\uDBFF]/.test(text)) chars = ws.reduce((a, w) => a + cpLength(w), 0);
  const mean = n === 0 ? 0 : chars / n;
  if (p.min_mean_word_length !== null && mean < p.min_mean_word_length) {
    fail("gopher_mean_word_length", below(mean, p.min_mean_word_length));
  }
  if (p.max_mean_word_length !== null && mean > p.max_mean_word_length) {
    fail("gopher_mean_word_length", above(mean, p.max_mean_word_length));
  }
  if (scoring) sc.gopher_mean_word_length = mean;
  else if (failed) return failed;

  const per = Math.max(n, 1);
  const hashRatio = countOf(text, "#") / per;
  const ellipsisRatio = (countOf(text, "...") + countOf(text, "…")) / per;
  if (p.max_symbol_word_ratio !== null) {
    if (hashRatio > p.max_symbol_word_ratio) fail("gopher_hash_ratio", above(hashRatio, p.max_symbol_word_ratio));
    if (ellipsisRatio > p.max_symbol_word_ratio) {
      fail("gopher_ellipsis_ratio", above(ellipsisRatio, p.max_symbol_word_ratio));
    }
  }
  if (scoring) {
    sc.gopher_hash_ratio = hashRatio;
    sc.gopher_ellipsis_ratio = ellipsisRatio;
  } else if (failed) return failed;

  const lines = splitLines(text);
  let bullets = 0;
  let ellipses = 0;
  for (const line of lines) {
    const start = line.trimStart();
    if (p.bullets.some((b) => start.startsWith(b))) bullets++;
    const end = line.trimEnd();
    if (end.endsWith("...") || end.endsWith("…")) ellipses++;
  }
  const bulletFrac = lines.length === 0 ? 0 : bullets / lines.length;
  const ellipsisFrac = lines.length === 0 ? 0 : ellipses / lines.length;
  if (p.max_bullet_line_fraction !== null && bulletFrac > p.max_bullet_line_fraction) {
    fail("gopher_bullet_lines", above(bulletFrac, p.max_bullet_line_fraction));
  }
  if (p.max_ellipsis_line_fraction !== null && ellipsisFrac > p.max_ellipsis_line_fraction) {
    fail("gopher_ellipsis_lines", above(ellipsisFrac, p.max_ellipsis_line_fraction));
  }
  if (scoring) {
    sc.gopher_bullet_lines = bulletFrac;
    sc.gopher_ellipsis_lines = ellipsisFrac;
  } else if (failed) return failed;

  let alphaWords = 0;
  let stopCount = 0;
  for (const w of ws) {
    if (hasAlpha(w)) alphaWords++;
    if (stop.has(w)) stopCount++;
  }
  const alphaFrac = n === 0 ? 0 : alphaWords / n;
  if (p.min_alpha_word_fraction !== null && alphaFrac < p.min_alpha_word_fraction) {
    fail("gopher_alpha_words", below(alphaFrac, p.min_alpha_word_fraction));
  }
  if (p.min_stop_words !== null && stopCount < p.min_stop_words) {
    fail("gopher_stop_words", below(stopCount, p.min_stop_words));
  }
  if (scoring) {
    sc.gopher_alpha_words = alphaFrac;
    sc.gopher_stop_words = stopCount;
    return keep();
  }
  return failed ?? keep();
}

export const gopherQuality = defineOperator({
  name: "gopher_quality",
  kind: "filter",
  version: "1.0.0",
  summary:
    "Gopher / MassiveText quality rules (Rae et al. 2021): word count, mean word length, symbols, bullets, ellipses, alphabetic words, stop words.",
  docs: [
    'The document quality filter of MassiveText (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher", section A.1.1), with its published thresholds as defaults, as re-implemented in datatrove\'s GopherQualityFilter (used for FineWeb, Penedo et al. 2024). In `mode: filter` (default) the first failed rule drops the record, in this order: gopher_word_count (50 to 100,000 words), gopher_mean_word_length (3 to 10 characters), gopher_hash_ratio and gopher_ellipsis_ratio ("#" or "..."/"…" per word > 0.1), gopher_bullet_lines (> 90% of lines start with a bullet), gopher_ellipsis_lines (> 30% of lines end with an ellipsis), gopher_alpha_words (< 80% of words contain a letter), gopher_stop_words (< 2 occurrences of the, be, to, of, and, that, have, with), e.g. `gopher_word_count 23 < 50`. In `mode: score` nothing is dropped and each measure is added as a score of the same name.',
    "Words are maximal runs of Unicode letters, digits and combining marks (punctuation and spaces separate them; datatrove uses NLTK's tokenizer, so counts differ slightly, e.g. don't is two words here). Stop words are matched case-sensitively, as datatrove does. The thresholds are for English; languages written without spaces (Chinese, Japanese, Thai) produce one long 'word' per phrase and need other thresholds or a segmenter.",
  ].join("\n\n"),
  params,
  create(p) {
    const stop = new Set(p.stop_words);
    const scoring = p.mode === "score";
    return (records) => ({ outcomes: records.map((r) => evaluate(r, p, stop, scoring)) });
  },
});
