import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOperator } from "../../../src/core/registry.js";
import { foldText } from "../../../src/ops/safety/chars.js";
import { toxicity } from "../../../src/ops/safety/toxicity.js";
import { buildMatcher, LIST_CODES, listCodeFor, matchText } from "../../../src/ops/safety/wordlists.js";
import { runYaml, tempDir, writeJsonl } from "../../writers/helpers.js";
import { plainWords, reason, rows, runOp } from "./helpers.js";

const FARM =
  "At dawn the cock crowed on the farm while the hens pecked at grain near the old barn, and the farmer " +
  "counted his chickens before walking down to the river to check the nets he had set the night before.";
const MEDICAL =
  "Anal fissures are small tears in the lining of the anal canal. Treatment includes fibre, fluids and " +
  "topical creams, and most fissures heal within six weeks without surgery.";
const RANT = "What the fuck is this shit, you asshole?";
const DE_RANT = "Du bist so ein Arschloch, und dein Auto ist Scheiße.";
const FR_RANT = "Ce connard m'a volé mon vélo, putain !";
const FR_CAT =
  "Notre chatte s'appelle Minou et elle a sept ans. Chaque matin, elle attend devant la porte de la cuisine " +
  "pendant que nous préparons le café. Elle aime dormir au soleil sur le rebord de la fenêtre, surveiller les " +
  "oiseaux du jardin et jouer avec une vieille pelote de laine. Le vétérinaire dit qu'elle est en excellente " +
  "santé, même si elle mange un peu trop. Quand il pleut, elle se cache sous le lit et refuse de sortir avant " +
  "le dîner. Les enfants du voisin viennent souvent la caresser après l'école, et elle ronronne si fort qu'on " +
  "l'entend depuis le salon. C'est vraiment un membre de la famille.";
const ES_RANT = "No seas pendejo, esa película es una mierda.";
const ZH_RANT = "他妈的，这个傻逼又把服务器搞崩了。";
const ZH_TECH = "这个库的兼容性和可见性都很好，性能也很高。牛乳和乳酪是乳制品。";

