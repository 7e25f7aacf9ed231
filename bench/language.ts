/**
 * Accuracy of the language operators (src/ops/lang), run through the registry exactly as a
 * worker runs them (params parsed by the schema, create once, then batches).
 *
 *   node --import tsx bench/language.ts
 *
 * detect_language:
 *   (a) node_modules files whose language their extension states without doubt
 *       (.js/.mjs/.cjs -> javascript, .ts/.mts/.cts/.d.ts -> typescript, .json -> json,
 *       .md -> markdown, .yml/.yaml -> yaml);
 *   (b) bench/fixtures/language/files: hand-written ambiguous cases (.h C/C++/Objective-C,
 *       .m Objective-C/MATLAB/Mercury, extensionless shebang scripts, Qt .ts XML, .pl Perl/Prolog,
 *       Makefile/Dockerfile..., modelines, .r/.v/.cs/.sql/.inc/.md/.tsx), expected in expected.json.
 * detect_natural_language: the labelled paragraphs and the must-be-unknown strings of
 *   bench/fixtures/language/natural.json, for each eld database size; the translated READMEs in
 *   node_modules (README.<lang>.md: labelled by file name); what it says about the other
 *   node_modules Markdown files (no labels: mostly English) and about JavaScript sources.
 * Prints accuracy per group and overall, and every miss. Never part of `npm test`.
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { glob } from "tinyglobby";
import type { OpContext } from "../src/core/operator.js";
import { newRecord, recordId, type SmeltRecord } from "../src/core/record.js";
import { findOperator } from "../src/core/registry.js";
import { eldDetector } from "../src/ops/lang/natural.js";

const ROOT = resolve(import.meta.dirname, "..");
const NM = join(ROOT, "node_modules");
const FIX = join(ROOT, "bench", "fixtures", "language");

const ctx: OpContext = { id: "bench", seed: 1, shard: 0, baseDir: ROOT, repoFiles: () => undefined };

async function runOp(name: string, params: Record<string, unknown>, records: SmeltRecord[]): Promise<number> {
  const def = findOperator(name);
  if (!def?.create) throw new Error(`operator ${name} is not registered`);
  const fn = await def.create(def.params.parse(params), ctx);
  const start = performance.now();
  for (let i = 0; i < records.length; i += 500) await fn(records.slice(i, i + 500));
  return (performance.now() - start) / 1000;
}

interface Case {
  group: string;
  path: string;
  expected: string[];
  record: SmeltRecord;
}

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);

/** Expected language of a node_modules file from its extension, or undefined to skip it. */
function expectedFromExtension(path: string): { group: string; expected: string[] } | undefined {
  const ext = path.slice(path.lastIndexOf(".")).toLowerCase();
  if ([".js", ".mjs", ".cjs"].includes(ext)) return { group: "nm:javascript", expected: ["javascript"] };
  if ([".ts", ".mts", ".cts"].includes(ext)) return { group: "nm:typescript", expected: ["typescript"] };
  // Linguist names some JSON files by their file name as JSON with Comments (tsconfig.json,
  // .eslintrc.json, jsconfig.json...): its own subtype of JSON, counted as right.
  if (ext === ".json") return { group: "nm:json", expected: ["json", "json-with-comments"] };
  if (ext === ".md") return { group: "nm:markdown", expected: ["markdown"] };
  if (ext === ".yml" || ext === ".yaml") return { group: "nm:yaml", expected: ["yaml"] };
  return undefined;
}

async function nodeModulesCases(): Promise<Case[]> {
  const files = (
    await glob(["**/*.{js,mjs,cjs,ts,mts,cts,json,md,yml,yaml}"], { cwd: NM, followSymbolicLinks: false })
  ).sort();
  const out: Case[] = [];
  for (const f of files) {
    const exp = expectedFromExtension(f);
    if (!exp) continue;
    const abs = join(NM, f);
    if (statSync(abs).size > 2_000_000) continue;
    const text = readFileSync(abs, "utf8");
    out.push({ ...exp, path: f, record: newRecord({ id: recordId("nm", f), text, source: "nm", path: f }) });
  }
  return out;
}

/** `*.ts`/`*.tsx` fixtures carry a `.fixture` suffix on disk so that tsc leaves them alone. */
function fixtureFile(rel: string): string {
  return join(FIX, "files", /\.tsx?$/.test(rel) ? `${rel}.fixture` : rel);
}

