/**
 * Offline `smelt synth` throughput on a real repository of ~500 source files:
 *   node --import tsx bench/synth.ts [--runs 3] [--corpus jdk|python]
 *
 * Corpus `jdk` (default when present): java.base/java/util + java/time + java.sql from the JDK
 * 17 sources (Debian `openjdk-17-source`: /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip),
 * unpacked to a temp folder as one repository. Corpus `python`: the same number of modules of
 * Python's standard library (/usr/lib/python3.11).
 *
 * Baseline in the same run (machines here are noisy, so only ratios are comparable): indexing
 * alone (walking and tree-sitter parsing every file). Then `smelt synth qa` and `design` end to
 * end (index, map, rules, planning, validation, near-duplicates, writing, exports), median of
 * `--runs`. Prints time, samples/s and the ratio to the baseline.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "../src/exec/log.js";
import { indexRepository } from "../src/synth/index/index.js";
import { synthesize } from "../src/synth/run.js";

const args = process.argv.slice(2);
const flag = (name: string, d: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : d;
};
const RUNS = Number(flag("--runs", "3"));
const SRC_ZIP = "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip";
const corpus = flag("--corpus", existsSync(SRC_ZIP) ? "jdk" : "python");

function countFiles(dir: string, ext: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith(ext)) n++;
  return n;
}

function prepare(): { root: string; ext: string } {
  const root = mkdtempSync(path.join(tmpdir(), "smelt-bench-synth-"));
  if (corpus === "jdk") {
    if (!existsSync(SRC_ZIP)) throw new Error(`no ${SRC_ZIP}: apt-get install openjdk-17-source, or --corpus python`);
    execFileSync("unzip", ["-q", SRC_ZIP, "java.base/java/util/*", "java.base/java/time/*", "java.sql/*", "-d", root]);
    return { root, ext: ".java" };
  }
  const lib = "/usr/lib/python3.11";
  for (const d of [
    "email",
    "http",
    "asyncio",
    "json",
    "concurrent",
    "importlib",
    "logging",
    "urllib",
    "xml",
    "multiprocessing",
  ]) {
    if (statSync(path.join(lib, d), { throwIfNoEntry: false })?.isDirectory())
      cpSync(path.join(lib, d), path.join(root, d), { recursive: true });
  }
  return { root, ext: ".py" };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [(performance.now() - t) / 1000, v];
}

const { root, ext } = prepare();
const files = countFiles(root, ext);
console.log(`corpus ${corpus}: ${files} ${ext} files in ${root}`);
try {
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) base.push((await time(() => indexRepository(root)))[0]);
  const baseline = median(base);
  console.log(`baseline (index only): ${baseline.toFixed(2)} s`);
  const rows: string[] = [];
  for (const [task, count] of [
    ["qa", 1000],
    ["design", 200],
  ] as const) {
    const times: number[] = [];
    let kept = 0;
    let planned = 0;
    let manifest: Record<string, unknown> = {};
    for (let i = 0; i < RUNS; i++) {
      const out = path.join(root, "..", `${path.basename(root)}-out-${task}`);
      rmSync(out, { recursive: true, force: true });
      const [s, res] = await time(() =>
        synthesize({
          repo: root,
          task,
          out,
          count,
          seed: 1,
          model: { provider: "offline" },
          log: silentLogger,
          progress: "off",
        }),
      );
      times.push(s);
      kept = res.kept.length;
      manifest = res.manifest;
      planned = (manifest.counts as { planned: number }).planned;
      rmSync(out, { recursive: true, force: true });
    }
    const t = median(times);
    rows.push(
      `${task.padEnd(6)} planned ${String(planned).padStart(4)}  kept ${String(kept).padStart(4)}  ${t.toFixed(2)} s  ${(kept / t).toFixed(1)} samples/s  ${(t / baseline).toFixed(2)}× the baseline  timings ${JSON.stringify(manifest.timings_s, (_k, v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v))}`,
    );
  }
  for (const r of rows) console.log(r);
} finally {
  rmSync(root, { recursive: true, force: true });
}
