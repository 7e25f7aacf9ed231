/**
 * MinHash benchmark: `node --import tsx bench/minhash.ts [--mb 22] [--docs 5000]`
 *
 * 1. Speed (one core): MB/s of `createMinHasher(...).signature` with 128 permutations on word
 *    5-grams over node_modules .js/.ts/.md text (≥ 20 MB), against two straightforward
 *    baselines run in the same invocation: split into a words array, join n-gram strings into a
 *    Set, hash each with FNV-1a, then per permutation (a·h + b) mod (2^61 − 1) with BigInt (the
 *    datasketch scheme; run on a subset and scaled), and the same with plain Numbers
 *    ((a·h + b) mod 2^32 through Math.imul, on the whole corpus).
 * 2. Accuracy: ≥ 5,000 documents from node_modules (this project's and the Node installation's:
 *    sources, Markdown, JSON, licenses; they hold real near-copies: cjs/esm/dist builds, .d.ts
 *    twins, MIT licenses with other holders). Ground truth: exact Jaccard of word 5-gram shingle
 *    sets for every pair sharing a shingle (inverted index on shingle hashes, a dense pair-count
 *    matrix). Against it: LSH candidates at threshold 0.8, 128 permutations, chooseBands; before
 *    and after verification by estimated Jaccard ≥ threshold. Recall and precision for pairs
 *    with exact Jaccard ≥ threshold.
 * Never part of `npm test`.
 */
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { globSync } from "tinyglobby";
import {
  bandHashes,
  chooseBands,
  createMinHasher,
  estimateJaccard,
  exactJaccard,
  type ShingleOptions,
  shingleHashes,
} from "../src/ops/dedup/minhash.js";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SPEED_MB = arg("--mb", 22);
const DOCS = arg("--docs", 5000);
const NUM_PERM = 128;
const THRESHOLD = 0.8;
const WORD5: ShingleOptions = { unit: "word", ngram: 5, lowercase: true, normalize_identifiers: false };

const mb = (bytes: number) => bytes / 1e6;
const fmt = (x: number, d = 1) => x.toFixed(d);

// ---------------------------------------------------------------------------------------------
// 1. Speed
// ---------------------------------------------------------------------------------------------

function speedCorpus(): { texts: string[]; bytes: number } {
  const files = globSync(["**/*.{js,ts,md}"], { cwd: join(ROOT, "node_modules"), absolute: true }).sort();
  const texts: string[] = [];
  let bytes = 0;
  for (const f of files) {
    if (statSync(f).size > 2_000_000) continue;
    const t = readFileSync(f, "utf8");
    texts.push(t);
    bytes += Buffer.byteLength(t);
    if (mb(bytes) >= SPEED_MB) break;
  }
  return { texts, bytes };
}

const P61 = (1n << 61n) - 1n;

/** FNV-1a over UTF-16 units: the "simple string hash" of the baselines. */
function fnvString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Word 5-gram strings of a text, as a plain implementation would build them. */
function baselineShingles(text: string): Set<string> | null {
  const words = text.toLowerCase().split(/[^\p{L}\p{M}\p{N}_]+/u).filter(Boolean);
  if (words.length < 5) return null;
  const set = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) set.add(words.slice(i, i + 5).join(" "));
  return set;
}

function baselineBigInt(text: string, a: bigint[], b: bigint[]): bigint[] | null {
  const set = baselineShingles(text);
  if (!set) return null;
  const sig = new Array<bigint>(a.length).fill(P61);
  for (const s of set) {
    const h = BigInt(fnvString(s));
    for (let i = 0; i < a.length; i++) {
      const v = ((a[i] as bigint) * h + (b[i] as bigint)) % P61;
      if (v < (sig[i] as bigint)) sig[i] = v;
    }
  }
  return sig;
}

