/**
 * Throughput of each operator on one core (MB/s of record text), so later work knows where
 * time goes. Runs in this process on one thread: records are built once, then each operator
 * runs over them in batches of 500 exactly as a worker would (create once, then batches).
 *
 *   node --import tsx bench/operators.ts [--mb 40]
 *
 * Corpora: source files from node_modules (code) and the Markdown files from node_modules
 * (prose). Operators that need a language field get it from `detect_language` first (or by
 * extension when that operator is not registered).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { glob } from "tinyglobby";
import type { OpContext } from "../src/core/operator.js";
import { newRecord, recordId, type SmeltRecord } from "../src/core/record.js";
import { findOperator } from "../src/core/registry.js";
import { repoFilesLookup } from "../src/core/repoFiles.js";

const ROOT = resolve(import.meta.dirname, "..");
const NM = join(ROOT, "node_modules");
const mbArg = process.argv.indexOf("--mb");
const LIMIT_MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 40;

const DECON_FILE = join(ROOT, "bench", ".cache", "decontaminate-benchmark.jsonl");

interface Case {
  family: string;
  op: string;
  params: Record<string, unknown>;
  corpus: "code" | "prose";
}

/** Every operator with the params a typical recipe gives it. Missing operators are skipped. */
const CASES: Case[] = [
  { family: "basic", op: "length_filter", params: { min_chars: 50 }, corpus: "code" },
  {
    family: "basic",
    op: "regex_filter",
    params: { pattern: "^// Code generated .* DO NOT EDIT\\.$", flags: "m" },
    corpus: "code",
  },
  { family: "basic", op: "set_field", params: { field: "ext", from: "path", pattern: "\\.(\\w+)$" }, corpus: "code" },
  { family: "basic", op: "exact_dedup", params: {}, corpus: "code" },
  { family: "dedup", op: "minhash_dedup", params: {}, corpus: "code" },
  { family: "lang", op: "detect_language", params: { overwrite: true }, corpus: "code" },
  { family: "lang", op: "detect_natural_language", params: {}, corpus: "prose" },
  { family: "license", op: "detect_license", params: {}, corpus: "code" },
  { family: "parse", op: "parse_code", params: {}, corpus: "code" },
  { family: "quality", op: "code_quality", params: { mode: "score" }, corpus: "code" },
  { family: "quality", op: "gopher_quality", params: { mode: "score" }, corpus: "prose" },
  { family: "quality", op: "gopher_repetition", params: { mode: "score" }, corpus: "prose" },
  { family: "quality", op: "c4_quality", params: {}, corpus: "prose" },
  { family: "quality", op: "fineweb_quality", params: { mode: "score" }, corpus: "prose" },
  { family: "safety", op: "toxicity", params: {}, corpus: "prose" },
  // Benchmarks: 300 of the code files themselves (written below), so matches really happen.
  { family: "safety", op: "decontaminate", params: { benchmarks: [DECON_FILE], mode: "tag" }, corpus: "code" },
  { family: "safety", op: "detect_secrets", params: {}, corpus: "code" },
  { family: "safety", op: "detect_pii", params: {}, corpus: "code" },
  { family: "safety", op: "redact", params: {}, corpus: "code" },
];

const EXT_LANG: Record<string, string> = { js: "javascript", mjs: "javascript", cjs: "javascript", ts: "typescript" };

async function corpus(kind: "code" | "prose"): Promise<SmeltRecord[]> {
  const patterns = kind === "code" ? ["**/*.{js,mjs,cjs,ts}"] : ["**/*.md"];
  const files = (await glob(patterns, { cwd: NM, followSymbolicLinks: false })).sort();
  const out: SmeltRecord[] = [];
  let bytes = 0;
  for (const f of files) {
    const text = readFileSync(join(NM, f), "utf8");
    if (text.length > 1_000_000) continue;
    const ext = f.slice(f.lastIndexOf(".") + 1);
    const repo = f.startsWith("@") ? f.split("/").slice(0, 2).join("/") : (f.split("/")[0] as string);
    out.push(
      newRecord({
        id: recordId("bench", f),
        text,
        source: "nm",
        path: f,
        repo,
        meta: { lang: EXT_LANG[ext] ?? "markdown" },
      }),
    );
    bytes += Buffer.byteLength(text);
    if (bytes > LIMIT_MB * 1e6) break;
  }
  // node_modules has little prose: repeat it (new ids) up to a size that times reliably.
  const target = Math.min(LIMIT_MB, 8) * 1e6;
  const base = out.length;
  for (let copy = 1; bytes < target && base > 0; copy++) {
    for (let i = 0; i < base && bytes < target; i++) {
      const r = out[i] as SmeltRecord;
      out.push({ ...r, id: recordId("bench", r.path ?? "", copy), meta: { ...r.meta } });
      bytes += Buffer.byteLength(r.text);
    }
  }
  return out;
}

