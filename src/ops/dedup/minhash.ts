/**
 * MinHash signatures and LSH banding for near-duplicate detection (Broder 1997; banding as in
 * Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3), written for speed: typed
 * arrays and 32-bit integer arithmetic only, nothing allocated per shingle.
 *
 * Shingles (`mh_shingle.ts`): word, character or code-token n-grams, each hashed to 32 bits.
 *
 * Permutations. The textbook family h_i(x) = (a_i·x + b_i) mod (2^61 − 1) (datasketch) needs
 * 64-bit products, i.e. BigInt in JavaScript, which is two orders of magnitude slower, and its
 * plain 32-bit cousin (a_i·x + b_i) mod 2^32 is biased (its low bits are weak; on sequential
 * inputs its estimates run 0.3 standard deviations high). Here, with 32-bit multiplication:
 *
 *   y = M1·(x ⊕ s_i),  h_i(x) = M2·(y ⊕ (y >>> 15))   (mod 2^32; M1, M2 odd: fmix32's constants)
 *
 * x is the shingle hash (already MurmurHash3-finalized, so uniformly spread) and s_i a
 * per-permutation 32-bit key (splitmix32 over the seed). Each step is a bijection of 32-bit
 * words, so each h_i is a permutation of the shingle hashes, and the top bits of h_i(x), which
 * decide the minimum, depend on every bit of x ⊕ s_i. It costs two multiplications where the
 * full fmix32(x ⊕ s_i) costs two plus three shifts, at no measurable loss: the tests check
 * that estimates are unbiased and spread like the binomial J(1 − J)/numPerm of truly
 * independent permutations, both on real files and on adversarial sequential hash values.
 * The minima are taken permutation-major, four permutations per pass over the shingles, with
 * the sign bit flipped so that unsigned order is plain int32 comparison in registers.
 */

import { type ShingleSpec, type ShingleUnit, shingleInto, trimScratch } from "./mh_shingle.js";
import { fmix32 } from "./mh_text.js";

export type { ShingleUnit };

export interface ShingleOptions {
  unit: ShingleUnit;
  ngram: number;
  lowercase: boolean;
  /**
   * code unit only: replace identifiers by one placeholder and literals (numbers, strings) by
   * another, so renamed copies (type-2 clones) match. Keywords of common languages stay.
   */
  normalize_identifiers: boolean;
}

export interface MinHasher {
  readonly numPerm: number;
  /** The MinHash signature (length numPerm). A text with no shingle (shorter than n) gets null. */
  signature(text: string): Uint32Array | null;
}

function checkShingleOptions(opts: ShingleOptions): ShingleSpec {
  if (opts.unit !== "word" && opts.unit !== "char" && opts.unit !== "code") {
    throw new RangeError(`unknown shingle unit: ${String(opts.unit)}`);
  }
  if (!Number.isInteger(opts.ngram) || opts.ngram < 1)
    throw new RangeError(`ngram must be an integer ≥ 1, got ${opts.ngram}`);
  return {
    unit: opts.unit,
    ngram: opts.ngram,
    lowercase: opts.lowercase,
    normalize_identifiers: opts.unit === "code" && opts.normalize_identifiers,
  };
}

let seen = new Int32Array(1 << 12);

/**
 * Move the distinct values of `buf[0..n)` to its front (first occurrences, in order) and return
 * how many there are: an open-addressing set over the values themselves (they are well-mixed
 * hashes, so their low bits index the table). Cheaper than sorting, and every duplicate removed
 * saves numPerm permutation evaluations. 0 marks an empty slot, so 0 itself is tracked apart.
 */
function uniqueInPlace(buf: Int32Array, n: number): number {
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  if (seen.length < cap) seen = new Int32Array(cap);
  const table = seen;
  table.fill(0, 0, cap);
  const mask = cap - 1;
  let m = 0;
  let zero = false;
  for (let j = 0; j < n; j++) {
    const x = buf[j] as number;
    if (x === 0) {
      if (!zero) buf[m++] = 0;
      zero = true;
      continue;
    }
    let p = x & mask;
    for (;;) {
      const v = table[p] as number;
      if (v === 0) {
        table[p] = x;
        buf[m++] = x;
        break;
      }
      if (v === x) break;
      p = (p + 1) & mask;
    }
  }
  return m;
}

/** 32-bit hashes of the distinct shingles of a text (sorted, deduplicated), for exact Jaccard and tests. */
export function shingleHashes(text: string, opts: ShingleOptions): Uint32Array {
  const [buf, n] = shingleInto(text, checkShingleOptions(opts));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = buf[i] as number;
  trimScratch();
  out.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || out[i] !== out[m - 1]) out[m++] = out[i] as number;
  return m === n ? out : out.slice(0, m);
}

