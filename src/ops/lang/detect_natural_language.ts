import { z } from "zod";
import { defineOperator, keep } from "../../core/operator.js";
import { CORE_FIELDS, readField } from "../basic/fields.js";
import { ELD_DATABASES, eldDetector, identify } from "./natural.js";

const params = z.strictObject({
  field: z
    .string()
    .min(1)
    .default("text")
    .describe(
      "Text to analyse: `text` (default) or a string metadata field, e.g. `comments` (comment/docstring text of code files). A list of strings is joined with newlines; a missing field counts as empty.",
    ),
  prefix: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "use lower_snake_case field names")
    .refine((f) => !CORE_FIELDS.has(`${f}_lang`) && !CORE_FIELDS.has(`${f}_score`), {
      message: "would overwrite a core record field",
    })
    .default("nl")
    .describe("Output fields are `<prefix>_lang` and `<prefix>_score` (nl_lang, nl_score)."),
  min_chars: z
    .number()
    .int()
    .nonnegative()
    .default(40)
    .describe(
      "Below this many letters of prose (Han, kana and Hangul count double) the answer is `unknown` with score 0.",
    ),
  min_word_ratio: z
    .number()
    .min(0)
    .max(1)
    .default(0.75)
    .describe(
      "Share of non-space characters that must sit in plain words (after code blocks, URLs and tags are removed); below it the text is code-like and the answer is `unknown` with score 0.",
    ),
  min_score: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe("Confidence below which the answer is `unknown` (the low score is still written)."),
  database: z
    .enum(ELD_DATABASES)
    .default("extrasmall")
    .describe("eld n-gram database size: extrasmall (~37 MB in memory) to large (~140 MB); loaded once per worker."),
});

export const detectNaturalLanguage = defineOperator({
  name: "detect_natural_language",
  kind: "score",
  version: "1.0.0",
  summary: "Natural language of the text (ISO 639-1) with eld, `unknown` for short or code-like text.",
  docs: [
    "Identifies the natural language of `text` (or of a metadata field such as `comments`) with eld, the Efficient Language Detector (n-gram model, 60 languages, ISO 639-1 codes). Sets `nl_lang` (a code such as en, de, zh, or `unknown`) and `nl_score` (0..1). Never drops a record.",
    "Guards against confident wrong labels: fenced/inline code, URLs, e-mail addresses, HTML tags and comments, Markdown tables, images and link targets are removed first; text with fewer than `min_chars` letters, or whose plain-word share is below `min_word_ratio` (code, JSON, hex, paths), is `unknown` with score 0. eld then reads the first 1000 characters of the prose-like lines.",
    "nl_score = fit × lead × length. fit = eld's top score / eld's own average top score for that language (the ratio its isReliable() compares with 0.75), capped at 1. lead = the top score's lead over the runner-up / 0.02, capped at 1: eld's isReliable() gives up below a 0.01 lead, so a near tie scores at most 0.5. length = sqrt(letters / (4 × min_chars)), capped at 1: 0.5 at the floor, 1 from 160 letters. Below `min_score` the language is `unknown` and the low score is kept.",
    "Defaults: 40 letters because eld's own benchmarks are 99% on tweet-length text but 67-90% on one or two words; 0.75 plain words because the hand-written paragraphs of bench/fixtures/language measure 1.00 and node_modules Markdown a median 0.95 (92% above 0.75), while node_modules JavaScript measures a median 0.46 (1% above 0.75), a one-line SQL query 0.61 and a quoted word list 0.08; 0.5 score = eld's 0.01 reliability lead on a full-length text. The extrasmall database (~37 MB) matched the large one (~140 MB) on every bench case (bench/language.ts).",
  ].join("\n\n"),
  params,
  async create(p) {
    const detector = await eldDetector(p.database);
    const langField = `${p.prefix}_lang`;
    const scoreField = `${p.prefix}_score`;
    const np = { minChars: p.min_chars, minWordRatio: p.min_word_ratio, minScore: p.min_score };
    return (records) => {
      for (const r of records) {
        const v = readField(r, p.field);
        const text = typeof v === "string" ? v : Array.isArray(v) ? v.join("\n") : "";
        const res = identify(detector, text, np);
        r.meta[langField] = res.lang;
        r.meta[scoreField] = res.score;
      }
      return { outcomes: records.map(() => keep()) };
    };
  },
});
