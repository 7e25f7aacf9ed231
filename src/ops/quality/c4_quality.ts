import { z } from "zod";
import { defineOperator, drop, keep, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { below, splitLines } from "./common.js";

const params = z.strictObject({
  mode: z
    .enum(["filter", "score"])
    .default("filter")
    .describe(
      "filter: remove the lines C4 removes (when `remove_lines`) and drop pages that fail a page rule; score: leave the text as it is, drop nothing, add the c4_* scores.",
    ),
  remove_lines: z
    .boolean()
    .default(true)
    .describe("In filter mode, rewrite the text to the lines C4 keeps. false only drops pages (text unchanged)."),
  min_words_per_line: z
    .number()
    .int()
    .nonnegative()
    .default(5)
    .describe("Remove lines with fewer whitespace-separated words (C4: 5). 0 keeps every line."),
  require_terminal_punctuation: z
    .boolean()
    .default(true)
    .describe('Remove lines that do not end with . ? ! or " (or that end with "...").'),
  max_word_length: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(1000)
    .describe("Remove lines containing a word longer than this (C4's code). null keeps them."),
  remove_citations: z
    .boolean()
    .default(true)
    .describe("Delete Wikipedia-style citation marks [1], [edit], [citation needed] inside lines (C4's code)."),
  remove_javascript_lines: z.boolean().default(true).describe('Remove lines containing "javascript".'),
  remove_policy_lines: z
    .boolean()
    .default(true)
    .describe("Remove lines containing one of `policy_substrings` (C4's code: cookie and terms-of-use notices)."),
  policy_substrings: z
    .array(z.string().min(1))
    .default(["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"])
    .describe("Lower-case phrases that mark a policy line."),
  drop_lorem_ipsum: z.boolean().default(true).describe('Drop pages with a kept line containing "lorem ipsum".'),
  drop_curly_bracket: z.boolean().default(true).describe('Drop pages with a kept line containing "{" (likely code).'),
  min_sentences: z
    .number()
    .int()
    .nonnegative()
    .default(3)
    .describe("Drop pages whose kept lines hold fewer sentences (C4: 3). 0 switches the rule off."),
});

type Params = z.infer<typeof params>;

const CITATION = /\[\d*\]|\[edit\]|\[citation needed\]/g;
const END_MARKS = [".", "?", "!", '"'];
// A sentence ends at a run of . ! ? (closing quotes or brackets may follow) before a space or
// the end of the line.
const SENTENCE_END = /[.!?]+["'”’)\]]*(?=\s|$)/g;

/** Sentences of one line: segments closed by a sentence end, plus a trailing unclosed one. */
export function countSentences(line: string): number {
  let n = 0;
  let last = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(line); m !== null; m = SENTENCE_END.exec(line)) {
    if (line.slice(last, m.index).trim() !== "") n++;
    last = m.index + m[0].length;
  }
  if (line.slice(last).trim() !== "") n++;
  return n;
}

interface PageResult {
  kept: string[];
  total: number;
  sentences: number;
  lorem: number;
  curly: number;
}

/** C4's clean_page (TensorFlow Datasets c4_utils), line by line; page rules are only noted. */
function cleanPage(text: string, p: Params): PageResult {
  const lines = splitLines(text);
  const kept: string[] = [];
  let sentences = 0;
  let lorem = 0;
  let curly = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trim();
    if (p.max_word_length !== null) {
      const max = p.max_word_length;
      if (line.length > max && line.split(/\s+/).some((w) => w.length > max)) continue;
    }
    if (p.remove_citations) line = line.replace(CITATION, "");
    if (p.require_terminal_punctuation && (!END_MARKS.some((e) => line.endsWith(e)) || line.endsWith("..."))) continue;
    if (p.min_words_per_line > 0 && line.split(/\s+/).filter((w) => w !== "").length < p.min_words_per_line) continue;
    const lower = line.toLowerCase();
    if (p.drop_lorem_ipsum && lower.includes("lorem ipsum") && lorem === 0) lorem = i + 1;
    if (p.remove_javascript_lines && lower.includes("javascript")) continue;
    if (p.drop_curly_bracket && line.includes("{") && curly === 0) curly = i + 1;
    if (p.remove_policy_lines && p.policy_substrings.some((s) => lower.includes(s))) continue;
    sentences += countSentences(line);
    kept.push(line);
  }
  return { kept, total: lines.length, sentences, lorem, curly };
}

