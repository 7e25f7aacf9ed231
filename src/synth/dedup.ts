/**
 * Near-duplicate questions: two samples that ask the same thing in nearly the same words teach
 * nothing twice. MinHash over word bigrams of the question (the dedup operator's hasher), LSH
 * bands for candidates, exact Jaccard of the shingle sets to confirm; the first sample in
 * generation order is kept.
 */
import {
  bandHashes,
  chooseBands,
  createMinHasher,
  exactJaccard,
  type ShingleOptions,
  shingleHashes,
} from "../ops/dedup/minhash.js";

export interface NearDuplicate {
  /** The kept sample this one repeats. */
  of: string;
  similarity: number;
}

const SHINGLES: ShingleOptions = { unit: "word", ngram: 2, lowercase: true, normalize_identifiers: false };
const NUM_PERM = 128;

/** Map from the id of each dropped sample to the kept one it repeats. */
export function nearDuplicateTexts(
  items: readonly { id: string; text: string }[],
  threshold: number,
  seed = 1,
): Map<string, NearDuplicate> {
  const hasher = createMinHasher({ ...SHINGLES, numPerm: NUM_PERM, seed });
  const { bands, rows } = chooseBands(threshold, NUM_PERM);
  const buckets = new Map<string, number[]>();
  const shingles: Uint32Array[] = [];
  const dropped = new Map<string, NearDuplicate>();
  items.forEach((item, i) => {
    shingles.push(shingleHashes(item.text, SHINGLES));
    const sig = hasher.signature(item.text);
    if (sig === null) return; // one word: nothing to compare
    const candidates = new Set<number>();
    const keys = bandHashes(sig, bands, rows).map((h, b) => `${b}:${h}`);
    for (const k of keys) for (const j of buckets.get(k) ?? []) candidates.add(j);
    let best: NearDuplicate | undefined;
    for (const j of [...candidates].sort((a, b) => a - b)) {
      const s = exactJaccard(shingles[i] as Uint32Array, shingles[j] as Uint32Array);
      if (s >= threshold && (best === undefined || s > best.similarity)) {
        best = { of: (items[j] as { id: string }).id, similarity: Math.round(s * 1000) / 1000 };
      }
    }
    if (best) {
      dropped.set(item.id, best);
      return; // a dropped sample is not a bucket member: only kept samples are compared against
    }
    for (const k of keys) {
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    }
  });
  return dropped;
}
