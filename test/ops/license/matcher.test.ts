import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { licenseIndex } from "../../../src/ops/license/matcher.js";
import { licenseTokens } from "../../../src/ops/license/normalize.js";
import { FIRST_SECTION_FACTOR, matchLicenseFile } from "../../../src/ops/license/repo.js";
import { ROOT } from "../../engine/helpers.js";
import { COMMON, PERTURBATIONS, perturb, rewrap } from "./perturb.js";

const require = createRequire(import.meta.url);
const SPDX = require("spdx-license-list/full") as Record<string, { name: string; licenseText: string }>;
const NM = join(ROOT, "node_modules");
const index = licenseIndex();

function spdxText(id: string): string {
  const entry = SPDX[id];
  if (!entry) throw new Error(`no SPDX text for ${id}`);
  return entry.licenseText;
}

/** The id the matcher reports for a text, with its score. */
function best(text: string): { id: string; score: number } {
  const m = index.match(text);
  return { id: m?.id ?? "none", score: m?.score ?? 0 };
}

describe("normalization", () => {
  it("removes what real files change: copyright lines, titles, Markdown, wrapping, placeholders, CRLF", () => {
    const mit = spdxText("MIT");
    const real = [
      "# The MIT License (MIT)",
      "",
      "Copyright (c) 2019-2024 **Jane Doe** <jane@example.org>",
      "",
      rewrap(mit.replace(/^MIT License\s+Copyright[^\n]*\n/, ""), 64),
    ]
      .join("\n")
      .replace(/\n/g, "\r\n");
    expect(licenseTokens(real)).toEqual(licenseTokens(mit));
  });

  it("keeps 'copyright notice' and 'copyright holders' in running text", () => {
    const tokens = licenseTokens("The above\ncopyright notice shall be included. The copyright holders disclaim it.");
    expect(tokens.join(" ")).toBe("the above copyright notice shall be included the copyright holders disclaim it");
  });

  it("cuts a copyright statement at its sentence end, so rewrapping does not change the result", () => {
    const text = "Copyright (c) 2005 Lawrence Rosen. Permission is granted to copy this License.";
    expect(licenseTokens(text)).toEqual(["permission", "is", "granted", "to", "copy", "this", "license"]);
    expect(licenseTokens(rewrap(text, 40))).toEqual(licenseTokens(text));
    // A statement broken over two lines loses only its first line: the holder's words stay.
    expect(licenseTokens("Copyright (c) 2005\nLawrence Rosen.").join(" ")).toBe("lawrence rosen");
  });

  it("drops the appendix after END OF TERMS AND CONDITIONS", () => {
    const apache = spdxText("Apache-2.0");
    const cut = apache.slice(0, apache.indexOf("APPENDIX"));
    expect(licenseTokens(cut)).toEqual(licenseTokens(apache));
  });
});

