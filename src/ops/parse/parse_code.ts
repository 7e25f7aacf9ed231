import { performance } from "node:perf_hooks";
import { z } from "zod";
import { defineOperator, drop, keep, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { CORE_FIELDS } from "../basic/fields.js";
import { analyze, type CompiledSpec, compile, hideExternCGuards, topLevelSymbols } from "./analyze.js";
import { getLanguage, getParser, grammarForLang, grammarForPath } from "./grammars.js";
import { LANG_SPECS } from "./langSpecs.js";

const params = z.strictObject({
  mode: z
    .enum(["score", "filter"])
    .default("score")
    .describe(
      "score: only add fields. filter: also drop records whose parse_error_fraction is above max_error_fraction (rule parse_errors) or whose parse timed out (rule parse_timeout).",
    ),
  lang_field: z
    .string()
    .default("lang")
    .describe(
      "Metadata field holding the language id (detect_language's scheme: python, javascript, c++, c#, shell...). When the field is missing or null, the file extension of `path` decides.",
    ),
  max_error_fraction: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe("Filter mode: drop records whose ERROR nodes cover more than this share of the text."),
  max_bytes: z
    .number()
    .int()
    .positive()
    .default(1_000_000)
    .describe(
      "Texts larger than this (UTF-8 bytes) are not parsed: parse_ok is null and tag parse_too_large is added.",
    ),
  timeout_ms: z
    .number()
    .int()
    .nonnegative()
    .default(5000)
    .describe(
      "Give up parsing one text after this many milliseconds (0: no limit): parse_ok false, tag parse_timeout.",
    ),
  symbols: z
    .boolean()
    .default(false)
    .describe(
      "Also add `symbols`: a JSON array of top-level functions, classes and their methods ({kind, name, start_line, end_line}).",
    ),
  comments_field: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "use lower_snake_case field names")
    .refine((f) => !CORE_FIELDS.has(f), { message: "is a core record field; pick another name" })
    .nullable()
    .default(null)
    .describe(
      "When set, write the comment and docstring text (markers stripped, one per line) to this metadata field, e.g. for natural-language detection.",
    ),
  comments_max_chars: z
    .number()
    .int()
    .positive()
    .default(20_000)
    .describe("Cap of the comments_field text, in characters."),
});

type Params = z.infer<typeof params>;

// Compiled node tables, once per grammar and worker thread.
const compiled = new Map<string, CompiledSpec>();

async function compiledFor(key: string): Promise<CompiledSpec> {
  let c = compiled.get(key);
  if (!c) {
    const spec = LANG_SPECS[key];
    if (!spec) throw new Error(`parse_code: no node tables for grammar ${key}`);
    c = compile(spec, await getLanguage(spec.grammar));
    compiled.set(key, c);
  }
  return c;
}

