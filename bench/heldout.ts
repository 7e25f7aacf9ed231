/**
 * Blind held-out evaluation of the secret and PII detectors.
 *
 *   node --import tsx bench/heldout.ts            # both
 *   node --import tsx bench/heldout.ts secrets    # or: pii
 *
 * The sets under bench/fixtures/{secrets,pii}/heldout*.jsonl were generated (heldout.gen.ts next to
 * them, seeded) by someone who never read the detectors, their rules or their tuning fixtures, so
 * unlike bench/secrets.ts and bench/pii.ts these numbers are not upper bounds.
 *
 * Only the public entry points are used: scanSecrets(text) and scanPii(text, options), whose
 * findings carry type/start/end (text.slice(start, end) is what was found).
 *
 * Secrets: a positive is found when some finding's span overlaps the labelled value; recall overall,
 *   per family and per context; every finding on a negative is a false finding.
 * PII: a finding matches a label when the types are equal and the spans overlap; precision and
 *   recall per type and overall (micro). All PII types are enabled; other options are defaults.
 * Prints every miss and every false finding (all values are synthetic). Writes nothing.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PII_TYPES, scanPii } from "../src/ops/safety/pii/index.js";
import { scanSecrets } from "../src/ops/safety/secrets/scan.js";

const ROOT = resolve(import.meta.dirname, "..");
const FIX = join(ROOT, "bench", "fixtures");

interface Span {
  start: number;
  end: number;
}
interface Hit extends Span {
  type: string;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}
const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
const pct = (n: number, d: number): string => (d === 0 ? "   -  " : (n / d).toFixed(3));
const short = (s: string, n = 90): string => {
  const one = JSON.stringify(s).slice(1, -1);
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};
function snippet(text: string, span: Span, pad = 40): string {
  const a = Math.max(0, span.start - pad);
  const b = Math.min(text.length, span.end + pad);
  return `${a > 0 ? "…" : ""}${short(text.slice(a, span.start), pad + 2)}[[${short(text.slice(span.start, span.end), 70)}]]${short(text.slice(span.end, b), pad + 2)}${b < text.length ? "…" : ""}`;
}
function spanOf(text: string, value: string, what: string): Span {
  const start = text.indexOf(value);
  if (start < 0) throw new Error(`${what}: labelled value not found in its text: ${short(value)}`);
  return { start, end: start + value.length };
}

function tally(rows: { key: string; ok: boolean }[]): [string, number, number][] {
  const m = new Map<string, [number, number]>();
  for (const r of rows) {
    const t = m.get(r.key) ?? [0, 0];
    t[0] += r.ok ? 1 : 0;
    t[1] += 1;
    m.set(r.key, t);
  }
  return [...m.entries()]
    .map(([k, [a, b]]) => [k, a, b] as [string, number, number])
    .sort((x, y) => x[0].localeCompare(y[0]));
}

// ---------------------------------------------------------------------------------------------

interface SecretPositive {
  family: string;
  context: string;
  text: string;
  value: string;
}
interface SecretNegative {
  kind: string;
  text: string;
}

/** Coarse groups of the held-out families, to read recall by how a credential can be recognised. */
const GROUPS: [RegExp, string][] = [
  [/^private_key_/, "private keys (PEM, OpenSSH, PGP, PuTTY)"],
  [/^(db_uri_|jdbc_password|url_credentials|ftp_uri)/, "URIs with a password"],
  [/^(password_|generic_secret)/, "passwords and generic secrets in config/code"],
  [
    /^(aws_secret_access_key|azure_storage_key|azure_sas_token|twilio|mailgun_api_key|datadog_api_key|heroku_api_key|cohere_api_key)$/,
    "formats without a distinctive prefix",
  ],
];
const groupOf = (family: string): string =>
  GROUPS.find(([re]) => re.test(family))?.[1] ?? "prefixed tokens (provider keys, JWTs, webhooks)";

