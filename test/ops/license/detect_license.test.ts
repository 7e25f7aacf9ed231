import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../engine/helpers.js";
import { git } from "../../readers/helpers.js";
import { type Ran, readJsonlFile, runYaml, tempDir, writeFiles, writeJsonl } from "../../writers/helpers.js";
import { perturb } from "./perturb.js";

const require = createRequire(import.meta.url);
const SPDX = require("spdx-license-list/full") as Record<string, { name: string; licenseText: string }>;
const text = (id: string) => (SPDX[id] as { licenseText: string }).licenseText;
const NM = join(ROOT, "node_modules");

type Row = Record<string, unknown>;

function rows(run: Ran): Row[] {
  return run.manifest.outputs.data.files.flatMap((f) => readJsonlFile(join(run.out, f)) as Row[]);
}

/** path (id for the JSONL rows of input `docs`) -> "license | source | confidence" */
function verdicts(run: Ran, field = "license"): Record<string, string> {
  return Object.fromEntries(
    rows(run).map((r) => [
      String(r.source === "docs" ? r.id : r.path),
      `${r[field]} | ${r[`${field}_source`]} | ${r[`${field}_confidence`]}`,
    ]),
  );
}

const lgpl3 = text("LGPL-3.0");

describe("detect_license on a folder of repositories and a JSONL input", () => {
  let run: Ran;
  beforeAll(async () => {
    const dir = tempDir("smelt-license-");
    writeFiles(join(dir, "repos"), {
      // MIT, as a real project writes it (Markdown, holder filled in), and package.json agrees.
      "alpha/LICENSE": perturb(text("MIT"), "MIT License", ["fill", "markdown", "rewrap", "crlf"], 3).text,
      "alpha/package.json": '{ "name": "alpha", "license": "MIT" }\n',
      "alpha/src/index.js": "export const alpha = () => 1;\n",
      // A vendored file says otherwise in its own header: the header wins.
      "alpha/src/vendored.js": "/* SPDX-License-Identifier: Apache-2.0 OR mit */\nexport const v = 2;\n",
      // LGPL-3.0 shipped the GNU way, and pyproject says which version range.
      "beta/COPYING": text("GPL-3.0"),
      "beta/COPYING.LESSER": lgpl3.slice(0, lgpl3.indexOf("GNU GENERAL PUBLIC LICENSE")),
      "beta/pyproject.toml": '[project]\nname = "beta"\nlicense = "LGPL-3.0-or-later"\n',
      "beta/beta.py": "def beta():\n    return 2\n",
      // Only a manifest.
      "gamma/package.json": '{ "name": "gamma", "license": "ISC" }\n',
      "gamma/index.js": "module.exports = 3;\n",
      // No repository license at all; one file carries a GNU notice.
      "delta/main.c": [
        "/*",
        " * delta - a tiny program",
        " *",
        " * This program is free software; you can redistribute it and/or modify",
        " * it under the terms of the GNU General Public License as published by",
        " * the Free Software Foundation; either version 2 of the License, or",
        " * (at your option) any later version.",
        " */",
        "int main(void) { return 0; }",
        "",
      ].join("\n"),
      "delta/other.c": "int other(void) { return 1; }\n",
      // The Rust convention: two license files and a dual-license expression in Cargo.toml.
      "epsilon/LICENSE-MIT": readFileSync(join(NM, "zod", "LICENSE"), "utf8"),
      "epsilon/LICENSE-APACHE": readFileSync(join(NM, "eld", "LICENSE"), "utf8"),
      "epsilon/Cargo.toml": '[package]\nname = "epsilon"\nlicense = "MIT OR Apache-2.0"\n',
      "epsilon/src/lib.rs": "pub fn epsilon() -> u8 { 5 }\n",
      // LICENSE.md says BSD-2-Clause but package.json says MIT: the license text wins, less sure.
      "zeta/LICENSE.md": perturb(text("BSD-2-Clause"), "BSD 2-Clause License", ["fill", "markdown"], 9).text,
      "zeta/package.json": '{ "name": "zeta", "license": "MIT" }\n',
      "zeta/z.js": "export const z = 6;\n",
      // A custom license no SPDX text resembles: the manifest decides.
      "eta/LICENSE": "Copyright 2024 Eta Corp.\n\nAll rights reserved. You may look at this code but not use it.\n",
      "eta/package.json": '{ "name": "eta", "license": "MIT" }\n',
      "eta/e.js": "export const e = 7;\n",
    });
    writeJsonl(join(dir, "docs.jsonl"), [
      { id: "tagged", text: "# SPDX-License-Identifier: CC0-1.0\nprint('hi')\n" },
      { id: "has-column", text: "plain text without a header", license: "CC-BY-4.0" },
      { id: "plain", text: "plain text without a header" },
      { id: "unknown-column", text: "// SPDX-License-Identifier: Zlib\n", license: "NOASSERTION" },
    ]);
    run = await runYaml(
      dir,
      `name: license-test
inputs:
  - id: repos
    type: folder
    path: repos
    repos: children
  - id: docs
    type: jsonl
    path: docs.jsonl
    id_field: id
stages:
  - name: label
    operators:
      - id: license
        op: detect_license
      - id: strict
        op: detect_license
        params: { field: spdx, min_similarity: 0.999, header_text: false }
output:
  path: out
  format: jsonl
`,
    );
  });

  it("runs as a scorer through the engine with its defaults", () => {
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    const op = run.manifest.stages[0]?.operators.find((o) => o.id === "license");
    expect(op).toMatchObject({ op: "detect_license", kind: "score", version: "1.0.0", dropped: 0, errored: 0 });
    expect(op?.params).toEqual({ min_similarity: 0.9, field: "license", overwrite: false, header_text: true });
    expect(run.manifest.counts.output).toBe(run.manifest.counts.input);
  });

  it("combines headers, license files and manifests per the precedence rules", () => {
    const got = verdicts(run);
    // LICENSE match and package.json agree: 1 - (1 - dice)(1 - 0.9), dice = 1 after normalization.
    expect(got["alpha/src/index.js"]).toBe("MIT | license_file | 1");
    expect(got["alpha/package.json"]).toBe(got["alpha/src/index.js"]);
    expect(got["alpha/LICENSE"]).toBe(got["alpha/src/index.js"]);
    expect(got["alpha/src/vendored.js"]).toBe("Apache-2.0 OR MIT | header | 1");
    // COPYING + COPYING.LESSER -> LGPL-3.0, made precise by pyproject.toml.
    expect(got["beta/beta.py"]).toBe("LGPL-3.0-or-later | license_file | 1");
    expect(got["gamma/index.js"]).toBe("ISC | manifest | 0.9");
    expect(got["delta/main.c"]).toBe("GPL-2.0-or-later | header | 0.95");
    expect(got["delta/other.c"]).toBe("NOASSERTION | none | 0");
    // Both files match, each its own license; Cargo.toml says how they combine.
    expect(got["epsilon/src/lib.rs"]).toBe("MIT OR Apache-2.0 | license_file | 1");
    // The file wins a disagreement, at 0.85 x its score.
    expect(got["zeta/z.js"]).toBe("BSD-2-Clause | license_file | 0.85");
    expect(got["eta/e.js"]).toBe("MIT | manifest | 0.9");
  });

  it("gives records without repository access only what their own header says", () => {
    const got = verdicts(run);
    expect(got.tagged).toBe("CC0-1.0 | header | 1");
    expect(got["has-column"]).toBe("CC-BY-4.0 | input | null");
    expect(got.plain).toBe("NOASSERTION | none | 0");
    // A column that says nothing is filled in.
    expect(got["unknown-column"]).toBe("Zlib | header | 1");
  });

  it("honours field, min_similarity and header_text", () => {
    const got = verdicts(run, "spdx");
    // Without header text, the GNU notice is not read; delta has nothing else.
    expect(got["delta/main.c"]).toBe("NOASSERTION | none | 0");
    // The SPDX tag is still the file's own word.
    expect(got["alpha/src/vendored.js"]).toBe("Apache-2.0 OR MIT | header | 1");
    // The BSD-2 LICENSE.md is an exact match after normalization, so even 0.999 accepts it...
    expect(got["zeta/z.js"]).toBe("BSD-2-Clause | license_file | 0.85");
    // ...but eld's Apache LICENSE (Dice 0.997) is not: only LICENSE-MIT confirms Cargo.toml's
    // expression, which is kept at the MIT file's score (a disagreement would give MIT at 0.85).
    expect(got["epsilon/src/lib.rs"]).toBe("MIT OR Apache-2.0 | license_file | 1");
    // ...and a record's existing `spdx`-less row gets its own verdict (overwrite is about `spdx`).
    expect(got["has-column"]).toBe("NOASSERTION | none | 0");
  });
});

