/**
 * The LDNOOBW word lists ("List of Dirty, Naughty, Obscene and Otherwise Bad Words", via the
 * `naughty-words` npm package) and the matcher the `toxicity` operator runs over a text.
 *
 * Tokens are runs of letters/marks/digits (lower-cased, NFKC-folded); apostrophes, hyphens
 * and other punctuation separate tokens, in the text and in the list entries alike, so
 * `g-spot` matches "g spot" and "G-Spot". Scripts written without spaces (Han, Hiragana,
 * Katakana, Thai) form runs in which list entries are found as substrings.
 */
import { createRequire } from "node:module";
import { astralClass, C_CJK, C_PICTO, C_SURROGATE, C_THAI, type C_WORD, charTable, foldText } from "./chars.js";

const require = createRequire(import.meta.url);

type RawLists = Record<string, string[]>;
let rawLists: RawLists | undefined;

function lists(): RawLists {
  rawLists ??= require("naughty-words") as RawLists;
  return rawLists;
}

/** Version of the installed `naughty-words` package: part of the operator version. */
export const WORDLIST_VERSION: string = (require("naughty-words/package.json") as { version: string }).version;

/**
 * Language codes with a list. Regional lists (`fr-CA-u-sd-caqc`) are merged into their
 * language (`fr`), so a record tagged `fr` gets both.
 */
export const LIST_CODES: string[] = [...new Set(Object.keys(lists()).map((c) => primary(c)))].sort();

function primary(code: string): string {
  return (code.split(/[-_]/)[0] as string).toLowerCase();
}

/** ISO 639-1 codes (as detect_natural_language writes them) whose list has another code. */
const ALIASES: Record<string, string> = { nb: "no", nn: "no", tl: "fil" };

/** The list code for a record's language value (`de`, `fr-CA`, `nb`...), or undefined. */
export function listCodeFor(lang: string): string | undefined {
  const p = primary(lang);
  const code = ALIASES[p] ?? p;
  return LIST_CODES.includes(code) ? code : undefined;
}

/** Entries of one language code, regional lists included. */
function entriesOf(code: string): string[] {
  const out: string[] = [];
  for (const [k, words] of Object.entries(lists())) if (primary(k) === code) out.push(...words);
  return out;
}

// ---------------------------------------------------------------------------------------
// Tokenizer

/** Token kinds: a spaced word, a run of a script without spaces, an emoji. */
export type TokenKind = typeof C_WORD | typeof C_CJK | typeof C_THAI | typeof C_PICTO;

export interface Tokens {
  text: string[];
  kind: TokenKind[];
}

/** Split already folded text (see `foldText`) into tokens. */
export function tokenize(folded: string): Tokens {
  const t = charTable();
  const text: string[] = [];
  const kind: TokenKind[] = [];
  const n = folded.length;
  let start = -1;
  let runKind = 0;
  const close = (end: number) => {
    if (start >= 0) {
      text.push(folded.slice(start, end));
      kind.push(runKind as TokenKind);
      start = -1;
    }
  };
  for (let i = 0; i < n; i++) {
    let cls = t[folded.charCodeAt(i)] as number;
    let width = 1;
    if (cls === C_SURROGATE) {
      const cp = folded.codePointAt(i) as number;
      if (cp > 0xffff) {
        cls = astralClass(cp);
        width = 2;
      } else cls = 0; // a lone surrogate
    }
    if (cls === C_PICTO) {
      close(i);
      text.push(folded.slice(i, i + width));
      kind.push(C_PICTO);
    } else if (cls === 0) {
      close(i);
    } else if (start < 0) {
      start = i;
      runKind = cls;
    } else if (cls !== runKind) {
      close(i);
      start = i;
      runKind = cls;
    }
    i += width - 1;
  }
  close(n);
  return { text, kind };
}

/**
 * Estimated words in a run of a script without spaces. ICU's dictionary word segmenter
 * (`Intl.Segmenter`) finds 1.8–2.0 characters per word in Chinese and Japanese prose (the
 * zh-CN, zh-TW and ja READMEs of @biomejs/biome) and about 4 code points per word in Thai,
 * but runs at about 2 MB/s, so the count is estimated from the length instead.
 */
export function runWords(run: string, kind: TokenKind): number {
  if (kind === C_CJK) return Math.ceil(run.length / 2);
  if (kind === C_THAI) return Math.ceil(run.length / 4);
  return 1;
}

// ---------------------------------------------------------------------------------------
// Matcher

interface Hit {
  term: string;
  allow: boolean;
}
interface SeqEntry extends Hit {
  /** Tokens after the first. */
  rest: string[];
}
interface TokenEntry {
  single?: Hit;
  /** Multi-token entries starting with this token, longest first. */
  seqs?: SeqEntry[];
}
interface SubEntry extends Hit {
  /** A single-character (grapheme) list entry: counted only where it is a word by itself. */
  short: boolean;
}

/** A compiled set of lists plus the allow-/blocklist: built once per worker and language set. */
export interface Matcher {
  tokens: Map<string, TokenEntry>;
  /** Substring entries of scripts without spaces, by first UTF-16 unit, longest first. */
  subs: Map<number, SubEntry[]>;
  entries: number;
}

export interface MatchResult {
  words: number;
  matches: number;
  /** Distinct matched terms in order of first appearance, at most `maxTerms`. */
  terms: string[];
}

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });
let wordSegmenter: Intl.Segmenter | undefined;

