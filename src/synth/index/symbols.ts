/**
 * Symbol chunks and imports of one source file, from parse_code's tree-sitter machinery: its
 * grammars (loaded once per thread), its per-language node tables (`LANG_SPECS`, compiled once
 * per grammar) and `topLevelSymbols` (functions, classes, nested classes and TypeScript namespace
 * members, and their methods, each under its qualified name: `Foo.Builder.build`).
 */
import type { Node, Tree } from "web-tree-sitter";
import { analyze, type CompiledSpec, compile, hideExternCGuards, topLevelSymbols } from "../../ops/parse/analyze.js";
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

/**
 * Parse one file and cut it into symbol chunks. `onTree` sees the tree before it is deleted, also
 * when the file has too many errors to index (`chunked`: it gave symbols), so later steps need
 * not parse the file again; not when the parsed text is not `text` (C with guards hidden).
 */
export async function parseFile(
  path: string,
  text: string,
  key: string,
  c: CompiledSpec,
  maxErrorFraction: number,
  onTree?: (tree: Tree, chunked: boolean) => void,
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
    const result = cutChunks(path, text, src, tree, c, maxErrorFraction);
    if (src === text) onTree?.(tree, result.ok && result.chunks.length > 0);
    return result;
  } finally {
    tree.delete();
  }
}

/** Parse `text` with grammar `key` and hand the tree to `use` (nothing when the parser gives none), then delete it. */
export async function withTree<T>(text: string, key: string, use: (tree: Tree) => T): Promise<T | undefined> {
  const parser = await getParser();
  parser.setLanguage(await getLanguage(key));
  const tree = parser.parse(text);
  if (tree === null) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

function cutChunks(
  path: string,
  text: string,
  src: string,
  tree: Tree,
  c: CompiledSpec,
  maxErrorFraction: number,
): ParseResult {
  if (tree.rootNode.hasError && src.length > 0) {
    const share = analyze(tree, src, c, 0).errorChars / src.length;
    if (share > maxErrorFraction) {
      return { ok: false, detail: `error share ${share.toFixed(3)} > ${maxErrorFraction}` };
    }
  }
  const lines = text.split("\n");
  const chunks: Chunk[] = topLevelSymbols(tree, c, { nested: true }).map((s) => {
    const dot = s.name.lastIndexOf(".");
    const name = dot === -1 ? s.name : s.name.slice(dot + 1);
    const { start_line: start, end_line: end } = s;
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
}
