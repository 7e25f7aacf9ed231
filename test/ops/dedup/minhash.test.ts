import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { CODE_KEYWORDS } from "../../../src/ops/dedup/mh_code.js";
import {
  bandHashes,
  bandingError,
  chooseBands,
  createMinHasher,
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  exactJaccard,
  permutationKeys,
  permute,
  type ShingleOptions,
  shingleHashes,
  signatureOfHashes,
} from "../../../src/ops/dedup/minhash.js";
import { ROOT } from "../helpers.js";

const WORD5: ShingleOptions = { unit: "word", ngram: 5, lowercase: true, normalize_identifiers: false };

/** A small deterministic PRNG (mulberry32) for the perturbations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real text files from node_modules (.js/.ts/.md, 3–60 KB), every `step`-th in path order. */
function realFiles(count: number): string[] {
  const all = globSync(["**/*.{js,ts,md}"], { cwd: join(ROOT, "node_modules"), absolute: true }).sort();
  const sized = all.filter((f) => {
    const s = statSync(f).size;
    return s >= 3000 && s <= 60000;
  });
  const step = Math.max(1, Math.floor(sized.length / count));
  const picked: string[] = [];
  for (let i = 0; i < sized.length && picked.length < count; i += step) picked.push(sized[i] as string);
  return picked.map((f) => readFileSync(f, "utf8"));
}

/** Edit a text the way near-copies differ: lines deleted, inserted (from `donor`), words renamed. */
function perturb(text: string, rate: number, donor: string, rand: () => number): string {
  const lines = text.split("\n");
  const extra = donor.split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const r = rand();
    if (r < rate / 3) continue;
    if (r < (2 * rate) / 3) {
      out.push(line, extra[Math.floor(rand() * extra.length)] ?? "");
      continue;
    }
    if (r < rate) out.push(line.replace(/[A-Za-z]{3,}/g, (w) => `${w}Renamed`));
    else out.push(line);
  }
  return out.join("\n");
}

/** Reference signature: the plain double loop over shingle hashes and permutations. */
function naiveSignature(hashes: Uint32Array, numPerm: number, seed: number): Uint32Array {
  const keys = permutationKeys(seed, numPerm);
  const sig = new Uint32Array(numPerm).fill(0xffffffff);
  for (const x of hashes) {
    for (let i = 0; i < numPerm; i++) {
      const y = permute(x, keys[i] as number);
      if (y < (sig[i] as number)) sig[i] = y;
    }
  }
  return sig;
}

const FILES = realFiles(160);

