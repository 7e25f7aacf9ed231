import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RepoFiles } from "../../../src/core/repoFiles.js";
import { headerVerdict } from "../../../src/ops/license/detect_license.js";
import { leadingComment, noticeLicense, spdxTag } from "../../../src/ops/license/header.js";
import { manifestLicense } from "../../../src/ops/license/manifest.js";
import { isLicenseFileName } from "../../../src/ops/license/repo.js";
import { classifierLicense, parseExpression, resolveLicenseName } from "../../../src/ops/license/spdx.js";
import { ROOT } from "../../engine/helpers.js";

const REPOS = join(ROOT, "examples", "repos");
const example = (path: string) => readFileSync(join(REPOS, path), "utf8");

/** An in-memory repository root. */
function repo(files: Record<string, string>): RepoFiles {
  return { key: "test", list: () => Object.keys(files).sort(), read: (n) => files[n] };
}

describe("SPDX expressions", () => {
  it("normalizes ids and operators and keeps the expression's structure", () => {
    expect(parseExpression("mit or apache-2.0")?.expression).toBe("MIT OR Apache-2.0");
    expect(parseExpression("(MIT OR Apache-2.0) AND bsd-3-clause")?.expression).toBe(
      "(MIT OR Apache-2.0) AND BSD-3-Clause",
    );
    expect(parseExpression("GPL-2.0-only WITH linux-syscall-note")?.expression).toBe(
      "GPL-2.0-only WITH Linux-syscall-note",
    );
    expect(parseExpression("gpl-2.0+")?.expression).toBe("GPL-2.0+");
    expect(parseExpression("Apache-2.0+")?.expression).toBe("Apache-2.0+");
    expect(parseExpression("MIT/Apache-2.0")?.expression).toBe("MIT OR Apache-2.0");
    expect(parseExpression("LicenseRef-Proprietary")).toEqual({
      expression: "LicenseRef-Proprietary",
      ids: ["LicenseRef-Proprietary"],
      unknown: [],
    });
    expect(parseExpression("Foo-1.0")?.unknown).toEqual(["Foo-1.0"]);
  });

  it("takes the longest complete expression at the start of a header line", () => {
    expect(parseExpression("MPL-2.0 | https://example.org/tallyho */", true)?.expression).toBe("MPL-2.0");
    expect(parseExpression("MIT */", true)?.expression).toBe("MIT");
    expect(parseExpression("MIT OR", true)?.expression).toBe("MIT");
    expect(parseExpression("(MIT OR Apache-2.0", true)).toBeUndefined();
    expect(parseExpression("MIT OR", false)).toBeUndefined();
    expect(parseExpression("| nothing", true)).toBeUndefined();
  });

  it("resolves the names manifests use and refuses non-licenses", () => {
    const r = (s: string) => resolveLicenseName(s)?.expression;
    expect(r("MIT")).toBe("MIT");
    expect(r("The MIT License")).toBe("MIT");
    expect(r("Apache License, Version 2.0")).toBe("Apache-2.0");
    expect(r("Apache 2")).toBe("Apache-2.0");
    expect(r("GPLv3+")).toBe("GPL-3.0-or-later");
    expect(r("GPLv2")).toBe("GPL-2.0");
    expect(r("new BSD")).toBe("BSD-3-Clause");
    expect(r("(ISC OR GPL-3.0)")).toBe("(ISC OR GPL-3.0)");
    expect(r("UNLICENSED")).toBeUndefined();
    expect(r("SEE LICENSE IN LICENSE.txt")).toBeUndefined();
    expect(r("Proprietary")).toBeUndefined();
    expect(r("BSD")).toBeUndefined();
  });

  it("reads PyPI trove classifiers, short form first, and skips ambiguous ones", () => {
    const c = (s: string) => classifierLicense(s)?.expression;
    expect(c("License :: OSI Approved :: MIT License")).toBe("MIT");
    expect(c("License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)")).toBe("GPL-3.0-or-later");
    expect(c("License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)")).toBe(
      "LGPL-2.0-or-later",
    );
    expect(c("License :: OSI Approved :: Apache Software License")).toBe("Apache-2.0");
    expect(c("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)")).toBe("MPL-2.0");
    expect(c("License :: OSI Approved :: ISC License (ISCL)")).toBe("ISC");
    expect(c("License :: OSI Approved :: BSD License")).toBeUndefined();
    expect(c("License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)")).toBeUndefined();
    expect(c("Programming Language :: Python :: 3")).toBeUndefined();
  });
});

