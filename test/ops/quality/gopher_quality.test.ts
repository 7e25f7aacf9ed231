import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gopherQuality } from "../../../src/ops/quality/gopher_quality.js";
import { runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";
import { fixture, reason, repoFile, rows, runOp } from "./helpers.js";

/** Words counted independently: split on anything that is not a letter, digit or mark. */
const wordList = (t: string) => t.split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w !== "");
const STOP = new Set(["the", "be", "to", "of", "and", "that", "have", "with"]);

const PROSE = fixture("sourdough.txt");
const BULLETS = Array.from({ length: 20 }, () => "- fresh basil from the garden").join("\n");
const ELLIPSES = Array.from({ length: 10 }, (_, i) =>
  i < 4
    ? `The second chapter of the story is told by the old gardener and then...`
    : `The second chapter of the story is told by the old gardener at night.`,
).join("\n");
const TABLE = Array.from({ length: 12 }, (_, i) => `Sales ${2000 + i} ${3100 + i} ${4200 + i} ${5300 + i}`).join("\n");
const KEYWORDS = Array.from(
  { length: 6 },
  () => "Cheap flights hotels rental cars cruises vacation packages travel insurance deals",
).join(" ");
const HASHTAGS = `${"We spent the whole day at the beach with the kids and watched the sun go down over the water. ".repeat(
  2,
)}#sunset #beach #travel #summer #family #ocean #waves #golden #holiday #sand #memories #happy #nature #sky #evening #photo #weekend #coast #light #calm`;

describe("gopher_quality", () => {
  it("keeps real prose and drops documents that fail one rule, with the measured value", async () => {
    const readme = repoFile("node_modules/vitest/README.md");
    const { outcomes } = await runOp(gopherQuality, {}, [
      { text: PROSE },
      { text: readme },
      { text: Array(60).fill("a b").join(" ") },
      { text: Array(60).fill("supercalifragilistic").join(" ") },
      { text: HASHTAGS },
      { text: BULLETS },
      { text: ELLIPSES },
      { text: TABLE },
      { text: KEYWORDS },
    ]);
    const hashWords = wordList(HASHTAGS).length;
    expect(outcomes.map(reason)).toEqual([
      "kept",
      `gopher_word_count ${wordList(readme).length} < 50`,
      "gopher_mean_word_length 1 < 3",
      "gopher_mean_word_length 20 > 10",
      `gopher_hash_ratio ${Number((20 / hashWords).toFixed(3))} > 0.1`,
      "gopher_bullet_lines 1 > 0.9",
      "gopher_ellipsis_lines 0.4 > 0.3",
      "gopher_alpha_words 0.2 < 0.8",
      "gopher_stop_words 0 < 2",
    ]);
    expect(wordList(readme).length).toBe(36);
  });

  it("measures what it reports in score mode, dropping nothing", async () => {
    const { outcomes, records } = await runOp(gopherQuality, { mode: "score" }, [{ text: PROSE }, { text: BULLETS }]);
    expect(outcomes.every((o) => o.keep)).toBe(true);
    const w = wordList(PROSE);
    expect(records[0]?.scores).toEqual({
      gopher_word_count: w.length,
      gopher_mean_word_length: w.join("").length / w.length,
      gopher_hash_ratio: 0,
      gopher_ellipsis_ratio: 0,
      gopher_bullet_lines: 0,
      gopher_ellipsis_lines: 0,
      gopher_alpha_words: 1,
      gopher_stop_words: w.filter((x) => STOP.has(x)).length,
    });
    expect(records[1]?.scores).toMatchObject({ gopher_word_count: 100, gopher_bullet_lines: 1, gopher_stop_words: 20 });
  });

  it("takes its thresholds and stop words from params", async () => {
    const { outcomes } = await runOp(gopherQuality, { max_bullet_line_fraction: null, stop_words: ["fresh"] }, [
      { text: BULLETS },
    ]);
    expect(reason(outcomes[0])).toBe("kept");
    const strict = await runOp(gopherQuality, { min_stop_words: 60 }, [{ text: PROSE }]);
    const stops = wordList(PROSE).filter((x) => STOP.has(x)).length;
    expect(reason(strict.outcomes[0])).toBe(`gopher_stop_words ${stops} < 60`);
  });

  it("does not suit languages written without spaces: a Chinese paragraph is a handful of 'words'", async () => {
    const zh =
      "今天天气很好，我们一家人去公园散步。公园里有很多人，有的在跑步，有的在下棋，还有的在湖边钓鱼。孩子们在草地上放风筝，笑声传得很远。";
    const { outcomes } = await runOp(gopherQuality, {}, [{ text: zh }]);
    expect(reason(outcomes[0])).toBe(`gopher_word_count ${wordList(zh).length} < 50`);
    expect(wordList(zh).length).toBe(8); // one "word" per clause
  });
});

describe("gopher_quality in a recipe", () => {
  it("scores every record, then drops with the first failed rule", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "docs", "pages.jsonl"), [
      { id: "prose", text: PROSE },
      { id: "bullets", text: BULLETS },
      { id: "keywords", text: KEYWORDS },
    ]);
    const run = await runYaml(
      dir,
      `name: gopher
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: quality
    operators:
      - { id: measure, op: gopher_quality, params: { mode: score } }
      - { id: gopher, op: gopher_quality }
output: { path: out, format: jsonl, compression: none, keep_dropped: true }
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    const kept = rows(run.out, "data");
    expect(kept.map((r) => r.id)).toEqual(["prose"]);
    expect(kept[0]?.scores).toMatchObject({ gopher_word_count: wordList(PROSE).length });
    const dropped = Object.fromEntries(rows(run.out, "dropped").map((r) => [r.id, r]));
    expect(dropped.bullets).toMatchObject({ dropped_by: "gopher", drop_reason: "gopher_bullet_lines 1 > 0.9" });
    expect(dropped.keywords).toMatchObject({ dropped_by: "gopher", drop_reason: "gopher_stop_words 0 < 2" });
    expect(dropped.keywords?.scores).toMatchObject({ gopher_stop_words: 0 });
  });
});