describe("signatures", () => {
  it("are deterministic across instances with the same seed, and differ across seeds", () => {
    const a = createMinHasher({ ...WORD5, numPerm: 128, seed: 7 });
    const b = createMinHasher({ ...WORD5, numPerm: 128, seed: 7 });
    const c = createMinHasher({ ...WORD5, numPerm: 128, seed: 8 });
    for (const text of FILES.slice(0, 20)) {
      const sa = a.signature(text);
      expect(sa).not.toBeNull();
      expect(b.signature(text)).toEqual(sa);
      // A second call on the same instance reuses its scratch buffers: same answer.
      expect(a.signature(text)).toEqual(sa);
      const sc = c.signature(text) as Uint32Array;
      let same = 0;
      for (let i = 0; i < 128; i++) if (sc[i] === sa?.[i]) same++;
      expect(same).toBeLessThan(4);
    }
    // Seeds above 2^32 use their high bits too.
    expect(permutationKeys(2 ** 32 + 7, 8)).not.toEqual(permutationKeys(7, 8));
  });

  it("are stable across versions and platforms (golden values)", () => {
    const sig = createMinHasher({ ...WORD5, numPerm: 8, seed: 1 }).signature(
      "the quick brown fox jumps over the lazy dog and runs away",
    );
    expect(Array.from(sig ?? [])).toEqual(GOLDEN);
  });

  it("are equal for identical texts and match the plain double loop", () => {
    const h = createMinHasher({ ...WORD5, numPerm: 130, seed: 3 });
    for (const text of FILES.slice(0, 30)) {
      const copy = `${text}`;
      const sig = h.signature(text) as Uint32Array;
      expect(h.signature(copy)).toEqual(sig);
      const hashes = shingleHashes(text, WORD5);
      expect(signatureOfHashes(hashes, 130, 3)).toEqual(sig);
      expect(naiveSignature(hashes, 130, 3)).toEqual(sig);
    }
  });

  it("are null for texts without a shingle", () => {
    const h = createMinHasher({ ...WORD5, numPerm: 64, seed: 1 });
    expect(h.signature("")).toBeNull();
    expect(h.signature("   \n\t ")).toBeNull();
    expect(h.signature("only four words here")).toBeNull();
    expect(h.signature("exactly five words are here")).not.toBeNull();
    expect(shingleHashes("only four words here", WORD5)).toHaveLength(0);
    expect(shingleHashes("exactly five words are here", WORD5)).toHaveLength(1);
    const chars = createMinHasher({
      unit: "char",
      ngram: 5,
      lowercase: true,
      normalize_identifiers: false,
      numPerm: 64,
      seed: 1,
    });
    expect(chars.signature("abcd")).toBeNull();
    expect(chars.signature("abcde")).not.toBeNull();
    const code = createMinHasher({
      unit: "code",
      ngram: 5,
      lowercase: false,
      normalize_identifiers: true,
      numPerm: 64,
      seed: 1,
    });
    expect(code.signature("// just a comment\n/* and another */")).toBeNull();
  });

  it("rejects bad options", () => {
    expect(() => createMinHasher({ ...WORD5, numPerm: 0, seed: 1 })).toThrow(RangeError);
    expect(() => createMinHasher({ ...WORD5, ngram: 0, numPerm: 8, seed: 1 })).toThrow(RangeError);
    expect(() => createMinHasher({ ...WORD5, numPerm: 8, seed: 0.5 })).toThrow(RangeError);
  });

  it("round-trip through their text form", () => {
    const sig = createMinHasher({ ...WORD5, numPerm: 128, seed: 1 }).signature(FILES[0] as string) as Uint32Array;
    const text = encodeSignature(sig);
    expect(text).toHaveLength(684); // base64 of 512 bytes
    expect(decodeSignature(text)).toEqual(sig);
    // A view into a larger buffer encodes only its own values.
    const big = new Uint32Array(200);
    big.set(sig, 10);
    expect(encodeSignature(big.subarray(10, 138))).toBe(text);
    expect(Buffer.from(text, "base64").readUInt32LE(4)).toBe(sig[1]);
    expect(() => decodeSignature("AAA=")).toThrow(RangeError);
  });
});