/** Grammar key of a record: its language field, else (field missing) its file extension. */
export function grammarKeyOf(r: SmeltRecord, langField: string): string | undefined {
  const lang = r.meta[langField];
  if (lang === undefined || lang === null) return r.path ? grammarForPath(r.path) : undefined;
  return typeof lang === "string" ? grammarForLang(lang) : undefined;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function addTag(r: SmeltRecord, tag: string): void {
  if (!r.tags.includes(tag)) r.tags.push(tag);
}

export const parseCode = defineOperator({
  name: "parse_code",
  kind: "score",
  version: "1.0.0",
  summary:
    "Parse code with tree-sitter: parse_ok, error share, function/class/import counts, comment and docstring shares (optionally drop unparseable files).",
  docs: [
    "Parses each record with the tree-sitter grammar of its language (web-tree-sitter 0.25 + the grammars prebuilt in tree-sitter-wasms 0.1.13) and adds:",
    "parse_ok (no ERROR or MISSING node), parse_error_fraction (share of the text inside ERROR nodes; MISSING nodes are zero-width),",
    "functions, classes, imports (counts from per-language node-type tables: function/method definitions with a body, class-like types incl. structs, interfaces, traits, enums; import statements, #include, use, require()),",
    "comment_fraction (share of the text in comment nodes) and docstring_fraction (Python docstrings; /** */ JSDoc/Javadoc/KDoc/PHPDoc/Doxygen; Rust ///, //!; C#/Swift ///;",
    "comment blocks right above Go and Ruby declarations). Shares are over UTF-16 code units (= bytes for ASCII), rounded to 4 decimals.",
    "Languages: Python, JavaScript, TypeScript, TSX, Java, Go, Rust, C, C++, C#, Ruby, PHP, Shell/Bash, CSS, JSON, TOML, HTML, Kotlin, Swift, Scala.",
    "Records of other languages pass through without fields (YAML's prebuilt grammar does not load; Lua's keeps state between parses and is left out).",
    "The language comes from `lang_field` (detect_language's ids); when that field is missing or null, from the file extension.",
    "Grammars load once per worker thread, the first time a language is seen.",
    "Default max_error_fraction 0.1: the bundled grammars date from 2023 and miss newer syntax (TypeScript `out T` variance, some .d.ts forms), so valid code can carry a little ERROR:",
    "on 1,999 TypeScript files of node_modules 23 had some ERROR but only 3 more than 10%, and 1,681 JavaScript files had none; code in the wrong language scores far above 0.1.",
    "timeout_ms 5000: a 0.9 MB TypeScript file parses in 0.15-0.6 s on one loaded core, so 5 s only stops pathological inputs.",
    "When a grammar itself fails on a file (the prebuilt bash scanner throws on a default expansion such as `$x:-` inside `[[ ... ]]`), the record is kept with parse_ok null and the tag parse_grammar_failed.",
  ].join(" "),
  params,
  async create(p: Params) {
    const parser = await getParser();
    const commentCap = p.comments_field !== null ? p.comments_max_chars : 0;
    return async (records) => {
      const keys = records.map((r) => grammarKeyOf(r, p.lang_field));
      // Load the grammars this batch needs (cached for the thread) before the synchronous work.
      const tables = new Map<string, CompiledSpec>();
      for (const key of new Set(keys)) if (key !== undefined) tables.set(key, await compiledFor(key));
      const outcomes: RecordOutcome[] = records.map((r, i) => {
        const key = keys[i];
        const c = key === undefined ? undefined : tables.get(key);
        if (c === undefined) return keep();
        if (Buffer.byteLength(r.text, "utf8") > p.max_bytes) {
          r.meta.parse_ok = null;
          addTag(r, "parse_too_large");
          return keep();
        }
        parser.setLanguage(c.lang);
        // Same length and lines as r.text: offsets into one are offsets into the other.
        const text = key === "c" || key === "cpp" ? hideExternCGuards(r.text) : r.text;
        let tree: ReturnType<typeof parser.parse>;
        try {
          if (p.timeout_ms > 0) {
            const deadline = performance.now() + p.timeout_ms;
            tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
          } else {
            tree = parser.parse(text);
          }
        } catch {
          // Some prebuilt grammars' external scanners call functions the WASM runtime lacks
          // (bash on `[[ ... ]]` / `${x:-}`): the grammar failed, not the file. Say so and move on.
          parser.reset();
          r.meta.parse_ok = null;
          addTag(r, "parse_grammar_failed");
          return keep();
        }
        if (tree === null) {
          // Cancelled: without reset the next parse would resume this one.
          parser.reset();
          r.meta.parse_ok = false;
          addTag(r, "parse_timeout");
          return p.mode === "filter" ? drop("parse_timeout", `> ${p.timeout_ms} ms`) : keep();
        }
        let errorFraction: number;
        try {
          const a = analyze(tree, text, c, commentCap);
          const total = text.length;
          errorFraction = total === 0 ? 0 : round4(a.errorChars / total);
          r.meta.parse_ok = !tree.rootNode.hasError;
          r.meta.parse_error_fraction = errorFraction;
          r.meta.functions = a.functions;
          r.meta.classes = a.classes;
          r.meta.imports = a.imports;
          r.meta.comment_fraction = total === 0 ? 0 : round4(a.commentChars / total);
          r.meta.docstring_fraction = total === 0 ? 0 : round4(a.docChars / total);
          if (p.comments_field !== null) r.meta[p.comments_field] = a.commentText.join("\n");
          if (p.symbols) r.meta.symbols = JSON.stringify(topLevelSymbols(tree, c));
        } finally {
          tree.delete();
        }
        if (p.mode === "filter" && errorFraction > p.max_error_fraction)
          return drop("parse_errors", `${errorFraction} > ${p.max_error_fraction}`);
        return keep();
      });
      return { outcomes };
    };
  },
});
