/**
 * Word n-grams hashed to 64 bits (two independent 32-bit halves) and an open-addressing hash
 * set of them in typed arrays, for benchmark decontamination.
 *
 * Normalization follows GPT-3's decontamination (Brown et al. 2020, appendix C): lower case,
 * punctuation stripped, split into words. Here a word is a run of letters, marks and digits
 * (after NFKC); Han and kana characters are one word each, since those scripts put no spaces
 * between words. Nothing but the hashes is kept: no token strings are built.
 */

import { fmix32 } from "../dedup/mh_text.js";
import { astralClass, C_CJK, C_PICTO, C_SEP, C_SURROGATE, charTable, foldText } from "./chars.js";

// Polynomial bases of the two rolling hashes (odd, so multiplication mod 2^32 is invertible).
const B1 = 0x01000193;
const B2 = 0x5bd1e995;

function pow32(base: number, exp: number): number {
  let r = 1;
  for (let i = 0; i < exp; i++) r = Math.imul(r, base);
  return r;
}

/**
 * Call `visit(h1, h2)` for every word n-gram of `text` (folded inside), left to right.
 * Returns the number of words.
 */
export function forEachNgram(text: string, n: number, visit: (h1: number, h2: number) => void): number {
  const s = foldText(text);
  const table = charTable();
  const ring1 = new Int32Array(n);
  const ring2 = new Int32Array(n);
  const p1 = pow32(B1, n - 1);
  const p2 = pow32(B2, n - 1);
  let g1 = 0;
  let g2 = 0;
  let words = 0;
  // Token hashes being built: FNV-1a (t1) and a multiply-xor hash (t2) over UTF-16 units.
  let t1 = 0;
  let t2 = 0;
  let inWord = false;

  const push = () => {
    const a = fmix32(t1);
    const b = fmix32(t2 ^ 0x9e3779b9);
    const slot = words % n;
    if (words >= n) {
      g1 = (g1 - Math.imul(ring1[slot] as number, p1)) | 0;
      g2 = (g2 - Math.imul(ring2[slot] as number, p2)) | 0;
    }
    g1 = (Math.imul(g1, B1) + a) | 0;
    g2 = (Math.imul(g2, B2) + b) | 0;
    ring1[slot] = a;
    ring2[slot] = b;
    words++;
    if (words >= n) visit(g1, g2);
  };
  const add = (c: number) => {
    t1 = Math.imul(t1 ^ c, 0x01000193);
    t2 = Math.imul(t2 ^ c, 0x5bd1e995);
    t2 ^= t2 >>> 15;
  };

  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    let cls = table[c] as number;
    let width = 1;
    if (cls === C_SURROGATE) {
      const cp = s.codePointAt(i) as number;
      if (cp > 0xffff) {
        cls = astralClass(cp);
        width = 2;
      } else cls = C_SEP;
    }
    // Emoji and other symbols are punctuation here.
    if (cls === C_SEP || cls === C_PICTO) {
      if (inWord) push();
      inWord = false;
    } else if (cls === C_CJK) {
      if (inWord) push();
      t1 = 0x811c9dc5 | 0;
      t2 = 0x2545f491;
      add(c);
      if (width === 2) add(s.charCodeAt(i + 1));
      push();
      inWord = false;
    } else {
      if (!inWord) {
        t1 = 0x811c9dc5 | 0;
        t2 = 0x2545f491;
        inWord = true;
      }
      add(c);
      if (width === 2) add(s.charCodeAt(i + 1));
    }
    i += width - 1;
  }
  if (inWord) push();
  return words;
}

/**
 * A set of 64-bit n-gram keys, each with the id of the set of benchmarks that contain it.
 * Slots are interleaved [hi, lo, owner] in one Int32Array (12 bytes, one cache line per probe),
 * at most half full.
 */
export class NgramSet {
  private slots: Int32Array;
  private mask: number;
  size = 0;
  /** Sets of benchmark indexes, deduplicated (most n-grams belong to one benchmark). */
  readonly owners: number[][] = [];
  private readonly ownerIds = new Map<string, number>();

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.slots = new Int32Array(cap * 3);
    this.mask = cap - 1;
  }

  /** Slot of the key, or of the empty slot where it would go (owner 0 = empty). */
  private slot(h1: number, h2: number): number {
    const s = this.slots;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    while (s[i * 3 + 2] !== 0 && (s[i * 3] !== h1 || s[i * 3 + 1] !== h2)) i = (i + 1) & this.mask;
    return i;
  }

  private ownerId(set: number[]): number {
    const key = set.join(",");
    let id = this.ownerIds.get(key);
    if (id === undefined) {
      id = this.owners.length;
      this.owners.push(set);
      this.ownerIds.set(key, id);
    }
    return id;
  }

  /** Add a key for benchmark `bench`. Returns true when the key is new. */
  add(h1: number, h2: number, bench: number): boolean {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const i = this.slot(h1, h2) * 3;
    const s = this.slots;
    const o = s[i + 2] as number;
    if (o === 0) {
      s[i] = h1;
      s[i + 1] = h2;
      s[i + 2] = this.ownerId([bench]) + 1;
      this.size++;
      return true;
    }
    const set = this.owners[o - 1] as number[];
    if (!set.includes(bench)) s[i + 2] = this.ownerId([...set, bench].sort((a, b) => a - b)) + 1;
    return false;
  }

  /** The slot holding a key (a stable id for it while the set does not grow), or -1. */
  find(h1: number, h2: number): number {
    const i = this.slot(h1, h2);
    return this.slots[i * 3 + 2] === 0 ? -1 : i;
  }

  /** The benchmark indexes of the key in slot `i` (from `find`). */
  ownersAt(i: number): number[] {
    return this.owners[(this.slots[i * 3 + 2] as number) - 1] as number[];
  }

  /** The owner id of a key (index into `owners`), or -1 when absent. */
  get(h1: number, h2: number): number {
    return (this.slots[this.slot(h1, h2) * 3 + 2] as number) - 1;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 3);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += 3) {
      if (old[j + 2] === 0) continue;
      const i = this.slot(old[j] as number, old[j + 1] as number) * 3;
      this.slots[i] = old[j] as number;
      this.slots[i + 1] = old[j + 1] as number;
      this.slots[i + 2] = old[j + 2] as number;
    }
  }
}