describe("a file's own header", () => {
  it("reads the SPDX tag of the example corpus's files, including a minified banner", () => {
    for (const f of ["tallyho/src/count.ts", "tallyho/src/cli.ts", "tallyho/scripts/gen-stopwords.mjs"]) {
      expect(spdxTag(example(f))?.expression, f).toBe("MPL-2.0");
    }
    expect(spdxTag(example("tallyho/dist/tallyho.min.js"))?.expression).toBe("MPL-2.0");
    // The README quotes the tag in backticks (and beyond line 50): prose, not a tag.
    expect(spdxTag(example("tallyho/README.md"))).toBeUndefined();
    expect(spdxTag(example("inkwell/inkwell/render.py"))).toBeUndefined();
  });

  it("looks only at the first 50 lines", () => {
    const late = `${"x = 1\n".repeat(60)}# SPDX-License-Identifier: MIT\n`;
    expect(spdxTag(late)).toBeUndefined();
    expect(spdxTag(`#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0-or-later OR mit\n`)?.expression).toBe(
      "GPL-2.0-or-later OR MIT",
    );
    expect(spdxTag("<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n# Doc")?.expression).toBe("CC-BY-4.0");
  });

  it("extracts leading comments of several syntaxes, skipping shebangs and encoding lines", () => {
    expect(leadingComment("/*\n * Hello\n * world\n */\nint x;")).toBe("Hello\n world");
    expect(leadingComment("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# one\n# two\nimport os\n")).toBe(
      "one\n two",
    );
    expect(leadingComment('"""Module docstring.\n\nMore.\n"""\nimport os')).toBe("Module docstring.\n\nMore.");
    expect(leadingComment("// a\n\n// b\npackage main")).toBe("a\n b");
    expect(leadingComment("<?php\n/** x */\n")).toBe("x");
    expect(leadingComment("package main\n// not a header")).toBeUndefined();
  });

  it("recognizes standard notices, with -only / -or-later from the GNU clause", () => {
    const apache = `Copyright 2024 ACME\n\nLicensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.`;
    expect(noticeLicense(apache)).toBe("Apache-2.0");
    const gpl3plus =
      "This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.";
    expect(noticeLicense(gpl3plus)).toBe("GPL-3.0-or-later");
    const gpl2only =
      "This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; version 2 of the License.";
    expect(noticeLicense(gpl2only)).toBe("GPL-2.0-only");
    const lgpl21 =
      "under the terms of the GNU Lesser General Public License as published by the Free Software Foundation; either version 2.1 of the License, or (at your option) any later version.";
    expect(noticeLicense(lgpl21)).toBe("LGPL-2.1-or-later");
    const mpl =
      "This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at http://mozilla.org/MPL/2.0/.";
    expect(noticeLicense(mpl)).toBe("MPL-2.0");
    expect(noticeLicense("Use of this source code is governed by a BSD-style license.")).toBeUndefined();
  });

  it("gives the header verdict: tag first, then notice, then a whole license text", () => {
    const p = { min_similarity: 0.9, header_text: true };
    const mit = readFileSync(join(ROOT, "node_modules", "zod", "LICENSE"), "utf8");
    const withText = `/*\n${mit.replace(/^/gm, " * ")}\n */\nexport const x = 1;\n`;
    expect(headerVerdict(withText, p)).toMatchObject({ license: "MIT", source: "header" });
    expect(headerVerdict(withText, { ...p, header_text: false })).toBeUndefined();
    expect(headerVerdict(`// SPDX-License-Identifier: Apache-2.0\n${withText}`, p)).toEqual({
      license: "Apache-2.0",
      confidence: 1,
      source: "header",
    });
    expect(headerVerdict("// SPDX-License-Identifier: My-Own-License\n", p)).toEqual({
      license: "My-Own-License",
      confidence: 0.7,
      source: "header",
    });
    expect(headerVerdict("# Licensed under the Apache License, Version 2.0\nimport os\n", p)).toEqual({
      license: "Apache-2.0",
      confidence: 0.95,
      source: "header",
    });
    expect(headerVerdict(example("inkwell/inkwell/render.py"), p)).toBeUndefined();
  });
});

