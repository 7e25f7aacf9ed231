import { describe, expect, it } from "vitest";
import { countWords, fmt, splitLines, words } from "../../../src/ops/quality/common.js";
import { fixture, repoFile } from "./helpers.js";

describe("quality helpers", () => {
  it("splits words on anything but letters, digits and marks, in any script", () => {
    expect(words("Don't stop — it's 2024! #travel")).toEqual(["Don", "t", "stop", "it", "s", "2024", "travel"]);
    // Devanagari vowel signs are combining marks: they stay inside the word.
    expect(words("नमस्ते दुनिया")).toEqual(["नमस्ते", "दुनिया"]);
    // Astral letters (Gothic) are letters; emoji are not.
    expect(words("𐌰𐌱 🙂 ok")).toEqual(["𐌰𐌱", "ok"]);
  });

  it("counts words without building them, exactly as words() splits them", () => {
    const texts = [
      fixture("sourdough.txt"),
      repoFile("node_modules/zod/README.md"),
      "नमस्ते दुनिया 𐌰𐌱 🙂 ok \uD800 lone surrogate",
      "今天天气很好，我们去公园散步。",
      "",
    ];
    for (const t of texts) expect(countWords(t)).toBe(words(t).length);
  });

  it("splits lines like Python's splitlines for \\n, \\r\\n and \\r", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\r\n\r\nb")).toEqual(["a", "", "b"]);
    expect(splitLines("a\rb")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([]);
  });

  it("prints measures so the comparison in the reason stays true", () => {
    expect(fmt(2411, 1000)).toBe("2411");
    expect(fmt(0.62345, 0.5)).toBe("0.623");
    expect(fmt(0.11996, 0.12)).toBe("0.11996");
    expect(fmt(0.2049, 0.2045)).toBe("0.205");
    expect(fmt(0.20496, 0.205)).toBe("0.20496");
    expect(fmt(1 / 3)).toBe("0.333");
  });
});
