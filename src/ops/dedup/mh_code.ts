/**
 * A language-agnostic code tokenizer for MinHash shingles (`unit: code`): identifiers, numbers,
 * string literals, operators and punctuation; whitespace and comments are skipped. Each token
 * becomes its 32-bit FNV-1a hash (no token strings are built).
 *
 * - Identifiers: a letter, `_` or `$`, then letters, digits, `_`, `$` (any script).
 * - Numbers: a digit (or `.` then a digit), then letters, digits, `_`, `.`, and a sign right
 *   after an exponent letter: `0x1F`, `1_000`, `1.5e-3f`, `10n` are one token each.
 * - Strings: `'…'`, `"…"` (backslash escapes; they end at the line's end when unterminated),
 *   `` `…` `` and Python's `"""…"""` / `'''…'''` (may span lines).
 * - Comments: `// …`, `/* … *\/`, and `#` followed by whitespace, `#` or the line's end (Python,
 *   shell, Ruby, YAML comments), or `#!` at the very start (shebang). Other `#` (C's `#include`,
 *   Rust's `#[derive]`, private `#field`) is punctuation. Since the language is unknown, `//` is a
 *   comment everywhere (Python's floor division included).
 * - Operators: the longest of the common multi-character operators (`===`, `=>`, `&&=`, `::`…),
 *   otherwise one character; brackets, `,` and `;` are one token each.
 *
 * With `normalize_identifiers`, every identifier that is not a keyword of a common language
 * becomes one placeholder token and every number or string literal another, so copies that
 * differ only by renaming (type-2 clones) give the same tokens.
 */
import {
  CLASS,
  classifyUnit,
  FNV_OFFSET,
  FNV_PRIME,
  fnv1a,
  K_CJK,
  K_SPACE,
  K_SURROGATE,
  K_WORD,
  LOWER,
  lowerUnit,
} from "./mh_text.js";

// Local bindings of the imports used in hot loops (see mh_shingle.ts).
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

/**
 * Keywords (and literal-like reserved words) of JavaScript/TypeScript, Python, Java, Kotlin,
 * C/C++, C#, Go, Rust, Swift, Ruby, PHP and shell: kept verbatim when identifiers are normalized,
 * since they carry the structure of the code.
 */
export const CODE_KEYWORDS: readonly string[] = [
  // JavaScript / TypeScript
  "abstract async await break case catch class const continue debugger declare default delete do else enum export extends false finally for from function get if implements import in infer instanceof interface is keyof let namespace new null of override package private protected public readonly return satisfies set static super switch this throw true try type typeof undefined unique unknown var void while with yield any never number string boolean symbol object bigint",
  // Python
  "and as assert def del elif except global lambda nonlocal not or pass raise None True False match print self cls",
  // Java / Kotlin / C#
  "byte char double final float int long native short strictfp synchronized throws transient volatile fun val when object companion data sealed inline lateinit internal open operator suspend base bool checked decimal event explicit extern fixed foreach goto implicit lock out params ref sbyte sizeof stackalloc struct uint ulong unchecked unsafe ushort using virtual",
  // C / C++
  "auto register restrict signed unsigned union typedef include define ifdef ifndef endif pragma alignas alignof constexpr consteval constinit decltype dynamic_cast friend mutable noexcept nullptr reinterpret_cast static_cast const_cast template typename concept requires co_await co_return co_yield thread_local size_t",
  // Go
  "chan defer fallthrough func go map range select nil iota make len cap append",
  // Rust
  "crate dyn extern fn impl loop mod move mut pub Self trait where usize isize u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 str String Vec Option Some Result Ok Err Box",
  // Swift / Ruby / PHP / shell
  "associatedtype deinit extension fileprivate guard init inout let protocol repeat rethrows subscript begin end ensure module next redo rescue retry unless until then elsif echo function array fi esac done local export",
];

/** Keywords by the hash of their text (exact case), and of their lower case. */
let keywordsExact: Map<number, string[]> | undefined;
let keywordsLower: Map<number, string[]> | undefined;