describe("estimates of Jaccard", () => {
  it("are unbiased with binomial spread on perturbed real files (word 5-grams, 128 permutations)", () => {
    const k = 128;
    const h = createMinHasher({ ...WORD5, numPerm: k, seed: 11 });
    const rand = rng(42);
    let absErr = 0;
    let bias = 0;
    let zSum = 0;
    let zSq = 0;
    let zN = 0;
    let n = 0;
    const rates = [0.02, 0.05, 0.1, 0.2, 0.35];
    for (let f = 0; f < FILES.length; f++) {
      const text = FILES[f] as string;
      const donor = FILES[(f + 1) % FILES.length] as string;
      const rate = rates[f % rates.length] as number;
      const edited = perturb(text, rate, donor, rand);
      const exact = exactJaccard(shingleHashes(text, WORD5), shingleHashes(edited, WORD5));
      const sa = h.signature(text);
      const sb = h.signature(edited);
      if (!sa || !sb) continue;
      const est = estimateJaccard(sa, sb);
      absErr += Math.abs(est - exact);
      bias += est - exact;
      n++;
      if (exact > 0.05 && exact < 0.95) {
        const z = (est - exact) / Math.sqrt((exact * (1 - exact)) / k);
        zSum += z;
        zSq += z * z;
        zN++;
      }
    }
    expect(n).toBeGreaterThan(140);
    expect(zN).toBeGreaterThan(100);
    const mae = absErr / n;
    const zMean = zSum / zN;
    const zVar = zSq / zN - zMean * zMean;
    expect(mae).toBeLessThan(1 / Math.sqrt(k));
    // Binomial spread: E|est − J| ≤ sqrt(0.25/k)·sqrt(2/π) ≈ 0.035.
    expect(mae).toBeLessThan(0.04);
    expect(Math.abs(bias / n)).toBeLessThan(0.012);
    expect(Math.abs(zMean)).toBeLessThan(0.3);
    expect(zVar).toBeGreaterThan(0.6);
    expect(zVar).toBeLessThan(1.5);
  });

  it("are unbiased even on adversarial (sequential) hash values", () => {
    // Sets of consecutive integers as shingle hashes: weak permutation families (a·x + b mod
    // 2^32) show bias here. A = shared ∪ onlyA, B = shared ∪ onlyB with known Jaccard.
    const k = 128;
    let next = 1;
    let zSum = 0;
    let zSq = 0;
    const pairs = 400;
    for (let p = 0; p < pairs; p++) {
      const size = 300 + (p % 5) * 200;
      const inter = Math.floor((size * ((p % 17) + 1)) / 18);
      const shared = Array.from({ length: inter }, () => next++);
      const a = Uint32Array.from([...shared, ...Array.from({ length: size - inter }, () => next++)]);
      const b = Uint32Array.from([...shared, ...Array.from({ length: size - inter }, () => next++)]);
      const j = inter / (2 * size - inter);
      const est = estimateJaccard(signatureOfHashes(a, k, 5), signatureOfHashes(b, k, 5));
      const z = (est - j) / Math.sqrt((j * (1 - j)) / k);
      zSum += z;
      zSq += z * z;
    }
    const mean = zSum / pairs;
    const variance = zSq / pairs - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(variance).toBeGreaterThan(0.7);
    expect(variance).toBeLessThan(1.4);
  });

  it("exact Jaccard merges sorted hash sets", () => {
    expect(exactJaccard(Uint32Array.from([1, 2, 3, 4]), Uint32Array.from([3, 4, 5, 6]))).toBeCloseTo(2 / 6);
    expect(exactJaccard(Uint32Array.from([1, 0xffffffff]), Uint32Array.from([0xffffffff]))).toBeCloseTo(1 / 2);
    expect(exactJaccard(new Uint32Array(0), Uint32Array.from([1]))).toBe(0);
    expect(exactJaccard(new Uint32Array(0), new Uint32Array(0))).toBe(1);
    const s = shingleHashes(FILES[3] as string, WORD5);
    for (let i = 1; i < s.length; i++) expect(s[i] as number).toBeGreaterThan(s[i - 1] as number);
    expect(exactJaccard(s, s)).toBe(1);
    expect(estimateJaccard(Uint32Array.from([1, 2, 3, 4]), Uint32Array.from([1, 2, 0, 0]))).toBe(0.5);
    expect(() => estimateJaccard(new Uint32Array(4), new Uint32Array(5))).toThrow(RangeError);
  });
});

