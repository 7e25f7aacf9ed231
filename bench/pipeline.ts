/**
 * Pipeline benchmark on a real corpus no one here wrote: the source files under the project's
 * own node_modules. Runs the real CLI as child processes and reads each run's manifest.
 *
 *   npm run bench            (or: node --import tsx bench/pipeline.ts [--repeats 3])
 *
 * Prints throughput with 1 and 2 workers (ratio 2w/1w, measured in the same invocation so a
 * noisy machine affects both alike) and peak memory for a 1x and a 10x corpus (ratio 10x/1x).
 * Never part of `npm test`: timing is reported, not asserted.
 */
import { spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { glob } from "tinyglobby";
import type { Manifest } from "../src/core/manifest.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "bench", ".cache");
const BIN = join(ROOT, "bin", "smelt.js");
const repeats = Number(process.argv[process.argv.indexOf("--repeats") + 1]) || 3;

/** Hard-link the node_modules sources into `dest` `copies` times (cheap, same bytes). */
async function buildCorpus(dest: string, copies: number): Promise<number> {
  const files = await glob(["**/*.{js,mjs,cjs,ts,mts,cts,md,json}"], {
    cwd: join(ROOT, "node_modules"),
    dot: false,
    followSymbolicLinks: false,
    ignore: ["**/.cache/**"],
  });
  files.sort();
  const marker = `${dest}.complete`;
  if (existsSync(marker)) return files.length * copies;
  rmSync(dest, { recursive: true, force: true });
  for (let c = 0; c < copies; c++) {
    for (const f of files) {
      const target = join(dest, `copy${c}`, f);
      mkdirSync(dirname(target), { recursive: true });
      linkSync(join(ROOT, "node_modules", f), target);
    }
  }
  writeFileSync(marker, "");
  return files.length * copies;
}

function recipe(corpus: string): string {
  return `name: bench-pipeline
seed: 1
inputs:
  - id: code
    type: folder
    path: ${corpus}
    gitignore: false
    repos: none
stages:
  - name: clean
    operators:
      - id: lang
        op: set_field
        params:
          field: lang
          from: path
          pattern: "\\\\.([A-Za-z0-9]+)$"
          map: { js: javascript, mjs: javascript, cjs: javascript, ts: typescript, mts: typescript, cts: typescript, md: markdown, json: json }
          default: other
      - id: too_short
        op: length_filter
        params: { min_chars: 50, max_chars: 500000 }
      - id: generated
        op: regex_filter
        params: { pattern: "^// Code generated .* DO NOT EDIT\\\\.$", flags: m }
  - name: dedup
    operators:
      - id: exact
        op: exact_dedup
output:
  path: ${join(CACHE, "out")}
  partition_by: [lang]
`;
}

interface RunStats {
  seconds: number;
  records: number;
  bytes: number;
  peakMb: number;
  stageSeconds: number;
}

function run(recipeFile: string, workers: number, out: string): RunStats {
  const r = spawnSync(
    process.execPath,
    [BIN, "run", recipeFile, "--workers", String(workers), "--output", out, "--fresh", "--progress", "off", "-q"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`smelt run failed (${r.status}): ${r.stderr}`);
  const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  return {
    seconds: m.duration_s,
    records: m.counts.input,
    bytes: m.inputs.reduce((a, i) => a + i.bytes, 0),
    peakMb: m.resources.peak_rss_mb,
    stageSeconds: m.stages.reduce((a, s) => a + s.duration_s, 0),
  };
}

/**
 * What this machine allows: the same work in 1 and in 2 worker threads, for pure computation
 * (hashing) and for memory-bound work like Smelt's (JSON encode/decode of large strings).
 * Pipeline ratios are read against these, measured in the same invocation.
 */
async function threadCeiling(kind: "cpu" | "json"): Promise<number> {
  const body =
    kind === "cpu"
      ? `const buf = Buffer.alloc(1 << 20, 7); for (let i = 0; i < 200; i++) require("node:crypto").createHash("sha256").update(buf).digest();`
      : `const rec = { id: "a", text: "x".repeat(20000) + "\\n".repeat(100), meta: { lang: "js" } };
         for (let i = 0; i < 8000; i++) JSON.parse(Buffer.from(JSON.stringify(rec)).toString("utf8"));`;
  const code = `const { parentPort } = require("node:worker_threads"); ${body} parentPort.postMessage(0);`;
  const timed = async (threads: number) => {
    const t = performance.now();
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<void>((done) => {
            const w = new Worker(code, { eval: true });
            w.on("message", () => {
              void w.terminate();
              done();
            });
          }),
      ),
    );
    return performance.now() - t;
  };
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < 3; i++) {
    one.push(await timed(1));
    two.push(await timed(2));
  }
  return (2 * median(one)) / median(two);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  mkdirSync(CACHE, { recursive: true });
  const c1 = join(CACHE, "corpus-1x");
  const c10 = join(CACHE, "corpus-10x");
  const n1 = await buildCorpus(c1, 1);
  const n10 = await buildCorpus(c10, 10);
  const r1 = join(CACHE, "recipe-1x.yaml");
  const r10 = join(CACHE, "recipe-10x.yaml");
  writeFileSync(r1, recipe(c1));
  writeFileSync(r10, recipe(c10));
  console.log(`corpus: ${n1} files (1x), ${n10} files (10x) from node_modules\n`);

  // Alternate 1 and 2 workers so drift in machine load hits both alike.
  const measure = (recipeFile: string) => {
    const one: RunStats[] = [];
    const two: RunStats[] = [];
    for (let i = 0; i < repeats; i++) {
      one.push(run(recipeFile, 1, join(CACHE, "out-1w")));
      two.push(run(recipeFile, 2, join(CACHE, "out-2w")));
    }
    return { one, two };
  };
  const small = measure(r1);
  const big = measure(r10);

  const rate = (runs: RunStats[], key: "seconds" | "stageSeconds") => {
    const s = median(runs.map((r) => r[key]));
    const first = runs[0] as RunStats;
    return { rps: first.records / s, mbps: first.bytes / 1e6 / s, s };
  };
  const lines: string[] = [];
  for (const [label, m] of [
    ["1x", small],
    ["10x", big],
  ] as const) {
    const first = m.one[0] as RunStats;
    const e1 = rate(m.one, "seconds");
    const e2 = rate(m.two, "seconds");
    const s1 = rate(m.one, "stageSeconds");
    const s2 = rate(m.two, "stageSeconds");
    const row = (what: string, r: { rps: number; mbps: number; s: number }) =>
      `| ${what} | ${r.s.toFixed(2)} | ${Math.round(r.rps)} | ${r.mbps.toFixed(1)} |`;
    lines.push(
      `${label} corpus: ${first.records} files, ${(first.bytes / 1e6).toFixed(1)} MB (median of ${repeats} runs each)`,
      "",
      "| run | seconds | records/s | MB/s |",
      "| --- | ---: | ---: | ---: |",
      row("end to end, 1 worker", e1),
      row("end to end, 2 workers", e2),
      row("stages only, 1 worker", s1),
      row("stages only, 2 workers", s2),
      "",
      `2 workers / 1 worker throughput (${label}): end to end ${(e1.s / e2.s).toFixed(2)}x, stages only ${(s1.s / s2.s).toFixed(2)}x`,
      "",
    );
  }
  const peak = (runs: RunStats[]) => median(runs.map((r) => r.peakMb));
  lines.push(
    "| corpus | files | MB | peak RSS MB, 1 worker | peak RSS MB, 2 workers |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| 1x | ${(small.one[0] as RunStats).records} | ${((small.one[0] as RunStats).bytes / 1e6).toFixed(1)} | ${peak(small.one)} | ${peak(small.two)} |`,
    `| 10x | ${(big.one[0] as RunStats).records} | ${((big.one[0] as RunStats).bytes / 1e6).toFixed(1)} | ${peak(big.one)} | ${peak(big.two)} |`,
    "",
    `peak memory 10x / 1x: ${(peak(big.one) / peak(small.one)).toFixed(2)}x with 1 worker, ${(peak(big.two) / peak(small.two)).toFixed(2)}x with 2 workers`,
  );
  const cpu = await threadCeiling("cpu");
  const json = await threadCeiling("json");
  lines.push(
    "",
    `machine ceiling, 2 threads / 1 thread on the same work: pure hashing ${cpu.toFixed(2)}x, JSON encode/decode ${json.toFixed(2)}x`,
  );
  console.log(lines.join("\n"));
  console.log(`\n(outputs under ${relative(ROOT, CACHE)}; delete the folder to rebuild the corpus)`);
}

await main();
