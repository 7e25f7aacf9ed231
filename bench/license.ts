/**
 * License matcher benchmark: `node --import tsx bench/license.ts [--min 0.9] [--quiet]`
 *
 * 1. Every SPDX text of `spdx-license-list/full`, perturbed the ways real LICENSE files differ
 *    (rewrapped, holder/year filled in, Markdown, lead-in line, CRLF; each alone and all at
 *    once), matched back. A hit is the right class: ids whose normalized texts are identical
 *    (GPL-2.0 / -only / -or-later / +) count as one. Reported for the 13 common licenses and the
 *    whole list, top-1 and at the `min_similarity` threshold (below it the operator says
 *    NOASSERTION).
 * 2. Real LICENSE files of the packages in node_modules against their package.json `license`.
 * 3. Non-license Markdown (READMEs in node_modules): how often something passes the threshold.
 * 4. Throughput: LICENSE files matched per second (one thread), as the operator matches them
 *    (`matchLicenseFile`: whole file, then its first section if the whole scores too low).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { type LicenseMatch, licenseIndex } from "../src/ops/license/matcher.js";
import { licenseTokens } from "../src/ops/license/normalize.js";
import { matchLicenseFile } from "../src/ops/license/repo.js";
import { resolveLicenseName } from "../src/ops/license/spdx.js";
import { COMMON, PERTURBATIONS, type Perturbation, perturb } from "../test/ops/license/perturb.js";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const minAt = args.indexOf("--min");
const MIN = minAt >= 0 ? Number(args[minAt + 1]) : 0.9;
const QUIET = args.includes("--quiet");
const ROOT = resolve(import.meta.dirname, "..");

const list = require("spdx-license-list/full") as Record<string, { name: string; licenseText: string }>;

let t0 = performance.now();
const index = licenseIndex();
const buildMs = performance.now() - t0;

// Equivalence classes: the matcher's (identical text after its normalization) and, for
// comparison, the plain one (lower-case letters and digits only).
const plain = new Map<string, string[]>();
for (const [id, { licenseText }] of Object.entries(list)) {
  const k = licenseText
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  plain.set(k, [...(plain.get(k) ?? []), id]);
}

interface Case {
  id: string;
  variant: string;
  text: string;
}
const variants: Array<{ name: string; which: Perturbation[] }> = [
  { name: "as-is", which: [] },
  ...PERTURBATIONS.map((p) => ({ name: p, which: [p] })),
  { name: "all", which: PERTURBATIONS },
];
const cases: Case[] = [];
let seed = 1;
const sources: Array<[string, string, string]> = Object.entries(list).map(([id, e]) => [id, e.name, e.licenseText]);
// LGPL-3.0 as most repositories ship it: COPYING.LESSER, the additional permissions alone
// (SPDX's text appends the whole GPL-3.0).
const lgpl3 = list["LGPL-3.0"]?.licenseText ?? "";
sources.push([
  "LGPL-3.0",
  "GNU Lesser General Public License v3.0",
  lgpl3.slice(0, lgpl3.indexOf("GNU GENERAL PUBLIC LICENSE")),
]);
for (const [id, name, licenseText] of sources) {
  for (const v of variants) cases.push({ id, variant: v.name, text: perturb(licenseText, name, v.which, seed++).text });
}

t0 = performance.now();
const cpu0 = process.cpuUsage();
const results = cases.map((c) => matchLicenseFile(c.text, MIN));
const cpu = process.cpuUsage(cpu0);
const matchMs = performance.now() - t0;
const cpuMs = (cpu.user + cpu.system) / 1000;

interface Tally {
  n: number;
  top1: number;
  atMin: number;
}
const tally = (): Tally => ({ n: 0, top1: 0, atMin: 0 });
const all = tally();
const common = tally();
const byVariant = new Map(variants.map((v) => [v.name, tally()]));
const misses: string[] = [];
const correctScores: number[] = [];
cases.forEach((c, i) => {
  const m = results[i] as LicenseMatch | undefined;
  const hit = m?.members.includes(c.id) ?? false;
  const ok = hit && (m?.score ?? 0) >= MIN;
  if (hit && m) correctScores.push(m.score);
  const groups = [all, byVariant.get(c.variant) as Tally];
  if (COMMON.includes(c.id)) groups.push(common);
  for (const g of groups) {
    g.n++;
    if (hit) g.top1++;
    if (ok) g.atMin++;
  }
  if (!ok) {
    const got = m ? `${m.id} ${m.score.toFixed(3)}` : "nothing";
    const why = hit ? "below threshold" : `runner-up ${m?.runnerUp?.id ?? "-"}`;
    misses.push(`${c.id} [${c.variant}] -> ${got} (${why})`);
  }
});

const pct = (a: number, n: number) => (n === 0 ? "-" : (a / n).toFixed(4));
console.log(
  `SPDX texts: ${Object.keys(list).length} ids, ${new Set(index.classes.map((c) => c.id)).size} matcher classes (identical normalized text), ${plain.size} plain-text classes`,
);
const plainOf = new Map([...plain.values()].flatMap((ids) => ids.map((id) => [id, ids[0]] as const)));
const merged = index.classes.filter(
  (c, i, all) => all.findIndex((d) => d.id === c.id) === i && new Set(c.members.map((m) => plainOf.get(m))).size > 1,
);
for (const c of merged) console.log(`  merged by normalization only: ${c.members.join(", ")}`);
console.log(`index build: ${buildMs.toFixed(0)} ms`);
console.log(`min_similarity: ${MIN}`);
console.log("");
console.log("set                     cases   top-1    at min_similarity");
console.log(
  `common (13 licenses)    ${String(common.n).padStart(5)}   ${pct(common.top1, common.n)}   ${pct(common.atMin, common.n)}`,
);
console.log(
  `whole list              ${String(all.n).padStart(5)}   ${pct(all.top1, all.n)}   ${pct(all.atMin, all.n)}`,
);
for (const [name, t] of byVariant) {
  console.log(`  variant ${name.padEnd(14)} ${String(t.n).padStart(5)}   ${pct(t.top1, t.n)}   ${pct(t.atMin, t.n)}`);
}
// Accuracy over the whole list and the common set if min_similarity were set elsewhere.
const sweep = [0.8, 0.85, 0.9, 0.95, 0.98].map((t) => {
  let a = 0;
  let c = 0;
  cases.forEach((k, i) => {
    const m = results[i];
    if (!m || m.score < t || !m.members.includes(k.id)) return;
    a++;
    if (COMMON.includes(k.id)) c++;
  });
  return `${t}: ${pct(a, all.n)} / ${pct(c, common.n)}`;
});
console.log(`threshold sweep (whole list / common): ${sweep.join(", ")}`);
correctScores.sort((a, b) => a - b);
const q = (p: number) => correctScores[Math.floor(p * (correctScores.length - 1))]?.toFixed(3);
console.log(`Dice of correct matches: min ${q(0)}, p1 ${q(0.01)}, p5 ${q(0.05)}, median ${q(0.5)}`);
const matched = cases.length;
console.log(
  `throughput: ${matched} files in ${matchMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU = ${Math.round((matched / matchMs) * 1000)} LICENSE files/s wall, ${Math.round((matched / cpuMs) * 1000)} per CPU-second (one thread)`,
);
const bytes = cases.reduce((s, c) => s + c.text.length, 0);
console.log(`            ${(bytes / 1e6 / (matchMs / 1000)).toFixed(1)} MB/s of license text`);

// Real LICENSE files in node_modules against the package.json license field.
const nm = join(ROOT, "node_modules");
const pkgDirs: string[] = [];
for (const e of readdirSync(nm)) {
  if (e.startsWith(".")) continue;
  if (e.startsWith("@")) for (const s of readdirSync(join(nm, e))) pkgDirs.push(join(nm, e, s));
  else pkgDirs.push(join(nm, e));
}
const real = { n: 0, agree: 0, none: 0, disagree: [] as string[], scores: [] as string[] };
const seenLicenseText = new Set<string>();
for (const dir of pkgDirs) {
  let declared: string | undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { license?: unknown };
    if (typeof pkg.license === "string") declared = resolveLicenseName(pkg.license)?.expression;
  } catch {
    continue;
  }
  if (!declared || /\s(?:OR|AND)\s/.test(declared)) continue;
  const file = readdirSync(dir).find((f) => /^(?:licen[cs]e|copying)(?:\.(?:md|txt|markdown))?$/i.test(f));
  if (!file || !statSync(join(dir, file)).isFile()) continue;
  const text = readFileSync(join(dir, file), "utf8");
  const key = licenseTokens(text).join(" ");
  if (seenLicenseText.has(key)) continue; // many packages share one author's identical file
  seenLicenseText.add(key);
  real.n++;
  const m = matchLicenseFile(text, MIN);
  if (!m || m.score < MIN) {
    real.none++;
    real.disagree.push(
      `${dir.slice(nm.length + 1)}/${file}: declared ${declared}, best ${m?.id ?? "-"} ${m?.score.toFixed(3) ?? ""} (NOASSERTION)`,
    );
  } else if (index.representative(declared) === m.id) {
    real.agree++;
    real.scores.push(`${m.id} ${m.score.toFixed(3)}`);
  } else
    real.disagree.push(
      `${dir.slice(nm.length + 1)}/${file}: declared ${declared}, matched ${m.id} ${m.score.toFixed(3)}`,
    );
}
console.log("");
console.log(`node_modules LICENSE files (distinct texts, single-license package.json): ${real.n}`);
console.log(
  `  agree with package.json: ${real.agree} (${pct(real.agree, real.n)}), NOASSERTION: ${real.none}, other id: ${real.n - real.agree - real.none}`,
);
for (const d of real.disagree) console.log(`    ${d}`);
console.log(`  Dice of the agreeing ones: ${real.scores.sort().join(", ")}`);

// Non-license Markdown: READMEs should not pass the threshold (unless they embed a license).
let readmes = 0;
let maxReadme = { score: 0, what: "" };
const passed: string[] = [];
for (const dir of pkgDirs) {
  const file = (() => {
    try {
      return readdirSync(dir).find((f) => /^readme\.md$/i.test(f));
    } catch {
      return undefined;
    }
  })();
  if (!file) continue;
  const text = readFileSync(join(dir, file), "utf8");
  readmes++;
  const m = index.match(text);
  if (m && m.score > maxReadme.score)
    maxReadme = { score: m.score, what: `${dir.slice(nm.length + 1)}/${file} ~ ${m.id}` };
  if (m && m.score >= MIN) passed.push(`${dir.slice(nm.length + 1)}/${file} -> ${m.id} ${m.score.toFixed(3)}`);
}
console.log(
  `README.md files (not licenses): ${readmes}, passing min_similarity: ${passed.length}, highest Dice ${maxReadme.score.toFixed(3)} (${maxReadme.what})`,
);
for (const p of passed) console.log(`    ${p}`);

console.log("");
console.log(`misses (${misses.length}):`);
for (const m of QUIET ? misses.slice(0, 40) : misses) console.log(`  ${m}`);