describe("shingles", () => {
  const sig = (text: string, opts: ShingleOptions) =>
    createMinHasher({ ...opts, numPerm: 64, seed: 1 }).signature(text);

  it("word: case and punctuation do not matter (lowercase), order does", () => {
    const a = "Hello, World! This is -- a TEST of shingles.";
    expect(sig(a, WORD5)).toEqual(sig("hello world this is a test of shingles", WORD5));
    expect(sig(a, { ...WORD5, lowercase: false })).not.toEqual(
      sig("hello world this is a test of shingles", { ...WORD5, lowercase: false }),
    );
    expect(sig(a, WORD5)).not.toEqual(sig("world hello this is a test of shingles", WORD5));
    // Non-ASCII letters are word characters and lower-case too.
    expect(sig("ÉCOLE Straße Ωmega naïve café", WORD5)).toEqual(sig("école straße ωmega naïve café", WORD5));
    // Han and kana: one word per character.
    expect(shingleHashes("日本語のテキスト", { ...WORD5, ngram: 3 })).toHaveLength(6);
    expect(shingleHashes("plain 日本 words", { ...WORD5, ngram: 4 })).toHaveLength(1);
  });

  it("char: whitespace runs count as one space", () => {
    const c5: ShingleOptions = { unit: "char", ngram: 5, lowercase: true, normalize_identifiers: false };
    expect(sig("  The  quick\n\n brown\tfox ", c5)).toEqual(sig("the quick brown fox", c5));
    expect(shingleHashes("abcdefg", c5)).toHaveLength(3);
    expect(sig("the quick brown fox", c5)).not.toEqual(sig("the quickbrown fox", c5));
  });

  it("code: comments and layout are ignored; renamed copies match when normalized", () => {
    const source = readFileSync(join(ROOT, "node_modules/zod/v4/core/util.js"), "utf8");
    const raw: ShingleOptions = { unit: "code", ngram: 5, lowercase: false, normalize_identifiers: false };
    const norm: ShingleOptions = { ...raw, normalize_identifiers: true };
    // Reformatted with comments added: same tokens either way.
    const reformatted = source
      .split("\n")
      .map((l, i) => (i % 7 === 0 ? `  ${l.trim()}   // note ${i}` : l.replace(/^\s+/, "\t")))
      .join("\n");
    expect(sig(reformatted, raw)).toEqual(sig(source, raw));
    // A type-2 clone: every non-keyword identifier renamed, every number changed.
    const keywords = new Set(CODE_KEYWORDS.flatMap((l) => l.split(" ")));
    const names = new Map<string, string>();
    const renamed = source
      .replace(/(?<![\w$])[A-Za-z_$][\w$]*/g, (w) => {
        if (keywords.has(w)) return w;
        let r = names.get(w);
        if (r === undefined) {
          r = `renamed${names.size}`;
          names.set(w, r);
        }
        return r;
      })
      .replace(/(?<![\w$.])\d+(?![\w$])/g, (d) => String(Number(d) + 1));
    expect(renamed).not.toBe(source);
    expect(names.size).toBeGreaterThan(50);
    const a = sig(source, norm) as Uint32Array;
    expect(sig(renamed, norm)).toEqual(a);
    expect(estimateJaccard(sig(renamed, raw) as Uint32Array, sig(source, raw) as Uint32Array)).toBeLessThan(0.5);
    // Keywords stay: turning every `const` into `let` is a real change.
    expect(estimateJaccard(sig(source.replaceAll("const ", "let "), norm) as Uint32Array, a)).toBeLessThan(0.95);
  });

  it("code: strings, numbers, operators and comments tokenize as one unit each", () => {
    const c1: ShingleOptions = { unit: "code", ngram: 1, lowercase: false, normalize_identifiers: false };
    const count = (s: string) => shingleHashes(s, c1).length;
    expect(count(`x = "a \\" b" + 'c' + \`d \${e}\`;`)).toBe(7); // x = "…" + '…' + `…` ; (= and + deduplicated)
    expect(count("a === b !== c >>>= d")).toBe(7);
    expect(count("n = 0x1F + 1.5e-3 + 1_000;")).toBe(7);
    expect(count("a /* x y z */ b // q r s\n# comment here\n#include <x>")).toBe(7); // a b # include < x >
    expect(count('s = """multi\nline "quoted" text"""')).toBe(3);
    const norm: ShingleOptions = { ...c1, normalize_identifiers: true };
    // Identifiers → one placeholder, literals → another, keywords stay.
    expect(shingleHashes("foo bar baz 1 2 'x' \"y\"", norm)).toHaveLength(2);
    expect(shingleHashes("if while return foo", norm)).toHaveLength(4);
  });
});

