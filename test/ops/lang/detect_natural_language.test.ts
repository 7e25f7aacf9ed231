import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import type { BatchFn } from "../../../src/core/operator.js";
import { newRecord, type SmeltRecord } from "../../../src/core/record.js";
import { findOperator } from "../../../src/core/registry.js";
import { letterCount, stripNonProse, wordRatio } from "../../../src/ops/lang/natural.js";
import { ROOT } from "../../engine/helpers.js";
import { readJsonlFile, runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";

const NM = join(ROOT, "node_modules");
const natural = JSON.parse(readFileSync(join(ROOT, "bench", "fixtures", "language", "natural.json"), "utf8")) as {
  labelled: Array<{ lang: string; text: string }>;
  unknown: Array<{ why: string; text: string }>;
};
const ctx = { id: "nl", seed: 1, shard: 0, baseDir: ROOT, repoFiles: () => undefined };

async function batchFn(params: Record<string, unknown> = {}): Promise<BatchFn> {
  const def = findOperator("detect_natural_language");
  if (!def?.create) throw new Error("detect_natural_language is not registered");
  return def.create(def.params.parse(params), ctx);
}

async function label(texts: string[], params: Record<string, unknown> = {}): Promise<SmeltRecord[]> {
  const records = texts.map((text, i) => newRecord({ id: String(i), text, source: "t" }));
  const res = await (await batchFn(params))(records);
  expect(res.outcomes.every((o) => o.keep)).toBe(true);
  return records;
}

describe("text measures", () => {
  it("separates prose from code by the share of plain words", () => {
    expect(wordRatio("The river floods the lower fields every spring.")).toBe(1);
    expect(wordRatio("const x = foo(bar); return x.map((y) => y * 2);")).toBeLessThan(0.5);
    // Unspaced Chinese splits at its own punctuation into runs of letters.
    expect(wordRatio("今天早上天气很好，我们一家人去公园散步。")).toBe(1);
    expect(letterCount("abc 今天")).toBe(3 + 4);
  });

  it("removes code blocks, inline code, URLs and tags before measuring", () => {
    const md = "Intro text here.\n\n```js\nconst a = 1;\n```\n\nSee `foo()` at https://example.com/x and <b>bold</b>.";
    const s = stripNonProse(md);
    expect(s).not.toContain("const a");
    expect(s).not.toContain("foo()");
    expect(s).not.toContain("example.com");
    expect(s).not.toContain("<b>");
    expect(s).toContain("bold");
  });
});

describe("detect_natural_language", () => {
  it("labels the hand-written paragraphs in thirteen languages", async () => {
    const records = await label(natural.labelled.map((x) => x.text));
    const got = records.map((r) => r.meta.nl_lang);
    expect(got).toEqual(natural.labelled.map((x) => x.lang));
    for (const r of records) {
      expect(r.meta.nl_score).toBeGreaterThanOrEqual(0.5);
      expect(r.meta.nl_score).toBeLessThanOrEqual(1);
    }
  });

  it("answers unknown for short, numeric and code-like strings", async () => {
    const records = await label(natural.unknown.map((x) => x.text));
    for (const [i, r] of records.entries()) {
      expect(r.meta.nl_lang, natural.unknown[i]?.why).toBe("unknown");
      expect(r.meta.nl_score as number).toBeLessThan(0.5);
    }
  });

  it("says English for node_modules READMEs and stays out of real JavaScript", async () => {
    const readmes = ["zod/README.md", "yaml/README.md", "vitest/README.md"].filter((f) => {
      try {
        return statSync(join(NM, f)).isFile();
      } catch {
        return false;
      }
    });
    expect(readmes.length).toBeGreaterThanOrEqual(2);
    const docs = await label(readmes.map((f) => readFileSync(join(NM, f), "utf8")));
    for (const r of docs) expect(r.meta.nl_lang).toBe("en");

    const js = (await glob(["**/*.{js,cjs,mjs}"], { cwd: NM, followSymbolicLinks: false })).sort();
    const sample = js.filter((_, i) => i % 10 === 0);
    expect(sample.length).toBeGreaterThan(100);
    const code = await label(sample.map((f) => readFileSync(join(NM, f), "utf8")));
    const labelled = code.filter((r) => r.meta.nl_lang !== "unknown");
    // Comment-heavy files may read as English; code must never get another language.
    expect(labelled.filter((r) => r.meta.nl_lang !== "en")).toEqual([]);
    expect(labelled.length / code.length).toBeLessThan(0.05);
  });

  it("treats a generated list of quoted words as code, not German", async () => {
    // The example corpus's stop-word table: `"aber", "alle", ...` inside TypeScript.
    const file = join(ROOT, "examples", "repos", "tallyho", "src", "stopwords.generated.ts");
    const [r] = await label([readFileSync(file, "utf8")]);
    expect(r?.meta).toEqual({ nl_lang: "unknown", nl_score: 0 });
  });

  it("reports the low score when it is not confident, and 0 when it did not try", async () => {
    // Russian shares n-grams with Ukrainian and Bulgarian: good, but not a full score.
    const [russian, short] = await label([natural.labelled[22]?.text ?? "", "Too short."], { min_score: 0.95 });
    expect(russian?.meta.nl_lang).toBe("unknown");
    expect(russian?.meta.nl_score as number).toBeGreaterThan(0.5);
    expect(russian?.meta.nl_score as number).toBeLessThan(0.95);
    expect(short?.meta).toEqual({ nl_lang: "unknown", nl_score: 0 });
  });

  it("reads the translated READMEs that ship in node_modules (Biome's, named README.<lang>.md)", async () => {
    const files = (await glob(["**/README.*.md"], { cwd: NM, followSymbolicLinks: false })).sort();
    const labelled = files
      .map((f) => ({ f, lang: /README\.([a-z]{2})(?:-[A-Za-z]{2})?\.md$/.exec(f)?.[1] }))
      .filter((x): x is { f: string; lang: string } => x.lang !== undefined)
      .map((x) => ({ ...x, lang: x.lang === "kr" ? "ko" : x.lang }));
    expect(labelled.length).toBeGreaterThanOrEqual(8);
    const records = await label(labelled.map((x) => readFileSync(join(NM, x.f), "utf8")));
    expect(records.map((r) => r.meta.nl_lang)).toEqual(labelled.map((x) => x.lang));
  });

  it("reads a metadata field, joins lists, and names its fields with `prefix`", async () => {
    const records = [
      newRecord({ id: "a", text: "x = 1", source: "t", meta: { comments: natural.labelled[3]?.text ?? "" } }),
      newRecord({
        id: "b",
        text: "y = 2",
        source: "t",
        meta: { comments: [natural.labelled[6]?.text ?? "", natural.labelled[7]?.text ?? ""] },
      }),
      newRecord({ id: "c", text: natural.labelled[0]?.text ?? "", source: "t" }),
    ];
    await (await batchFn({ field: "comments", prefix: "comment" }))(records);
    expect(records.map((r) => r.meta.comment_lang)).toEqual(["de", "fr", "unknown"]);
    expect(records[2]?.meta.comment_score).toBe(0);
    expect(records[0]?.meta).not.toHaveProperty("nl_lang");
  });

  it("validates its params strictly", () => {
    const def = findOperator("detect_natural_language");
    expect(def?.params.parse({})).toEqual({
      field: "text",
      prefix: "nl",
      min_chars: 40,
      min_word_ratio: 0.75,
      min_score: 0.5,
      database: "extrasmall",
    });
    expect(def?.params.safeParse({ database: "huge" }).success).toBe(false);
    expect(def?.params.safeParse({ min_word_ratio: 2 }).success).toBe(false);
    expect(def?.params.safeParse({ prefix: "Bad-Name" }).success).toBe(false);
    expect(def?.params.safeParse({ extra: true }).success).toBe(false);
  });
});

describe("detect_natural_language in a recipe", () => {
  it("labels a JSONL column of comments and the text through the engine", async () => {
    const dir = tempDir();
    const rows = [
      { id: "p1", text: natural.labelled[9]?.text, comments: "" },
      { id: "p2", text: "def f(x):\n    return [y ** 2 for y in range(x)]\n", comments: natural.labelled[12]?.text },
      { id: "p3", text: natural.labelled[24]?.text, comments: "# TODO" },
    ];
    writeJsonl(join(dir, "docs.jsonl"), rows);
    const run = await runYaml(
      dir,
      `name: nl-test
inputs:
  - id: docs
    type: jsonl
    path: docs.jsonl
    id_field: id
stages:
  - name: label
    operators:
      - id: nl_text
        op: detect_natural_language
      - id: nl_comments
        op: detect_natural_language
        params: { field: comments, prefix: comment }
output:
  path: out
  format: jsonl
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    const ops = run.manifest.stages[0]?.operators ?? [];
    expect(ops.find((o) => o.id === "nl_text")).toMatchObject({
      op: "detect_natural_language",
      kind: "score",
      version: "1.0.0",
      dropped: 0,
    });
    const out = run.manifest.outputs.data.files.flatMap(
      (f) => readJsonlFile(join(run.out, f)) as Array<Record<string, unknown>>,
    );
    const got = Object.fromEntries(out.map((r) => [r.id, `${r.nl_lang}|${r.comment_lang}`]));
    expect(got).toEqual({ p1: "es|unknown", p2: "unknown|it", p3: "ja|unknown" });
    for (const r of out) expect(typeof r.nl_score).toBe("number");
  });
});
