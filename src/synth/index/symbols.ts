/**
 * Symbol chunks and imports of one source file, from parse_code's tree-sitter machinery: its
 * grammars (loaded once per thread), its per-language node tables (`LANG_SPECS`, compiled once
 * per grammar) and `topLevelSymbols` (top-level functions and classes plus class methods).
 */
import type { Node, Tree } from "web-tree-sitter";
import {
  analyze,
  type CodeSymbol,
  type CompiledSpec,
  compile,
  hideExternCGuards,
  symbolName,
  topLevelSymbols,
} from "../../ops/parse/analyze.js";
import { getLanguage, getParser, grammarForLang, grammarForPath } from "../../ops/parse/grammars.js";
import { LANG_SPECS } from "../../ops/parse/langSpecs.js";
import type { Chunk, ChunkKind } from "./types.js";

const compiled = new Map<string, Promise<CompiledSpec>>();

/** Compiled node tables of a grammar key (once per thread), or undefined when there are none. */
export function compiledFor(key: string): Promise<CompiledSpec> | undefined {
  const spec = LANG_SPECS[key];
  if (spec === undefined) return undefined;
  let c = compiled.get(key);
  if (c === undefined) {
    c = getLanguage(spec.grammar).then((lang) => compile(spec, lang));
    compiled.set(key, c);
  }
  return c;
}

/** Grammar key of a file: its detected language, else its extension. */
export function grammarKey(lang: string, path: string): string | undefined {
  return grammarForLang(lang) ?? grammarForPath(path);
}

export type ParseResult = { ok: true; chunks: Chunk[]; imports: string[] } | { ok: false; detail: string };