function clone(records: SmeltRecord[]): SmeltRecord[] {
  return records.map((r) => ({ ...r, meta: { ...r.meta }, scores: { ...r.scores }, tags: [...r.tags] }));
}

const ctx = (id: string): OpContext => ({
  id,
  seed: 1,
  shard: 0,
  baseDir: ROOT,
  // Records' repo is the package folder under node_modules: LICENSE files are really there.
  repoFiles: repoFilesLookup({ nm: { type: "folder", root: NM } }),
});

async function measure(c: Case, records: SmeltRecord[]): Promise<{ mbps: number; seconds: number; dropped: number }> {
  const def = findOperator(c.op);
  if (!def) throw new Error(`no operator ${c.op}`);
  const params = def.params.parse(c.params);
  const global = def.global;
  // A global operator's per-record work is its key (grouping happens in DuckDB afterwards).
  const fn = global
    ? (batch: SmeltRecord[]) => {
        for (const r of batch) {
          if (global.type === "group_keep_first") global.key(r, params);
          else global.sketch(r, params);
        }
        return { outcomes: batch.map(() => ({ keep: true as const })) };
      }
    : await def.create?.(params, ctx(c.op));
  if (!fn) throw new Error(`operator ${c.op} has no batch function`);
  const input = clone(records);
  const bytes = input.reduce((a, r) => a + Buffer.byteLength(r.text), 0);
  const start = performance.now();
  let dropped = 0;
  for (let i = 0; i < input.length; i += 500) {
    const res = await fn(input.slice(i, i + 500));
    dropped += res.outcomes.filter((o) => !o.keep).length;
  }
  const seconds = (performance.now() - start) / 1000;
  return { mbps: bytes / 1e6 / seconds, seconds, dropped };
}

async function main() {
  const code = await corpus("code");
  const prose = await corpus("prose");
  mkdirSync(dirname(DECON_FILE), { recursive: true });
  writeFileSync(
    DECON_FILE,
    `${code
      .slice(0, 3000)
      .filter((_, i) => i % 10 === 0)
      .map((r) => JSON.stringify({ text: r.text }))
      .join("\n")}\n`,
  );
  const size = (rs: SmeltRecord[]) => (rs.reduce((a, r) => a + Buffer.byteLength(r.text), 0) / 1e6).toFixed(1);
  console.log(`code: ${code.length} files, ${size(code)} MB; prose: ${prose.length} files, ${size(prose)} MB\n`);
  // Give code records a real language first when the detector exists, as a recipe would.
  const detect = findOperator("detect_language");
  if (detect?.create) {
    const fn = await detect.create(detect.params.parse({ overwrite: true }), ctx("lang"));
    for (let i = 0; i < code.length; i += 500) await fn(code.slice(i, i + 500));
  }
  console.log("| family | operator | corpus | MB/s (1 core) | seconds | dropped |");
  console.log("| --- | --- | --- | ---: | ---: | ---: |");
  for (const c of CASES) {
    if (!findOperator(c.op)) {
      console.log(`| ${c.family} | ${c.op} | ${c.corpus} | (not registered) | | |`);
      continue;
    }
    // Warm-up on a slice so one-time set-up (grammars, tables) is not counted as throughput.
    const records = c.corpus === "code" ? code : prose;
    await measure(c, records.slice(0, 50));
    const r = await measure(c, records);
    console.log(
      `| ${c.family} | ${c.op} | ${c.corpus} | ${r.mbps.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.dropped} |`,
    );
  }
}

await main();
