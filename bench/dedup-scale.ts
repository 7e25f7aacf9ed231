/**
 * Near-duplicate dedup at scale: N short documents (default 1,000,000, then 2N) through a
 * recipe of `exact_dedup` + `minhash_dedup`, run by the real CLI; prints wall time, peak
 * memory and the cost of doubling the corpus (it should about double, not quadruple).
 *
 *   node --import tsx bench/dedup-scale.ts [--docs 1000000]
 *
 * Documents are 40 words from a 5,000-word vocabulary; 10% are near copies (last word
 * changed) of an earlier document, 2% exact copies.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Manifest } from "../src/core/manifest.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "bench", ".cache", "dedup-scale");
const BIN = join(ROOT, "bin", "smelt.js");
const docsArg = process.argv.indexOf("--docs");
const N = docsArg > 0 ? Number(process.argv[docsArg + 1]) : 1_000_000;

function doc(seed: number): string[] {
  let x = (seed * 2654435761 + 1) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(`w${(x >>> 8) % 5000}`);
  }
  return out;
}

/**
 * Record i: every 50th (i = 7 mod 50) is an exact copy of record i - 101, every 10th
 * (i = 3 mod 10) a near copy of record i - 97 with its last word changed (word 5-gram Jaccard
 * 35/37, about 0.95); those sources are always plain documents, so 12% are duplicates.
 */
function record(i: number): string[] {
  if (i > 200 && i % 50 === 7) return doc(i - 101);
  if (i > 200 && i % 10 === 3) {
    const words = doc(i - 97);
    words[words.length - 1] = `z${i}`;
    return words;
  }
  return doc(i);
}

async function corpus(n: number): Promise<string> {
  const file = join(CACHE, `docs-${n}.jsonl`);
  if (existsSync(`${file}.complete`)) return file;
  mkdirSync(CACHE, { recursive: true });
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    if (!out.write(`${JSON.stringify({ id: `d${i}`, text: record(i).join(" ") })}\n`)) {
      await new Promise<void>((r) => out.once("drain", () => r()));
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
  writeFileSync(`${file}.complete`, "");
  return file;
}

function run(n: number, file: string): Manifest {
  const recipe = join(CACHE, `recipe-${n}.yaml`);
  const out = join(CACHE, `out-${n}`);
  writeFileSync(
    recipe,
    `name: dedup-scale
inputs:
  - { id: docs, type: jsonl, path: ${file}, id_field: id }
stages:
  - name: dedup
    operators:
      - { id: exact, op: exact_dedup }
      - { id: near, op: minhash_dedup, params: { threshold: 0.8 } }
output:
  path: ${out}
`,
  );
  const r = spawnSync(process.execPath, [BIN, "run", recipe, "--fresh", "--progress", "off", "-q"], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`);
  return JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
}

async function main() {
  const rows: string[] = [];
  const results: Manifest[] = [];
  for (const n of [N, 2 * N]) {
    const file = await corpus(n);
    const m = run(n, file);
    results.push(m);
    const near = m.stages[0]?.decisions.find((d) => (d as { op: string }).op === "near") as
      | { records_removed: number; candidate_pairs: number; verified_pairs: number }
      | undefined;
    const mb = m.inputs.reduce((a, i) => a + i.bytes, 0) / 1e6;
    rows.push(
      `| ${n.toLocaleString("en")} | ${mb.toFixed(0)} | ${m.duration_s} | ${m.timings.decide_s} | ${m.resources.peak_rss_mb} | ${m.counts.dropped} | ${near?.candidate_pairs ?? "?"} / ${near?.verified_pairs ?? "?"} |`,
    );
  }
  console.log("| documents | MB | seconds | of which decisions | peak RSS MB | dropped | candidate / verified pairs |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(r);
  const [a, b] = results as [Manifest, Manifest];
  console.log(
    `\ndoubling the corpus: time ×${(b.duration_s / a.duration_s).toFixed(2)}, peak memory ×${(b.resources.peak_rss_mb / a.resources.peak_rss_mb).toFixed(2)} (2 workers = all cores)`,
  );
}

await main();
