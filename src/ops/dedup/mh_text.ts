/**
 * Character tables and 32-bit hash primitives of the MinHash shingler.
 *
 * The tables hold one byte (class) and one UTF-16 unit (lower case) per BMP code unit, filled
 * lazily the first time a unit is seen in this worker thread: ASCII at load, anything else
 * through one Unicode-property regex test, so a text costs a table lookup per character.
 */

/** Not yet classified (non-ASCII units start here). */
export const K_UNKNOWN = 0;
/** Whitespace (White_Space, plus control characters). */
export const K_SPACE = 1;
/** Punctuation, symbols and anything else that is not part of a word. */
export const K_PUNCT = 2;
/** Letter, mark, digit or underscore of a script that separates words with spaces. */
export const K_WORD = 3;
/** Han, Hiragana or Katakana: scripts without spaces between words; each character is a word. */
export const K_CJK = 4;
/** A UTF-16 surrogate: part of an astral code point, treated as a word character. */
export const K_SURROGATE = 5;

const WORD_RE = /[\p{L}\p{M}\p{N}_]/u;
const CJK_RE = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const SPACE_RE = /[\s\p{Cc}]/u;

/** Class of every BMP code unit seen so far (K_UNKNOWN until then). */
export const CLASS = new Uint8Array(0x10000);
/** Lower case of every BMP code unit seen so far (0 until then, except U+0000). */
export const LOWER = new Uint16Array(0x10000);

for (let c = 0; c < 128; c++) {
  let k = K_PUNCT;
  if (c <= 0x20 || c === 0x7f) k = K_SPACE;
  else if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) k = K_WORD;
  CLASS[c] = k;
  LOWER[c] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** Classify a non-ASCII unit and remember it. */
export function classifyUnit(c: number): number {
  let k: number;
  if (c >= 0xd800 && c <= 0xdfff) k = K_SURROGATE;
  else {
    const ch = String.fromCharCode(c);
    if (WORD_RE.test(ch)) k = CJK_RE.test(ch) ? K_CJK : K_WORD;
    else k = SPACE_RE.test(ch) ? K_SPACE : K_PUNCT;
  }
  CLASS[c] = k;
  return k;
}

/** Lower-case a non-ASCII unit (units whose lower case is not one unit stay) and remember it. */
export function lowerUnit(c: number): number {
  const l = String.fromCharCode(c).toLowerCase();
  const r = l.length === 1 ? l.charCodeAt(0) : c;
  LOWER[c] = r;
  return r;
}

/** FNV-1a 32-bit offset basis and prime: token hashes over UTF-16 units. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of a whole string (used for keyword tables and placeholders, not in hot loops). */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** MurmurHash3's 32-bit finalizer (a bijection with full avalanche). */
export function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}
