import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OpContext, RecordOutcome } from "../../../src/core/operator.js";
import { newRecord, type SmeltRecord } from "../../../src/core/record.js";
import { cleanComment, compile, hideExternCGuards } from "../../../src/ops/parse/analyze.js";
import { getLanguage, LANG_TO_GRAMMAR } from "../../../src/ops/parse/grammars.js";
import { LANG_SPECS } from "../../../src/ops/parse/langSpecs.js";
import { parseCode } from "../../../src/ops/parse/parse_code.js";
import { ROOT } from "../../engine/helpers.js";
import { readJsonlFile, runYaml, tempDir, writeFiles } from "../../writers/helpers.js";
import { FIXTURES, type Fixture } from "./fixtures.js";

const ctx: OpContext = { id: "parse", seed: 0, shard: 0, baseDir: ROOT, repoFiles: () => undefined };

async function run(params: Record<string, unknown>, records: SmeltRecord[]): Promise<RecordOutcome[]> {
  const create = parseCode.create;
  if (!create) throw new Error("parse_code is a batch operator");
  const fn = await create(parseCode.params.parse(params), ctx);
  return (await fn(records)).outcomes;
}

const rec = (file: string, text: string, lang?: string | null): SmeltRecord =>
  newRecord({ id: file, text, source: "t", path: file, meta: lang === undefined ? {} : { lang } });

const fixture = (file: string): Fixture => {
  const f = FIXTURES.find((x) => x.file === file);
  if (!f) throw new Error(file);
  return f;
};

/** Share of `text` covered by the matches of `re` (global), rounded like the operator. */
function share(text: string, re: RegExp): number {
  let n = 0;
  for (const m of text.matchAll(re)) n += m[0].length;
  return Math.round((n / text.length) * 10_000) / 10_000;
}