function secrets(): void {
  const pos = readJsonl<SecretPositive>(join(FIX, "secrets", "heldout.jsonl"));
  const negs = readJsonl<SecretNegative>(join(FIX, "secrets", "heldout-negatives.jsonl"));
  const rows: { family: string; context: string; ok: boolean }[] = [];
  const misses: string[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (const p of pos) {
    const label = spanOf(p.text, p.value, p.family);
    const found: Hit[] = scanSecrets(p.text);
    bytes += Buffer.byteLength(p.text);
    const ok = found.some((f) => overlaps(f, label));
    rows.push({ family: p.family, context: p.context, ok });
    if (!ok) {
      const other = found.length
        ? ` (found elsewhere: ${found.map((f) => `${f.type} "${short(p.text.slice(f.start, f.end), 40)}"`).join(", ")})`
        : "";
      misses.push(`  ${p.family.padEnd(26)} ${p.context.padEnd(15)} ${short(p.value, 70)}${other}`);
    }
  }
  const falses: string[] = [];
  let negBytes = 0;
  const negKinds: { key: string; ok: boolean }[] = [];
  let falseCount = 0;
  for (const n of negs) {
    const found: Hit[] = scanSecrets(n.text);
    bytes += Buffer.byteLength(n.text);
    negBytes += Buffer.byteLength(n.text);
    negKinds.push({ key: n.kind, ok: found.length === 0 });
    falseCount += found.length;
    for (const f of found) falses.push(`  ${n.kind.padEnd(20)} ${f.type.padEnd(28)} ${snippet(n.text, f)}`);
  }
  const secs = (performance.now() - t0) / 1000;
  const hit = rows.filter((r) => r.ok).length;

  console.log("== Secrets: blind held-out set (bench/fixtures/secrets/heldout*.jsonl)");
  console.log(`positives ${pos.length}, families ${new Set(pos.map((p) => p.family)).size}; negatives ${negs.length}`);
  console.log(`recall ${pct(hit, pos.length)} (${hit}/${pos.length})`);
  const cleanNegs = negKinds.filter((k) => k.ok).length;
  console.log(
    `negatives: ${falseCount} false findings in ${negs.length - cleanNegs} of ${negs.length} texts (${(negBytes / 1024).toFixed(0)} KiB)`,
  );
  console.log(`(${(bytes / 1024).toFixed(0)} KiB scanned in ${secs.toFixed(2)} s)\n`);
  console.log("recall per group:");
  for (const [k, a, b] of tally(rows.map((r) => ({ key: groupOf(r.family), ok: r.ok }))))
    console.log(`  ${k.padEnd(48)} ${pct(a, b)}  ${a}/${b}`);
  console.log("\nrecall per family:");
  for (const [k, a, b] of tally(rows.map((r) => ({ key: r.family, ok: r.ok }))))
    console.log(`  ${k.padEnd(28)} ${pct(a, b)}  ${a}/${b}`);
  console.log("\nrecall per context:");
  for (const [k, a, b] of tally(rows.map((r) => ({ key: r.context, ok: r.ok }))))
    console.log(`  ${k.padEnd(28)} ${pct(a, b)}  ${a}/${b}`);
  console.log("\nnegatives with no finding, per kind:");
  for (const [k, a, b] of tally(negKinds)) console.log(`  ${k.padEnd(28)} ${a}/${b}`);
  console.log(`\nmissed positives (${misses.length}):`);
  for (const m of misses) console.log(m);
  console.log(`\nfalse findings on negatives (${falses.length}):`);
  for (const f of falses) console.log(f);
  console.log();
}

// ---------------------------------------------------------------------------------------------

interface PiiText {
  kind?: string;
  text: string;
  spans: { type: string; value: string }[];
}

function pii(): void {
  const texts = readJsonl<PiiText>(join(FIX, "pii", "heldout.jsonl"));
  const types = new Map<string, { labels: number; found: number; findings: number; correct: number }>();
  const stat = (t: string) => {
    let s = types.get(t);
    if (!s) {
      s = { labels: 0, found: 0, findings: 0, correct: 0 };
      types.set(t, s);
    }
    return s;
  };
  const misses: string[] = [];
  const falses: string[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (const [i, doc] of texts.entries()) {
    const labels = doc.spans.map((s) => ({ type: s.type, ...spanOf(doc.text, s.value, `pii #${i}`) }));
    const found: Hit[] = scanPii(doc.text, { types: PII_TYPES });
    bytes += Buffer.byteLength(doc.text);
    for (const l of labels) {
      const s = stat(l.type);
      s.labels++;
      if (found.some((f) => f.type === l.type && overlaps(f, l))) s.found++;
      else {
        const near = found
          .filter((f) => overlaps(f, l))
          .map((f) => `${f.type} "${short(doc.text.slice(f.start, f.end), 40)}"`);
        misses.push(
          `  ${l.type.padEnd(15)} #${String(i).padEnd(4)} ${snippet(doc.text, l)}${near.length ? `  (found as ${near.join(", ")})` : ""}`,
        );
      }
    }
    for (const f of found) {
      const s = stat(f.type);
      s.findings++;
      if (labels.some((l) => l.type === f.type && overlaps(f, l))) s.correct++;
      else
        falses.push(
          `  ${f.type.padEnd(15)} #${String(i).padEnd(4)} ${(doc.kind ?? "").padEnd(18)} ${snippet(doc.text, f)}`,
        );
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const withPii = texts.filter((t) => t.spans.length > 0).length;
  console.log("== PII: blind held-out set (bench/fixtures/pii/heldout.jsonl)");
  console.log(
    `texts ${texts.length} (${withPii} with PII, ${texts.length - withPii} without), labelled spans ${texts.reduce((n, t) => n + t.spans.length, 0)}`,
  );
  console.log(
    `(${(bytes / 1024).toFixed(0)} KiB scanned in ${secs.toFixed(2)} s; scanPii with types = all ${PII_TYPES.length})\n`,
  );
  console.log(
    `  ${"type".padEnd(16)} ${"labels".padStart(6)} ${"found".padStart(6)} ${"recall".padStart(7)} ${"finds".padStart(6)} ${"right".padStart(6)} ${"precision".padStart(9)}`,
  );
  const tot = { labels: 0, found: 0, findings: 0, correct: 0 };
  for (const [t, s] of [...types.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(
      `  ${t.padEnd(16)} ${String(s.labels).padStart(6)} ${String(s.found).padStart(6)} ${pct(s.found, s.labels).padStart(7)} ${String(s.findings).padStart(6)} ${String(s.correct).padStart(6)} ${pct(s.correct, s.findings).padStart(9)}`,
    );
    tot.labels += s.labels;
    tot.found += s.found;
    tot.findings += s.findings;
    tot.correct += s.correct;
  }
  console.log(
    `  ${"overall".padEnd(16)} ${String(tot.labels).padStart(6)} ${String(tot.found).padStart(6)} ${pct(tot.found, tot.labels).padStart(7)} ${String(tot.findings).padStart(6)} ${String(tot.correct).padStart(6)} ${pct(tot.correct, tot.findings).padStart(9)}`,
  );
  console.log(`\nmissed labels (${misses.length}):`);
  for (const m of misses) console.log(m);
  console.log(`\nfalse findings (${falses.length}):`);
  for (const f of falses) console.log(f);
  console.log();
}

const which = process.argv[2];
if (which === undefined || which === "secrets") secrets();
if (which === undefined || which === "pii") pii();
