import { readFileSync } from "node:fs";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { beforeAll, describe, expect, it } from "vitest";
import { newRecord, type SmeltRecord } from "../../../src/core/record.js";
import { findOperator } from "../../../src/core/registry.js";
import { detectLanguage, extensionsOf, MODE_EXTRA, shebangInterpreter } from "../../../src/ops/lang/detect.js";
import { EXTENSION_DEFAULTS, HEURISTICS } from "../../../src/ops/lang/heuristics.js";
import { type LinguistTables, linguistTables, POPULAR_NAMES } from "../../../src/ops/lang/linguist.js";
import { ROOT } from "../../engine/helpers.js";
import { readJsonlFile, runYaml, tempDir, writeFiles, writeJsonl } from "../../writers/helpers.js";

const NM = join(ROOT, "node_modules");
const FIX = join(ROOT, "bench", "fixtures", "language");

let t: LinguistTables;
beforeAll(async () => {
  t = await linguistTables();
});

const detect = (path: string | undefined, text: string) => {
  const d = detectLanguage(t, path, text);
  return d ? `${d.info.id}/${d.by}` : "none";
};

describe("Linguist tables", () => {
  it("loads every language with a stable lowercase id and a type", () => {
    expect(t.byName.size).toBeGreaterThan(700);
    expect(t.byName.get("C++")?.id).toBe("c++");
    expect(t.byName.get("C#")?.id).toBe("c#");
    expect(t.byName.get("Objective-C")?.id).toBe("objective-c");
    expect(t.byName.get("JSON with Comments")?.id).toBe("json-with-comments");
    for (const info of t.byName.values()) {
      expect(info.id).toMatch(/^[^\sA-Z]+$/);
      expect(["programming", "data", "markup", "prose"]).toContain(info.type);
    }
  });

  it("names only real Linguist languages in the heuristics, each a candidate of its key", () => {
    for (const h of HEURISTICS) {
      for (const rule of h.rules) {
        const info = t.byName.get(rule.lang);
        expect(info, rule.lang).toBeDefined();
        for (const key of h.keys) {
          const cands = t.extensions.get(key) ?? t.filenames.get(key) ?? [];
          expect(
            cands.map((c) => c.name),
            `${key} -> ${rule.lang}`,
          ).toContain(rule.lang);
        }
      }
    }
    for (const name of [...POPULAR_NAMES, ...Object.values(MODE_EXTRA)]) expect(t.byName.has(name), name).toBe(true);
    for (const [key, name] of Object.entries(EXTENSION_DEFAULTS)) {
      const cands = t.extensions.get(key) ?? t.filenames.get(key) ?? [];
      expect(
        cands.map((c) => c.name),
        `${key} -> ${name}`,
      ).toContain(name);
    }
  });
});