describe("matching the SPDX texts", () => {
  it("matches every common license, perturbed each way and all at once, to itself above 0.9", () => {
    let seed = 1;
    for (const id of COMMON) {
      for (const which of [...PERTURBATIONS.map((p) => [p]), PERTURBATIONS]) {
        const { text } = perturb(spdxText(id), SPDX[id]?.name ?? id, which, seed++);
        const m = best(text);
        expect(m.id, `${id} ${which.join("+")}`).toBe(id);
        expect(m.score, `${id} ${which.join("+")}`).toBeGreaterThanOrEqual(0.9);
      }
    }
  });

  it("reports one id for licenses whose texts are identical (the bare GNU ids)", () => {
    for (const [id, want] of [
      ["GPL-3.0-or-later", "GPL-3.0"],
      ["GPL-3.0-only", "GPL-3.0"],
      ["GPL-2.0-or-later", "GPL-2.0"],
      ["LGPL-2.1-only", "LGPL-2.1"],
      ["AGPL-3.0-or-later", "AGPL-3.0"],
      ["MPL-2.0-no-copyleft-exception", "MPL-2.0"],
    ] as const) {
      const m = index.match(spdxText(id));
      expect(m?.id, id).toBe(want);
      expect(m?.members, id).toContain(id);
      expect(m?.score).toBe(1);
      expect(index.representative(id)).toBe(want);
    }
    expect(index.representative("LicenseRef-Custom")).toBe("LicenseRef-Custom");
  });

  it("tells close siblings apart: BSD-2/3, MIT/ISC/MIT-0/0BSD, the GNU family, Apache without appendix", () => {
    const cases: Array<[string, string]> = [
      ["BSD-2-Clause", "BSD-2-Clause"],
      ["BSD-3-Clause", "BSD-3-Clause"],
      ["BSD-3-Clause-Clear", "BSD-3-Clause-Clear"],
      ["MIT", "MIT"],
      ["ISC", "ISC"],
      ["MIT-0", "MIT-0"],
      ["0BSD", "0BSD"],
      ["X11", "X11"],
      ["GPL-2.0", "GPL-2.0"],
      ["GPL-3.0", "GPL-3.0"],
      ["LGPL-2.0", "LGPL-2.0"],
      ["LGPL-2.1", "LGPL-2.1"],
      ["LGPL-3.0", "LGPL-3.0"],
      ["AGPL-3.0", "AGPL-3.0"],
      ["MPL-1.1", "MPL-1.1"],
      ["EPL-1.0", "EPL-1.0"],
      ["Apache-1.1", "Apache-1.1"],
    ];
    let seed = 100;
    for (const [id, want] of cases) {
      const { text } = perturb(spdxText(id), SPDX[id]?.name ?? id, PERTURBATIONS, seed++);
      const m = index.match(text);
      expect(m?.id, id).toBe(want);
      // The runner-up (MPL-1.1's is CUA-OPL-1.0, a copy with other names) is behind.
      expect((m?.score ?? 0) - (m?.runnerUp?.score ?? 0), id).toBeGreaterThan(0.005);
    }
    // BSD-3 is BSD-2 plus the third clause: removing that clause flips the verdict.
    const bsd3 = spdxText("BSD-3-Clause");
    expect(best(bsd3.replace(/\n3\. Neither[^\n]*\n/, "\n")).id).toBe("BSD-2-Clause");
    // LGPL-3.0 as usually shipped (COPYING.LESSER: the additional permissions without the GPL).
    const lgpl3 = spdxText("LGPL-3.0");
    const lesser = lgpl3.slice(0, lgpl3.indexOf("GNU GENERAL PUBLIC LICENSE"));
    expect(best(perturb(lesser, "GNU LGPL v3", PERTURBATIONS, 7).text)).toMatchObject({ id: "LGPL-3.0" });
    expect(best(lesser).score).toBe(1);
    // Apache-2.0 without its appendix is still Apache-2.0, at full score.
    const apache = spdxText("Apache-2.0");
    expect(best(apache.slice(0, apache.indexOf("END OF TERMS")))).toEqual({ id: "Apache-2.0", score: 1 });
  });

  it("matches the real LICENSE files shipped in node_modules to their package.json license", () => {
    const files: Array<[string, string]> = [
      ["zod/LICENSE", "MIT"],
      ["typescript/LICENSE.txt", "Apache-2.0"],
      ["eld/LICENSE", "Apache-2.0"],
      ["lightningcss/LICENSE", "MPL-2.0"],
      ["source-map-js/LICENSE", "BSD-3-Clause"],
      ["picocolors/LICENSE", "ISC"],
      ["yaml/LICENSE", "ISC"],
      ["tree-sitter-wasms/LICENSE", "Unlicense"],
      ["spdx-license-list/license", "CC0-1.0"],
      ["naughty-words/LICENSE", "CC-BY-4.0"],
    ];
    for (const [file, want] of files) {
      const m = best(readFileSync(join(NM, file), "utf8"));
      expect(m.id, file).toBe(want);
      expect(m.score, file).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("matches the example corpus's LICENSE files", () => {
    for (const [repo, want] of [
      ["inkwell", "MIT"],
      ["orbit", "Apache-2.0"],
      ["ferrous", "BSD-3-Clause"],
    ] as const) {
      const m = best(readFileSync(join(ROOT, "examples", "repos", repo, "LICENSE"), "utf8"));
      expect(m.id, repo).toBe(want);
      expect(m.score, repo).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("reads a project license followed by bundled dependencies' licenses as its first section", () => {
    // vite's LICENSE.md: MIT, then 90 KB of licenses of bundled dependencies.
    const vite = readFileSync(join(NM, "vite", "LICENSE.md"), "utf8");
    expect(best(vite).score).toBeLessThan(0.5);
    const m = matchLicenseFile(vite, 0.9);
    expect(m?.id).toBe("MIT");
    expect(m?.score).toBeGreaterThan(0.9);
    expect(m?.score).toBeLessThanOrEqual(FIRST_SECTION_FACTOR);
    // A license with extra conditions after it is not its first part, even if they mention
    // dependencies.
    const apache = spdxText("Apache-2.0");
    const commons = `${apache}\n\n---\n\n"Commons Clause" License Condition v1.0\n\nThe Software is provided to you by the Licensor under the License, as defined below, subject to the following condition. Without limiting other conditions in the License, the grant of rights under the License will not include, and the License does not grant to you, the right to Sell the Software, including its dependencies.\n`;
    const c = matchLicenseFile(commons, 0.999);
    expect(c?.score ?? 0).toBeLessThan(0.999);
  });

  it("does not mistake ordinary prose for a license", () => {
    for (const file of ["vitest/README.md", "zod/README.md", "yaml/README.md", "typescript/README.md"]) {
      const m = best(readFileSync(join(NM, file), "utf8"));
      expect(m.score, file).toBeLessThan(0.5);
    }
    expect(index.match("")).toBeUndefined();
  });

  it("finds a license text contained in a longer header comment, preferring the fuller sibling", () => {
    const bsd3 = spdxText("BSD-3-Clause").replace("<year> <owner>", "2024 ACME");
    const comment = `geom.c: small geometry helpers used by the renderer.\n\n${bsd3}`;
    const m = index.contained(comment, 0.9);
    expect(m?.id).toBe("BSD-3-Clause");
    expect(m?.containment).toBeGreaterThan(0.95);
    expect(index.contained("a short comment about the license of nothing", 0.9)).toBeUndefined();
  });
});