/** The per-permutation keys s_i: splitmix32 over the seed (both 32-bit halves of it). */
export function permutationKeys(seed: number, numPerm: number): Int32Array {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed | 0;
  const hi = Math.floor(seed / 0x100000000) | 0;
  let state = fmix32(lo ^ fmix32(hi ^ 0x5bd1e995));
  const keys = new Int32Array(numPerm);
  for (let i = 0; i < numPerm; i++) {
    state = (state + 0x9e3779b9) | 0;
    keys[i] = fmix32(state);
  }
  return keys;
}

const SIGN = 0x80000000 | 0;
/** The two odd multipliers of the permutation family (MurmurHash3's fmix32 constants). */
const M1 = 0x85ebca6b | 0;
const M2 = 0xc2b2ae35 | 0;

class Hasher implements MinHasher {
  readonly numPerm: number;
  private readonly spec: ShingleSpec;
  private readonly keys: Int32Array;

  constructor(spec: ShingleSpec, numPerm: number, seed: number) {
    this.spec = spec;
    this.numPerm = numPerm;
    this.keys = permutationKeys(seed, numPerm);
  }

  signature(text: string): Uint32Array | null {
    const [buf, count] = shingleInto(text, this.spec);
    if (count === 0) {
      trimScratch();
      return null;
    }
    const n = uniqueInPlace(buf, count);
    const sig = new Uint32Array(this.numPerm);
    minima(buf, n, this.keys, sig);
    trimScratch();
    if (seen.length > 1 << 22) seen = new Int32Array(1 << 12);
    return sig;
  }
}

/**
 * sig[i] = min over the n shingle hashes x of h_i(x) = M2·((M1·(x ⊕ s_i)) ⊕ ((M1·(x ⊕ s_i)) >>> 15))
 * (mod 2^32). Permutation-major, four permutations per pass over the shingles so each minimum
 * lives in a register; values are compared sign-flipped (int32 order = unsigned order).
 */
function minima(xs: Int32Array, n: number, keys: Int32Array, sig: Uint32Array): void {
  const k = keys.length;
  const k4 = k - (k % 4);
  let i = 0;
  for (; i < k4; i += 4) {
    const s0 = keys[i] as number;
    const s1 = keys[i + 1] as number;
    const s2 = keys[i + 2] as number;
    const s3 = keys[i + 3] as number;
    let m0 = 0x7fffffff;
    let m1 = 0x7fffffff;
    let m2 = 0x7fffffff;
    let m3 = 0x7fffffff;
    for (let j = 0; j < n; j++) {
      const x = xs[j] as number;
      let y = Math.imul(x ^ s0, M1);
      y = Math.imul(y ^ (y >>> 15), M2) ^ SIGN;
      if (y < m0) m0 = y;
      y = Math.imul(x ^ s1, M1);
      y = Math.imul(y ^ (y >>> 15), M2) ^ SIGN;
      if (y < m1) m1 = y;
      y = Math.imul(x ^ s2, M1);
      y = Math.imul(y ^ (y >>> 15), M2) ^ SIGN;
      if (y < m2) m2 = y;
      y = Math.imul(x ^ s3, M1);
      y = Math.imul(y ^ (y >>> 15), M2) ^ SIGN;
      if (y < m3) m3 = y;
    }
    sig[i] = m0 ^ SIGN;
    sig[i + 1] = m1 ^ SIGN;
    sig[i + 2] = m2 ^ SIGN;
    sig[i + 3] = m3 ^ SIGN;
  }
  for (; i < k; i++) {
    const s0 = keys[i] as number;
    let m0 = 0x7fffffff;
    for (let j = 0; j < n; j++) {
      let y = Math.imul((xs[j] as number) ^ s0, M1);
      y = Math.imul(y ^ (y >>> 15), M2) ^ SIGN;
      if (y < m0) m0 = y;
    }
    sig[i] = m0 ^ SIGN;
  }
}

/**
 * The signature of a set of shingle hashes (e.g. from `shingleHashes`): what
 * `createMinHasher({ numPerm, seed }).signature(text)` gives for the text they come from.
 */
export function signatureOfHashes(hashes: Uint32Array, numPerm: number, seed: number): Uint32Array {
  const xs = new Int32Array(hashes.buffer, hashes.byteOffset, hashes.length);
  const sig = new Uint32Array(numPerm);
  minima(xs, xs.length, permutationKeys(seed, numPerm), sig);
  return sig;
}

/** The permutation h_i of one hash (reference for tests: `minima` inlines it). */
export function permute(x: number, key: number): number {
  const y = Math.imul(x ^ key, M1);
  return Math.imul(y ^ (y >>> 15), M2) >>> 0;
}

/** Permutations are derived deterministically from `seed` (same seed, same signatures, in every worker). */
export function createMinHasher(opts: ShingleOptions & { numPerm: number; seed: number }): MinHasher {
  if (!Number.isInteger(opts.numPerm) || opts.numPerm < 1) {
    throw new RangeError(`numPerm must be an integer ≥ 1, got ${opts.numPerm}`);
  }
  return new Hasher(checkShingleOptions(opts), opts.numPerm, opts.seed);
}

