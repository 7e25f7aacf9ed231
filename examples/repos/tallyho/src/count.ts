// SPDX-License-Identifier: MPL-2.0
/* This Source Code Form is subject to the terms of the Mozilla Public
 * License, v. 2.0. If a copy of the MPL was not distributed with this
 * file, You can obtain one at https://mozilla.org/MPL/2.0/. */

import { STOPWORDS } from "./stopwords.generated.js";
import { countSentences, type TokenizeOptions, words } from "./tokenize.js";

export { countSentences, tokenize, words } from "./tokenize.js";

const utf8 = new TextEncoder();

export interface Tally {
  /** Name of the input ("-" for stdin). */
  source: string;
  lines: number;
  words: number;
  /** Distinct words after normalisation. */
  unique: number;
  /** Unicode code points, not UTF-16 units. */
  chars: number;
  bytes: number;
  sentences: number;
  /** Estimated reading time in minutes at `wpm` words per minute. */
  readingMinutes: number;
  /** Most frequent words, most frequent first, stopwords removed if asked. */
  top: Array<[word: string, count: number]>;
}

export interface CountOptions extends TokenizeOptions {
  /** How many entries to keep in `top` (default 10, 0 disables). */
  top?: number;
  /** Drop common function words from `top` (default true). */
  skipStopwords?: boolean;
  /** Reading speed used for `readingMinutes` (default 230). */
  wpm?: number;
}

export function countText(text: string, source = "-", opts: CountOptions = {}): Tally {
  const topN = opts.top ?? 10;
  const skipStop = opts.skipStopwords ?? true;
  const wpm = opts.wpm ?? 230;
  const stop = skipStop ? STOPWORDS[baseLanguage(opts.locale ?? "en")] : undefined;

  const freq = new Map<string, number>();
  let total = 0;
  for (const w of words(text, opts)) {
    total++;
    freq.set(w, (freq.get(w) ?? 0) + 1);
  }

  return {
    source,
    lines: countLines(text),
    words: total,
    unique: freq.size,
    chars: [...text].length,
    bytes: utf8.encode(text).length,
    sentences: countSentences(text),
    readingMinutes: Math.round((total / wpm) * 10) / 10,
    top: topN > 0 ? topWords(freq, topN, stop) : [],
  };
}

/** Lines the way `wc -l` would see them, plus a final line without "\n". */
export function countLines(text: string): number {
  if (text === "") return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

export function topWords(
  freq: Map<string, number>,
  n: number,
  stop?: ReadonlySet<string>,
): Array<[string, number]> {
  const entries = [...freq].filter(([w]) => !stop?.has(w));
  // Highest count first; ties broken alphabetically so output is stable.
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.slice(0, n);
}

/** Add several tallies into one "total" row, merging their top lists. */
export function sumTallies(tallies: Tally[], topN = 10): Tally {
  const merged = new Map<string, number>();
  const total: Tally = {
    source: "total",
    lines: 0,
    words: 0,
    unique: 0,
    chars: 0,
    bytes: 0,
    sentences: 0,
    readingMinutes: 0,
    top: [],
  };
  for (const t of tallies) {
    total.lines += t.lines;
    total.words += t.words;
    total.chars += t.chars;
    total.bytes += t.bytes;
    total.sentences += t.sentences;
    total.readingMinutes = Math.round((total.readingMinutes + t.readingMinutes) * 10) / 10;
    for (const [w, c] of t.top) merged.set(w, (merged.get(w) ?? 0) + c);
  }
  // `unique` cannot be summed; it is only a lower bound across inputs.
  total.unique = Math.max(0, ...tallies.map((t) => t.unique));
  total.top = topWords(merged, topN);
  return total;
}

function baseLanguage(locale: string): keyof typeof STOPWORDS {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? "en";
  return (lang in STOPWORDS ? lang : "en") as keyof typeof STOPWORDS;
}
