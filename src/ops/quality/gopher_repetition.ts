import { z } from "zod";
import { defineOperator, drop, keep, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { above, fraction, lf, modeParam, words } from "./common.js";

const ngramTable = (value: Record<string, number>, description: string) =>
  z
    .record(z.string().regex(/^(?:[1-9]|[1-4][0-9]|50)$/, "n-gram sizes are 1 to 50"), z.number().min(0).max(1))
    .default(value)
    .describe(description);

const params = z.strictObject({
  mode: modeParam,
  max_dup_line_fraction: fraction(0.3, "Drop documents where a larger share of lines are repeats of an earlier line."),
  max_dup_para_fraction: fraction(0.3, "Drop documents where a larger share of paragraphs are repeats."),
  max_dup_line_char_fraction: fraction(
    0.2,
    "Drop documents where repeated lines hold a larger share of the characters.",
  ),
  max_dup_para_char_fraction: fraction(
    0.2,
    "Drop documents where repeated paragraphs hold a larger share of the characters.",
  ),
  top_ngram_char_fractions: ngramTable(
    { "2": 0.2, "3": 0.18, "4": 0.16 },
    "n -> limit: drop documents where the most frequent n-gram (all its occurrences) covers a larger share of the characters. {} switches it off.",
  ),
  dup_ngram_char_fractions: ngramTable(
    { "5": 0.15, "6": 0.14, "7": 0.13, "8": 0.12, "9": 0.11, "10": 0.1 },
    "n -> limit: drop documents where repeated n-grams cover a larger share of the characters. {} switches it off.",
  ),
});

type Params = z.infer<typeof params>;

/** Repeated elements: how many are repeats of an earlier one, and their characters. */
function duplicates(items: readonly string[]): { count: number; chars: number } {
  const seen = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const x of items) {
    if (seen.has(x)) {
      count++;
      chars += x.length;
    } else seen.add(x);
  }
  return { count, chars };
}

/**
 * Interns (a, b) pairs of non-negative int32 into dense ids 0, 1, 2... in order of first sight:
 * an open-addressing hash table on typed arrays, reused across n-gram levels.
 */
class PairInterner {
  private keysA = new Int32Array(0);
  private keysB = new Int32Array(0);
  private ids = new Int32Array(0);
  private mask = 0;
  size = 0;

  reset(capacity: number): void {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    if (cap > this.ids.length) {
      this.keysA = new Int32Array(cap);
      this.keysB = new Int32Array(cap);
      this.ids = new Int32Array(cap);
    }
    this.mask = cap - 1;
    this.ids.fill(-1, 0, cap);
    this.size = 0;
  }

  intern(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const id = this.ids[h] as number;
      if (id === -1) {
        this.keysA[h] = a;
        this.keysB[h] = b;
        this.ids[h] = this.size;
        return this.size++;
      }
      if (this.keysA[h] === a && this.keysB[h] === b) return id;
      h = (h + 1) & this.mask;
    }
  }
}

const interner = new PairInterner();

/**
 * N-gram ids for n = 1..maxN, exact (no hashing collisions): the id of an n-gram is the interned
 * pair (id of its first n-1 words, id of its last word). Returns one Int32Array per n (index n-1).
 */
function ngramIds(ws: readonly string[], maxN: number): Int32Array[] {
  const wordId = new Map<string, number>();
  const unigrams = new Int32Array(ws.length);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    let id = wordId.get(w);
    if (id === undefined) {
      id = wordId.size;
      wordId.set(w, id);
    }
    unigrams[i] = id;
  }
  const out = [unigrams];
  for (let n = 2; n <= maxN && n <= ws.length; n++) {
    const prev = out[n - 2] as Int32Array;
    const cur = new Int32Array(ws.length - n + 1);
    interner.reset(cur.length);
    for (let i = 0; i < cur.length; i++) cur[i] = interner.intern(prev[i] as number, unigrams[i + n - 1] as number);
    out.push(cur);
  }
  return out;
}

interface Limits {
  top: Array<[number, number]>;
  dup: Array<[number, number]>;
  maxN: number;
}

