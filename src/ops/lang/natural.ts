/**
 * Natural-language identification with eld (Efficient Language Detector, n-gram based, 60
 * languages), guarded so that short or code-like text is not given a confident wrong label.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const ELD_DATABASES = ["extrasmall", "small", "medium", "large"] as const;
export type EldDatabase = (typeof ELD_DATABASES)[number];

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
}
interface Eld {
  detect(text: string): EldResult;
}

export interface Detector {
  eld: Eld;
  /** eld's average top score of a correct detection, per language (its own `avgScore` table). */
  avgScore: Readonly<Record<string, number>>;
}

/** Used when eld's table cannot be found (a layout change): its values lie between 0.75 and 0.88. */
const FALLBACK_AVG = 0.78;

async function loadAvgScore(): Promise<Record<string, number>> {
  // `eld` exports only its entry points; the table sits beside them in src/.
  const req = createRequire(import.meta.url);
  for (const dir of req.resolve.paths("eld") ?? []) {
    const file = join(dir, "eld", "src", "avgScore.js");
    if (existsSync(file)) {
      const mod = (await import(pathToFileURL(file).href)) as { avgScore?: Record<string, number> };
      if (mod.avgScore) return mod.avgScore;
    }
  }
  return {};
}

async function loadEld(db: EldDatabase): Promise<Eld> {
  switch (db) {
    case "extrasmall":
      return (await import("eld/extrasmall")).eld;
    case "small":
      return (await import("eld/small")).eld;
    case "medium":
      return (await import("eld/medium")).eld;
    case "large":
      return (await import("eld/large")).eld;
  }
}

const detectors = new Map<EldDatabase, Promise<Detector>>();

/** One detector per database size and worker thread, loaded on first use. */
export function eldDetector(db: EldDatabase): Promise<Detector> {
  let d = detectors.get(db);
  if (!d) {
    d = Promise.all([loadEld(db), loadAvgScore()]).then(([eld, avgScore]) => ({ eld, avgScore }));
    detectors.set(db, d);
  }
  return d;
}

/**
 * Remove what is not prose: fenced and inline code, URLs, e-mail addresses, HTML tags and
 * comments, Markdown tables, images, footnote marks, link targets, heading and emphasis marks
 * (link texts stay).
 */
export function stripNonProse(text: string): string {
  return text
    .replace(/^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/^[ \t]*\|.*\|[ \t]*$/gm, " ")
    .replace(/^[ \t]*\[[^\]\n]+\]:[ \t]*\S.*$/gm, " ")
    .replace(/\[\^[^\]\n]*\]/g, "")
    .replace(/!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?/g, " ")
    .replace(/\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])/g, "$1")
    .replace(/\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi, " ")
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " ")
    .replace(/<\/?[A-Za-z][^>]*>/g, " ")
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, "")
    .replace(/\*+/g, "");
}

/** Word separators: whitespace plus CJK punctuation, so unspaced Chinese/Japanese splits into runs. */
const SEPARATORS = /[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/u;
/**
 * A plain word: letters (with combining marks), inner apostrophes/hyphens, light punctuation
 * around it. A word in straight quotes on both sides (`"aber",`, `'key':`) is a string literal
 * of code or data, not prose.
 */
const WORD =
  /^(?!["'][^"']*["'][)\],;:.]*$)[("'¿¡«“‘[_]*\p{L}[\p{L}\p{M}]*(?:['’-][\p{L}\p{M}]+)*[)"'»”’\].,;:!?…_।॥،؛؟۔։።፣;]*$/u;
const LETTER = /\p{L}/gu;
/** Han, kana and Hangul carry a word's worth of meaning in few characters: they count double. */
const DENSE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Share of non-space characters that belong to plain words: ~1 for prose, ~0.3-0.6 for code. */
export function wordRatio(text: string): number {
  let total = 0;
  let inWords = 0;
  for (const tok of text.split(SEPARATORS)) {
    if (tok.length === 0) continue;
    total += tok.length;
    if (WORD.test(tok)) inWords += tok.length;
  }
  return total === 0 ? 0 : inWords / total;
}

/** Letters, with Han/kana/Hangul counted twice. */
export function letterCount(text: string): number {
  return (text.match(LETTER)?.length ?? 0) + (text.match(DENSE)?.length ?? 0);
}

export interface NlParams {
  minChars: number;
  minWordRatio: number;
  minScore: number;
}

export interface NlResult {
  lang: string;
  score: number;
  /** Why the answer is unknown, when it is. */
  reason?: "short" | "code_like" | "low_confidence";
}

/** eld reads at most this many characters; the sample is built from prose-like lines up to it. */
const SAMPLE_CHARS = 1000;
/** Characters measured for the word ratio of a long text. */
const MEASURE_CHARS = 32_000;
/**
 * A lead of this much of eld's top score over the runner-up counts as fully separated: twice
 * the 0.01 below which eld's own isReliable() gives up. Languages sharing a script (Russian /
 * Ukrainian / Bulgarian, Hindi / Marathi) often lead by only 0.01-0.03.
 */
const FULL_LEAD = 0.02;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function identify(d: Detector, raw: string, p: NlParams): NlResult {
  const text = stripNonProse(raw.length > MEASURE_CHARS ? raw.slice(0, MEASURE_CHARS) : raw);
  if (letterCount(text) < Math.max(1, p.minChars)) return { lang: "unknown", score: 0, reason: "short" };
  if (wordRatio(text) < p.minWordRatio) return { lang: "unknown", score: 0, reason: "code_like" };
  // Prose-like lines first: a README's badges and tables are not what it is written in.
  let sample = "";
  for (const line of text.split("\n")) {
    if (sample.length >= SAMPLE_CHARS) break;
    if (line.trim().length === 0 || wordRatio(line) < p.minWordRatio) continue;
    sample += `${line.trim()}\n`;
  }
  const letters = letterCount(sample);
  if (letters < Math.max(1, p.minChars)) return { lang: "unknown", score: 0, reason: "short" };

  const res = d.eld.detect(sample.slice(0, SAMPLE_CHARS));
  if (!res.language) return { lang: "unknown", score: 0, reason: "low_confidence" };
  const scores = Object.values(res.getScores()).sort((a, b) => b - a);
  const top = scores[0] ?? 0;
  const second = scores[1] ?? 0;
  const fit = Math.min(1, top / (d.avgScore[res.language] ?? FALLBACK_AVG));
  const lead = Math.min(1, Math.max(0, top - second) / FULL_LEAD);
  // eld is near-perfect on tweet-length text and much weaker on a few words: full trust from
  // four times the floor (160 letters by default), sqrt(1/4) = 0.5 at the floor itself.
  const length = p.minChars > 0 ? Math.sqrt(Math.min(1, letters / (4 * p.minChars))) : 1;
  const score = round3(fit * lead * length);
  if (score < p.minScore) return { lang: "unknown", score, reason: "low_confidence" };
  return { lang: res.language, score };
}