describe("parse_code on real source in every language", () => {
  it("counts functions, classes and imports exactly, and parses every fixture cleanly", async () => {
    const records = FIXTURES.map((f) => rec(f.file, f.text, f.lang));
    const outcomes = await run({}, records);
    expect(outcomes.every((o) => o.keep)).toBe(true);
    const got = Object.fromEntries(
      records.map((r) => [r.path, [r.meta.parse_ok, r.meta.functions, r.meta.classes, r.meta.imports]]),
    );
    const want = Object.fromEntries(FIXTURES.map((f) => [f.file, [true, f.functions, f.classes, f.imports]]));
    expect(got).toEqual(want);
    for (const r of records) {
      expect(r.meta.parse_error_fraction, r.path).toBe(0);
      expect(r.tags).toEqual([]);
    }
    // All 12 required languages are covered with non-trivial code.
    const langs = new Set(FIXTURES.filter((f) => f.functions > 0).map((f) => f.lang));
    for (const l of [
      "python",
      "javascript",
      "typescript",
      "tsx",
      "java",
      "go",
      "rust",
      "c",
      "c++",
      "c#",
      "ruby",
      "php",
    ])
      expect(langs).toContain(l);
  });

  it("gives the same answers whatever was parsed before (no grammar keeps state between parses)", async () => {
    // tree-sitter-wasms' Lua grammar fails this (its scanner keeps state): it is left out for that.
    const forward = FIXTURES.map((f) => rec(f.file, f.text, f.lang));
    const backward = [...FIXTURES].reverse().map((f) => rec(f.file, f.text, f.lang));
    await run({ symbols: true }, forward);
    await run({ symbols: true }, backward);
    await run({ symbols: true }, backward.slice(0, 5)); // a second parse of the same texts
    const meta = (rs: SmeltRecord[]) => Object.fromEntries(rs.map((r) => [r.path, r.meta]));
    expect(meta(backward)).toEqual(meta(forward));
  });

  it("measures comments and Python docstrings", async () => {
    const py = fixture("a.py");
    const r = rec(py.file, py.text, "python");
    await run({ comments_field: "comment_text" }, [r]);
    // Every triple-quoted string of the fixture is a docstring (module, 2 classes, 2 functions);
    // the `# ...` comments are comments, not docstrings.
    expect(py.text.match(/"""[\s\S]*?"""/g)).toHaveLength(5);
    expect(r.meta.docstring_fraction).toBe(share(py.text, /"""[\s\S]*?"""/g));
    expect(r.meta.comment_fraction).toBe(share(py.text, /#[^\n]*/g));
    expect(r.meta.comment_text).toBe(
      [
        "Utilities for reading configuration files.",
        "Default location of the config file.",
        "Raised when a config file cannot be parsed.",
        "A parsed configuration.",
        "Keys are case-insensitive.",
        "Return the value for key, or default.",
        "lower-case lookups",
        "Load a config file from path.",
      ].join("\n"),
    );
  });

  it("recognises a string that is not first in its body as code, not a docstring", async () => {
    const text =
      'import os\n"""not a docstring: not first"""\n\ndef f():\n    x = 1\n    """nor this"""\n    return x\n';
    const r = rec("late.py", text, "python");
    await run({}, [r]);
    expect(r.meta.docstring_fraction).toBe(0);
    const doc = rec("early.py", '# licence header\n"""Module doc."""\nimport os\n', "python");
    await run({}, [doc]);
    expect(doc.meta.docstring_fraction).toBe(share(doc.text, /"""Module doc\."""/g));
  });

  it("counts JSDoc, Rust ///, Go and Ruby leading comments as documentation, other comments not", async () => {
    const js = fixture("b.js");
    const rs = fixture("g.rs");
    const go = fixture("f.go");
    const rb = fixture("k.rb");
    const records = [js, rs, go, rb].map((f) => rec(f.file, f.text, f.lang));
    await run({}, records);
    const [rjs, rrs, rgo, rrb] = records as [SmeltRecord, SmeltRecord, SmeltRecord, SmeltRecord];
    expect(rjs.meta.docstring_fraction).toBe(share(js.text, /\/\*\*[\s\S]*?\*\//g));
    expect(rjs.meta.comment_fraction).toBe(share(js.text, /\/\*\*[\s\S]*?\*\/|\/\/[^\n]*/g));
    expect(rrs.meta.docstring_fraction).toBe(share(rs.text, /\/\/[/!][^\n]*/g));
    expect(rrs.meta.comment_fraction).toBe(share(rs.text, /\/\/[^\n]*/g));
    // Go: the comments directly above package/var/type/func are docs; the detached TODO (blank
    // line before the func) and the comment inside a body are not.
    const goDocs = go.text.split("\n").filter((l) => l.startsWith("// ") && !l.includes("TODO"));
    expect(goDocs).toHaveLength(6);
    expect(rgo.meta.docstring_fraction).toBe(Math.round((goDocs.join("").length / go.text.length) * 10_000) / 10_000);
    expect(rgo.meta.comment_fraction).toBe(share(go.text, /\/\/[^\n]*/g));
    expect(Number(rgo.meta.docstring_fraction)).toBeLessThan(Number(rgo.meta.comment_fraction));
    expect(rrb.meta.docstring_fraction).toBe(share(rb.text, /#[^\n]*/g));
  });

  it("does not take banners or empty block comments for documentation", async () => {
    const text = "/******** banner ********/\n/**/\n//// ruler\n/* plain */\nfunction f() {}\n";
    const r = rec("b.js", text, "javascript");
    await run({}, [r]);
    expect(r.meta.docstring_fraction).toBe(0);
    expect(r.meta.comment_fraction).toBe(share(text, /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g));
  });
});

describe("syntax errors", () => {
  const broken = "def ok(x):\n    return x + 1\n\ndef broken(x:\n    return [x for x in\n";

  it("reports parse_ok false and the share of the text inside ERROR nodes", async () => {
    const r = rec("broken.py", broken, "python");
    await run({}, [r]);
    expect(r.meta.parse_ok).toBe(false);
    // One ERROR node from `def broken` to the last token; `def ok` still parses and counts.
    const start = broken.indexOf("def broken");
    const end = broken.trimEnd().length;
    expect(r.meta.parse_error_fraction).toBe(Math.round(((end - start) / broken.length) * 10_000) / 10_000);
    expect(r.meta.parse_error_fraction).toBe(0.5455);
    expect(r.meta.functions).toBe(1);
  });

  it("counts a MISSING token as a failed parse that covers no text", async () => {
    const r = rec("miss.c", "int main(void)\n{\n    return 0\n}\n", "c");
    await run({}, [r]);
    expect(r.meta).toMatchObject({ parse_ok: false, parse_error_fraction: 0, functions: 1 });
  });

  it('accepts the extern "C" guard of C/C++ headers (braces balanced only across #ifdef branches)', async () => {
    const header = [
      "#ifndef LIST_H",
      "#define LIST_H",
      "",
      "#ifdef __cplusplus",
      'extern "C" {',
      "#endif",
      "",
      "/** A list node. */",
      "struct node { int value; struct node *next; };",
      "struct node *push(struct node *head, int value);",
      "static inline int head_value(const struct node *n) { return n->value; }",
      "",
      "#ifdef __cplusplus",
      '}  // extern "C"',
      "#endif",
      "",
      "#endif",
      "",
    ].join("\n");
    const hidden = hideExternCGuards(header);
    expect(hidden.length).toBe(header.length);
    expect(hidden.split("\n").length).toBe(header.split("\n").length);
    expect(hidden).not.toContain('extern "C"');
    const records = [rec("list.h", header, "c"), rec("list.hpp", header, "c++")];
    await run({ symbols: true }, records);
    for (const r of records) {
      expect(r.meta, r.path).toMatchObject({
        parse_ok: true,
        parse_error_fraction: 0,
        functions: 1,
        classes: 1,
        imports: 0,
      });
      expect(r.meta.docstring_fraction).toBe(share(header, /\/\*\*[^\n]*\*\//g));
    }
    expect(JSON.parse(String(records[0]?.meta.symbols))).toEqual([
      { kind: "class", name: "node", start_line: 9, end_line: 9 },
      { kind: "function", name: "head_value", start_line: 11, end_line: 11 },
    ]);
    // Unrelated `#ifdef __cplusplus` blocks are left alone.
    const other = "#ifdef __cplusplus\n#include <cstdio>\n#endif\n";
    expect(hideExternCGuards(other)).toBe(other);
  });

  it("flags code labelled with the wrong language", async () => {
    const r = rec("c.ts", fixture("a.py").text, "typescript");
    await run({}, [r]);
    expect(r.meta.parse_ok).toBe(false);
    expect(Number(r.meta.parse_error_fraction)).toBeGreaterThan(0.1);
  });

  it("drops in filter mode above max_error_fraction, with the measured share", async () => {
    const records = [
      rec("broken.py", broken, "python"),
      rec("a.py", fixture("a.py").text, "python"),
      rec("miss.c", "int main(void)\n{\n    return 0\n}\n", "c"),
    ];
    const out = await run({ mode: "filter" }, records);
    expect(out[0]).toEqual({
      keep: false,
      rule: "parse_errors",
      reason: "parse_errors 0.5455 > 0.1",
      extra: undefined,
    });
    expect(out[1]).toEqual({ keep: true });
    expect(out[2]).toEqual({ keep: true }); // parse_ok false, but no text inside ERROR nodes
    const strict = await run({ mode: "filter", max_error_fraction: 0.6 }, [rec("broken.py", broken, "python")]);
    expect(strict[0]).toEqual({ keep: true });
  });
});

describe("guards", () => {
  const big = readFileSync(join(ROOT, "node_modules", "zod", "src", "v4", "core", "schemas.ts"), "utf8");

  it("does not parse texts above max_bytes (UTF-8 bytes)", async () => {
    const text = "é".repeat(60); // 60 characters, 120 bytes
    const r = rec("a.py", `# ${text}\n`, "python");
    await run({ max_bytes: 100 }, [r]);
    expect(r.meta).toEqual({ lang: "python", parse_ok: null });
    expect(r.tags).toEqual(["parse_too_large"]);
    const small = rec("a.py", "x = 1\n", "python");
    const out = await run({ max_bytes: 100, mode: "filter" }, [r, small]);
    expect(out).toEqual([{ keep: true }, { keep: true }]);
    expect(small.meta.parse_ok).toBe(true);
  });

  it("gives up after timeout_ms, and the next record parses normally", async () => {
    expect(big.length).toBeGreaterThan(150_000);
    // A limit the 1.2 MB text always exceeds (it takes seconds at ~3 MB/s) and the small next
    // file never reaches, even on a loaded machine: the test is about the parser's state.
    const slow = rec("schemas.ts", big.repeat(8), "typescript");
    const next = rec("c.ts", fixture("c.ts").text, "typescript");
    const out = await run({ timeout_ms: 100, max_bytes: 10_000_000 }, [slow, next]);
    expect(out).toEqual([{ keep: true }, { keep: true }]);
    expect(slow.meta).toEqual({ lang: "typescript", parse_ok: false });
    expect(slow.tags).toEqual(["parse_timeout"]);
    // reset() after the cancelled parse: the next text is parsed from its start.
    expect(next.meta).toMatchObject({ parse_ok: true, functions: 4, classes: 4, imports: 2 });
    const filtered = await run({ timeout_ms: 100, max_bytes: 10_000_000, mode: "filter" }, [
      rec("schemas.ts", big.repeat(8), "typescript"),
    ]);
    expect(filtered[0]).toMatchObject({ keep: false, rule: "parse_timeout", reason: "parse_timeout > 100 ms" });
  });

  it("parses the same big file fully without a timeout", async () => {
    const r = rec("schemas.ts", big, "typescript");
    await run({ timeout_ms: 0 }, [r]);
    // Valid TypeScript the 2023 grammar does not fully know: a sliver of ERROR.
    expect(r.meta.parse_ok).toBe(false);
    expect(Number(r.meta.parse_error_fraction)).toBeGreaterThan(0);
    expect(Number(r.meta.parse_error_fraction)).toBeLessThan(0.001);
    expect(Number(r.meta.functions)).toBeGreaterThan(50);
    expect(r.tags).toEqual([]);
  });
});

describe("which grammar", () => {
  it("passes records of languages without a grammar through untouched", async () => {
    const md = rec("README.md", "# Title\n\ntext\n", "markdown");
    const yaml = rec("a.yml", "a: 1\n", "yaml");
    const unknown = rec("x.py", "x = 1\n", "unknown");
    const out = await run({ mode: "filter" }, [md, yaml, unknown]);
    expect(out.every((o) => o.keep)).toBe(true);
    for (const r of [md, yaml, unknown]) {
      expect(Object.keys(r.meta)).toEqual(["lang"]);
      expect(r.tags).toEqual([]);
    }
  });

  it("falls back to the file extension when the language field is missing or null", async () => {
    const go = rec("pkg/kv/f.go", fixture("f.go").text);
    const nul = rec("lib/g.rs", fixture("g.rs").text, null);
    const other = rec("x.go", fixture("f.go").text);
    other.meta.language = "go";
    const none = rec("notes.txt", "def f(): pass\n");
    await run({}, [go, nul, none]);
    expect(go.meta).toMatchObject({ parse_ok: true, functions: 3, classes: 2, imports: 3 });
    expect(nul.meta).toMatchObject({ parse_ok: true, functions: 4, classes: 3 });
    expect(none.meta).toEqual({});
    // lang_field names the field to read.
    await run({ lang_field: "language" }, [other]);
    expect(other.meta.functions).toBe(3);
  });

  it("maps detect_language ids and aliases to grammars, case-insensitively", async () => {
    const text = "int f(void) { return 1; }\n";
    const records = ["c", "C", "c++", "cpp", "C++"].map((l) => rec("f", text, l));
    await run({}, records);
    for (const r of records) expect(r.meta.functions, String(r.meta.lang)).toBe(1);
    const sh = ["shell", "bash", "sh", "Shell"].map((l) => rec("f", "f() { echo; }\n", l));
    await run({}, sh);
    for (const r of sh) expect(r.meta.functions).toBe(1);
  });

  it("names only node types that exist in each grammar", async () => {
    for (const [key, spec] of Object.entries(LANG_SPECS)) {
      const c = compile(spec, await getLanguage(spec.grammar));
      expect(c.unknown, key).toEqual([]);
    }
    for (const g of Object.values(LANG_TO_GRAMMAR)) expect(LANG_SPECS[g], g).toBeDefined();
  });
});

describe("symbols", () => {
  it("lists top-level functions, classes and their methods with 1-based lines", async () => {
    const files = ["a.py", "b.js", "f.go", "g.rs", "h.c", "i.cpp", "j.cs"];
    const records = files.map((f) => rec(f, fixture(f).text, fixture(f).lang));
    await run({ symbols: true }, records);
    const syms = (i: number) =>
      (JSON.parse(String(records[i]?.meta.symbols)) as Array<Record<string, unknown>>).map(
        (s) => `${s.kind} ${s.name} ${s.start_line}-${s.end_line}`,
      );
    expect(syms(0)).toEqual([
      "class ConfigError 15-16",
      "class Config 19-35",
      "method Config.__init__ 25-26",
      "method Config.keys 28-30", // the decorator's line included
      "method Config.get 32-35",
      "function load 38-47",
      "function watch 50-52",
    ]);
    expect(syms(1)).toEqual([
      "function readJson 12-14",
      "class Watcher 17-31",
      "method Watcher.constructor 18-21",
      "method Watcher.start 24-26",
      "method Watcher.stop 28-30",
      "function join 33-33",
      "function noop 34-34",
    ]);
    expect(syms(2)).toEqual([
      "class Store 15-18",
      "class Getter 21-23",
      "function New 28-30",
      "method Store.Get 33-41",
      "method Store.Set 45-50",
    ]);
    expect(syms(3)).toEqual([
      "class StackError 9-12",
      "class Stack 15-18",
      "class Sized2 20-22",
      "impl Stack 24-38",
      "method Stack.new 26-28",
      "method Stack.push 30-37",
      "impl StackError 40-44",
      "method StackError.fmt 41-43",
      "function main 46-49",
    ]);
    expect(syms(4)).toEqual([
      "class node 6-9",
      "class point 11-13",
      "class color 15-15",
      "function push 17-24",
      "function main 26-33",
    ]);
    // C++: inside a namespace and a template.
    expect(syms(5)).toEqual([
      "class Shape 8-12",
      "method Shape.~Shape 10-10",
      "class Rect 14-18",
      "method Rect.Rect 16-16",
      "method Rect.area 17-17",
      "function sum 20-25",
      "function main 31-36",
    ]);
    expect(syms(6)).toContain("method MemoryRepository.Find 22-25");
  });

  it("leaves symbols out unless asked", async () => {
    const r = rec("a.py", "def f():\n    pass\n", "python");
    await run({}, [r]);
    expect(r.meta).not.toHaveProperty("symbols");
  });

  it("wraps exported TypeScript declarations in their export statement", async () => {
    const c = fixture("c.ts");
    const r = rec(c.file, c.text, c.lang);
    await run({ symbols: true }, [r]);
    const names = (JSON.parse(String(r.meta.symbols)) as Array<{ name: string; start_line: number }>).map(
      (s) => `${s.name}@${s.start_line}`,
    );
    expect(names).toEqual([
      "LoadOptions@5",
      "Mode@11",
      "Base@16",
      "FileLoader@20",
      "FileLoader.name@23",
      "FileLoader.load@27",
      "loadAll@39",
      "isStats@44",
    ]);
  });
});

describe("comments_field", () => {
  it("strips comment markers and caps the text", async () => {
    expect(cleanComment("/**\n * Read a file.\n * @param f\n */")).toBe("Read a file.\n@param f");
    expect(cleanComment("/// Creates a stack.")).toBe("Creates a stack.");
    expect(cleanComment("#!/usr/bin/env bash")).toBe("");
    expect(cleanComment("<!-- header -->")).toBe("header");
    const r = rec("m.sh", fixture("m.sh").text, "shell");
    await run({ comments_field: "comments" }, [r]);
    expect(r.meta.comments).toBe("Build and test the project.");
    const long = rec("b.js", `${"// aaaaaaaaaa\n".repeat(100)}f();\n`, "javascript");
    await run({ comments_field: "comments", comments_max_chars: 25 }, [long]);
    expect(long.meta.comments).toBe("aaaaaaaaaa\naaaaaaaaaa\naaa");
  });

  it("refuses a core field name", () => {
    expect(parseCode.params.safeParse({ comments_field: "text" }).success).toBe(false);
    expect(parseCode.params.safeParse({ mode: "drop" }).success).toBe(false);
    expect(parseCode.params.safeParse({ max_error_fraction: 2 }).success).toBe(false);
  });
});

describe("parse_code in a recipe", () => {
  it("parses a folder of files labelled by set_field and drops the unparseable one", async () => {
    const dir = tempDir();
    const files: Record<string, string> = Object.fromEntries(FIXTURES.map((f) => [`src/${f.file}`, f.text]));
    files["src/broken.py"] = "def ok(x):\n    return x + 1\n\ndef broken(x:\n    return [x for x in\n";
    files["src/README.md"] = "# Fixtures\n\nReal code in many languages.\n";
    writeFiles(dir, files);
    const ext = {
      py: "python",
      js: "javascript",
      ts: "typescript",
      tsx: "tsx",
      java: "java",
      go: "go",
      rs: "rust",
      c: "c",
      cpp: "c++",
      cs: "c#",
      rb: "ruby",
      php: "php",
      sh: "shell",
      kt: "kotlin",
      swift: "swift",
      scala: "scala",
      css: "css",
      json: "json",
      toml: "toml",
      html: "html",
      md: "markdown",
    };
    const run = await runYaml(
      dir,
      `name: parse-test
inputs:
  - id: code
    type: folder
    path: src
stages:
  - name: parse
    operators:
      - id: lang
        op: set_field
        params:
          field: lang
          from: path
          pattern: "\\\\.([A-Za-z0-9]+)$"
          lowercase: true
          map: ${JSON.stringify(ext)}
      - id: syntax
        op: parse_code
        params: { mode: filter, symbols: true, comments_field: comment_text }
output:
  path: out
  format: jsonl
  keep_dropped: true
`,
    );
    const m = run.manifest;
    expect(m.accounting).toEqual({ ok: true, problems: [] });
    const op = m.stages[0]?.operators.find((o) => o.id === "syntax");
    expect(op).toMatchObject({ op: "parse_code", kind: "score", version: "1.0.0", dropped: 1 });
    expect(op?.drop_rules).toEqual({ parse_errors: 1 });
    expect(op?.params).toMatchObject({ mode: "filter", max_error_fraction: 0.1, lang_field: "lang", timeout_ms: 5000 });
    const rows = m.outputs.data.files.flatMap((f) => readJsonlFile(join(run.out, f)) as Array<Record<string, unknown>>);
    const byPath = new Map(rows.map((r) => [String(r.path), r]));
    expect(byPath.size).toBe(FIXTURES.length + 1);
    for (const f of FIXTURES) {
      expect(byPath.get(f.file), f.file).toMatchObject({
        lang: f.lang,
        parse_ok: true,
        functions: f.functions,
        classes: f.classes,
        imports: f.imports,
      });
    }
    expect(byPath.get("a.py")?.comment_text).toContain("A parsed configuration.");
    expect(JSON.parse(String(byPath.get("f.go")?.symbols))).toContainEqual({
      kind: "method",
      name: "Store.Get",
      start_line: 33,
      end_line: 41,
    });
    // Markdown has no grammar: kept, without parse fields.
    expect(byPath.get("README.md")?.parse_ok ?? null).toBeNull();
    expect(byPath.get("README.md")?.functions ?? null).toBeNull();
    const dropped = (m.outputs.dropped?.files ?? []).flatMap(
      (f) => readJsonlFile(join(run.out, f)) as Array<Record<string, unknown>>,
    );
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({
      path: "broken.py",
      dropped_by: "syntax",
      drop_reason: "parse_errors 0.5455 > 0.1",
      parse_ok: false,
      functions: 1,
    });
  });
});

describe("parse_code and a grammar whose scanner fails", () => {
  it("keeps the record with parse_ok null and a tag instead of erroring it", async () => {
    const { parseCode } = await import("../../../src/ops/parse/parse_code.js");
    const { newRecord } = await import("../../../src/core/record.js");
    const { repoFilesLookup } = await import("../../../src/core/repoFiles.js");
    const fn = await parseCode.create?.(parseCode.params.parse({}), {
      id: "parse",
      seed: 0,
      shard: 0,
      baseDir: ".",
      repoFiles: repoFilesLookup({}),
    });
    // The bash grammar in tree-sitter-wasms throws on `[[ ... ]]` with `${2:-}`.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    const script = 'set -eu\nif [[ "${2:-}" == "--dry-run" ]]; then\n  echo dry\nfi\n';
    const records = [
      newRecord({ id: "a", text: script, source: "s", path: "release.sh", meta: { lang: "shell" } }),
      newRecord({ id: "b", text: "def f():\n    return 1\n", source: "s", path: "f.py", meta: { lang: "python" } }),
    ];
    const res = await fn?.(records);
    expect(res?.outcomes.map((o) => o.keep)).toEqual([true, true]);
    expect(records[0]?.meta.parse_ok).toBeNull();
    expect(records[0]?.tags).toContain("parse_grammar_failed");
    // The parser is still usable for the next record.
    expect(records[1]?.meta).toMatchObject({ parse_ok: true, functions: 1 });
  });
});