describe("decision order and parsing", () => {
  it("reads shebang interpreters through env, options and versions", () => {
    expect(shebangInterpreter("#!/usr/bin/env python3\n")).toBe("python3");
    expect(shebangInterpreter("#!/usr/bin/env -S deno run --allow-read\n")).toBe("deno");
    expect(shebangInterpreter("#! /bin/sh -e\n")).toBe("sh");
    expect(shebangInterpreter("#!/usr/bin/env FOO=1 node\n")).toBe("node");
    expect(shebangInterpreter("# comment\n")).toBeUndefined();
    expect(detect("x", "#!/usr/bin/python3.11\nprint(1)")).toBe("python/shebang");
    expect(detect(undefined, "#!/bin/sh\necho hi\n")).toBe("shell/shebang");
    expect(detect("run", "#!/usr/bin/env node\nconsole.log(1)")).toBe("javascript/shebang");
    // node runs both JavaScript and TypeScript: the extension breaks the tie.
    expect(detect("run.ts", "#!/usr/bin/env node\nconst x: number = 1;")).toBe("typescript/shebang");
  });

  it("splits compound extensions longest first and skips the dot of dotfiles", () => {
    expect(extensionsOf("index.d.ts")).toEqual([".d.ts", ".ts"]);
    expect(extensionsOf("config.h.in")).toEqual([".h.in", ".in"]);
    expect(extensionsOf(".eslintrc.json")).toEqual([".json"]);
    expect(extensionsOf(".bashrc")).toEqual([]);
    expect(detect("types/index.d.ts", "export declare const x: number;")).toBe("typescript/extension");
    expect(detect("config.h.in", "#undef HAVE_FOO")).toBe("c/extension");
  });

  it("puts file name before modeline before shebang before extension", () => {
    // A Makefile whose first line looks like a shell shebang is still a Makefile.
    expect(detect("Makefile", "#!/bin/sh\nall:\n\ttrue\n")).toBe("makefile/filename");
    // A modeline beats a shebang and the extension.
    expect(detect("x.txt", "#!/bin/sh\n# vim: set ft=python :\n")).toBe("python/modeline");
    expect(detect("span.h", "// -*- C++ -*-\nstruct span { int a; };\n")).toBe("c++/modeline");
    expect(detect("init", ";; -*- mode: emacs-lisp; lexical-binding: t -*-\n(setq x 1)\n")).toBe("emacs-lisp/modeline");
    // A shebang beats the extension.
    expect(detect("tool.sh", "#!/usr/bin/env python3\nprint(1)")).toBe("python/shebang");
    // An Emacs line without a mode is no modeline.
    expect(detect("a.py", "# -*- coding: utf-8 -*-\nimport os\n")).toBe("python/extension");
    expect(detect(undefined, "just some words")).toBe("none");
    expect(detect("notes.unknownext", "x")).toBe("none");
  });

  it("decides shared extensions from content", () => {
    expect(detect("a.h", "#include <stdio.h>\nint f(void);\n")).toBe("c/extension");
    expect(detect("a.h", "#include <vector>\nstd::vector<int> v();\n")).toBe("c++/heuristic");
    expect(detect("a.h", "#import <Foundation/Foundation.h>\n@interface A : NSObject\n@end\n")).toBe(
      "objective-c/heuristic",
    );
    expect(detect("a.m", "% compute\nx = 1;\n")).toBe("matlab/heuristic");
    expect(detect("a.ts", '<?xml version="1.0"?>\n<!DOCTYPE TS>\n<TS version="2.1">\n</TS>\n')).toBe("xml/heuristic");
    expect(detect("a.ts", "const box: Array<TS> = [];\n")).toBe("typescript/extension");
    expect(detect("a.pl", "parent(a, b).\nanc(X, Y) :- parent(X, Y).\n")).toBe("prolog/heuristic");
    expect(detect("a.pl", "use strict;\nmy $x = 1;\n")).toBe("perl/heuristic");
    expect(detect("a.sql", "DECLARE @n INT;\nGO\n")).toBe("tsql/heuristic");
    expect(detect("a.sql", "SELECT 1;\n")).toBe("sql/extension");
    expect(detect("README.md", "# Title\n")).toBe("markdown/extension");
  });
});

