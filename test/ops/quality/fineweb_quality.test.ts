import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { finewebQuality } from "../../../src/ops/quality/fineweb_quality.js";
import { runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";
import { fixture, reason, rows, runOp } from "./helpers.js";

const PROSE = fixture("sourdough.txt");
const NAV = fixture("nav_page.txt");
const r3 = (x: number) => Number(x.toFixed(3));
const wordList = (t: string) => t.split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w !== "");
const newlines = (t: string) => t.split("\n").length - 1;

const SLOGANS = [
  "Buy now.",
  "Act fast!",
  "Limited stock.",
  "Free shipping today.",
  "Best prices in town.",
  "Call us now!",
  "Order online.",
  "Top rated.",
  "Save big!",
  "Hurry up.",
].join("\n");
const MUSEUM = [
  "The museum is open from Tuesday to Sunday every week.",
  "Tickets can be bought online or at the entrance.",
  "Children under twelve visit the collection for free.",
  "Guided tours start at eleven in the morning.",
  "The cafe on the top floor serves lunch until three.",
  "The museum is open from Tuesday to Sunday every week.",
];
const TOPICS = `${[
  "Telecommunications infrastructure.",
  "Environmental sustainability reporting.",
  "Pharmaceutical manufacturing standards.",
  "Intergovernmental cooperation agreements.",
  "Interdisciplinary research collaborations.",
  "Photovoltaic installation requirements.",
  "Cardiovascular rehabilitation programmes.",
  "Thermodynamic efficiency improvements.",
  "Biodegradable packaging alternatives.",
  "Multilingual documentation guidelines.",
].join("\n")}\n`;

describe("fineweb_quality", () => {
  it("keeps prose and drops navigation, slogan, repeated-line and list pages with the measured ratio", async () => {
    const museum = MUSEUM.join("\n");
    const dupShare = (MUSEUM[0] as string).length / (museum.length - newlines(museum));
    const listRatio = newlines(TOPICS) / wordList(TOPICS).length;
    expect(TOPICS.split("\n").every((l) => l === "" || l.length > 30)).toBe(true);
    const { outcomes } = await runOp(finewebQuality, {}, [
      { text: PROSE },
      { text: NAV },
      { text: SLOGANS },
      { text: museum },
      { text: TOPICS },
    ]);
    expect(outcomes.map(reason)).toEqual([
      "kept",
      "fineweb_line_punct_ratio 0 < 0.12",
      "fineweb_short_line_ratio 1 > 0.67",
      `fineweb_dup_line_char_ratio ${r3(dupShare)} > 0.1`,
      `fineweb_newline_word_ratio ${r3(listRatio)} > 0.3`,
    ]);
  });

  it("can spare pages with no punctuation at all (line_punct_exclude_zero), which then fail on short lines", async () => {
    const { outcomes } = await runOp(finewebQuality, { line_punct_exclude_zero: true }, [{ text: NAV }]);
    expect(reason(outcomes[0])).toBe("fineweb_short_line_ratio 1 > 0.67");
  });

  it("adds the four ratios in score mode and drops nothing", async () => {
    const { outcomes, records } = await runOp(finewebQuality, { mode: "score" }, [{ text: PROSE }, { text: NAV }]);
    expect(outcomes.every((o) => o.keep)).toBe(true);
    // Six non-empty lines: a 25-character title without punctuation and five paragraphs ending with ".".
    expect(records[0]?.scores).toEqual({
      fineweb_line_punct_ratio: 5 / 6,
      fineweb_short_line_ratio: 1 / 6,
      fineweb_dup_line_char_ratio: 0,
      fineweb_newline_word_ratio: newlines(PROSE) / wordList(PROSE).length,
    });
    const navLines = NAV.split("\n").filter((l) => l !== "").length;
    expect(records[1]?.scores).toMatchObject({ fineweb_line_punct_ratio: 0, fineweb_short_line_ratio: 1 });
    expect(records[1]?.scores.fineweb_newline_word_ratio).toBe(navLines / wordList(NAV).length);
  });
});

describe("fineweb_quality in a recipe", () => {
  it("drops boilerplate and keeps the article", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "docs", "pages.jsonl"), [
      { id: "article", text: PROSE },
      { id: "nav", text: NAV },
      { id: "slogans", text: SLOGANS },
    ]);
    const run = await runYaml(
      dir,
      `name: fineweb
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: quality
    operators:
      - { id: fw, op: fineweb_quality, params: { short_line_length: 30 } }
output: { path: out, format: jsonl, compression: none, keep_dropped: true }
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    expect(rows(run.out, "data").map((r) => r.id)).toEqual(["article"]);
    const dropped = Object.fromEntries(rows(run.out, "dropped").map((r) => [r.id, r.drop_reason]));
    expect(dropped).toEqual({ nav: "fineweb_line_punct_ratio 0 < 0.12", slogans: "fineweb_short_line_ratio 1 > 0.67" });
  });
});