function baselineNumber(text: string, a: number[], b: number[]): number[] | null {
  const set = baselineShingles(text);
  if (!set) return null;
  const sig = new Array<number>(a.length).fill(0xffffffff);
  for (const s of set) {
    const h = fnvString(s);
    for (let i = 0; i < a.length; i++) {
      const v = (Math.imul(a[i] as number, h) + (b[i] as number)) >>> 0;
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/** Seconds for `fn` over `texts`. */
function time(texts: string[], fn: (t: string) => unknown): number {
  const t0 = performance.now();
  for (const t of texts) fn(t);
  return (performance.now() - t0) / 1000;
}

function speed(): void {
  const { texts, bytes } = speedCorpus();
  console.log(`\n== 1. Speed: word 5-grams, ${NUM_PERM} permutations, one core ==`);
  console.log(`corpus: ${texts.length} node_modules .js/.ts/.md files, ${fmt(mb(bytes))} MB`);
  const hasher = createMinHasher({ ...WORD5, numPerm: NUM_PERM, seed: 1 });
  const ours = (t: string) => hasher.signature(t);
  time(texts.slice(0, 300), ours); // warm-up
  const runs = [time(texts, ours), time(texts, ours), time(texts, ours)];
  const best = Math.min(...runs);
  const oursMBs = mb(bytes) / best;
  console.log(
    `ours (createMinHasher):            ${fmt(oursMBs)} MB/s (best of 3: ${runs.map((s) => fmt(s, 2)).join(", ")} s)`,
  );
  let distinct = 0;
  const st = time(texts, (t) => {
    distinct += shingleHashes(t, WORD5).length;
  });
  console.log(`  (shingling alone, sorted distinct hashes: ${fmt(mb(bytes) / st)} MB/s; ${distinct} distinct shingles)`);

  const rnd = (() => {
    let s = 0x2545f491;
    return () => {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
      return s >>> 0;
    };
  })();
  const aNum = Array.from({ length: NUM_PERM }, () => rnd() | 1);
  const bNum = Array.from({ length: NUM_PERM }, () => rnd());
  const numTime = time(texts, (t) => baselineNumber(t, aNum, bNum));
  const numMBs = mb(bytes) / numTime;
  console.log(`baseline, plain Numbers (mod 2^32): ${fmt(numMBs, 2)} MB/s  → ours is ${fmt(oursMBs / numMBs)}×`);

  const aBig = Array.from({ length: NUM_PERM }, () => (BigInt(rnd()) << 29n) + BigInt(rnd() | 1));
  const bBig = Array.from({ length: NUM_PERM }, () => (BigInt(rnd()) << 29n) + BigInt(rnd()));
  // BigInt is slow: run it on the first ~1 MB and scale.
  const subset: string[] = [];
  let subBytes = 0;
  for (const t of texts) {
    subset.push(t);
    subBytes += Buffer.byteLength(t);
    if (subBytes >= 1e6) break;
  }
  const bigTime = time(subset, (t) => baselineBigInt(t, aBig, bBig));
  const bigMBs = mb(subBytes) / bigTime;
  console.log(
    `baseline, BigInt (mod 2^61-1):      ${fmt(bigMBs, 3)} MB/s on ${fmt(mb(subBytes), 2)} MB (${fmt(bigTime)} s; ≈ ${fmt(mb(bytes) / bigMBs / 60)} min for the corpus)  → ours is ${fmt(oursMBs / bigMBs)}×`,
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Accuracy
// ---------------------------------------------------------------------------------------------

function accuracyCorpus(): { names: string[]; texts: string[] } {
  const roots = [join(ROOT, "node_modules"), join(dirname(process.execPath), "..", "lib", "node_modules")];
  const patterns = ["**/*.{js,ts,mjs,cjs,mts,cts,md,json,c,h,yml,txt}", "**/{LICENSE,LICENCE,README,CHANGELOG}*"];
  const found: string[] = [];
  for (const cwd of roots) {
    try {
      for (const f of globSync(patterns, { cwd, absolute: true, dot: true })) {
        const s = statSync(f).size;
        if (s >= 200 && s <= 1_000_000) found.push(f);
      }
    } catch {
      // a root that does not exist
    }
  }
  const unique = [...new Set(found)].sort();
  // A fixed pseudo-random sample (Fisher–Yates with a seeded generator).
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return ((s >>> 8) & 0xffffff) / 0x1000000;
  };
  for (let i = unique.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [unique[i], unique[j]] = [unique[j] as string, unique[i] as string];
  }
  const names: string[] = [];
  const texts: string[] = [];
  for (const f of unique) {
    const t = readFileSync(f, "utf8");
    if (shingleHashes(t, WORD5).length === 0) continue;
    names.push(f);
    texts.push(t);
    if (texts.length >= DOCS) break;
  }
  return { names, texts };
}

function accuracy(): void {
  const { names, texts } = accuracyCorpus();
  const n = texts.length;
  console.log(`\n== 2. Accuracy: ${n} documents, word 5-grams, threshold ${THRESHOLD}, ${NUM_PERM} permutations ==`);
  if (n < DOCS) console.log(`(only ${n} documents with ≥ 5 words were found)`);

  // Ground truth: shingle sets, an inverted index as (hash, doc) keys sorted, pair counts.
  let t0 = performance.now();
  const sets = texts.map((t) => shingleHashes(t, WORD5));
  let postings = 0;
  for (const s of sets) postings += s.length;
  const keys = new Float64Array(postings);
  let p = 0;
  for (let d = 0; d < n; d++) for (const h of sets[d] as Uint32Array) keys[p++] = h * 8192 + d;
  keys.sort();
  const counts = new Uint32Array(n * n);
  let pairIncrements = 0;
  const docs: number[] = [];
  for (let i = 0; i < postings; ) {
    const h = Math.floor((keys[i] as number) / 8192);
    docs.length = 0;
    let j = i;
    while (j < postings && Math.floor((keys[j] as number) / 8192) === h) docs.push((keys[j++] as number) % 8192);
    for (let a = 0; a < docs.length; a++) {
      const row = (docs[a] as number) * n;
      for (let b = a + 1; b < docs.length; b++) counts[row + (docs[b] as number)]++;
    }
    pairIncrements += (docs.length * (docs.length - 1)) / 2;
    i = j;
  }
  const truth = new Set<number>();
  let sharing = 0;
  let identical = 0;
  for (let a = 0; a < n; a++) {
    const la = (sets[a] as Uint32Array).length;
    for (let b = a + 1; b < n; b++) {
      const c = counts[a * n + b] as number;
      if (c === 0) continue;
      sharing++;
      const jac = c / (la + (sets[b] as Uint32Array).length - c);
      if (jac >= THRESHOLD) {
        truth.add(a * n + b);
        if (jac === 1) identical++;
      }
    }
  }
  const truthSecs = (performance.now() - t0) / 1000;
  console.log(
    `ground truth: ${postings} postings, ${sharing} pairs share a shingle (of ${(n * (n - 1)) / 2}), ${truth.size} pairs with Jaccard ≥ ${THRESHOLD} (${identical} of them identical shingle sets), ${fmt(truthSecs)} s`,
  );
  console.log(`  (${pairIncrements} pair-count increments through the inverted index)`);

  // LSH.
  t0 = performance.now();
  const { bands, rows } = chooseBands(THRESHOLD, NUM_PERM);
  const hasher = createMinHasher({ ...WORD5, numPerm: NUM_PERM, seed: 1 });
  const sigs = texts.map((t) => hasher.signature(t) as Uint32Array);
  const buckets: Array<Map<number, number[]>> = Array.from({ length: bands }, () => new Map());
  for (let d = 0; d < n; d++) {
    const hs = bandHashes(sigs[d] as Uint32Array, bands, rows);
    for (let b = 0; b < bands; b++) {
      const m = buckets[b] as Map<number, number[]>;
      const h = hs[b] as number;
      const list = m.get(h);
      if (list) list.push(d);
      else m.set(h, [d]);
    }
  }
  const candidates = new Set<number>();
  for (const m of buckets) {
    for (const list of m.values()) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) candidates.add((list[a] as number) * n + (list[b] as number));
      }
    }
  }
  const verified = new Set<number>();
  for (const key of candidates) {
    const a = Math.floor(key / n);
    const b = key % n;
    if (estimateJaccard(sigs[a] as Uint32Array, sigs[b] as Uint32Array) >= THRESHOLD) verified.add(key);
  }
  const lshSecs = (performance.now() - t0) / 1000;
  console.log(`LSH: bands ${bands} × rows ${rows}; ${candidates.size} candidate pairs, ${verified.size} verified; ${fmt(lshSecs)} s`);

  const report = (label: string, found: Set<number>) => {
    let hit = 0;
    for (const k of found) if (truth.has(k)) hit++;
    let nearHit = 0;
    let near = 0;
    for (const k of truth) {
      const a = Math.floor(k / n);
      const b = k % n;
      if (exactJaccard(sets[a] as Uint32Array, sets[b] as Uint32Array) < 1) {
        near++;
        if (found.has(k)) nearHit++;
      }
    }
    const recall = truth.size ? hit / truth.size : 1;
    const precision = found.size ? hit / found.size : 1;
    console.log(
      `${label}: recall ${fmt(recall, 4)} (${hit}/${truth.size}), precision ${fmt(precision, 4)} (${hit}/${found.size}); recall on non-identical pairs (${THRESHOLD} ≤ J < 1) ${fmt(near ? nearHit / near : 1, 4)} (${nearHit}/${near})`,
    );
  };
  report("LSH candidates, unverified       ", candidates);
  report("LSH + verified (estimate ≥ 0.8)  ", verified);

  // Where the misses and false positives lie.
  const missed: Array<[number, number, number]> = [];
  for (const k of truth) {
    if (verified.has(k)) continue;
    const a = Math.floor(k / n);
    const b = k % n;
    missed.push([
      exactJaccard(sets[a] as Uint32Array, sets[b] as Uint32Array),
      estimateJaccard(sigs[a] as Uint32Array, sigs[b] as Uint32Array),
      k,
    ]);
  }
  const wrong: Array<[number, number]> = [];
  for (const k of verified) {
    if (truth.has(k)) continue;
    const a = Math.floor(k / n);
    const b = k % n;
    wrong.push([
      exactJaccard(sets[a] as Uint32Array, sets[b] as Uint32Array),
      estimateJaccard(sigs[a] as Uint32Array, sigs[b] as Uint32Array),
    ]);
  }
  const show = (xs: number[]) => xs.map((x) => fmt(x, 3)).join(" ");
  console.log(`missed true pairs: ${missed.length}; exact J of them: ${show(missed.map((m) => m[0]).sort())}`);
  console.log(`  their estimates: ${show(missed.map((m) => m[1]).sort())}`);
  console.log(`false positives after verification: ${wrong.length}; exact J of them: ${show(wrong.map((w) => w[0]).sort())}`);
  const example = missed.sort((x, y) => y[0] - x[0])[0];
  if (example) {
    const a = Math.floor(example[2] / n);
    const b = example[2] % n;
    console.log(`  e.g. ${basename(names[a] as string)} ~ ${basename(names[b] as string)}: exact ${fmt(example[0], 3)}, estimate ${fmt(example[1], 3)}`);
  }

  // Estimate error over every pair that matters (true or candidate).
  let err = 0;
  let cnt = 0;
  for (const k of new Set([...truth, ...candidates])) {
    const a = Math.floor(k / n);
    const b = k % n;
    err += Math.abs(
      estimateJaccard(sigs[a] as Uint32Array, sigs[b] as Uint32Array) -
        exactJaccard(sets[a] as Uint32Array, sets[b] as Uint32Array),
    );
    cnt++;
  }
  console.log(`mean |estimate − exact| over true and candidate pairs: ${fmt(err / Math.max(1, cnt), 4)} (${cnt} pairs; 1/√${NUM_PERM} = ${fmt(1 / Math.sqrt(NUM_PERM), 4)})`);
}

speed();
accuracy();
