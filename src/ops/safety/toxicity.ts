import { z } from "zod";
import { defineOperator, drop, keep } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { readField } from "../basic/fields.js";
import { foldText } from "./chars.js";
import { buildMatcher, LIST_CODES, listCodeFor, type Matcher, matchText, WORDLIST_VERSION } from "./wordlists.js";

const code = z.string().refine((c) => LIST_CODES.includes(c), {
  error: (issue) => `unknown list \`${String(issue.input)}\` — use one of ${LIST_CODES.join(", ")}`,
});

const params = z.strictObject({
  mode: z
    .enum(["score", "filter"])
    .default("score")
    .describe("score: only add the scores; filter: also drop records whose toxicity exceeds max_toxicity."),
  max_toxicity: z
    .number()
    .min(0)
    .max(1)
    .default(0.01)
    .describe(
      "filter mode: drop when toxicity (matched terms / words) is above this. 0.01 = more than 1 listed term per 100 words (BigScience ROOTS cut-off for English and Spanish).",
    ),
  min_terms: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe(
      "filter mode: drop only when at least this many terms matched. With 1, one listed word drops any record under 1/max_toxicity (100) words; 2 spares short texts with a single innocent-sense word.",
    ),
  languages: z
    .union([z.literal("all"), z.array(code).min(1)])
    .default(["en"])
    .describe(
      `Lists used when the record has no language in lang_field, or one without a list: codes of ${LIST_CODES.join(", ")}, or "all".`,
    ),
  lang_field: z
    .string()
    .nullable()
    .default("nl_lang")
    .describe(
      "Field holding the record's natural language (ISO 639-1, as detect_natural_language writes it): when it names a language with a list, that list is used instead of `languages`. null: always use `languages`.",
    ),
  allowlist: z
    .array(z.string().min(1))
    .default([])
    .describe(
      "Words or phrases never counted; a listed phrase also shields the listed words inside it (e.g. `dick van dyke`, or 牛乳 around 乳).",
    ),
  blocklist: z
    .array(z.string().min(1))
    .default([])
    .describe("Extra words or phrases counted in every language, added to the lists."),
  cjk_single_chars: z
    .boolean()
    .default(false)
    .describe(
      "Count the single-character Chinese/Japanese entries of the lists (性, 乳, 奶, 幹, 糞...), where ICU's word segmenter sees them as a word of their own. Off by default: most are everyday morphemes (性 is the -ity of 兼容性 and 可见性, which ICU splits off too).",
    ),
  record_terms: z
    .boolean()
    .default(false)
    .describe("Also write the distinct matched terms to the `toxic_terms` field."),
  max_terms: z.number().int().positive().default(20).describe("At most this many terms in `toxic_terms`."),
  field: z.string().default("text").describe("Field to score: text (default) or a metadata field."),
});

type Params = z.infer<typeof params>;

/** Matchers per language set and allow-/blocklist: built once per worker thread. */
const matchers = new Map<string, Matcher>();

function matcherFor(codes: readonly string[], p: Params): Matcher {
  const key = JSON.stringify([codes, p.blocklist, p.allowlist, p.cjk_single_chars]);
  let m = matchers.get(key);
  if (!m) {
    m = buildMatcher(codes, { block: p.blocklist, allow: p.allowlist, cjkSingleChars: p.cjk_single_chars });
    matchers.set(key, m);
  }
  return m;
}

/** `0.0341` → "0.0341", `0.01` → "0.01": short, without float noise. */
function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}

export const toxicity = defineOperator({
  name: "toxicity",
  kind: "score",
  version: `1.0.0+naughty-words.${WORDLIST_VERSION}`,
  summary: "Score the density of LDNOOBW bad words (27 languages) per record; optionally drop above a threshold.",
  docs: [
    "Counts words and phrases of the LDNOOBW lists (List of Dirty, Naughty, Obscene and Otherwise Bad Words, from the `naughty-words` npm package) in the text and writes two scores: `toxicity` = matched terms / words (a ratio, 0..1) and `toxic_words` = the number of matches (a listed phrase counts once). With `record_terms: true` the distinct matched terms go to `toxic_terms`.",
    "Text and list entries are NFKC-folded, lower-cased and split into words at anything that is not a letter, mark or digit (so `g-spot` also matches `G spot`); phrases match as word sequences, longest first. Chinese, Japanese and Thai have no spaces: their entries are found as substrings of runs of those scripts, and such runs count as one word per 2 characters (Han/kana) or 4 (Thai), the ratio ICU's dictionary segmenter finds. The lists' single-character Han/kana entries (性, 乳, 奶, 幹...) are everyday morphemes and are skipped unless `cjk_single_chars: true`; then, and always for Thai one-syllable entries (กู, หี), a single-character entry counts only where ICU's word segmenter sees it as a word of its own (not inside 性能 or 牛乳).",
    "The list is the record's language from `lang_field` (detect_natural_language's `nl_lang`) when it has one, otherwise `languages`. The default fallback is English only: the lists of other languages hold everyday English words (Turkish `am`, French `con`, Italian `mona`).",
    "mode: filter drops records whose toxicity is above `max_toxicity` (default 0.01, the flagged-words cut-off BigScience ROOTS used for English and Spanish, Laurençon et al. 2022). A density rather than C4's any-word rule (Raffel et al. 2020): many listed words have innocent senses (anal, cock, balls, 性), and Dodge et al. 2021 showed the any-word rule removes medical text and text about minorities.",
  ].join("\n\n"),
  params,
  create(p) {
    const fallback = p.languages === "all" ? LIST_CODES : [...new Set(p.languages)].sort();
    const byLang = new Map<string, Matcher>();
    const fallbackMatcher = matcherFor(fallback, p);
    const matcherOf = (r: SmeltRecord): Matcher => {
      if (p.lang_field === null) return fallbackMatcher;
      const v = readField(r, p.lang_field);
      if (typeof v !== "string" || v === "") return fallbackMatcher;
      let m = byLang.get(v);
      if (!m) {
        const c = listCodeFor(v);
        m = c ? matcherFor([c], p) : fallbackMatcher;
        byLang.set(v, m);
      }
      return m;
    };
    return (records) => ({
      outcomes: records.map((r) => {
        const value = p.field === "text" ? r.text : readField(r, p.field);
        const text =
          value === null || value === undefined ? "" : Array.isArray(value) ? value.join("\n") : String(value);
        const res = matchText(matcherOf(r), foldText(text), p.max_terms);
        const ratio = res.words === 0 ? 0 : res.matches / res.words;
        r.scores.toxicity = Math.round(ratio * 1e6) / 1e6;
        r.scores.toxic_words = res.matches;
        if (p.record_terms) r.meta.toxic_terms = res.terms;
        if (p.mode === "filter" && ratio > p.max_toxicity && res.matches >= p.min_terms) {
          const terms = res.matches === 1 ? "term" : "terms";
          return drop("toxicity", `${fmt(ratio)} > ${p.max_toxicity} (${res.matches} ${terms} in ${res.words} words)`);
        }
        return keep();
      }),
    });
  },
});
