/**
 * Measurements behind `code_quality`: line and character statistics in one pass, StarCoder2's
 * encoded-data regexes, the visible text of HTML, and generated-file markers.
 */
import { CLASS_ALPHA, CLASS_NUMERIC, classOf, classOfCodePoint } from "./common.js";

export interface LineCharStats {
  /** Characters (code points), line ends included, as Python's len(). */
  chars: number;
  /** Lines as str.splitlines() counts them (\n, \r\n, \r). */
  lines: number;
  /** Longest line in code points, line end excluded. */
  maxLine: number;
  /** Mean line length (0 for an empty text). */
  avgLine: number;
  /** Alphabetic characters (Python str.isalpha). */
  alpha: number;
  /** Alphanumeric characters (Python str.isalnum). */
  alnum: number;
}

/** One pass over the text: lines, longest and mean line, alphabetic and alphanumeric counts. */
export function lineCharStats(text: string): LineCharStats {
  const n = text.length;
  let chars = 0;
  let lines = 0;
  let cur = 0;
  let max = 0;
  let sum = 0;
  let alpha = 0;
  let alnum = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) {
        i++;
        chars++;
      }
      chars++;
      lines++;
      sum += cur;
      if (cur > max) max = cur;
      cur = 0;
      continue;
    }
    chars++;
    cur++;
    let k: number;
    if (c < 128) {
      // ASCII fast path.
      k = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? CLASS_ALPHA : c >= 48 && c <= 57 ? CLASS_NUMERIC : 0;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        k = classOfCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
      } else k = 0;
    } else if (c >= 0xd800 && c <= 0xdfff) k = 0;
    else k = classOf(c);
    if (k === CLASS_ALPHA || k === CLASS_NUMERIC) {
      alnum++;
      if (k === CLASS_ALPHA) alpha++;
    }
  }
  if (n > 0) {
    const last = text.charCodeAt(n - 1);
    if (last !== 10 && last !== 13) {
      lines++;
      sum += cur;
      if (cur > max) max = cur;
    }
  }
  return { chars, lines, maxLine: max, avgLine: lines === 0 ? 0 : sum / lines, alpha, alnum };
}

// StarCoder2 (Lozhkov et al. 2024, "Encoded data filter"): base64 strings
// [a-zA-Z0-9+/\n=]{64,}, hexadecimal sequences and \uXXXX escape runs. The base64 expression is
// a single character class, so its matches are exactly the maximal runs of 64+ class characters:
// a linear scan finds them several times faster than the regex engine.
const ENCODED_RES: RegExp[] = [/(?:\b(?:0x|\\x)?[0-9a-fA-F]{2}(?:,|\b\s*)){8,}/g, /(?:\\u[0-9a-fA-F]{4}){8,}/g];
const BASE64_MIN = 64;
const BASE64_CLASS = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/\n=")
  BASE64_CLASS[ch.charCodeAt(0)] = 1;

function base64Runs(text: string, spans: number[]): number {
  let longest = 0;
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    if (c < 128 && BASE64_CLASS[c] === 1) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      const len = i - start;
      if (len >= BASE64_MIN) {
        spans.push(start, i);
        if (len > longest) longest = len;
      }
      start = -1;
    }
  }
  return longest;
}

export interface EncodedStats {
  /** Characters covered by any match (overlaps counted once). */
  matched: number;
  /** Longest single match. */
  longest: number;
}

export function encodedStats(text: string): EncodedStats {
  const spans: number[] = [];
  let longest = base64Runs(text, spans);
  for (const re of ENCODED_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const len = m[0].length;
      if (len > longest) longest = len;
      spans.push(m.index, m.index + len);
    }
  }
  if (spans.length === 0) return { matched: 0, longest: 0 };
  // Union of [start, end) intervals.
  const order = Array.from({ length: spans.length / 2 }, (_, i) => i).sort(
    (a, b) => (spans[2 * a] as number) - (spans[2 * b] as number),
  );
  let matched = 0;
  let s = -1;
  let e = -1;
  for (const i of order) {
    const a = spans[2 * i] as number;
    const b = spans[2 * i + 1] as number;
    if (a > e) {
      if (e > s) matched += e - s;
      s = a;
      e = b;
    } else if (b > e) e = b;
  }
  if (e > s) matched += e - s;
  return { matched, longest };
}

// Visible text of an HTML page, the way StarCoder's filter measured it with BeautifulSoup
// (script and style elements removed, then get_text()): comments, doctype / processing
// instructions and tags are removed; each character reference counts as one character.
const HTML_HIDDEN = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<![^>]*>|<\?[^>]*>/gi;
const HTML_TAG = /<\/?[A-Za-z][^>]*>/g;
const HTML_ENTITY = /&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g;

export function htmlVisibleChars(html: string): number {
  const text = html.replace(HTML_HIDDEN, "").replace(HTML_TAG, "");
  let entityExtra = 0;
  HTML_ENTITY.lastIndex = 0;
  for (let m = HTML_ENTITY.exec(text); m !== null; m = HTML_ENTITY.exec(text)) entityExtra += m[0].length - 1;
  return text.length - entityExtra;
}

// Files GitHub Linguist (and go-enry, which StarCoder2 used) marks as generated by their path.
const LOCK_FILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|deno\.lock|Cargo\.lock|poetry\.lock|pdm\.lock|uv\.lock|Pipfile\.lock|composer\.lock|Gopkg\.lock|glide\.lock|flake\.lock|Package\.resolved)$/;
const SOURCE_MAP_NAME = /\.(?:css|js)\.map$/i;
const SOURCE_MAP_CONTENT = /^\{"version":\d+,/;
const SOURCE_MAP_REF = /^\/[*/][#@] source(?:Mapping)?URL|sourceURL=/;
const JS_CSS_EXT = /\.(?:js|mjs|cjs|css)$/i;

export function isJsOrCss(lang: string | null, path: string | undefined): boolean {
  if (lang === "javascript" || lang === "css") return true;
  return path !== undefined && JS_CSS_EXT.test(path);
}

/**
 * Why a file looks generated, or null: a marker (lower-cased) in its first `scanLines` lines, or
 * (with `linguist`) a lock file, a source map, or a JS/CSS file ending with a source-map reference.
 */
export function generatedReason(
  text: string,
  path: string | undefined,
  jsOrCss: boolean,
  markers: readonly string[],
  scanLines: number,
  linguist: boolean,
): string | null {
  if (markers.length > 0 && scanLines > 0) {
    let start = 0;
    for (let line = 1; line <= scanLines && start <= text.length; line++) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      // Long lines (minified code) are only searched in their first 1000 characters.
      const l = text.slice(start, Math.min(end, start + 1000)).toLowerCase();
      for (const m of markers) if (l.includes(m)) return `marker "${m}" in line ${line}`;
      if (end === text.length) break;
      start = end + 1;
    }
  }
  if (!linguist) return null;
  if (path !== undefined) {
    const lock = LOCK_FILE.exec(path);
    if (lock) return `lock file ${path.slice(path.lastIndexOf("/") + 1)}`;
    if (SOURCE_MAP_NAME.test(path) || (path.toLowerCase().endsWith(".map") && SOURCE_MAP_CONTENT.test(text))) {
      return "source map";
    }
  }
  if (jsOrCss) {
    // The source-map reference sits in one of the last two lines (the last may be empty).
    const tail = text.slice(Math.max(0, text.length - 2000)).trimEnd();
    const lastLines = tail.split("\n").slice(-2);
    if (lastLines.some((l) => SOURCE_MAP_REF.test(l.trim()))) return "source map reference";
  }
  return null;
}
