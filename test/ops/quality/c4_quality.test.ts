import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { c4Quality, countSentences } from "../../../src/ops/quality/c4_quality.js";
import { runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";
import { fixture, reason, repoFile, rows, runOp } from "./helpers.js";

const PROSE = fixture("sourdough.txt");
const NEWS = fixture("news_page.txt");
const LOREM = fixture("template_page.txt");
const CODE_DOCS = fixture("template_docs.txt");
/** The five paragraphs of the prose fixture: C4 keeps them and removes the title. */
const PARAGRAPHS = PROSE.split("\n").filter((l) => l.endsWith("."));
/** What C4 keeps of the news page: the citation mark goes, nav / javascript / cookie lines go. */
const NEWS_KEPT = [
  "The city council approved the new bicycle lanes on Tuesday evening after a long debate.",
  "Construction will start in the spring and should take about six months to finish.",
  "Residents on Elm Street asked for more parking, and the plan now includes twenty extra spaces.",
  "The mayor said the lanes would make the centre safer for children who cycle to school.",
].join("\n");

describe("c4_quality (filter mode: edits lines, drops pages)", () => {
  it("removes the lines C4 removes and keeps the rest verbatim", async () => {
    const { outcomes, records } = await runOp(c4Quality, {}, [{ text: PROSE }, { text: NEWS }]);
    expect(outcomes.map(reason)).toEqual(["kept", "kept"]);
    expect(PARAGRAPHS.length).toBe(5);
    expect(records[0]?.text).toBe(PARAGRAPHS.join("\n"));
    expect(records[1]?.text).toBe(NEWS_KEPT);
  });

  it("drops pages with lorem ipsum, a curly bracket in a kept line, or too few sentences", async () => {
    const readme = repoFile("node_modules/vitest/README.md");
    const { outcomes, records } = await runOp(c4Quality, {}, [
      { text: LOREM },
      { text: CODE_DOCS },
      { text: readme },
      { text: "The shop is closed today. It opens again on Monday morning at nine." },
    ]);
    expect(outcomes.map(reason)).toEqual([
      'c4_lorem_ipsum "lorem ipsum" in line 2',
      // Line 1 ("function greet(name) {") has no end mark and is removed before the bracket test.
      'c4_curly_bracket "{" in line 4',
      // Only "Next generation testing framework powered by Vite." survives.
      "c4_sentences 1 < 3",
      "c4_sentences 2 < 3",
    ]);
    // A dropped page keeps its text as it was.
    expect(records[0]?.text).toBe(LOREM);
  });

  it("counts sentences with a simple end-mark rule", () => {
    expect(countSentences("One. Two! Three?")).toBe(3);
    expect(countSentences('He said "stop." Then he left.')).toBe(2);
    expect(countSentences("Version 1.5 is out. Try it")).toBe(2);
    expect(countSentences("")).toBe(0);
  });

  it("follows its params: FineWeb's no-punctuation variant, fewer words per line, no line removal", async () => {
    const title = "Why sourdough bread rises";
    const fw = await runOp(c4Quality, { require_terminal_punctuation: false, min_words_per_line: 3 }, [
      { text: PROSE },
    ]);
    expect(fw.records[0]?.text).toBe([title, ...PARAGRAPHS].join("\n"));
    const noEdit = await runOp(c4Quality, { remove_lines: false }, [{ text: NEWS }, { text: LOREM }]);
    expect(noEdit.outcomes.map(reason)).toEqual(["kept", 'c4_lorem_ipsum "lorem ipsum" in line 2']);
    expect(noEdit.records[0]?.text).toBe(NEWS);
    const keepJs = await runOp(c4Quality, { remove_javascript_lines: false, remove_policy_lines: false }, [
      { text: NEWS },
    ]);
    expect(keepJs.records[0]?.text.split("\n").length).toBe(6);
  });

  it("in score mode leaves the text alone and adds the c4_* scores", async () => {
    const { outcomes, records } = await runOp(c4Quality, { mode: "score" }, [
      { text: PROSE },
      { text: NEWS },
      { text: LOREM },
      { text: CODE_DOCS },
    ]);
    expect(outcomes.every((o) => o.keep)).toBe(true);
    expect(records.map((r) => r.text)).toEqual([PROSE, NEWS, LOREM, CODE_DOCS]);
    // 11 lines (title, blanks, paragraphs); 5 kept holding 3 + 3 + 3 + 4 + 2 sentences.
    expect(records[0]?.scores).toEqual({
      c4_sentences: 15,
      c4_kept_line_fraction: 5 / 11,
      c4_lorem_ipsum: 0,
      c4_curly_bracket: 0,
    });
    expect(records[1]?.scores).toEqual({
      c4_sentences: 4,
      c4_kept_line_fraction: 4 / 8,
      c4_lorem_ipsum: 0,
      c4_curly_bracket: 0,
    });
    expect(records[2]?.scores.c4_lorem_ipsum).toBe(1);
    expect(records[3]?.scores.c4_curly_bracket).toBe(1);
  });
});

describe("c4_quality in a recipe", () => {
  it("rewrites kept records (refined_by), drops the others with the page rule", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "docs", "pages.jsonl"), [
      { id: "news", text: NEWS },
      { id: "lorem", text: LOREM },
      { id: "prose", text: PROSE },
      { id: "code", text: CODE_DOCS },
    ]);
    const run = await runYaml(
      dir,
      `name: c4
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: clean
    operators:
      - { id: c4, op: c4_quality }
output: { path: out, format: jsonl, compression: none, keep_dropped: true }
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    const kept = Object.fromEntries(rows(run.out, "data").map((r) => [r.id, r]));
    expect(Object.keys(kept).sort()).toEqual(["news", "prose"]);
    expect(kept.news?.text).toBe(NEWS_KEPT);
    expect(kept.news?.refined_by).toEqual(["c4"]);
    expect(kept.prose?.text).toBe(PARAGRAPHS.join("\n"));
    const dropped = Object.fromEntries(rows(run.out, "dropped").map((r) => [r.id, r]));
    expect(dropped.lorem).toMatchObject({ dropped_by: "c4", drop_reason: 'c4_lorem_ipsum "lorem ipsum" in line 2' });
    expect(dropped.code).toMatchObject({ dropped_by: "c4", drop_reason: 'c4_curly_bracket "{" in line 4' });
    expect(dropped.code?.text).toBe(CODE_DOCS);
    const op = run.manifest.stages[0]?.operators.find((o) => o.id === "c4");
    expect(op).toMatchObject({ kind: "refiner", in: 4, out: 2, dropped: 2 });
  });
});