const unquote = (s: string) => s.replace(/^[`'"]|[`'"]$/g, "");

/** The module names one import node imports. */
function importNames(n: Node): string[] {
  const source = n.childForFieldName("source") ?? n.childForFieldName("path"); // JS/TS, Go
  if (source !== null) return [unquote(source.text)];
  if (n.type === "import_from_statement") {
    const mod = n.childForFieldName("module_name");
    return mod === null ? [] : [mod.text];
  }
  if (n.type === "import_statement" || n.type === "future_import_statement") {
    // Python `import a.b as c, d`: every `name` field, without its alias.
    const names = n.childrenForFieldName("name").filter((x): x is Node => x !== null);
    if (names.length > 0) return names.map((x) => (x.childForFieldName("name") ?? x).text);
  }
  if (n.type === "call_expression") {
    // require("x")
    const args = n.childForFieldName("arguments");
    const first = args?.firstNamedChild;
    return first !== null && first !== undefined && first.type === "string" ? [unquote(first.text)] : [];
  }
  // Java `import static a.b.C.*;` and the like: the text without keywords and punctuation.
  const t = n.text
    .replace(/^\s*(?:import|using|use|#\s*include)\s+/, "")
    .replace(/^static\s+/, "")
    .replace(/;\s*$/, "")
    .trim();
  return t === "" ? [] : [unquote(t)];
}

function fileImports(tree: Tree, text: string, c: CompiledSpec): string[] {
  const out = new Set<string>();
  if (c.spec.imports.length > 0) {
    for (const n of tree.rootNode.descendantsOfType(c.spec.imports)) {
      if (n !== null) for (const name of importNames(n)) out.add(name);
    }
  }
  const calls = c.spec.importCalls;
  if (calls !== undefined) {
    for (const n of tree.rootNode.descendantsOfType(calls.types)) {
      if (n === null) continue;
      calls.re.lastIndex = n.startIndex;
      if (calls.re.test(text)) for (const name of importNames(n)) out.add(name);
    }
  }
  return [...out];
}

const DECORATION = /^\s*(?:@|#\[|\/\/|\/\*|\*(?:\s|\/|$)|$)/;
const CLASS_KIND = /\b(interface|enum|struct|trait|record)\b/;

/** Class-like kind from the declaration line (the first line after decorators/annotations). */
function classKind(lines: readonly string[], start: number, end: number): ChunkKind {
  for (let i = start - 1; i < end && i < lines.length; i++) {
    const l = lines[i] as string;
    if (DECORATION.test(l)) continue;
    const m = CLASS_KIND.exec(l.replace(/(["'`]).*?\1/g, ""));
    return m ? (m[1] as ChunkKind) : "class";
  }
  return "class";
}

const WRAPPERS = new Set(["export_statement", "decorated_definition"]);
const FUNCTION_VALUES = new Set(["arrow_function", "function_expression", "generator_function", "function"]);

/** The first non-decoration line of a span names the symbol (word match). */
function declaredAtStart(lines: readonly string[], s: CodeSymbol, name: string): boolean {
  const word = new RegExp(`(?:^|[^\\w$])${name.replace(/[$]/g, "\\$")}(?:[^\\w$]|$)`);
  for (let i = s.start_line - 1; i < s.end_line && i < lines.length; i++) {
    const l = lines[i] as string;
    if (!DECORATION.test(l)) return word.test(l);
  }
  return false;
}

/**
 * The real span of a symbol whose reported span does not start at its declaration:
 * `topLevelSymbols` lends an `export` wrapper's span to everything inside an exported
 * namespace (`export namespace util { export const f = ... }`). Searches the span for the
 * declaration node named `name` and returns its lines (with its own export/decorator wrapper).
 */
function narrowed(tree: Tree, c: CompiledSpec, s: CodeSymbol, name: string): [number, number] | undefined {
  const from = { row: s.start_line - 1, column: 0 };
  const to = { row: s.end_line, column: 0 };
  for (const n of tree.rootNode.descendantsOfType(c.candidateTypes, from, to)) {
    if (n === null) continue;
    let span: Node = n;
    let found: string;
    const parent = n.parent;
    if (FUNCTION_VALUES.has(n.type) && parent !== null && parent.type === "variable_declarator") {
      found = parent.childForFieldName("name")?.text ?? "";
      span = parent.parent ?? parent;
    } else {
      found = symbolName(n);
    }
    if (found !== name) continue;
    while (span.parent !== null && WRAPPERS.has(span.parent.type)) span = span.parent;
    if (span.startPosition.row + 1 === s.start_line && span.endPosition.row + 1 === s.end_line) return undefined;
    return [span.startPosition.row + 1, span.endPosition.row + 1];
  }
  return undefined;
}

/** Parse one file and cut it into symbol chunks. */
export async function parseFile(
  path: string,
  text: string,
  key: string,
  c: CompiledSpec,
  maxErrorFraction: number,
): Promise<ParseResult> {
  const parser = await getParser();
  parser.setLanguage(c.lang);
  const src = key === "c" || key === "cpp" ? hideExternCGuards(text) : text;
  let tree: Tree | null;
  try {
    tree = parser.parse(src);
  } catch (err) {
    return { ok: false, detail: `grammar ${key} failed: ${(err as Error).message}` };
  }
  if (tree === null) return { ok: false, detail: `grammar ${key} returned no tree` };
  try {
    if (tree.rootNode.hasError && src.length > 0) {
      const share = analyze(tree, src, c, 0).errorChars / src.length;
      if (share > maxErrorFraction) {
        return { ok: false, detail: `error share ${share.toFixed(3)} > ${maxErrorFraction}` };
      }
    }
    const lines = text.split("\n");
    const chunks: Chunk[] = topLevelSymbols(tree, c).map((s) => {
      const dot = s.name.lastIndexOf(".");
      const name = dot === -1 ? s.name : s.name.slice(dot + 1);
      const [start, end] = (!declaredAtStart(lines, s, name) && narrowed(tree as Tree, c, s, name)) || [
        s.start_line,
        s.end_line,
      ];
      const kind: ChunkKind = s.kind === "class" ? classKind(lines, start, end) : s.kind;
      return {
        id: `${path}#${s.name}:${start}`,
        path,
        kind,
        name,
        qualified: s.name,
        start_line: start,
        end_line: end,
      };
    });
    return { ok: true, chunks, imports: fileImports(tree, src, c) };
  } finally {
    tree.delete();
  }
}
