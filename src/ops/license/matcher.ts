/**
 * Match a license text against every SPDX license text of `spdx-license-list/full` by the
 * Sørensen–Dice coefficient over word-bigram sets (after `licenseTokens` normalization).
 *
 * The index is an inverted list bigram -> licenses, so one pass over a file's bigrams counts its
 * exact overlap with all ~700 texts at once (no candidate pre-filter that could miss: the
 * posting lists are the pre-filter, since a license sharing no bigram is never touched).
 * Licenses whose normalized texts are identical (GPL-2.0 / -only / -or-later / +, MPL-2.0 and
 * MPL-2.0-no-copyleft-exception, ...) form one class, reported by its shortest id.
 */
import { createRequire } from "node:module";
import { GAP, licenseParts } from "./normalize.js";

const require = createRequire(import.meta.url);

/** One reference text: a class of identical SPDX texts (or an alternate text of one, see ALTERNATES). */
export interface LicenseClass {
  /** The id reported for the class: its shortest id (GPL-3.0 for GPL-3.0/-only/-or-later). */
  id: string;
  /** Every SPDX id whose text normalizes to this class's text, sorted. */
  members: string[];
  /** Distinct word bigrams of the normalized text. */
  size: number;
}

export interface LicenseMatch {
  id: string;
  members: string[];
  /** Dice coefficient 2|A∩B| / (|A|+|B|) of the file's and the license's bigram sets. */
  score: number;
  /** Share of the license's bigrams found in the file, |A∩B| / |B|. */
  containment: number;
  /** The best license of another class, to see how close the call was. */
  runnerUp?: { id: string; score: number };
}

/** Licenses to prefer when two classes score exactly the same. */
const POPULAR = [
  "MIT",
  "Apache-2.0",
  "BSD-3-Clause",
  "BSD-2-Clause",
  "GPL-3.0",
  "GPL-2.0",
  "LGPL-2.1",
  "LGPL-3.0",
  "AGPL-3.0",
  "MPL-2.0",
  "ISC",
  "Unlicense",
  "EPL-2.0",
  "0BSD",
  "MIT-0",
  "CC0-1.0",
  "Zlib",
  "BSL-1.0",
];
const popularity = new Map(POPULAR.map((id, i) => [id, i]));

/**
 * Second reference texts for a class, where the SPDX text holds more than real files usually do.
 * SPDX's LGPL-3.0 text is the LGPL's additional permissions followed by the whole GPL-3.0; most
 * repositories ship the first part alone (COPYING.LESSER, choosealicense.com's lgpl-3.0.txt).
 * SPDX's ISC text names ISC as the one disclaiming; the ISC text projects use (choosealicense.com,
 * `npm init`) says THE AUTHOR.
 */
const ALTERNATES: Record<string, (text: string) => string | undefined> = {
  "LGPL-3.0": (t) => {
    const at = t.indexOf("GNU GENERAL PUBLIC LICENSE");
    return at > 0 ? t.slice(0, at) : undefined;
  },
  ISC: (t) => t.replace(/\bISC(?= DISCLAIMS| BE LIABLE)/g, "THE AUTHOR"),
};

function shortestId(ids: string[]): string {
  return [...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0] as string;
}

export class LicenseIndex {
  readonly classes: LicenseClass[] = [];
  private readonly classById = new Map<string, number>();
  /** Word -> id, over the words of all license texts. */
  private readonly words = new Map<string, number>();
  /** Bigram key (see `keys`) -> posting list index. */
  private readonly vocab = new Map<number, number>();
  /** Bigrams of the license texts' appendices (after END OF TERMS AND CONDITIONS). */
  private readonly appendix = new Set<number>();
  private readonly postings: Int32Array[] = [];
  /** Tie-break rank per class: popular licenses first, then by id. */
  private readonly rank: Int32Array;

