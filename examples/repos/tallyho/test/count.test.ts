// SPDX-License-Identifier: MPL-2.0
/* This Source Code Form is subject to the terms of the Mozilla Public
 * License, v. 2.0. If a copy of the MPL was not distributed with this
 * file, You can obtain one at https://mozilla.org/MPL/2.0/. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countLines, countText, sumTallies, topWords } from "../src/count.js";
import { countSentences, tokenize } from "../src/tokenize.js";

describe("tokenize", () => {
  it("splits on spaces and punctuation and lower-cases", () => {
    assert.deepEqual(tokenize("Hello, brave new World!"), ["hello", "brave", "new", "world"]);
  });

  it("keeps contractions and inner hyphens together", () => {
    assert.deepEqual(tokenize("Don’t re-run the well-known test", { noSegmenter: true }), [
      "don't",
      "re-run",
      "the",
      "well-known",
      "test",
    ]);
  });

  it("drops pure numbers unless asked", () => {
    assert.deepEqual(tokenize("in 2024 we shipped 3 releases"), ["in", "we", "shipped", "releases"]);
    assert.equal(tokenize("in 2024", { keepNumbers: true }).length, 2);
  });

  it("handles accented letters in the regex fallback", () => {
    assert.deepEqual(tokenize("Crème brûlée à volonté", { noSegmenter: true, locale: "fr" }), [
      "crème",
      "brûlée",
      "à",
      "volonté",
    ]);
  });

  it("can keep the original case", () => {
    assert.deepEqual(tokenize("Big Cats", { lowercase: false }), ["Big", "Cats"]);
  });
});

describe("countLines", () => {
  it("matches wc -l plus an unterminated last line", () => {
    assert.equal(countLines(""), 0);
    assert.equal(countLines("one"), 1);
    assert.equal(countLines("one\n"), 1);
    assert.equal(countLines("one\ntwo"), 2);
    assert.equal(countLines("\n\n"), 2);
  });
});

describe("countSentences", () => {
  it("counts terminal punctuation", () => {
    assert.equal(countSentences("One. Two! Three?"), 3);
    assert.equal(countSentences("no punctuation at all"), 1);
    assert.equal(countSentences("   "), 0);
    assert.equal(countSentences("Version 1.2 is out."), 1);
  });
});

describe("countText", () => {
  const text = "The cat sat on the mat.\nThe cat ate the rat.\n";

  it("counts the basics", () => {
    const t = countText(text, "cats.txt");
    assert.equal(t.source, "cats.txt");
    assert.equal(t.lines, 2);
    assert.equal(t.words, 11);
    assert.equal(t.unique, 7);
    assert.equal(t.sentences, 2);
  });

  it("ranks top words without stopwords", () => {
    const t = countText(text, "-", { top: 2 });
    assert.deepEqual(t.top, [
      ["cat", 2],
      ["ate", 1],
    ]);
  });

  it("keeps stopwords when asked", () => {
    const t = countText(text, "-", { top: 1, skipStopwords: false });
    assert.deepEqual(t.top, [["the", 4]]);
  });

  it("counts code points, not UTF-16 units", () => {
    assert.equal(countText("naïve 🐈").chars, 7);
  });
});

describe("topWords / sumTallies", () => {
  it("breaks ties alphabetically", () => {
    const freq = new Map([
      ["pear", 2],
      ["apple", 2],
      ["fig", 3],
    ]);
    assert.deepEqual(topWords(freq, 3), [
      ["fig", 3],
      ["apple", 2],
      ["pear", 2],
    ]);
  });

  it("adds tallies", () => {
    const a = countText("alpha beta beta\n", "a");
    const b = countText("beta gamma\n", "b");
    const total = sumTallies([a, b], 1);
    assert.equal(total.words, 5);
    assert.equal(total.lines, 2);
    assert.deepEqual(total.top, [["beta", 3]]);
  });
});
