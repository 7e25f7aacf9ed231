/**
 * Shingles of a text as 32-bit hashes, written into a reusable Int32Array (no strings or
 * objects per token or shingle).
 *
 * 1. Tokens: each token becomes one 32-bit value.
 *    - `word`: a word is a run of letters, marks, digits and `_` (any script); Han and kana
 *      characters are one word each (those scripts put no spaces between words). Everything
 *      else separates words. Its value is the FNV-1a hash of its UTF-16 units.
 *    - `char`: every UTF-16 unit is a token (its value a fixed random 32-bit number), except
 *      that runs of whitespace count as one space and leading/trailing whitespace is dropped.
 *    - `code`: see `mh_code.ts`.
 *    `lowercase` lower-cases units first (one-unit lower cases only, by table).
 * 2. Shingles: every run of n consecutive tokens, hashed by a rolling polynomial over the n
 *    token values (order matters) and MurmurHash3's finalizer. A text with fewer than n tokens
 *    has no shingle.
 */
import { codeTokens } from "./mh_code.js";
import {
  CLASS,
  classifyUnit,
  FNV_OFFSET,
  FNV_PRIME,
  fmix32,
  K_CJK,
  K_SPACE,
  K_SURROGATE,
  K_WORD,
  LOWER,
  lowerUnit,
} from "./mh_text.js";

export type ShingleUnit = "word" | "char" | "code";

export interface ShingleSpec {
  unit: ShingleUnit;
  ngram: number;
  lowercase: boolean;
  normalize_identifiers: boolean;
}

// Local bindings of the imports used in hot loops: module-local constants stay plain loads
// even where a loader turns imports into getter calls (CommonJS interop, vitest's transform).
const CLS = CLASS;
const LOW = LOWER;
const classify = classifyUnit;
const lowerOf = lowerUnit;
const SPACE = K_SPACE;
const WORD = K_WORD;
const CJK = K_CJK;
const SURROGATE = K_SURROGATE;
const OFFSET = FNV_OFFSET;
const PRIME = FNV_PRIME;

/** A fixed pseudo-random 32-bit value per UTF-16 unit: the token value of a character. */
const UNIT_HASH = new Int32Array(0x10000);
for (let c = 0; c < 0x10000; c++) UNIT_HASH[c] = fmix32(c ^ 0x6a09e667);

let scratch = new Int32Array(1 << 14);

/** The worker's scratch buffer, grown to hold at least `n` values (contents undefined). */
export function scratchBuffer(n: number): Int32Array {
  if (scratch.length < n) {
    let cap = scratch.length;
    while (cap < n) cap *= 2;
    scratch = new Int32Array(cap);
  }
  return scratch;
}

/** Drop a scratch buffer grown past 4M values (16 MB) by one huge text, once it is no longer used. */
export function trimScratch(): void {
  if (scratch.length > 1 << 22) scratch = new Int32Array(1 << 14);
}

/** Word tokens of `text` into `out` (at least `text.length` long); returns the count. */
export function wordTokens(text: string, lower: boolean, out: Int32Array): number {
  const len = text.length;
  let n = 0;
  let h = OFFSET;
  let inWord = false;
  // A Han or kana character is a word by itself: the next character always ends it.
  let single = false;
  // One pass over the text plus a virtual trailing space, with a single place that emits a
  // token: the optimized loop then has no cold branch left to deoptimize on.
  for (let i = 0; i <= len; i++) {
    let c = 0x20;
    let k = SPACE;
    if (i < len) {
      c = text.charCodeAt(i);
      k = CLS[c] as number;
      if (k === 0) k = classify(c);
    }
    const wordChar = k === WORD || k === SURROGATE;
    if (inWord && (single || !wordChar)) {
      out[n] = h;
      n += 1;
      inWord = false;
    }
    if (wordChar || k === CJK) {
      if (lower && c >= 0x41) {
        const l = LOW[c] as number;
        c = l !== 0 ? l : lowerOf(c);
      }
      if (!inWord) {
        h = OFFSET;
        inWord = true;
        single = k === CJK;
      }
      h = Math.imul(h ^ c, PRIME);
    }
  }
  return n;
}

/** Character tokens of `text` into `out` (at least `text.length` long); returns the count. */
export function charTokens(text: string, lower: boolean, out: Int32Array): number {
  const len = text.length;
  let n = 0;
  let space = false;
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    let k = CLS[c] as number;
    if (k === 0) k = classify(c);
    if (k === SPACE) {
      space = n > 0;
      continue;
    }
    if (space) {
      out[n++] = 0x20;
      space = false;
    }
    if (lower && c >= 0x41) {
      const l = LOW[c] as number;
      c = l !== 0 ? l : lowerOf(c);
    }
    out[n++] = UNIT_HASH[c] as number;
  }
  return n;
}

/** Tokens of `text` as the spec says, into `out` (at least `text.length` long). */
export function tokenize(text: string, spec: ShingleSpec, out: Int32Array): number {
  if (spec.unit === "word") return wordTokens(text, spec.lowercase, out);
  if (spec.unit === "char") return charTokens(text, spec.lowercase, out);
  return codeTokens(text, spec.lowercase, spec.normalize_identifiers, out);
}

/** Multiplier of the rolling polynomial shingle hash (odd, so invertible mod 2^32). */
const BASE = 0x5bd1e995 | 0;

/**
 * Replace `count` tokens in `buf` by the hashes of their n-grams, in place, and return the
 * number of shingles. The hash of tokens t_i..t_{i+n-1} is fmix32 of the polynomial
 * Σ_j t_{i+j}·BASE^(n-1-j) mod 2^32, rolled in O(1) per shingle; shingle i is written over
 * token i only once token i has left the window.
 */
export function shingleInPlace(buf: Int32Array, count: number, n: number): number {
  const m = count - n + 1;
  if (m <= 0) return 0;
  let top = 1;
  for (let j = 1; j < n; j++) top = Math.imul(top, BASE);
  let g = 0;
  for (let j = 0; j < n; j++) g = (Math.imul(g, BASE) + (buf[j] as number)) | 0;
  for (let i = 0; i < m; i++) {
    let x = g;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    if (i + n < count) {
      g = (Math.imul(g - Math.imul(buf[i] as number, top), BASE) + (buf[i + n] as number)) | 0;
    }
    buf[i] = x;
  }
  return m;
}

/** Shingle hashes of `text` into the worker's scratch buffer; returns [buffer, count]. */
export function shingleInto(text: string, spec: ShingleSpec): [Int32Array, number] {
  const buf = scratchBuffer(text.length + 1);
  const t = tokenize(text, spec, buf);
  return [buf, shingleInPlace(buf, t, spec.ngram)];
}
