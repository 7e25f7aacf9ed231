// SPDX-License-Identifier: MPL-2.0
/* This Source Code Form is subject to the terms of the Mozilla Public
 * License, v. 2.0. If a copy of the MPL was not distributed with this
 * file, You can obtain one at https://mozilla.org/MPL/2.0/. */

/**
 * Splitting text into words.
 *
 * When the runtime has `Intl.Segmenter` we let it decide word boundaries,
 * which handles scripts without spaces (Japanese, Thai...) properly. Older
 * runtimes fall back to a Unicode-aware regular expression that treats runs
 * of letters, digits, apostrophes and inner hyphens as one word.
 */

export interface TokenizeOptions {
  /** Lower-case every word (default true). */
  lowercase?: boolean;
  /** BCP 47 locale for segmentation and case mapping (default "en"). */
  locale?: string;
  /** Keep tokens made only of digits, such as "2024" (default false). */
  keepNumbers?: boolean;
  /** Force the regex fallback even when Intl.Segmenter exists. */
  noSegmenter?: boolean;
}

const WORD_RE = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'’]|-(?=[\p{L}\p{N}]))*/gu;
const DIGITS_RE = /^\p{N}+$/u;
const APOSTROPHES_RE = /[’‘]/g;

type Segmenter = {
  segment(input: string): Iterable<{ segment: string; isWordLike?: boolean }>;
};

const segmenters = new Map<string, Segmenter | null>();

function segmenterFor(locale: string): Segmenter | null {
  if (!segmenters.has(locale)) {
    const Ctor = (Intl as unknown as { Segmenter?: new (l: string, o: object) => Segmenter }).Segmenter;
    segmenters.set(locale, Ctor ? new Ctor(locale, { granularity: "word" }) : null);
  }
  return segmenters.get(locale) ?? null;
}

/** Normalise one raw token: unify apostrophes, trim stray quotes, case-fold. */
export function normalizeWord(word: string, lowercase: boolean, locale: string): string {
  let w = word.normalize("NFC").replace(APOSTROPHES_RE, "'");
  w = w.replace(/^'+|'+$/g, "");
  return lowercase ? w.toLocaleLowerCase(locale) : w;
}

/** Yield the words of `text` one by one, without building an array. */
export function* words(text: string, opts: TokenizeOptions = {}): Generator<string> {
  const lowercase = opts.lowercase ?? true;
  const locale = opts.locale ?? "en";
  const keepNumbers = opts.keepNumbers ?? false;
  const seg = opts.noSegmenter ? null : segmenterFor(locale);

  const raw: Iterable<string> = seg ? wordLikeSegments(seg, text) : regexWords(text);
  for (const token of raw) {
    const w = normalizeWord(token, lowercase, locale);
    if (w === "") continue;
    if (!keepNumbers && DIGITS_RE.test(w)) continue;
    yield w;
  }
}

function* wordLikeSegments(seg: Segmenter, text: string): Generator<string> {
  for (const s of seg.segment(text)) {
    if (s.isWordLike) yield s.segment;
  }
}

function* regexWords(text: string): Generator<string> {
  for (const m of text.matchAll(WORD_RE)) yield m[0];
}

/** Convenience wrapper returning an array. */
export function tokenize(text: string, opts?: TokenizeOptions): string[] {
  return Array.from(words(text, opts));
}

/** Count sentences with a deliberately simple rule: ., ! or ? followed by space or end. */
export function countSentences(text: string): number {
  const matches = text.match(/[.!?]+(?=\s|$)/g);
  if (matches) return matches.length;
  return text.trim() === "" ? 0 : 1;
}