describe("toxicity on real sentences", () => {
  it("scores English profanity as matched terms / words", async () => {
    const { outcomes, records } = await runOp(toxicity, { record_terms: true }, [RANT]);
    expect(outcomes[0]?.keep).toBe(true); // score mode never drops
    expect(plainWords(RANT)).toHaveLength(8);
    expect(records[0]?.scores).toEqual({ toxicity: 0.375, toxic_words: 3 });
    expect(records[0]?.meta.toxic_terms).toEqual(["fuck", "shit", "asshole"]);
  });

  it("drops above max_toxicity with the measured density in the reason", async () => {
    const { outcomes } = await runOp(toxicity, { mode: "filter" }, [RANT, FARM, ""]);
    expect(reason(outcomes[0])).toBe("toxicity 0.375 > 0.01 (3 terms in 8 words)");
    // One innocent-sense word ("cock", the rooster) in 40 words is still 2.5%...
    expect(reason(outcomes[1])).toBe("toxicity 0.025 > 0.01 (1 term in 40 words)");
    expect(reason(outcomes[2])).toBe("kept");
    // ...which min_terms: 2 spares, while the rant still goes.
    const spared = await runOp(toxicity, { mode: "filter", min_terms: 2 }, [RANT, FARM]);
    expect(spared.outcomes.map(reason)).toEqual(["toxicity 0.375 > 0.01 (3 terms in 8 words)", "kept"]);
  });

  it("counts an innocent-sense word once, well under the threshold in a paragraph", async () => {
    const { records } = await runOp(toxicity, { record_terms: true }, [FARM, FR_CAT]);
    const words = plainWords(FARM).length;
    expect(words).toBe(40);
    expect(records[0]?.scores).toEqual({ toxicity: 1 / 40, toxic_words: 1 });
    expect(records[0]?.meta.toxic_terms).toEqual(["cock"]);
    // The French list only applies to a record that says it is French.
    expect(records[1]?.scores.toxic_words).toBe(0);
  });

  it("uses the list of the record's nl_lang (German, French, Spanish, Chinese)", async () => {
    const { records, outcomes } = await runOp(toxicity, { record_terms: true, mode: "filter" }, [
      { text: DE_RANT, meta: { nl_lang: "de" } },
      { text: FR_RANT, meta: { nl_lang: "fr" } },
      { text: ES_RANT, meta: { nl_lang: "es" } },
      { text: ZH_RANT, meta: { nl_lang: "zh" } },
      { text: FR_CAT, meta: { nl_lang: "fr" } },
      { text: DE_RANT, meta: { nl_lang: "en" } },
      { text: DE_RANT },
    ]);
    expect(records[0]?.meta.toxic_terms).toEqual(["arschloch", "scheiße"]);
    expect(records[0]?.scores).toEqual({ toxicity: 0.2, toxic_words: 2 });
    expect(records[1]?.meta.toxic_terms).toEqual(["connard", "putain"]);
    expect(plainWords(FR_RANT)).toHaveLength(8); // m'a is two words
    expect(records[1]?.scores).toEqual({ toxicity: 0.25, toxic_words: 2 });
    expect(records[2]?.meta.toxic_terms).toEqual(["pendejo", "mierda"]);
    expect(records[2]?.scores).toEqual({ toxicity: 0.25, toxic_words: 2 });
    // 16 Han characters = 8 estimated words (2 characters per word); 他妈的 and 傻逼 match inside runs.
    expect(records[3]?.meta.toxic_terms).toEqual(["他妈的", "傻逼"]);
    expect(records[3]?.scores).toEqual({ toxicity: 0.25, toxic_words: 2 });
    expect(reason(outcomes[3])).toBe("toxicity 0.25 > 0.01 (2 terms in 8 words)");
    // "chatte" is also a female cat: one hit in a long paragraph is under 1%.
    const catWords = plainWords(FR_CAT).length;
    expect(catWords).toBeGreaterThan(100);
    expect(records[4]?.meta.toxic_terms).toEqual(["chatte"]);
    expect(records[4]?.scores.toxicity).toBeCloseTo(1 / catWords, 6);
    expect(reason(outcomes[4])).toBe("kept");
    // A record said to be English, or with no language, gets the English list only.
    expect(records[5]?.scores.toxic_words).toBe(0);
    expect(records[6]?.scores.toxic_words).toBe(0);
  });

  it("skips the Chinese single-character morphemes unless asked, and then only as words", async () => {
    const zh = { text: ZH_TECH, meta: { nl_lang: "zh" } };
    const off = await runOp(toxicity, {}, [zh]);
    expect(off.records[0]?.scores.toxic_words).toBe(0);
    // On: 乳 inside 牛乳 / 乳酪 / 乳制品 is not a word of its own; alone it is.
    const on = await runOp(toxicity, { cjk_single_chars: true, record_terms: true }, [
      { text: "牛乳和乳酪是乳制品。", meta: { nl_lang: "zh" } },
      { text: "乳。", meta: { nl_lang: "zh" } },
    ]);
    expect(on.records[0]?.scores.toxic_words).toBe(0);
    expect(on.records[1]?.meta.toxic_terms).toEqual(["乳"]);
  });

  it("allowlists words and phrases, and adds blocklisted ones", async () => {
    const base = await runOp(toxicity, { mode: "filter" }, [MEDICAL, FARM]);
    // Two innocent "anal" in 28 words: a medical text the any-word rule of C4 would also drop.
    expect(plainWords(MEDICAL)).toHaveLength(28);
    expect(reason(base.outcomes[0])).toBe("toxicity 0.0714 > 0.01 (2 terms in 28 words)");
    const allowed = await runOp(
      toxicity,
      { mode: "filter", allowlist: ["anal fissures", "anal canal", "cock"], blocklist: ["fibre"] },
      [MEDICAL, FARM, "Dick Van Dyke starred in Mary Poppins."],
    );
    // The phrases shield the listed word inside them; "fibre" now counts.
    expect(allowed.records[0]?.scores).toEqual({ toxicity: Math.round((1 / 28) * 1e6) / 1e6, toxic_words: 1 });
    expect(allowed.records[1]?.scores.toxic_words).toBe(0);
    expect(allowed.records[2]?.scores.toxic_words).toBe(1);
    const shielded = await runOp(toxicity, { allowlist: ["dick van dyke"] }, ["Dick Van Dyke starred in Moby Dick."]);
    expect(shielded.records[0]?.scores.toxic_words).toBe(1); // only the second "dick"
  });

  it("falls back to English only: other lists hold everyday English words", async () => {
    const text = "I am sure that I am right about the con of this plan.";
    const en = await runOp(toxicity, {}, [text]);
    expect(en.records[0]?.scores.toxic_words).toBe(0);
    const all = await runOp(toxicity, { languages: "all", record_terms: true }, [text]);
    expect(all.records[0]?.meta.toxic_terms).toEqual(["am", "con"]); // Turkish, French
    expect(all.records[0]?.scores.toxic_words).toBe(3);
  });

  it("matches hyphenated, full-width and multi-word entries as word sequences", () => {
    const m = buildMatcher(["en"], { block: [], allow: [], cjkSingleChars: false });
    const r = matchText(m, foldText("The G Spot, Ｆｕｃｋ, 2 girls 1 cup 🖕 and scunthorpe"), 10);
    expect(r.terms).toEqual(["g-spot", "fuck", "2 girls 1 cup", "🖕"]);
    expect(r.words).toBe(11); // the emoji is a word; "scunthorpe" is one word, not a match
    expect(listCodeFor("fr-CA")).toBe("fr");
    expect(listCodeFor("nb")).toBe("no");
    expect(listCodeFor("vi")).toBeUndefined();
    expect(LIST_CODES).toContain("zh");
    expect(LIST_CODES).not.toContain("fr-CA-u-sd-caqc");
  });
});

