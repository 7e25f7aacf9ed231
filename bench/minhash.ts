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
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}_]+/u)
    .filter(Boolean);
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
  console.log(
    `  (shingling alone, sorted distinct hashes: ${fmt(mb(bytes) / st)} MB/s; ${distinct} distinct shingles)`,
  );

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
  const t0 = performance.now();
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
      for (let b = a + 1; b < docs.length; b++)
        counts[row + (docs[b] as number)] = (counts[row + (docs[b] as number)] as number) + 1;
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

  const pairOf = (k: number): [number, number] => [Math.floor(k / n), k % n];
  const exactOf = (k: number) => {
    const [a, b] = pairOf(k);
    return exactJaccard(sets[a] as Uint32Array, sets[b] as Uint32Array);
  };
  const nonIdentical = [...truth].filter((k) => exactOf(k) < 1);
  const show = (xs: number[]) => xs.map((x) => fmt(x, 3)).join(" ");

  const signatures = new Map<number, Uint32Array[]>();
  const lsh = (numPerm: number, fpWeight: number, fnWeight: number, details: boolean) => {
    const t1 = performance.now();
    const { bands, rows } = chooseBands(THRESHOLD, numPerm, fpWeight, fnWeight);
    let sigs = signatures.get(numPerm);
    if (!sigs) {
      const hasher = createMinHasher({ ...WORD5, numPerm, seed: 1 });
      sigs = texts.map((t) => hasher.signature(t) as Uint32Array);
      signatures.set(numPerm, sigs);
    }
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
    const estimateOf = (k: number) => {
      const [a, b] = pairOf(k);
      return estimateJaccard((sigs as Uint32Array[])[a] as Uint32Array, (sigs as Uint32Array[])[b] as Uint32Array);
    };
    const verified = new Set<number>();
    for (const k of candidates) if (estimateOf(k) >= THRESHOLD) verified.add(k);
    const secs = (performance.now() - t1) / 1000;
    console.log(
      `\n-- ${numPerm} permutations, chooseBands weights FP ${fpWeight} / FN ${fnWeight}: bands ${bands} × rows ${rows}; ${candidates.size} candidate pairs, ${verified.size} verified; ${fmt(secs, 2)} s`,
    );
    const report = (label: string, found: Set<number>) => {
      let hit = 0;
      for (const k of found) if (truth.has(k)) hit++;
      const nearHit = nonIdentical.filter((k) => found.has(k)).length;
      const recall = truth.size ? hit / truth.size : 1;
      const precision = found.size ? hit / found.size : 1;
      console.log(
        `${label}: recall ${fmt(recall, 4)} (${hit}/${truth.size}), precision ${fmt(precision, 4)} (${hit}/${found.size}); recall on pairs with ${THRESHOLD} ≤ J < 1: ${fmt(nonIdentical.length ? nearHit / nonIdentical.length : 1, 4)}`,
      );
    };
    report("   candidates, unverified        ", candidates);
    let expected = 0;
    for (const k of truth) expected += 1 - (1 - exactOf(k) ** rows) ** bands;
    console.log(
      `   (S-curve 1 − (1 − J^${rows})^${bands} over the true pairs' exact J predicts candidate recall ${fmt(expected / Math.max(1, truth.size), 4)})`,
    );
    report("   verified (estimate ≥ 0.8)     ", verified);
    let oracle = 0;
    for (const k of truth) if (estimateOf(k) >= THRESHOLD) oracle++;
    console.log(
      `   (verification alone, as if every true pair were a candidate: recall ${fmt(oracle / Math.max(1, truth.size), 4)})`,
    );
    if (!details) return;
    const missed = [...truth].filter((k) => !verified.has(k));
    const lostToBands = missed.filter((k) => !candidates.has(k));
    const wrong = [...verified].filter((k) => !truth.has(k));
    const hist = (ks: number[]) => {
      const bins = [0.8, 0.85, 0.9, 0.95, 1.01];
      const c = bins.slice(1).map(() => 0);
      for (const k of ks) {
        const j = exactOf(k);
        for (let i = 0; i + 1 < bins.length; i++)
          if (j >= (bins[i] as number) && j < (bins[i + 1] as number)) c[i] = (c[i] as number) + 1;
      }
      return c
        .map((x, i) => `[${bins[i]}, ${Math.min(1, bins[i + 1] as number)}${i === c.length - 1 ? "]" : ")"}: ${x}`)
        .join(", ");
    };
    console.log(`   true pairs by exact J: ${hist([...truth])}`);
    const isLicense = (d: number) => /^(licen[cs]e|copying)/i.test(basename(names[d] as string));
    const licensePair = (k: number) => {
      const [a, b] = pairOf(k);
      return isLicense(a) && isLicense(b);
    };
    for (const [label, keep] of [
      ["two license files", licensePair],
      ["other pairs (code, docs, JSON)", (k: number) => !licensePair(k)],
    ] as const) {
      const t = [...truth].filter(keep);
      const v = [...verified].filter(keep);
      const hit = v.filter((k) => truth.has(k)).length;
      console.log(
        `   ${label}: ${t.length} true pairs; verified recall ${fmt(hit / Math.max(1, t.length), 4)}, precision ${fmt(hit / Math.max(1, v.length), 4)}`,
      );
    }
    console.log(`   missed (${missed.length}; ${lostToBands.length} never candidates) by exact J: ${hist(missed)}`);
    console.log(
      `   false positives after verification: ${wrong.length}; their exact J: ${show(wrong.map(exactOf).sort())}`,
    );
    let err = 0;
    const all = new Set([...truth, ...candidates]);
    for (const k of all) err += Math.abs(estimateOf(k) - exactOf(k));
    console.log(
      `   mean |estimate − exact| over true and candidate pairs: ${fmt(err / Math.max(1, all.size), 4)} (${all.size} pairs; 1/√${numPerm} = ${fmt(1 / Math.sqrt(numPerm), 4)})`,
    );
    const example = missed.sort((x, y) => exactOf(y) - exactOf(x))[0];
    if (example !== undefined) {
      const [a, b] = pairOf(example);
      console.log(
        `   e.g. missed ${basename(names[a] as string)} ~ ${basename(names[b] as string)}: exact ${fmt(exactOf(example), 3)}, estimate ${fmt(estimateOf(example), 3)}`,
      );
    }
  };
  // minhash_dedup's defaults first: 256 permutations, banding weighted FP 0.1 / FN 0.9.
  console.log("\n== minhash_dedup defaults ==");
  lsh(256, 0.1, 0.9, true);
  console.log("\n== other settings ==");
  lsh(NUM_PERM, 0.5, 0.5, false);
  lsh(NUM_PERM, 0.2, 0.8, false);
  lsh(NUM_PERM, 0.1, 0.9, false);
  lsh(256, 0.5, 0.5, false);
}

speed();
accuracy();