  constructor(texts: Record<string, { licenseText: string }>) {
    const byText = new Map<string, { ids: string[]; grams: Set<number> }>();
    for (const [id, { licenseText }] of Object.entries(texts)) {
      const { terms, tail } = licenseParts(licenseText);
      for (const g of this.keys(tail, true)) this.appendix.add(g);
      const key = terms.join(" ");
      const hit = byText.get(key);
      if (hit) hit.ids.push(id);
      else byText.set(key, { ids: [id], grams: this.keys(terms, true) });
    }
    for (const [id, cut] of Object.entries(ALTERNATES)) {
      const entry = texts[id];
      const part = entry ? cut(entry.licenseText) : undefined;
      const hit = [...byText.values()].find((v) => v.ids.includes(id));
      if (part && hit)
        byText.set(`alternate:${id}`, { ids: hit.ids, grams: this.keys(licenseParts(part).terms, true) });
    }
    const lists: number[][] = [];
    for (const { ids, grams } of byText.values()) {
      if (grams.size === 0) continue;
      const c = this.classes.length;
      this.classes.push({ id: shortestId(ids), members: [...ids].sort(), size: grams.size });
      for (const id of ids) if (!this.classById.has(id)) this.classById.set(id, c);
      for (const g of grams) {
        let v = this.vocab.get(g);
        if (v === undefined) {
          v = lists.length;
          this.vocab.set(g, v);
          lists.push([]);
        }
        (lists[v] as number[]).push(c);
      }
    }
    for (const l of lists) this.postings.push(Int32Array.from(l));
    const order = this.classes
      .map((c, i) => ({ i, p: popularity.get(c.id) ?? POPULAR.length, id: c.id }))
      .sort((a, b) => a.p - b.p || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.rank = new Int32Array(this.classes.length);
    order.forEach((o, r) => {
      this.rank[o.i] = r;
    });
  }

  /** The class an SPDX id belongs to (`GPL-3.0-or-later` -> the GPL-3.0 class). */
  classOf(id: string): LicenseClass | undefined {
    const c = this.classById.get(id);
    return c === undefined ? undefined : this.classes[c];
  }

  /** The id reported for the class of `id`, or `id` itself when it has no text in the list. */
  representative(id: string): string {
    return this.classOf(id)?.id ?? id;
  }

  /**
   * Distinct word bigrams of a token list as numbers (first word id * 2^21 + second), bigrams
   * across a GAP left out. Words no license uses get ids past the known ones, for this call only.
   */
  private keys(tokens: readonly string[], learn: boolean, local = new Map<string, number>()): Set<number> {
    const out = new Set<number>();
    let prev = -1;
    for (const t of tokens) {
      if (t === GAP) {
        prev = -1;
        continue;
      }
      let w = this.words.get(t);
      if (w === undefined) {
        if (learn) {
          w = this.words.size;
          this.words.set(t, w);
        } else {
          w = local.get(t);
          if (w === undefined) {
            w = this.words.size + local.size;
            local.set(t, w);
          }
        }
      }
      if (prev >= 0) out.add(prev * 2097152 + w);
      prev = w;
    }
    return out;
  }

  /**
   * Bigram overlap of `text`'s terms with every class, and the text's bigram count: its terms'
   * bigrams plus those after END OF TERMS AND CONDITIONS that no license's appendix has (text
   * appended to a license counts against it; a filled-in "how to apply" appendix does not).
   */
  private overlaps(text: string): { overlap: Int32Array; size: number } {
    const { terms, tail } = licenseParts(text);
    const local = new Map<string, number>();
    const grams = this.keys(terms, false, local);
    let extra = 0;
    for (const g of this.keys(tail, false, local)) if (!this.appendix.has(g) && !grams.has(g)) extra++;
    const overlap = new Int32Array(this.classes.length);
    for (const g of grams) {
      const v = this.vocab.get(g);
      if (v === undefined) continue;
      const list = this.postings[v] as Int32Array;
      for (let i = 0; i < list.length; i++) {
        const c = list[i] as number;
        overlap[c] = (overlap[c] as number) + 1;
      }
    }
    return { overlap, size: grams.size + extra };
  }

  /**
   * The best-matching license of a whole license file by Dice coefficient (undefined when the
   * text shares nothing with any license). The caller applies its own threshold to `score`.
   */
  match(text: string): LicenseMatch | undefined {
    const { overlap, size } = this.overlaps(text);
    return this.pick(overlap, size, () => true);
  }

  /**
   * The license whose text is contained (at least `minContainment` of its bigrams) in `text`,
   * which may hold more than the license (a header comment with a file description): among the
   * contained licenses, the best by Dice coefficient, so BSD-3-Clause beats the BSD-2-Clause it
   * contains. Licenses under `minBigrams` bigrams are skipped (too short to be evidence).
   */
  contained(text: string, minContainment: number, minBigrams = 40): LicenseMatch | undefined {
    const { overlap, size } = this.overlaps(text);
    return this.pick(overlap, size, (c, ov) => {
      const cls = this.classes[c] as LicenseClass;
      return cls.size >= minBigrams && ov / cls.size >= minContainment;
    });
  }

  private pick(overlap: Int32Array, size: number, ok: (c: number, ov: number) => boolean): LicenseMatch | undefined {
    let best = -1;
    let bestScore = 0;
    let second = -1;
    let secondScore = 0;
    for (let c = 0; c < overlap.length; c++) {
      const ov = overlap[c] as number;
      if (ov === 0 || !ok(c, ov)) continue;
      const score = (2 * ov) / (size + (this.classes[c] as LicenseClass).size);
      const better =
        score > bestScore ||
        (score === bestScore && best >= 0 && (this.rank[c] as number) < (this.rank[best] as number));
      if (better) {
        if (best >= 0 && this.classes[best]?.id !== this.classes[c]?.id) {
          second = best;
          secondScore = bestScore;
        }
        best = c;
        bestScore = score;
      } else if (score > secondScore && this.classes[best]?.id !== this.classes[c]?.id) {
        second = c;
        secondScore = score;
      }
    }
    if (best < 0) return undefined;
    const cls = this.classes[best] as LicenseClass;
    const runnerUp = second >= 0 ? { id: (this.classes[second] as LicenseClass).id, score: secondScore } : undefined;
    return {
      id: cls.id,
      members: cls.members,
      score: bestScore,
      containment: (overlap[best] as number) / cls.size,
      ...(runnerUp ? { runnerUp } : {}),
    };
  }
}

let shared: LicenseIndex | undefined;

/** The index over `spdx-license-list/full`, built once per worker thread on first use. */
export function licenseIndex(): LicenseIndex {
  shared ??= new LicenseIndex(require("spdx-license-list/full") as Record<string, { licenseText: string }>);
  return shared;
}