/** ∫_lo^hi f(s) ds by composite Simpson's rule on `steps` (even) intervals. */
function simpson(f: (s: number) => number, lo: number, hi: number, steps = 1024): number {
  const h = (hi - lo) / steps;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

/** Probability that LSH with b bands of r rows makes a candidate of a pair with Jaccard s. */
function candidateProbability(s: number, b: number, r: number): number {
  return 1 - (1 - s ** r) ** b;
}

/** The weighted error of (b, r) at `threshold` (datasketch's objective). */
export function bandingError(threshold: number, b: number, r: number, fpWeight = 0.5, fnWeight = 0.5): number {
  const fp = simpson((s) => candidateProbability(s, b, r), 0, threshold);
  const fn = simpson((s) => 1 - candidateProbability(s, b, r), threshold, 1);
  return fp * fpWeight + fn * fnWeight;
}

const bandCache = new Map<string, { bands: number; rows: number }>();

/**
 * bands × rows ≤ numPerm minimizing the weighted false-positive + false-negative probability
 * integrals around `threshold` (datasketch's `_optimal_param`): FP = ∫₀^t 1 − (1 − s^r)^b ds,
 * FN = ∫_t^1 (1 − s^r)^b ds; default weights 0.5/0.5. Ties keep the first (fewest bands).
 */
export function chooseBands(
  threshold: number,
  numPerm: number,
  fpWeight = 0.5,
  fnWeight = 0.5,
): { bands: number; rows: number } {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  if (!Number.isInteger(numPerm) || numPerm < 1) throw new RangeError(`numPerm must be an integer ≥ 1, got ${numPerm}`);
  const key = `${threshold}/${numPerm}/${fpWeight}/${fnWeight}`;
  const cached = bandCache.get(key);
  if (cached) return { ...cached };
  let best = { bands: 1, rows: 1 };
  let minError = Number.POSITIVE_INFINITY;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const err = bandingError(threshold, b, r, fpWeight, fnWeight);
      if (err < minError) {
        minError = err;
        best = { bands: b, rows: r };
      }
    }
  }
  bandCache.set(key, best);
  return { ...best };
}

/**
 * One hash per band of `rows` consecutive signature values, as safe integers < 2^53 (they go
 * through JSON and DuckDB BIGINT): two MurmurHash3-style 32-bit hashes of the band's values
 * (seeded with the band index), the first's top 21 bits above the second's 32.
 */
export function bandHashes(sig: Uint32Array, bands: number, rows: number): number[] {
  if (bands * rows > sig.length)
    throw new RangeError(`bands × rows = ${bands * rows} exceeds the signature length ${sig.length}`);
  const out = new Array<number>(bands);
  for (let b = 0; b < bands; b++) {
    let h1 = fmix32(b ^ 0x3c6ef372);
    let h2 = fmix32(b ^ 0x7f4a7c15);
    const start = b * rows;
    for (let i = start; i < start + rows; i++) {
      const v = sig[i] as number;
      let k1 = Math.imul(v, 0xcc9e2d51);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, 0x1b873593);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      let k2 = Math.imul(v ^ 0x9e3779b9, 0x85ebca77);
      k2 = (k2 << 13) | (k2 >>> 19);
      h2 ^= Math.imul(k2, 0xc2b2ae3d);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul(h2, 9) + 0x27d4eb2f) | 0;
    }
    h1 = fmix32(h1 ^ rows);
    h2 = fmix32(h2 ^ Math.imul(rows, 0x165667b1));
    out[b] = (h1 >>> 11) * 0x100000000 + (h2 >>> 0);
  }
  return out;
}

/** Fraction of equal signature positions (estimate of Jaccard). */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length: ${a.length} vs ${b.length}`);
  if (a.length === 0) return 0;
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}

/** Exact Jaccard of two sorted distinct hash arrays (from shingleHashes); two empty sets give 1. */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  const na = a.length;
  const nb = b.length;
  if (na === 0 && nb === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < na && j < nb) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (na + nb - inter);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Compact text form of a signature for JSON: base64 of the little-endian uint32 bytes. */
export function encodeSignature(sig: Uint32Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString("base64");
  const bytes = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) bytes.writeUInt32LE(sig[i] as number, i * 4);
  return bytes.toString("base64");
}

/** The signature back from `encodeSignature`'s text. */
export function decodeSignature(s: string): Uint32Array {
  const bytes = Buffer.from(s, "base64");
  if (bytes.length % 4 !== 0)
    throw new RangeError(`not an encoded signature: ${bytes.length} bytes is not a multiple of 4`);
  const sig = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < sig.length; i++) sig[i] = bytes.readUInt32LE(i * 4);
  return sig;
}
