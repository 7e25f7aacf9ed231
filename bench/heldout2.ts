// Held-out evaluation, round 2: secrets and PII detectors on sets built blind after the round-1 fixes.
//
//   node --import tsx bench/heldout2.ts [secrets|pii]
//
// Secrets: a positive counts as found when some finding overlaps its labelled value; every finding on a
// hard negative is a false finding. PII: a finding is right when a label of the same type overlaps it;
// a label is found when a finding of its type overlaps it. Reads the frozen fixtures, writes nothing.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PII_TYPES, scanPii } from "../src/ops/safety/pii/index.js";
import { scanSecrets } from "../src/ops/safety/secrets/scan.js";

type Finding = { type: string; start: number; end: number };
type SecretPositive = { family: string; context: string; text: string; value: string };
type SecretNegative = { kind: string; text: string };
type PiiRecord = { kind: string; text: string; spans: { type: string; value: string }[] };

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures");

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** Every [start, end) where `value` occurs in `text`. */
function occurrences(text: string, value: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) out.push([i, i + value.length]);
  return out;
}
const overlaps = (f: Finding, [s, e]: [number, number]): boolean => f.start < e && s < f.end;

const pct = (n: number, d: number): string => (d === 0 ? "   n/a" : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const preview = (s: string, n = 24): string => {
  const flat = s.replace(/\s+/g, " ");
  return flat.length <= n ? flat : `${flat.slice(0, n)}…(${s.length})`;
};
/** The line of `text` around [start, end), shortened, with the span marked. */
function lineAround(text: string, start: number, end: number, width = 150): string {
  const ls = text.lastIndexOf("\n", start - 1) + 1;
  const le = text.indexOf("\n", end);
  const line = text.slice(ls, le < 0 ? text.length : le);
  const a = start - ls;
  const b = Math.min(end - ls, line.length);
  const marked = `${line.slice(0, a)}⟦${preview(line.slice(a, b), 40)}⟧${line.slice(b)}`;
  const from = Math.max(0, a - 60);
  return (from > 0 ? "…" : "") + marked.slice(from, from + width);
}

type Tally = { hit: number; total: number };
function bump(map: Map<string, Tally>, key: string, hit: boolean): void {
  const t = map.get(key) ?? { hit: 0, total: 0 };
  t.total++;
  if (hit) t.hit++;
  map.set(key, t);
}
function printTable(title: string, map: Map<string, Tally>): void {
  console.log(`\n${title}`);
  const rows = [...map.entries()].sort(
    (a, b) => a[1].hit / a[1].total - b[1].hit / b[1].total || a[0].localeCompare(b[0]),
  );
  for (const [k, t] of rows)
    console.log(`  ${k.padEnd(28)} ${String(t.hit).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t.hit, t.total)}`);
}

function runSecrets(): void {
  const positives = readJsonl<SecretPositive>(join(fixtures, "secrets", "heldout2.jsonl"));
  const negatives = readJsonl<SecretNegative>(join(fixtures, "secrets", "heldout2-negatives.jsonl"));
  const byFamily = new Map<string, Tally>();
  const byContext = new Map<string, Tally>();
  const misses: string[] = [];
  let found = 0;
  for (const p of positives) {
    const findings = scanSecrets(p.text) as Finding[];
    const occ = occurrences(p.text, p.value);
    if (occ.length === 0) throw new Error(`fixture value not in text: ${p.family}/${p.context}`);
    const hit = findings.some((f) => occ.some((o) => overlaps(f, o)));
    if (hit) found++;
    bump(byFamily, p.family, hit);
    bump(byContext, p.context, hit);
    if (!hit) {
      const [s, e] = occ[0] as [number, number];
      const other = findings.length ? ` (other findings: ${[...new Set(findings.map((f) => f.type))].join(", ")})` : "";
      misses.push(`  ${p.family} / ${p.context}${other}\n      ${lineAround(p.text, s, e)}`);
    }
  }
  console.log(`SECRETS — held-out round 2: ${positives.length} positives, ${negatives.length} hard negatives`);
  console.log(`recall ${found}/${positives.length} = ${pct(found, positives.length).trim()}`);
  printTable("recall per family", byFamily);
  printTable("recall per context", byContext);
  console.log(`\nmisses (${misses.length})`);
  for (const m of misses) console.log(m);

  const falseFindings: string[] = [];
  let flaggedTexts = 0;
  for (const n of negatives) {
    const findings = scanSecrets(n.text) as Finding[];
    if (findings.length) flaggedTexts++;
    for (const f of findings)
      falseFindings.push(`  [${n.kind}] ${f.type}\n      ${lineAround(n.text, f.start, f.end)}`);
  }
  console.log(
    `\nfalse findings on negatives: ${falseFindings.length} findings in ${flaggedTexts}/${negatives.length} texts (${pct(flaggedTexts, negatives.length).trim()} of texts)`,
  );
  for (const f of falseFindings) console.log(f);
}

const WANTED_PII = ["email", "ipv4", "ipv6", "phone", "credit_card", "iban", "us_ssn"];

function runPii(): void {
  const records = readJsonl<PiiRecord>(join(fixtures, "pii", "heldout2.jsonl"));
  const known = new Set<string>(PII_TYPES as readonly string[]);
  const types = PII_TYPES.filter((t) => WANTED_PII.includes(t));
  const missingTypes = WANTED_PII.filter((t) => !known.has(t));
  const stats = new Map<string, { tp: number; fp: number; found: number; labels: number }>();
  const stat = (t: string) => {
    const s = stats.get(t) ?? { tp: 0, fp: 0, found: 0, labels: 0 };
    stats.set(t, s);
    return s;
  };
  const misses: string[] = [];
  const falses: string[] = [];
  let negOnly = 0;
  let negOnlyFlagged = 0;
  for (const r of records) {
    const findings = scanPii(r.text, { types }) as Finding[];
    const labels = r.spans.map((s) => ({ ...s, occ: occurrences(r.text, s.value) }));
    for (const l of labels) {
      if (l.occ.length === 0) throw new Error(`fixture span not in text: ${r.kind} ${l.type}`);
      const s = stat(l.type);
      s.labels++;
      const hit = findings.some((f) => f.type === l.type && l.occ.some((o) => overlaps(f, o)));
      if (hit) s.found++;
      else {
        const [a, b] = l.occ[0] as [number, number];
        const other = findings.filter((f) => l.occ.some((o) => overlaps(f, o))).map((f) => f.type);
        const note = other.length ? ` (reported as ${[...new Set(other)].join(", ")})` : "";
        misses.push(`  ${l.type} in ${r.kind}${note}\n      ${lineAround(r.text, a, b)}`);
      }
    }
    for (const f of findings) {
      const right = labels.some((l) => l.type === f.type && l.occ.some((o) => overlaps(f, o)));
      const s = stat(f.type);
      if (right) s.tp++;
      else {
        s.fp++;
        falses.push(`  ${f.type} in ${r.kind}\n      ${lineAround(r.text, f.start, f.end)}`);
      }
    }
    if (r.spans.length === 0) {
      negOnly++;
      if (findings.length) negOnlyFlagged++;
    }
  }
  const totalSpans = records.reduce((n, r) => n + r.spans.length, 0);
  console.log(
    `PII — held-out round 2: ${records.length} texts (${negOnly} hard-negative only), ${totalSpans} labelled spans`,
  );
  if (missingTypes.length) console.log(`types not offered by the detector: ${missingTypes.join(", ")}`);
  console.log(`\n  ${"type".padEnd(12)} ${"precision".padStart(18)} ${"recall".padStart(18)}`);
  const all = { tp: 0, fp: 0, found: 0, labels: 0 };
  for (const [t, s] of [...stats.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    all.tp += s.tp;
    all.fp += s.fp;
    all.found += s.found;
    all.labels += s.labels;
    const p = `${s.tp}/${s.tp + s.fp} ${pct(s.tp, s.tp + s.fp)}`;
    const r = `${s.found}/${s.labels} ${pct(s.found, s.labels)}`;
    console.log(`  ${t.padEnd(12)} ${p.padStart(18)} ${r.padStart(18)}`);
  }
  const p = `${all.tp}/${all.tp + all.fp} ${pct(all.tp, all.tp + all.fp)}`;
  const r = `${all.found}/${all.labels} ${pct(all.found, all.labels)}`;
  console.log(`  ${"overall".padEnd(12)} ${p.padStart(18)} ${r.padStart(18)}`);
  console.log(`\nhard-negative-only texts with any finding: ${negOnlyFlagged}/${negOnly}`);
  console.log(`\nmisses (${misses.length})`);
  for (const m of misses) console.log(m);
  console.log(`\nfalse findings (${falses.length})`);
  for (const f of falses) console.log(f);
}

const which = process.argv[2];
if (which !== undefined && which !== "secrets" && which !== "pii") {
  console.error("usage: node --import tsx bench/heldout2.ts [secrets|pii]");
  process.exit(2);
}
if (which !== "pii") runSecrets();
if (which === undefined) console.log(`\n${"=".repeat(80)}\n`);
if (which !== "secrets") runPii();