export interface MatcherOptions {
  /** Extra entries that count, in every language; taken literally (no word-boundary check). */
  block: readonly string[];
  /** Entries consumed without counting; they also shield the listed words inside them. */
  allow: readonly string[];
  /** Keep the lists' single-character Han/kana entries (性, 乳, 幹...). */
  cjkSingleChars: boolean;
}

/** Build a matcher from the lists of `codes` plus the allow-/blocklist. */
export function buildMatcher(codes: readonly string[], opts: MatcherOptions): Matcher {
  const m: Matcher = { tokens: new Map(), subs: new Map(), entries: 0 };
  for (const c of codes) for (const w of entriesOf(c)) addEntry(m, w, "list", opts.cjkSingleChars);
  for (const w of opts.block) addEntry(m, w, "block", true);
  // Allow-list entries go in last so that they win over an identical blocked entry.
  for (const w of opts.allow) addEntry(m, w, "allow", true);
  for (const e of m.tokens.values()) e.seqs?.sort((a, b) => b.rest.length - a.rest.length || +b.allow - +a.allow);
  for (const list of m.subs.values()) list.sort((a, b) => b.term.length - a.term.length || +b.allow - +a.allow);
  return m;
}

function addEntry(m: Matcher, raw: string, from: "list" | "block" | "allow", cjkSingleChars: boolean): void {
  const allow = from === "allow";
  const term = foldText(raw).trim();
  const toks = tokenize(term);
  if (toks.text.length === 0) return;
  // Entries made of numbers only ("13." in the Chinese list) would flag every such number.
  if (toks.text.every((x) => /^\p{N}+$/u.test(x))) return;
  const first = toks.text[0] as string;
  const firstKind = toks.kind[0];
  if (toks.text.length === 1 && (firstKind === C_CJK || firstKind === C_THAI)) {
    const single = [...graphemes.segment(first)].length === 1;
    if (single && from === "list" && firstKind === C_CJK && !cjkSingleChars) return;
    const code = first.charCodeAt(0);
    const list = m.subs.get(code) ?? [];
    m.subs.set(code, list);
    const same = list.find((e) => e.term === first);
    if (same) {
      if (allow) same.allow = true;
      return;
    }
    m.entries++;
    list.push({ term: first, allow, short: single && from === "list" });
    return;
  }
  const entry = m.tokens.get(first) ?? {};
  m.tokens.set(first, entry);
  if (toks.text.length === 1) {
    if (!entry.single) m.entries++;
    if (!entry.single || allow) entry.single = { term, allow };
    return;
  }
  const rest = toks.text.slice(1);
  entry.seqs ??= [];
  const same = entry.seqs.find((s) => s.rest.length === rest.length && s.rest.every((x, i) => x === rest[i]));
  if (same) {
    if (allow) same.allow = true;
    return;
  }
  m.entries++;
  entry.seqs.push({ term, allow, rest });
}

/** Count the matches of `m` in already folded text. */
export function matchText(m: Matcher, folded: string, maxTerms: number): MatchResult {
  const { text, kind } = tokenize(folded);
  let words = 0;
  let matches = 0;
  const seen = new Set<string>();
  const terms: string[] = [];
  const hit = (term: string) => {
    matches++;
    if (!seen.has(term)) {
      seen.add(term);
      if (terms.length < maxTerms) terms.push(term);
    }
  };
  for (let i = 0; i < text.length; i++) words += runWords(text[i] as string, kind[i] as TokenKind);
  for (let i = 0; i < text.length; i++) {
    const tok = text[i] as string;
    const entry = m.tokens.get(tok);
    let consumed = 0;
    let found: Hit | undefined;
    if (entry) {
      for (const s of entry.seqs ?? []) {
        if (i + s.rest.length >= text.length) continue;
        let ok = true;
        for (let j = 0; j < s.rest.length; j++) {
          if (text[i + 1 + j] !== s.rest[j]) {
            ok = false;
            break;
          }
        }
        if (ok) {
          found = s;
          consumed = s.rest.length;
          break;
        }
      }
      if (!found && entry.single) found = entry.single;
    }
    if (found) {
      if (!found.allow) hit(found.term);
      i += consumed;
      continue;
    }
    const k = kind[i];
    if ((k === C_CJK || k === C_THAI) && m.subs.size > 0) matchRun(m, tok, hit);
  }
  return { words, matches, terms };
}

/** Leftmost-longest substring matches inside one run of a script without spaces. */
function matchRun(m: Matcher, run: string, hit: (term: string) => void): void {
  let j = 0;
  while (j < run.length) {
    const cands = m.subs.get(run.charCodeAt(j));
    let found: SubEntry | undefined;
    if (cands) {
      for (const c of cands) {
        if (run.startsWith(c.term, j) && (!c.short || c.allow || isWholeWord(run, j, c.term.length))) {
          found = c;
          break;
        }
      }
    }
    if (found) {
      if (!found.allow) hit(found.term);
      j += found.term.length;
    } else j++;
  }
}

/**
 * Whether run[at, at+len) is a word of its own for ICU's dictionary word segmenter, judged on
 * a window of 16 units either side (the segmenter is slow and superlinear on long runs).
 * Single-character entries such as 性 or 乳 are everyday parts of words (性能, 牛乳).
 */
function isWholeWord(run: string, at: number, len: number): boolean {
  wordSegmenter ??= new Intl.Segmenter("und", { granularity: "word" });
  const from = Math.max(0, at - 16);
  const window = run.slice(from, Math.min(run.length, at + len + 16));
  const seg = wordSegmenter.segment(window).containing(at - from);
  return seg !== undefined && seg.index === at - from && seg.segment.length === len;
}