function evaluate(r: SmeltRecord, p: Params, scoring: boolean): RecordOutcome {
  const res = cleanPage(r.text, p);
  if (scoring) {
    const sc = r.scores;
    sc.c4_sentences = res.sentences;
    sc.c4_kept_line_fraction = res.total === 0 ? 0 : res.kept.length / res.total;
    sc.c4_lorem_ipsum = res.lorem > 0 ? 1 : 0;
    sc.c4_curly_bracket = res.curly > 0 ? 1 : 0;
    return keep();
  }
  // C4 stops at the first page rule it meets line by line, so the earlier line decides.
  if (res.lorem > 0 && (res.curly === 0 || res.lorem <= res.curly)) {
    return drop("c4_lorem_ipsum", `"lorem ipsum" in line ${res.lorem}`);
  }
  if (res.curly > 0) return drop("c4_curly_bracket", `"{" in line ${res.curly}`);
  if (p.min_sentences > 0 && res.sentences < p.min_sentences) {
    return drop("c4_sentences", below(res.sentences, p.min_sentences));
  }
  if (p.remove_lines) r.text = res.kept.join("\n").trim();
  return keep();
}

export const c4Quality = defineOperator({
  name: "c4_quality",
  kind: "refiner",
  version: "1.0.0",
  summary:
    "C4's cleaning (Raffel et al. 2020): removes lines without end punctuation, short, javascript or policy lines; drops lorem ipsum, code-like and too-short pages.",
  docs: [
    'The cleaning of the Colossal Clean Crawled Corpus (Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer", section 2.2), line by line as TensorFlow Datasets\' c4_utils.clean_page does. It is a refiner: in `mode: filter` (default) it EDITS the text and DROPS pages.',
    'Line rules (edit: the line is removed from the text, in this order): a word longer than 1,000 characters; citation marks [1], [edit], [citation needed] are deleted inside the line; no terminal punctuation (the line must end with . ? ! or " and not with "..."); fewer than 5 words; contains "javascript"; contains a cookie / terms-of-use phrase. Kept lines are trimmed and joined with line breaks.',
    'Page rules (drop), checked on the lines that survive the earlier line rules, as in C4: c4_lorem_ipsum (a line contains "lorem ipsum"), c4_curly_bracket (a line contains "{"), c4_sentences (the kept lines hold fewer than 3 sentences), e.g. `c4_sentences 2 < 3` or `c4_curly_bracket "{" in line 7`. A dropped page keeps its original text.',
    "In `mode: score` the text is left as it is, nothing is dropped, and c4_sentences, c4_kept_line_fraction, c4_lorem_ipsum (0/1) and c4_curly_bracket (0/1) are added as scores (the operator is listed in `refined_by` only for records whose text it changed, so never in score mode).",
    "Defaults follow the C4 paper and its reference code (5 words per line, 3 sentences per page); datatrove's C4QualityFilter uses 3 words and 5 sentences instead, and FineWeb ran it without the punctuation rule (`require_terminal_punctuation: false`). C4's bad-words page filter is not part of this operator. Sentences are counted with a simple rule (a run of . ! ? before a space or the line end closes one) where C4 used NLTK's Punkt, so abbreviations like \"Dr.\" count as sentence ends.",
  ].join("\n\n"),
  params,
  create(p) {
    const scoring = p.mode === "score";
    return (records) => ({ outcomes: records.map((r) => evaluate(r, p, scoring)) });
  },
});