describe("toxicity in a recipe", () => {
  it("scores and filters through runYaml, per-record language included", async () => {
    const dir = tempDir("smelt-safety-");
    writeJsonl(join(dir, "docs", "posts.jsonl"), [
      { id: "rant", text: RANT },
      { id: "farm", text: FARM },
      { id: "de", text: DE_RANT, nl_lang: "de" },
      { id: "cat", text: FR_CAT, nl_lang: "fr" },
      { id: "zh", text: ZH_TECH, nl_lang: "zh" },
    ]);
    const ran = await runYaml(
      dir,
      `name: tox
inputs:
  - id: posts
    type: jsonl
    path: docs
    id_field: id
stages:
  - name: safety
    operators:
      - id: tox
        op: toxicity
        params: { mode: filter, min_terms: 2, record_terms: true }
output:
  path: out
  format: jsonl
  compression: none
  keep_dropped: true
`,
    );
    expect(ran.manifest.counts).toMatchObject({ input: 5, output: 3, dropped: 2 });
    const op = ran.manifest.stages[0]?.operators.find((o) => o.id === "tox");
    expect(op).toMatchObject({ op: "toxicity", kind: "score", drop_rules: { toxicity: 2 } });
    expect(op?.version).toMatch(/^1\.0\.0\+naughty-words\.\d/);
    const dropped = Object.fromEntries(rows(ran.out, "dropped").map((r) => [r.id, r.drop_reason]));
    expect(dropped).toEqual({
      rant: "toxicity 0.375 > 0.01 (3 terms in 8 words)",
      de: "toxicity 0.2 > 0.01 (2 terms in 10 words)",
    });
    const kept = rows(ran.out, "data");
    const farm = kept.find((r) => r.id === "farm");
    expect(JSON.stringify(farm)).toContain('"toxic_words":1');
    expect(farm?.toxic_terms).toEqual(["cock"]);
    expect(kept.find((r) => r.id === "zh")?.toxic_terms).toEqual([]);
  });

  it("is registered with its params schema", () => {
    expect(findOperator("toxicity")).toBe(toxicity);
    expect(() => toxicity.params.parse({ languages: ["xx"] })).toThrow();
    expect(() => toxicity.params.parse({ max_toxicity: 2 })).toThrow();
  });
});