function evaluate(r: SmeltRecord, p: Params, lim: Limits, scoring: boolean): RecordOutcome {
  const text = lf(r.text);
  const len = Math.max(text.length, 1);
  const sc = r.scores;
  let failed: RecordOutcome | undefined;
  const fail = (rule: string, detail: string) => {
    failed ??= drop(rule, detail);
  };
  const check = (rule: string, value: number, limit: number | null) => {
    if (scoring) sc[rule] = value;
    if (limit !== null && value > limit) fail(rule, above(value, limit));
  };

  const trimmed = text.trim();
  const paras = trimmed === "" ? [] : trimmed.split(/\n{2,}/);
  const dp = duplicates(paras);
  check("gopher_dup_para_fraction", paras.length === 0 ? 0 : dp.count / paras.length, p.max_dup_para_fraction);
  check("gopher_dup_para_char_fraction", dp.chars / len, p.max_dup_para_char_fraction);
  if (!scoring && failed) return failed;

  const lines = trimmed === "" ? [] : trimmed.split(/\n+/);
  const dl = duplicates(lines);
  check("gopher_dup_line_fraction", lines.length === 0 ? 0 : dl.count / lines.length, p.max_dup_line_fraction);
  check("gopher_dup_line_char_fraction", dl.chars / len, p.max_dup_line_char_fraction);
  if (!scoring && failed) return failed;

  if (lim.maxN === 0) return scoring ? keep() : (failed ?? keep());
  const ws = words(text);
  const ids = ngramIds(ws, lim.maxN);
  // prefix[i] = characters of the first i words.
  const prefix = new Float64Array(ws.length + 1);
  for (let i = 0; i < ws.length; i++) prefix[i + 1] = (prefix[i] as number) + (ws[i] as string).length;

  for (const [n, limit] of lim.top) {
    const g = ids[n - 1];
    let value = 0;
    if (g && g.length > 0) {
      // Ids are numbered in order of first occurrence, so the lowest id among the most
      // frequent is the one Python's Counter.most_common(1) returns.
      const counts = new Int32Array(g.length);
      const first = new Int32Array(g.length).fill(-1);
      let maxId = -1;
      for (let i = 0; i < g.length; i++) {
        const id = g[i] as number;
        counts[id] = (counts[id] as number) + 1;
        if (first[id] === -1) first[id] = i;
        if (id > maxId) maxId = id;
      }
      let best = -1;
      for (let id = 0; id <= maxId; id++)
        if (best === -1 || (counts[id] as number) > (counts[best] as number)) best = id;
      // Only a repeated n-gram is repetition: a text where every n-gram is unique scores 0.
      if (best !== -1 && (counts[best] as number) > 1) {
        const at = first[best] as number;
        const gramChars = (prefix[at + n] as number) - (prefix[at] as number) + (n - 1);
        value = (gramChars * (counts[best] as number)) / len;
      }
    }
    check(`gopher_top_${n}gram_char_fraction`, value, limit);
    if (!scoring && failed) return failed;
  }

  for (const [n, limit] of lim.dup) {
    const g = ids[n - 1];
    let repeated = 0;
    if (g && g.length > 0) {
      // datatrove's find_all_duplicate: walk the n-grams, count a repeat's characters and jump
      // past it so overlapping repeats are not counted twice.
      const seen = new Uint8Array(g.length);
      let i = 0;
      while (i < g.length) {
        const id = g[i] as number;
        if (seen[id]) {
          repeated += (prefix[i + n] as number) - (prefix[i] as number);
          i += n;
        } else {
          seen[id] = 1;
          i++;
        }
      }
    }
    check(`gopher_dup_${n}gram_char_fraction`, repeated / len, limit);
    if (!scoring && failed) return failed;
  }
  return scoring ? keep() : (failed ?? keep());
}

function table(t: Record<string, number>): Array<[number, number]> {
  return Object.entries(t)
    .map(([n, v]) => [Number(n), v] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

export const gopherRepetition = defineOperator({
  name: "gopher_repetition",
  kind: "filter",
  version: "1.0.0",
  summary:
    "Gopher / MassiveText repetition rules (Rae et al. 2021): repeated lines and paragraphs, top n-gram and repeated n-gram character shares.",
  docs: [
    "The repetition filter of MassiveText (Rae et al. 2021, Gopher, section A.1.1 and table A1), with its published thresholds as defaults, computed as datatrove's GopherRepetitionFilter does (used for FineWeb, Penedo et al. 2024). In `mode: filter` (default) the first failed rule drops the record, in this order: gopher_dup_para_fraction (> 0.30 of paragraphs — blocks separated by blank lines — repeat an earlier one), gopher_dup_para_char_fraction (> 0.20 of the characters), gopher_dup_line_fraction (> 0.30 of lines), gopher_dup_line_char_fraction (> 0.20), gopher_top_{2,3,4}gram_char_fraction (the most frequent n-gram, all its occurrences, covers > 0.20 / 0.18 / 0.16 of the characters), gopher_dup_{5..10}gram_char_fraction (repeated n-grams cover > 0.15, 0.14, 0.13, 0.12, 0.11, 0.10), e.g. `gopher_dup_line_fraction 0.42 > 0.3`. In `mode: score` nothing is dropped and each measure is added as a score of that name.",
    "Characters are counted against the whole text. Top n-gram characters include the spaces between its words; repeated n-gram characters are the words' characters, and after a repeat the walk jumps n words ahead (datatrove's find_all_duplicate). Deviation: a top n-gram that occurs only once scores 0 (datatrove scores its length, which only matters for texts of a few words). Words are runs of Unicode letters, digits and marks (datatrove uses NLTK), so languages written without spaces need other thresholds.",
  ].join("\n\n"),
  params,
  create(p) {
    const top = table(p.top_ngram_char_fractions);
    const dup = table(p.dup_ngram_char_fractions);
    const maxN = Math.max(0, ...top.map((t) => t[0]), ...dup.map((t) => t[0]));
    const lim: Limits = { top, dup, maxN };
    const scoring = p.mode === "score";
    return (records) => ({ outcomes: records.map((r) => evaluate(r, p, lim, scoring)) });
  },
});