describe("banding", () => {
  /** The objective by brute force: midpoint rule, far finer than the Simpson rule used inside. */
  function objective(t: number, b: number, r: number): number {
    const steps = 4000;
    let fp = 0;
    for (let i = 0; i < steps; i++) {
      const s = ((i + 0.5) / steps) * t;
      fp += 1 - (1 - s ** r) ** b;
    }
    let fn = 0;
    for (let i = 0; i < steps; i++) {
      const s = t + ((i + 0.5) / steps) * (1 - t);
      fn += (1 - s ** r) ** b;
    }
    return 0.5 * ((fp * t) / steps) + 0.5 * ((fn * (1 - t)) / steps);
  }

  it("chooseBands minimizes the weighted FP + FN integrals", () => {
    for (const [t, k] of [
      [0.8, 128],
      [0.5, 64],
      [0.9, 100],
    ] as const) {
      const { bands, rows } = chooseBands(t, k);
      expect(bands * rows).toBeLessThanOrEqual(k);
      let best = Number.POSITIVE_INFINITY;
      for (let b = 1; b <= k; b++) for (let r = 1; b * r <= k; r++) best = Math.min(best, objective(t, b, r));
      expect(objective(t, bands, rows)).toBeLessThanOrEqual(best + 1e-9);
      expect(bandingError(t, bands, rows)).toBeCloseTo(objective(t, bands, rows), 6);
    }
    const d = chooseBands(0.8, 128);
    expect(d.bands).toBeGreaterThanOrEqual(9);
    expect(d.bands).toBeLessThanOrEqual(12);
    expect(d.rows).toBeGreaterThanOrEqual(10);
    expect(d.rows).toBeLessThanOrEqual(13);
    // Weighting false negatives up buys more bands (a lower S-curve).
    expect(chooseBands(0.8, 128, 0.1, 0.9).bands).toBeGreaterThan(d.bands);
    expect(() => chooseBands(1, 128)).toThrow(RangeError);
  });

  it("bandHashes: equal bands hash equal, others differ; all safe integers", () => {
    const a = createMinHasher({ ...WORD5, numPerm: 128, seed: 1 }).signature(FILES[5] as string) as Uint32Array;
    const b = Uint32Array.from(a);
    for (let i = 39; i < 128; i++) b[i] = ((b[i] as number) + 1) >>> 0; // bands 0–2 of 13 rows unchanged
    const ha = bandHashes(a, 9, 13);
    const hb = bandHashes(b, 9, 13);
    expect(ha).toHaveLength(9);
    expect(hb.slice(0, 3)).toEqual(ha.slice(0, 3));
    for (let i = 3; i < 9; i++) expect(hb[i]).not.toBe(ha[i]);
    for (const h of [...ha, ...hb]) {
      expect(Number.isSafeInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
    }
    // Distinct bands of one signature do not collide, even with equal values.
    expect(new Set(bandHashes(new Uint32Array(128), 9, 13)).size).toBe(9);
    expect(() => bandHashes(a, 10, 13)).toThrow(RangeError);
  });

  it("LSH at the chosen bands pairs near-copies of real files and rarely others", () => {
    const { bands, rows } = chooseBands(0.8, 128);
    const h = createMinHasher({ ...WORD5, numPerm: 128, seed: 1 });
    const rand = rng(7);
    let close = 0;
    let far = 0;
    const shares = (x: number[], y: number[]) => x.some((v, i) => v === y[i]);
    for (let f = 0; f < 60; f++) {
      const text = FILES[f] as string;
      const near = perturb(text, 0.03, FILES[f + 1] as string, rand);
      const ha = bandHashes(h.signature(text) as Uint32Array, bands, rows);
      if (shares(ha, bandHashes(h.signature(near) as Uint32Array, bands, rows))) close++;
      if (shares(ha, bandHashes(h.signature(FILES[f + 60] as string) as Uint32Array, bands, rows))) far++;
    }
    expect(close).toBeGreaterThanOrEqual(57);
    expect(far).toBeLessThanOrEqual(2);
  });
});

const GOLDEN = [223745641, 985631553, 755539289, 1071193250, 408214340, 564452802, 485920013, 520650718];