function fixtureCases(): Case[] {
  const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as Record<string, string>;
  return Object.entries(expected).map(([rel, lang]) => {
    const text = readFileSync(fixtureFile(rel), "utf8");
    const group = `fixtures:${rel.split("/")[0]}`;
    return {
      group,
      path: rel,
      expected: [lang],
      record: newRecord({ id: recordId("fx", rel), text, source: "fx", path: rel }),
    };
  });
}

async function benchDetectLanguage(): Promise<void> {
  const cases = [...(await nodeModulesCases()), ...fixtureCases()];
  const seconds = await runOp(
    "detect_language",
    {},
    cases.map((c) => c.record),
  );
  const mb = cases.reduce((a, c) => a + Buffer.byteLength(c.record.text), 0) / 1e6;
  const groups = new Map<string, { n: number; ok: number }>();
  const misses: string[] = [];
  const by = new Map<string, number>();
  for (const c of cases) {
    const got = String(c.record.meta.lang);
    const g = groups.get(c.group) ?? { n: 0, ok: 0 };
    g.n++;
    if (c.expected.includes(got)) g.ok++;
    else misses.push(`${c.group} ${c.path}: expected ${c.expected[0]}, got ${got} (by ${c.record.meta.lang_by})`);
    groups.set(c.group, g);
    const key = `${c.group.split(":")[0]}/${c.record.meta.lang_by}`;
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  console.log(`## detect_language (${cases.length} files, ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s)\n`);
  console.log("| group | files | correct | accuracy |");
  console.log("| --- | ---: | ---: | ---: |");
  const sum = (pred: (g: string) => boolean) => {
    let n = 0;
    let ok = 0;
    for (const [name, g] of groups) {
      if (!pred(name)) continue;
      n += g.n;
      ok += g.ok;
    }
    return { n, ok };
  };
  for (const [name, g] of [...groups].sort()) console.log(`| ${name} | ${g.n} | ${g.ok} | ${pct(g.ok, g.n)} |`);
  for (const [label, pred] of [
    ["(a) node_modules", (g: string) => g.startsWith("nm:")],
    ["(b) fixtures", (g: string) => g.startsWith("fixtures:")],
    ["overall", () => true],
  ] as const) {
    const s = sum(pred);
    console.log(`| **${label}** | ${s.n} | ${s.ok} | **${pct(s.ok, s.n)}** |`);
  }
  console.log(
    `\ndecided by: ${[...by]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  const jsonc = cases.filter((c) => c.group === "nm:json" && c.record.meta.lang === "json-with-comments").length;
  console.log(`nm:json labelled json-with-comments by Linguist file name: ${jsonc}`);
  console.log(`\nmisses (${misses.length}):`);
  for (const m of misses) console.log(`- ${m}`);
}

interface NaturalFixtures {
  labelled: Array<{ lang: string; text: string }>;
  unknown: Array<{ why: string; text: string }>;
}

async function benchNaturalLanguage(): Promise<void> {
  const nat = JSON.parse(readFileSync(join(FIX, "natural.json"), "utf8")) as NaturalFixtures;
  console.log("\n## detect_natural_language\n");
  console.log("| eld database | labelled correct | unknown kept unknown | overall | load + run (s) |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const missesByDb = new Map<string, string[]>();
  for (const database of ["extrasmall", "small", "medium", "large"]) {
    const labelled = nat.labelled.map((x, i) =>
      newRecord({ id: recordId("nl", i), text: x.text, source: "nl", meta: { want: x.lang } }),
    );
    const unknown = nat.unknown.map((x, i) =>
      newRecord({ id: recordId("nu", i), text: x.text, source: "nu", meta: { want: "unknown", why: x.why } }),
    );
    const start = performance.now();
    await runOp("detect_natural_language", { database }, [...labelled, ...unknown]);
    const seconds = (performance.now() - start) / 1000;
    const misses: string[] = [];
    let okL = 0;
    let okU = 0;
    for (const r of labelled) {
      if (r.meta.nl_lang === r.meta.want) okL++;
      else misses.push(`${r.meta.want}: got ${r.meta.nl_lang} (${r.meta.nl_score}) "${r.text.slice(0, 50)}..."`);
    }
    for (const r of unknown) {
      if (r.meta.nl_lang === "unknown") okU++;
      else misses.push(`${r.meta.why}: got ${r.meta.nl_lang} (${r.meta.nl_score}) "${r.text.slice(0, 50)}"`);
    }
    missesByDb.set(database, misses);
    console.log(
      `| ${database} | ${okL}/${labelled.length} (${pct(okL, labelled.length)}) | ${okU}/${unknown.length} (${pct(okU, unknown.length)}) | ${pct(okL + okU, labelled.length + unknown.length)} | ${seconds.toFixed(2)} |`,
    );
  }
  // What the guards buy: eld alone gives a language to most of the must-be-unknown strings.
  const { eld } = await eldDetector("extrasmall");
  const raw = nat.unknown.filter((x) => eld.detect(x.text).language !== "");
  console.log(
    `\neld alone (extrasmall, no guards) labels ${raw.length}/${nat.unknown.length} of the must-be-unknown strings: ${raw.map((x) => `${x.why}->${eld.detect(x.text).language}`).join(", ")}`,
  );
  for (const [db, misses] of missesByDb) {
    console.log(`\nmisses with ${db} (${misses.length}):`);
    for (const m of misses) console.log(`- ${m}`);
  }

  // Labelled by their file name: translated READMEs shipped in node_modules (README.ja.md...).
  const translated = (await glob(["**/README.*.md"], { cwd: NM, followSymbolicLinks: false })).sort().flatMap((f) => {
    const code = /README\.([a-z]{2})(?:-[A-Za-z]{2})?\.md$/.exec(f)?.[1];
    if (code === undefined) return [];
    const want = code === "kr" ? "ko" : code;
    return [
      newRecord({
        id: recordId("tr", f),
        text: readFileSync(join(NM, f), "utf8"),
        source: "tr",
        path: f,
        meta: { want },
      }),
    ];
  });
  await runOp("detect_natural_language", {}, translated);
  const okT = translated.filter((r) => r.meta.nl_lang === r.meta.want).length;
  console.log(
    `\nnode_modules translated READMEs (README.<lang>.md, ${translated.length} files): ${okT}/${translated.length} (${pct(okT, translated.length)})`,
  );
  for (const r of translated)
    console.log(`- ${r.path}: want ${r.meta.want}, got ${r.meta.nl_lang} (${r.meta.nl_score})`);

  // Unlabelled but telling: READMEs and changelogs in node_modules are nearly all English.
  const mdFiles = (await glob(["**/*.md"], { cwd: NM, followSymbolicLinks: false })).sort();
  const md = mdFiles.map((f) =>
    newRecord({ id: recordId("md", f), text: readFileSync(join(NM, f), "utf8"), source: "md", path: f }),
  );
  await runOp("detect_natural_language", {}, md);
  const counts = new Map<string, number>();
  for (const r of md) counts.set(String(r.meta.nl_lang), (counts.get(String(r.meta.nl_lang)) ?? 0) + 1);
  console.log(
    `\nnode_modules Markdown (${md.length} files, default params): ${[...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v} (${pct(v, md.length)})`)
      .join(", ")}`,
  );
  const odd = md.filter(
    (r) =>
      r.meta.nl_lang !== "en" &&
      r.meta.nl_lang !== "unknown" &&
      !/README\.[a-z]{2}(?:-[A-Za-z]{2})?\.md$/.test(r.path ?? ""),
  );
  for (const r of odd) console.log(`- not en: ${r.path} -> ${r.meta.nl_lang} (${r.meta.nl_score})`);

  // Code must not come back as a confident natural language.
  const codeFiles = (await glob(["**/*.{js,mjs,cjs}"], { cwd: NM, followSymbolicLinks: false })).sort();
  const code = codeFiles.map((f) =>
    newRecord({ id: recordId("code", f), text: readFileSync(join(NM, f), "utf8"), source: "code", path: f }),
  );
  await runOp("detect_natural_language", {}, code);
  const labelledCode = code.filter((r) => r.meta.nl_lang !== "unknown");
  const en = labelledCode.filter((r) => r.meta.nl_lang === "en").length;
  console.log(
    `\nnode_modules JavaScript (${code.length} files, text field): unknown ${pct(code.length - labelledCode.length, code.length)}, labelled ${labelledCode.length} (${en} en, ${labelledCode.length - en} other)`,
  );
}

await benchDetectLanguage();
await benchNaturalLanguage();
