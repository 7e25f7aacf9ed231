/**
 * Helpers shared by the quality operators: the filter/score mode, number formatting for
 * drop reasons, the word tokenizer, line splitting and Unicode character classes.
 */
import { z } from "zod";
import type { SmeltRecord } from "../../core/record.js";

export const modeParam = z
  .enum(["filter", "score"])
  .default("filter")
  .describe("filter: drop records with the first failed rule; score: add the measured values as scores, drop nothing.");

/** A nullable threshold: `null` switches the rule off. */
export function threshold(value: number, description: string) {
  return z.number().nonnegative().nullable().default(value).describe(`${description} null switches the rule off.`);
}

export function fraction(value: number, description: string) {
  return z.number().min(0).max(1).nullable().default(value).describe(`${description} null switches the rule off.`);
}

/**
 * Format a measured value for a drop reason. Integers print as they are; fractions with as few
 * decimals as keep the printed comparison true (0.1199 vs a threshold of 0.12 prints 0.1199).
 */
export function fmt(value: number, limit?: number): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return String(value);
  for (let d = 3; d <= 10; d++) {
    const s = String(Number(value.toFixed(d)));
    if (limit === undefined) return s;
    const shown = Number(s);
    if (Math.sign(shown - limit) === Math.sign(value - limit)) return s;
  }
  return String(value);
}

/** `drop` detail for an upper bound: "2411 > 1000". */
export function above(value: number, limit: number): string {
  return `${fmt(value, limit)} > ${limit}`;
}

/** `drop` detail for a lower bound: "0.21 < 0.25". */
export function below(value: number, limit: number): string {
  return `${fmt(value, limit)} < ${limit}`;
}

/** Language ids as `detect_language` writes them: Linguist names lowercased, spaces as `-`. */
export function langId(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, "-");
}

/** The record's language id from a metadata field, or null. */
export function recordLang(r: SmeltRecord, field: string): string | null {
  const v = r.meta[field];
  return typeof v === "string" && v !== "" ? langId(v) : null;
}

// Words: maximal runs of letters, digits and combining marks (Unicode aware). Punctuation,
// symbols and spaces separate words. Scripts written without spaces (zh, ja, th) come out as
// one "word" per run of characters, so word-based thresholds do not transfer to them.
const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;

export function words(text: string): string[] {
  return text.match(WORD_RE) ?? [];
}

const HAS_SURROGATE = /[\uD800-\uDBFF]/;

/** Length in code points (what Python's len() counts), cheap when there is no astral character. */
export function cpLength(s: string): number {
  if (!HAS_SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Unify CRLF / CR line ends to LF (only copies when the text has a CR). */
export function lf(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * Lines the way Python's `str.splitlines()` sees them for \n, \r\n and \r: a final line ending
 * does not start another (empty) line, and an empty text has no lines.
 */
export function splitLines(text: string): string[] {
  const t = lf(text);
  if (t === "") return [];
  const lines = t.split("\n");
  if (t.endsWith("\n")) lines.pop();
  return lines;
}

// Character classes: 1 = alphabetic (\p{L}, Python's str.isalpha), 2 = numeric (\p{N}, so
// alphanumeric = 1 | 2 as Python's str.isalnum), 4 = combining mark (\p{M}, part of a word but
// not alphanumeric), 0 = other. BMP code units are classified once per worker thread and cached;
// astral characters (rare) are tested with the regexes.
export const CLASS_ALPHA = 1;
export const CLASS_NUMERIC = 2;
export const CLASS_MARK = 4;
const ALPHA_RE = /\p{L}/u;
const NUMERIC_RE = /\p{N}/u;
const MARK_RE = /\p{M}/u;
let bmp: Uint8Array | undefined;

function classifyString(s: string): number {
  if (ALPHA_RE.test(s)) return CLASS_ALPHA;
  if (NUMERIC_RE.test(s)) return CLASS_NUMERIC;
  if (MARK_RE.test(s)) return CLASS_MARK;
  return 0;
}

/** The class table of the BMP: bits 0-2 hold the class, bit 7 marks "computed". */
function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) t[c] = 0x80 | classifyString(String.fromCharCode(c));
  bmp = t;
  return t;
}

/** Class of the BMP code unit `c` (not a surrogate). */
export function classOf(c: number): number {
  const t = bmpTable();
  let k = t[c] as number;
  if (k === 0) {
    k = 0x80 | classifyString(String.fromCharCode(c));
    t[c] = k;
  }
  return k & 7;
}

/** Class of an astral code point. */
export function classOfCodePoint(cp: number): number {
  return classifyString(String.fromCodePoint(cp));
}

/** Does the string contain a letter? (Gopher's "word with an alphabetic character".) */
export function hasAlpha(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      if (classOfCodePoint(w.codePointAt(i) as number) === CLASS_ALPHA) return true;
      i++;
    } else if (classOf(c) === CLASS_ALPHA) return true;
  }
  return false;
}

/** Number of words (as `words(text).length`) without building them. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    if (c < 128) k = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const d = text.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        k = classOfCodePoint(text.codePointAt(i) as number);
        i++;
      } else k = 0; // a lone surrogate
    } else k = classOf(c);
    if (k !== 0) {
      if (!inWord) n++;
      inWord = true;
    } else inWord = false;
  }
  return n;
}

/** Number of non-overlapping occurrences of `needle` (Python's str.count). */
export function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
