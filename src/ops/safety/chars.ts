/**
 * Character classes shared by the safety operators' tokenizers: one byte per BMP code unit,
 * built once per worker thread (about 30 ms), so tokenizing is a table lookup per character
 * instead of a Unicode-property regex.
 */

/** Not part of a word: whitespace, punctuation, symbols. */
export const C_SEP = 0;
/** A letter, mark or digit of a script that separates words with spaces. */
export const C_WORD = 1;
/** Han, Hiragana or Katakana: scripts written without spaces between words. */
export const C_CJK = 2;
/** Thai: also written without spaces between words. */
export const C_THAI = 3;
/** An emoji (astral Extended_Pictographic): a token of its own. */
export const C_PICTO = 4;
/** A UTF-16 surrogate: classify the whole code point with `astralClass`. */
export const C_SURROGATE = 5;

const WORD_RE = /[\p{L}\p{M}\p{N}]/u;
const CJK_RE = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const THAI_RE = /\p{sc=Thai}/u;
const PICTO_RE = /\p{Extended_Pictographic}/u;

let table: Uint8Array | undefined;

/** The class of every BMP code unit (lazy, once per worker). */
export function charTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      t[c] = C_SURROGATE;
      continue;
    }
    t[c] = classify(String.fromCharCode(c));
  }
  table = t;
  return t;
}

function classify(ch: string): number {
  if (WORD_RE.test(ch)) {
    if (CJK_RE.test(ch)) return C_CJK;
    if (THAI_RE.test(ch)) return C_THAI;
    return C_WORD;
  }
  return C_SEP;
}

/** Class of a code point outside the BMP (CJK extension ideographs, emoji, historic scripts). */
export function astralClass(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (PICTO_RE.test(ch)) return C_PICTO;
  return classify(ch);
}

/**
 * The text the safety tokenizers see: NFKC (full-width ｆｏｏ and ligatures become plain
 * letters, as in the word lists) and lower case.
 */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}