function keywordTable(lower: boolean): Map<number, string[]> {
  const cached = lower ? keywordsLower : keywordsExact;
  if (cached) return cached;
  const m = new Map<number, string[]>();
  for (const line of CODE_KEYWORDS) {
    for (const w of line.split(" ")) {
      const k = lower ? w.toLowerCase() : w;
      const h = fnv1a(k);
      const list = m.get(h);
      if (!list) m.set(h, [k]);
      else if (!list.includes(k)) list.push(k);
    }
  }
  if (lower) keywordsLower = m;
  else keywordsExact = m;
  return m;
}

/** Whether `text[start..end)` (lower-cased when `lower`) is one of `candidates`. */
function isKeyword(text: string, start: number, end: number, candidates: string[], lower: boolean): boolean {
  for (const kw of candidates) {
    if (kw.length !== end - start) continue;
    let same = true;
    for (let j = 0; j < kw.length; j++) {
      let c = text.charCodeAt(start + j);
      if (lower) c = c < 128 ? (LOW[c] as number) : c;
      if (c !== kw.charCodeAt(j)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

/** Placeholder tokens of normalized identifiers and literals. */
const ID_TOKEN = fnv1a("\u0001identifier");
const LIT_TOKEN = fnv1a("\u0001literal");

/** Multi-character operators, by length, keyed by their ASCII units packed little-endian. */
const OPS = [
  ">>>=",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "...",
  "&&=",
  "||=",
  "??=",
  "<=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "=>",
  "->",
  "::",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "<<",
  ">>",
  "**",
  ":=",
  "<-",
  "..",
];
const OPS_BY_LEN: Set<number>[] = [new Set(), new Set(), new Set(), new Set(), new Set()];
for (const op of OPS) {
  let key = 0;
  for (let j = 0; j < op.length; j++) key |= op.charCodeAt(j) << (8 * j);
  (OPS_BY_LEN[op.length] as Set<number>).add(key);
}

/** Units that may be part of a multi-character operator. */
const OP_CHAR = new Uint8Array(128);
for (const op of OPS) for (let j = 0; j < op.length; j++) OP_CHAR[op.charCodeAt(j)] = 1;

function isIdentStart(c: number, k: number): boolean {
  return (k === WORD && !(c >= 0x30 && c <= 0x39)) || k === CJK || k === SURROGATE || c === 0x24;
}

function isIdentPart(c: number, k: number): boolean {
  return k === WORD || k === CJK || k === SURROGATE || c === 0x24;
}

/**
 * Write the token hashes of `text` to `out` (which must hold at least `text.length` values)
 * and return how many there are.
 */
export function codeTokens(text: string, lower: boolean, normalize: boolean, out: Int32Array): number {
  const len = text.length;
  const keywords = normalize ? keywordTable(lower) : undefined;
  let n = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    let k = CLS[c] as number;
    if (k === 0) k = classify(c);
    if (k === SPACE) {
      i++;
      continue;
    }
    const c1 = i + 1 < len ? text.charCodeAt(i + 1) : 0;
    // Comments.
    if (c === 0x2f && c1 === 0x2f) {
      i = lineEnd(text, i + 2);
      continue;
    }
    if (c === 0x2f && c1 === 0x2a) {
      const e = text.indexOf("*/", i + 2);
      i = e < 0 ? len : e + 2;
      continue;
    }
    if (
      c === 0x23 &&
      (c1 === 0 || c1 === 0x20 || c1 === 0x09 || c1 === 0x0a || c1 === 0x0d || c1 === 0x23 || (c1 === 0x21 && i === 0))
    ) {
      i = lineEnd(text, i + 1);
      continue;
    }
    const start = i;
    let h = OFFSET;
    if (isIdentStart(c, k)) {
      // Identifier or keyword.
      let j = i;
      while (j < len) {
        let d = text.charCodeAt(j);
        let kd = CLS[d] as number;
        if (kd === 0) kd = classify(d);
        if (!isIdentPart(d, kd)) break;
        if (lower) {
          const l = LOW[d] as number;
          d = l !== 0 ? l : lowerOf(d);
        }
        h = Math.imul(h ^ d, PRIME);
        j++;
      }
      i = j;
      if (keywords) {
        const cands = keywords.get(h);
        if (cands === undefined || !isKeyword(text, start, j, cands, lower)) h = ID_TOKEN;
      }
      out[n++] = h;
      continue;
    }
    if ((c >= 0x30 && c <= 0x39) || (c === 0x2e && c1 >= 0x30 && c1 <= 0x39)) {
      // Number.
      let j = i + 1;
      let prev = c;
      while (j < len) {
        const d = text.charCodeAt(j);
        const ok =
          (d < 128 && ((CLS[d] as number) === WORD || d === 0x2e)) ||
          ((d === 0x2b || d === 0x2d) && (prev === 0x65 || prev === 0x45 || prev === 0x70 || prev === 0x50));
        if (!ok) break;
        prev = d;
        j++;
      }
      if (normalize) h = LIT_TOKEN;
      else for (let q = i; q < j; q++) h = Math.imul(h ^ lowerIf(text.charCodeAt(q), lower), PRIME);
      out[n++] = h;
      i = j;
      continue;
    }
    if (c === 0x22 || c === 0x27 || c === 0x60) {
      // String literal.
      const triple = c !== 0x60 && c1 === c && i + 2 < len && text.charCodeAt(i + 2) === c;
      const j = triple ? tripleEnd(text, i + 3, c) : stringEnd(text, i + 1, c, c === 0x60);
      if (normalize) h = LIT_TOKEN;
      else for (let q = i; q < j; q++) h = Math.imul(h ^ lowerIf(text.charCodeAt(q), lower), PRIME);
      out[n++] = h;
      i = j;
      continue;
    }
    // Operator or punctuation: longest known multi-character operator, else one unit.
    let width = 1;
    if (c < 128 && OP_CHAR[c] === 1) {
      let key = c;
      let best = 1;
      for (let w = 2; w <= 4 && i + w <= len; w++) {
        const d = text.charCodeAt(i + w - 1);
        if (d >= 128 || OP_CHAR[d] !== 1) break;
        key |= d << (8 * (w - 1));
        if ((OPS_BY_LEN[w] as Set<number>).has(key)) best = w;
      }
      width = best;
    }
    for (let q = i; q < i + width; q++) h = Math.imul(h ^ text.charCodeAt(q), PRIME);
    out[n++] = h;
    i += width;
  }
  return n;
}

function lowerIf(c: number, lower: boolean): number {
  if (!lower) return c;
  const l = LOW[c] as number;
  return l !== 0 || c === 0 ? l : lowerOf(c);
}

/** Index of the next line break at or after `i` (or the text's length). */
function lineEnd(text: string, i: number): number {
  const e = text.indexOf("\n", i);
  return e < 0 ? text.length : e;
}

/** End (exclusive) of a quoted string whose body starts at `i`. */
function stringEnd(text: string, i: number, quote: number, multiline: boolean): number {
  const len = text.length;
  let j = i;
  while (j < len) {
    const d = text.charCodeAt(j);
    if (d === 0x5c) j += 2;
    else if (d === quote) return j + 1;
    else if (d === 0x0a && !multiline) return j;
    else j++;
  }
  return len;
}

/** End (exclusive) of a triple-quoted string whose body starts at `i`. */
function tripleEnd(text: string, i: number, quote: number): number {
  const len = text.length;
  let j = i;
  while (j < len) {
    const d = text.charCodeAt(j);
    if (d === 0x5c) j += 2;
    else if (d === quote && j + 2 < len && text.charCodeAt(j + 1) === quote && text.charCodeAt(j + 2) === quote)
      return j + 3;
    else j++;
  }
  return len;
}
