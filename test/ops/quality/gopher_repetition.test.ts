import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gopherRepetition } from "../../../src/ops/quality/gopher_repetition.js";
import { runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";
import { fixture, reason, rows, runOp } from "./helpers.js";

const PROSE = fixture("sourdough.txt");
const SPAM = fixture("seo_spam.txt");
const r3 = (x: number) => Number(x.toFixed(3));
const wordList = (t: string) => t.split(/[^\p{L}\p{N}\p{M}]+/u).filter((w) => w !== "");

// Four different paragraphs, then the first two repeated three times: 6 of 10 are repeats.
const PARAS = [
  "The library opens at nine on weekdays.",
  "Members can borrow up to ten books at a time.",
  "Late returns cost ten cents a day.",
  "The reading room is quiet after six.",
];
const DUP_PARAS = [...PARAS, PARAS[0], PARAS[1], PARAS[0], PARAS[1], PARAS[0], PARAS[1]].join("\n\n");
// One paragraph of ten lines, five of them repeats of earlier lines.
const DUP_LINES = [...PARAS, "Ask at the desk for a card.", PARAS[0], PARAS[1], PARAS[2], PARAS[3], PARAS[0]].join(
  "\n",
);
// Mostly unique short lines, one long line twice: few repeated lines but many repeated characters.
const LONG = `Terms and conditions apply to every order placed through this website, including orders placed by phone, and the prices shown may change without notice at any time.`;
const SHORT_LINES = ["Open daily.", "Free parking.", "Dogs welcome.", "Cash only.", "No booking."];
const DUP_LONG = [...SHORT_LINES, LONG, "Call us.", "See you soon.", "Thank you.", LONG].join("\n");
// "alpha beta" ten times: the top 2-gram covers 10 * 10 of 109 characters.
const TWO_GRAM = Array(10).fill("alpha beta").join(" ");
// Twenty different words, then the same twenty again.
const TWENTY =
  "river stone maple cloud amber lantern quiet harbor meadow silver thunder garden orchard copper willow falcon canyon breeze violet ember".split(
    " ",
  );
const REPEAT_RUN = [...TWENTY, ...TWENTY].join(" ");

describe("gopher_repetition", () => {
  it("keeps prose and drops repetitive text with the rule and measured share", async () => {
    const { outcomes } = await runOp(gopherRepetition, {}, [
      { text: PROSE },
      { text: DUP_PARAS },
      { text: DUP_LINES },
      { text: DUP_LONG },
      { text: TWO_GRAM },
    ]);
    expect(outcomes.map(reason)).toEqual([
      "kept",
      "gopher_dup_para_fraction 0.6 > 0.3",
      "gopher_dup_line_fraction 0.5 > 0.3",
      `gopher_dup_line_char_fraction ${r3(LONG.length / DUP_LONG.length)} > 0.2`,
      `gopher_top_2gram_char_fraction ${r3(100 / 109)} > 0.2`,
    ]);
    expect(TWO_GRAM.length).toBe(109);
  });

  it("counts repeated n-grams the way datatrove does (a repeat's words, then a jump of n)", async () => {
    // Walking 5-grams: positions 20, 25, 30 and 35 repeat earlier ones, covering all twenty words.
    const { outcomes } = await runOp(gopherRepetition, { top_ngram_char_fractions: {} }, [{ text: REPEAT_RUN }]);
    expect(reason(outcomes[0])).toBe(
      `gopher_dup_5gram_char_fraction ${r3(TWENTY.join("").length / REPEAT_RUN.length)} > 0.15`,
    );
  });

  it("catches keyword-stuffed SEO spam", async () => {
    const { outcomes, records } = await runOp(gopherRepetition, { mode: "score" }, [{ text: SPAM }]);
    expect(outcomes[0]?.keep).toBe(true);
    // The most frequent 2-gram is "cheap flights" (14 times, 13 characters each), counted independently.
    const pairs = new Map<string, number>();
    const w = wordList(SPAM);
    for (let i = 0; i + 1 < w.length; i++)
      pairs.set(`${w[i]} ${w[i + 1]}`, (pairs.get(`${w[i]} ${w[i + 1]}`) ?? 0) + 1);
    const top = [...pairs.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    expect(top).toEqual(["cheap flights", 14]);
    const share = (top[0].length * top[1]) / SPAM.length;
    expect(records[0]?.scores.gopher_top_2gram_char_fraction).toBeCloseTo(share, 12);
    const filtered = await runOp(gopherRepetition, {}, [{ text: SPAM }]);
    expect(reason(filtered.outcomes[0])).toBe(`gopher_top_2gram_char_fraction ${r3(share)} > 0.2`);
  });

  it("adds all thirteen measures in score mode without dropping", async () => {
    const { outcomes, records } = await runOp(gopherRepetition, { mode: "score" }, [
      { text: PROSE },
      { text: DUP_PARAS },
    ]);
    expect(outcomes.every((o) => o.keep)).toBe(true);
    expect(Object.keys(records[0]?.scores ?? {}).sort()).toEqual(
      [
        "dup_line_char_fraction",
        "dup_line_fraction",
        "dup_para_char_fraction",
        "dup_para_fraction",
        ...[2, 3, 4].map((n) => `top_${n}gram_char_fraction`),
        ...[5, 6, 7, 8, 9, 10].map((n) => `dup_${n}gram_char_fraction`),
      ]
        .map((k) => `gopher_${k}`)
        .sort(),
    );
    expect(records[0]?.scores).toMatchObject({ gopher_dup_para_fraction: 0, gopher_dup_line_fraction: 0 });
    const repeatedChars = 3 * ((PARAS[0] as string).length + (PARAS[1] as string).length);
    expect(records[1]?.scores).toMatchObject({
      gopher_dup_para_fraction: 0.6,
      gopher_dup_para_char_fraction: repeatedChars / DUP_PARAS.length,
    });
  });
});

describe("gopher_repetition in a recipe", () => {
  it("drops the repetitive records and records why", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "docs", "pages.jsonl"), [
      { id: "prose", text: PROSE },
      { id: "spam", text: SPAM },
      { id: "paras", text: DUP_PARAS },
    ]);
    const run = await runYaml(
      dir,
      `name: repetition
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: quality
    operators:
      - id: rep
        op: gopher_repetition
        params: { dup_ngram_char_fractions: { "5": 0.15 } }
output: { path: out, format: jsonl, compression: none, keep_dropped: true }
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    expect(rows(run.out, "data").map((r) => r.id)).toEqual(["prose"]);
    const dropped = Object.fromEntries(rows(run.out, "dropped").map((r) => [r.id, r.drop_reason]));
    expect(dropped.paras).toBe("gopher_dup_para_fraction 0.6 > 0.3");
    expect(dropped.spam).toMatch(/^gopher_top_2gram_char_fraction 0\.\d+ > 0\.2$/);
    expect(run.manifest.stages[0]?.operators.find((o) => o.id === "rep")?.drop_rules).toEqual({
      gopher_dup_para_fraction: 1,
      gopher_top_2gram_char_fraction: 1,
    });
  });
});