describe("detect_license on a git input", () => {
  it("reads the repository's LICENSE at the planned commit", async () => {
    const dir = tempDir("smelt-license-git-");
    const repo = join(dir, "proj");
    writeFiles(repo, {
      LICENSE: readFileSync(join(NM, "typescript", "LICENSE.txt"), "utf8"),
      "main.go": "package main\n\nfunc main() {}\n",
      "util.go": "// SPDX-License-Identifier: BSD-3-Clause\npackage main\n",
    });
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "first");
    // The working tree changes after the commit: the run reads HEAD, not the checkout.
    writeFileSync(join(repo, "LICENSE"), text("MIT"));
    const run = await runYaml(
      dir,
      `name: license-git
inputs:
  - id: code
    type: git
    path: proj
stages:
  - name: label
    operators:
      - id: license
        op: detect_license
output:
  path: out
  format: jsonl
`,
    );
    const got = verdicts(run);
    expect(got["main.go"]).toMatch(/^Apache-2\.0 \| license_file \| (?:1|0\.9\d*)$/);
    expect(got.LICENSE).toBe(got["main.go"]);
    expect(got["util.go"]).toBe("BSD-3-Clause | header | 1");
  });
});

describe("detect_license on the bundled example corpus", () => {
  it("finds MIT, Apache-2.0, BSD-3-Clause from LICENSE files and MPL-2.0 from headers + package.json", async () => {
    const dir = tempDir("smelt-license-examples-");
    const run = await runYaml(
      dir,
      `name: license-examples
inputs:
  - id: repos
    type: folder
    path: ${JSON.stringify(join(ROOT, "examples", "repos"))}
    repos: children
stages:
  - name: label
    operators:
      - id: license
        op: detect_license
output:
  path: out
  format: jsonl
`,
    );
    const all = rows(run);
    const byRepo = new Map<string, Set<string>>();
    for (const r of all) {
      const key = `${r.repo} ${r.license} ${r.license_source}`;
      byRepo.set(String(r.repo), (byRepo.get(String(r.repo)) ?? new Set()).add(key));
    }
    expect([...(byRepo.get("inkwell") ?? [])]).toEqual(["inkwell MIT license_file"]);
    expect([...(byRepo.get("orbit") ?? [])]).toEqual(["orbit Apache-2.0 license_file"]);
    expect([...(byRepo.get("ferrous") ?? [])]).toEqual(["ferrous BSD-3-Clause license_file"]);
    expect([...(byRepo.get("tallyho") ?? [])].sort()).toEqual(["tallyho MPL-2.0 header", "tallyho MPL-2.0 manifest"]);
    const got = verdicts(run);
    // LICENSE and pyproject.toml / Cargo.toml agree; orbit has no manifest that names a license.
    expect(got["inkwell/inkwell/render.py"]).toBe("MIT | license_file | 1");
    expect(got["ferrous/src/lib.rs"]).toBe("BSD-3-Clause | license_file | 1");
    expect(got["orbit/server.go"]).toBe("Apache-2.0 | license_file | 1");
    expect(got["tallyho/src/count.ts"]).toBe("MPL-2.0 | header | 1");
    expect(got["tallyho/dist/tallyho.min.js"]).toBe("MPL-2.0 | header | 1");
    expect(got["tallyho/README.md"]).toBe("MPL-2.0 | manifest | 0.9");
  });
});
