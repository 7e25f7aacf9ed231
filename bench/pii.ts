/**
 * PII detection: precision and recall per type on a labelled set, throughput on one core, and findings per MB
 * on ordinary library code.
 *
 *   node --import tsx bench/pii.ts [--mb 40] [--show 20]
 *
 * 1. Labelled set: bench/fixtures/pii/labelled.jsonl (built by bench/fixtures/pii/generate.ts: code, config,
 *    logs, CSV and prose in several countries' formats, with as many hard negatives). A finding counts as a
 *    true positive when its type and span [start, end) equal a label's. Run twice: default options, and with
 *    phone_regions set to every country in the set (national phone formats need their region).
 *    `--show N` prints up to N misses and false findings per type.
 * 2. Throughput: scanPii with default options over node_modules sources (.js/.mjs/.cjs/.ts/.json, files under
 *    1 MB, up to --mb MB), after a warm-up, against two baselines over the same strings in the same run:
 *    text.toLowerCase() and one pass of a simple regex (/\d+/g).
 * 3. Findings per MB, by type, on that code.
 * Writes nothing.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { glob } from "tinyglobby";
import { PII_TYPES, type PiiOptions, scanPii } from "../src/ops/safety/pii/index.js";

const ROOT = resolve(import.meta.dirname, "..");
const NM = join(ROOT, "node_modules");
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LIMIT_MB = arg("--mb", 40);
const SHOW = arg("--show", 0);

interface Label {
  type: string;
  start: number;
  end: number;
  value: string;
}
interface Item {
  id: string;
  kind: string;
  text: string;
  spans: Label[];
}

const PHONE_REGIONS = ["US", "CA", "GB", "DE", "FR", "IN", "JP", "AU", "BR", "ES", "IT", "NL", "MX"];

function evaluate(items: Item[], opts: PiiOptions, title: string): void {
  const tp: Record<string, number> = {};
  const fp: Record<string, number> = {};
  const fn: Record<string, number> = {};
  const misses: Record<string, string[]> = {};
  const wrong: Record<string, string[]> = {};
  const inc = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  const note = (m: Record<string, string[]>, k: string, s: string) => {
    const list = m[k] ?? [];
    list.push(s);
    m[k] = list;
  };
  for (const item of items) {
    const found = scanPii(item.text, opts);
    const key = (t: string, s: number, e: number) => `${t}:${s}:${e}`;
    const labelled = new Set(item.spans.map((l) => key(l.type, l.start, l.end)));
    const got = new Set(found.map((f) => key(f.type, f.start, f.end)));
    for (const f of found) {
      if (labelled.has(key(f.type, f.start, f.end))) inc(tp, f.type);
      else {
        inc(fp, f.type);
        note(
          wrong,
          f.type,
          `${item.id} [${item.kind}] ${JSON.stringify(item.text.slice(f.start, f.end))} in ${JSON.stringify(item.text)}`,
        );
      }
    }
    for (const l of item.spans) {
      if (!got.has(key(l.type, l.start, l.end))) {
        inc(fn, l.type);
        note(misses, l.type, `${item.id} [${item.kind}] ${JSON.stringify(l.value)} in ${JSON.stringify(item.text)}`);
      }
    }
  }
  console.log(`\n### ${title}\n`);
  console.log("| type | labelled | found | true pos. | precision | recall |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  let T = 0;
  let F = 0;
  let N = 0;
  for (const t of PII_TYPES) {
    const a = tp[t] ?? 0;
    const b = fp[t] ?? 0;
    const c = fn[t] ?? 0;
    T += a;
    F += b;
    N += c;
    if (a + b + c === 0) continue;
    const p = a + b === 0 ? "–" : (a / (a + b)).toFixed(3);
    const r = a + c === 0 ? "–" : (a / (a + c)).toFixed(3);
    console.log(`| ${t} | ${a + c} | ${a + b} | ${a} | ${p} | ${r} |`);
  }
  console.log(`| **all** | ${T + N} | ${T + F} | ${T} | ${(T / (T + F)).toFixed(3)} | ${(T / (T + N)).toFixed(3)} |`);
  if (SHOW > 0) {
    for (const t of PII_TYPES) {
      for (const m of (misses[t] ?? []).slice(0, SHOW)) console.log(`  miss ${t}: ${m}`);
      for (const w of (wrong[t] ?? []).slice(0, SHOW)) console.log(`  false ${t}: ${w}`);
    }
  }
}

async function codeCorpus(): Promise<string[]> {
  const files = (await glob(["**/*.{js,mjs,cjs,ts,json}"], { cwd: NM, followSymbolicLinks: false })).sort();
  const out: string[] = [];
  let bytes = 0;
  for (const f of files) {
    const text = readFileSync(join(NM, f), "utf8");
    if (text.length > 1_000_000) continue;
    out.push(text);
    bytes += Buffer.byteLength(text);
    if (bytes > LIMIT_MB * 1e6) break;
  }
  return out;
}

function time(texts: string[], fn: (t: string) => unknown): number {
  const start = performance.now();
  for (const t of texts) fn(t);
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const items = readFileSync(join(ROOT, "bench", "fixtures", "pii", "labelled.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Item);
  const labels = items.reduce((n, x) => n + x.spans.length, 0);
  console.log(
    `labelled set: ${items.length} texts, ${labels} labelled values, ${items.filter((x) => x.spans.length === 0).length} texts with hard negatives only`,
  );
  evaluate(items, {}, "default options");
  evaluate(items, { phoneRegions: PHONE_REGIONS }, `phone_regions: ${PHONE_REGIONS.join(", ")}`);

  const texts = await codeCorpus();
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  console.log(`\n### throughput, one core: ${texts.length} node_modules files, ${mb.toFixed(1)} MB\n`);
  // Warm-up: JIT, the TLD set, libphonenumber's metadata.
  for (const t of texts.slice(0, 200)) scanPii(t);
  let digitRuns = 0;
  const lower = time(texts, (t) => t.toLowerCase());
  const regex = time(texts, (t) => {
    for (const _ of t.matchAll(/\d+/g)) digitRuns++;
  });
  const counts: Record<string, number> = {};
  const scan = time(texts, (t) => {
    for (const f of scanPii(t)) counts[f.type] = (counts[f.type] ?? 0) + 1;
  });
  const rate = (s: number) => mb / s;
  console.log("| pass | MB/s | seconds | scanPii speed as a share of it |");
  console.log("| --- | ---: | ---: | ---: |");
  console.log(
    `| text.toLowerCase() | ${rate(lower).toFixed(0)} | ${lower.toFixed(2)} | ${(lower / scan).toFixed(3)} |`,
  );
  console.log(
    `| one regex pass, /\\d+/g (${digitRuns} matches) | ${rate(regex).toFixed(0)} | ${regex.toFixed(2)} | ${(regex / scan).toFixed(3)} |`,
  );
  console.log(`| **scanPii, all types** | ${rate(scan).toFixed(1)} | ${scan.toFixed(2)} | 1 |`);

  console.log(`\n### findings per MB on node_modules code (${mb.toFixed(1)} MB)\n`);
  console.log("| type | findings | per MB |");
  console.log("| --- | ---: | ---: |");
  for (const t of PII_TYPES) {
    const n = counts[t] ?? 0;
    if (n > 0) console.log(`| ${t} | ${n} | ${(n / mb).toFixed(2)} |`);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`| **all** | ${total} | ${(total / mb).toFixed(2)} |`);
}

await main();
