import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeRepository } from "../../src/synth/analyze.js";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap } from "../../src/synth/map/index.js";
import { domainMapJson } from "../../src/synth/map/save.js";
import { extractRules } from "../../src/synth/rules/index.js";

/**
 * analyzeRepository parses each file once (index, classes and rules from the same tree); the
 * result must be what the three steps give when each parses the files itself.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("analyzeRepository: one parse per file, the same result as the separate steps", () => {
  it.each([
    "examples/services/shopfloor",
    "examples/services/parcel",
    "examples/repos/orbit",
    "examples/repos/inkwell",
  ])(
    "%s",
    async (rel) => {
      const root = path.join(ROOT, rel);
      const one = await analyzeRepository(root);
      const index = await indexRepository(root);
      const map = await buildDomainMap(index, root);
      const rules = await extractRules(index, map, root);
      expect(one.index).toEqual(index);
      expect(domainMapJson(one.map)).toBe(domainMapJson(map));
      expect(one.rules).toEqual(rules);
      expect(one.rules.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