describe("package manifests", () => {
  it("reads the example corpus's manifests", () => {
    const inkwell = manifestLicense(repo({ "pyproject.toml": example("inkwell/pyproject.toml") }));
    expect(inkwell).toMatchObject({ file: "pyproject.toml", from: "field", expression: { expression: "MIT" } });
    const ferrous = manifestLicense(repo({ "Cargo.toml": example("ferrous/Cargo.toml") }));
    expect(ferrous?.expression.expression).toBe("BSD-3-Clause");
    const tallyho = manifestLicense(repo({ "package.json": example("tallyho/package.json") }));
    expect(tallyho?.expression.expression).toBe("MPL-2.0");
  });

  it("reads legacy npm forms, composer arrays, setup.cfg, setup.py, gemspecs and classifiers", () => {
    const m = (files: Record<string, string>) => manifestLicense(repo(files))?.expression.expression;
    expect(m({ "package.json": '{"license": {"type": "ISC", "url": "x"}}' })).toBe("ISC");
    expect(m({ "package.json": '{"licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}' })).toBe("MIT OR Apache-2.0");
    expect(m({ "package.json": '{"license": "UNLICENSED"}' })).toBeUndefined();
    expect(m({ "package.json": "{ broken" })).toBeUndefined();
    expect(m({ "composer.json": '{"license": ["LGPL-2.1-only", "GPL-3.0-or-later"]}' })).toBe(
      "LGPL-2.1-only OR GPL-3.0-or-later",
    );
    expect(m({ "Cargo.toml": '[package]\nname = "x"\nlicense = "MIT/Apache-2.0"\n' })).toBe("MIT OR Apache-2.0");
    expect(m({ "Cargo.toml": '[dependencies]\nlicense = "MIT"\n' })).toBeUndefined();
    expect(m({ "setup.cfg": "[metadata]\nname = x\nlicense = BSD 3-Clause\n" })).toBe("BSD-3-Clause");
    expect(m({ "setup.py": 'setup(name="x", license="Apache 2.0")' })).toBe("Apache-2.0");
    expect(m({ "x.gemspec": 'Gem::Specification.new do |s|\n  s.licenses = ["MIT"]\nend' })).toBe("MIT");
    expect(m({ "x.gemspec": "spec.license = 'BSD-2-Clause'" })).toBe("BSD-2-Clause");
    expect(m({ "pyproject.toml": '[tool.poetry]\nlicense = "GPL-3.0-or-later"\n' })).toBe("GPL-3.0-or-later");
    const classifiersOnly = manifestLicense(
      repo({
        "pyproject.toml":
          '[project]\nname = "x"\nclassifiers = [\n  "License :: OSI Approved :: Apache Software License",\n]\n',
      }),
    );
    expect(classifiersOnly).toMatchObject({ from: "classifier", expression: { expression: "Apache-2.0" } });
    // package.json comes first.
    expect(m({ "package.json": '{"license":"MIT"}', "Cargo.toml": '[package]\nlicense = "ISC"\n' })).toBe("MIT");
  });

  it("knows license file names", () => {
    for (const n of ["LICENSE", "LICENCE", "license.md", "LICENSE.txt", "LICENSE-MIT", "COPYING", "COPYING.LESSER"]) {
      expect(isLicenseFileName(n), n).toBe(true);
    }
    expect(isLicenseFileName("UNLICENSE")).toBe(true);
    for (const n of ["README.md", "license.json", "LICENSE.png", "licenses.ts", "package.json"]) {
      expect(isLicenseFileName(n), n).toBe(false);
    }
  });
});