describe("on real files", () => {
  it("labels node_modules sources by what their extension states", async () => {
    const want: Record<string, string[]> = {
      ".js": ["javascript"],
      ".cjs": ["javascript"],
      ".mjs": ["javascript"],
      ".ts": ["typescript"],
      ".json": ["json", "json-with-comments"],
      ".md": ["markdown"],
    };
    const files = (await glob(["**/*.{js,cjs,mjs,ts,json,md}"], { cwd: NM, followSymbolicLinks: false })).sort();
    // Every 7th file keeps the test quick while still covering hundreds of packages' files.
    const sample = files.filter((_, i) => i % 7 === 0);
    expect(sample.length).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const f of sample) {
      const ext = f.slice(f.lastIndexOf("."));
      const got = detectLanguage(t, f, readFileSync(join(NM, f), "utf8"))?.info.id ?? "none";
      if (!want[ext]?.includes(got)) wrong.push(`${f}: ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it("reads the shebang of installed extensionless scripts", () => {
    const tsc = readFileSync(join(NM, "typescript", "bin", "tsc"), "utf8");
    expect(detect("typescript/bin/tsc", tsc)).toBe("javascript/shebang");
  });

  it("gets the hand-written ambiguous fixtures right (except the documented hard cases)", () => {
    const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as Record<string, string>;
    const wrong: string[] = [];
    let n = 0;
    for (const [rel, lang] of Object.entries(expected)) {
      if (rel.startsWith("hard/")) continue;
      n++;
      const got =
        detectLanguage(t, rel, readFileSync(join(FIX, "files", /\.tsx?$/.test(rel) ? `${rel}.fixture` : rel), "utf8"))
          ?.info.id ?? "none";
      if (got !== lang) wrong.push(`${rel}: want ${lang}, got ${got}`);
    }
    expect(n).toBeGreaterThanOrEqual(40);
    expect(wrong).toEqual([]);
  });
});

describe("detect_language operator", () => {
  const op = () => {
    const def = findOperator("detect_language");
    if (!def?.create) throw new Error("detect_language is not registered");
    return def;
  };
  const ctx = { id: "lang", seed: 1, shard: 0, baseDir: ROOT, repoFiles: () => undefined };

  it("validates its params strictly", () => {
    const def = op();
    expect(def.params.parse({})).toEqual({ field: "lang", overwrite: false, path_field: "auto", default: "unknown" });
    expect(def.params.safeParse({ field: "Lang" }).success).toBe(false);
    expect(def.params.safeParse({ field: "text" }).success).toBe(false);
    expect(def.params.safeParse({ bogus: 1 }).success).toBe(false);
  });

  it("keeps an existing value unless overwrite, and names fields after `field`", async () => {
    const def = op();
    const mk = (): SmeltRecord[] => [
      newRecord({ id: "1", text: "print(1)", source: "s", path: "a.py", meta: { lang: "en" } }),
      newRecord({ id: "2", text: "no path here", source: "s" }),
    ];
    const kept = mk();
    await (await def.create?.(def.params.parse({}), ctx))?.(kept);
    expect(kept[0]?.meta).toEqual({ lang: "en", lang_type: null, lang_by: "existing" });
    expect(kept[1]?.meta).toEqual({ lang: "unknown", lang_type: null, lang_by: "default" });

    const replaced = mk();
    await (await def.create?.(def.params.parse({ overwrite: true, field: "code_lang", default: "text" }), ctx))?.(
      replaced,
    );
    expect(replaced[0]?.meta).toMatchObject({
      code_lang: "python",
      code_lang_type: "programming",
      code_lang_by: "extension",
    });
    expect(replaced[1]?.meta).toMatchObject({ code_lang: "text", code_lang_type: "prose", code_lang_by: "default" });
  });
});

describe("detect_language path_field", () => {
  it("reads the path from the record, a row's own path column, or a named field", async () => {
    const def = findOperator("detect_language");
    const ctx = { id: "lang", seed: 1, shard: 0, baseDir: ROOT, repoFiles: () => undefined };
    const mk = (): SmeltRecord[] => [
      newRecord({ id: "a", text: "x", source: "s", path: "data/part-0.jsonl.zst", meta: { orig_path: "a/b.rs" } }),
      newRecord({ id: "b", text: "x", source: "s", path: "rows.csv" }),
      newRecord({ id: "c", text: "x", source: "s", path: "lib/x.rb", meta: { file_name: "y.kt" } }),
    ];
    const run = async (params: Record<string, unknown>) => {
      const rs = mk();
      await (await def?.create?.(def.params.parse(params), ctx))?.(rs);
      return rs.map((r) => r.meta.lang);
    };
    expect(await run({})).toEqual(["rust", "unknown", "ruby"]);
    expect(await run({ path_field: "path" })).toEqual(["unknown", "csv", "ruby"]);
    expect(await run({ path_field: "file_name" })).toEqual(["unknown", "unknown", "kotlin"]);
  });
});

describe("detect_language in a recipe", () => {
  it("labels a folder of files and a JSONL input through the engine", async () => {
    const dir = tempDir();
    writeFiles(join(dir, "src"), {
      Makefile: "all: tool\n\ntool: main.o\n\t$(CC) -o $@ $^\n",
      Dockerfile: "FROM debian:bookworm\nRUN apt-get update\n",
      "include/geom.h": "#pragma once\nnamespace geom { template <typename T> T sq(T x) { return x * x; } }\n",
      "include/plain.h": "#ifndef PLAIN_H\n#define PLAIN_H\nint plain(int);\n#endif\n",
      "objc/View.h": "#import <UIKit/UIKit.h>\n@interface View : UIView\n@end\n",
      "bin/serve": "#!/usr/bin/env node\nrequire('http').createServer().listen(8080);\n",
      "bin/clean": "#!/bin/bash\nrm -rf build\n",
      "i18n/app_de.ts":
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de">\n</TS>\n',
      "web/app.ts": "export const answer: number = 42;\n",
      "docs/README.md": "# Tool\n\nBuilds the tool.\n",
      "scripts/rules.pl": "edge(a, b).\npath(X, Y) :- edge(X, Y).\n",
    });
    writeJsonl(join(dir, "docs.jsonl"), [
      { id: "d1", text: "Plain prose with no path and an existing language column.", lang: "en" },
      { id: "d2", text: "#!/usr/bin/env python3\nprint('shebang decides')\n" },
      // A row is not a .jsonl file: without its own path it gets the default...
      { id: "d3", text: "Just a paragraph of prose in a JSON-lines file." },
      // ...and with a `path` column (kept as orig_path) it is labelled by that file's name.
      { id: "d4", text: "package main\n\nfunc main() {}\n", path: "cmd/tool/main.go" },
      { id: "d5", text: "#include <vector>\nstd::vector<int> v;\n", path: "src/util.h" },
    ]);
    const run = await runYaml(
      dir,
      `name: lang-test
inputs:
  - id: code
    type: folder
    path: src
  - id: docs
    type: jsonl
    path: docs.jsonl
    id_field: id
stages:
  - name: label
    operators:
      - id: lang
        op: detect_language
output:
  path: out
  format: jsonl
`,
    );
    expect(run.manifest.accounting).toEqual({ ok: true, problems: [] });
    const op = run.manifest.stages[0]?.operators.find((o) => o.id === "lang");
    expect(op).toMatchObject({ op: "detect_language", kind: "score", version: "1.0.0", dropped: 0 });
    expect(op?.params).toEqual({ field: "lang", overwrite: false, path_field: "auto", default: "unknown" });
    const rows = run.manifest.outputs.data.files.flatMap(
      (f) => readJsonlFile(join(run.out, f)) as Array<Record<string, unknown>>,
    );
    const got = Object.fromEntries(
      rows.map((r) => [String(r.source === "docs" ? r.id : r.path), `${r.lang}/${r.lang_type}/${r.lang_by}`]),
    );
    expect(got).toEqual({
      Makefile: "makefile/programming/filename",
      Dockerfile: "dockerfile/programming/filename",
      "include/geom.h": "c++/programming/heuristic",
      "include/plain.h": "c/programming/extension",
      "objc/View.h": "objective-c/programming/heuristic",
      "bin/serve": "javascript/programming/shebang",
      "bin/clean": "shell/programming/shebang",
      "i18n/app_de.ts": "xml/data/heuristic",
      "web/app.ts": "typescript/programming/extension",
      "docs/README.md": "markdown/prose/extension",
      "scripts/rules.pl": "prolog/programming/heuristic",
      d1: "en/null/existing",
      d2: "python/programming/shebang",
      d3: "unknown/null/default",
      d4: "go/programming/extension",
      d5: "c++/programming/heuristic",
    });
  });
});
