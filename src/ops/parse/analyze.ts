/**
 * Measures of one tree-sitter tree for `parse_code`: error coverage, function/class/import
 * counts, comment and docstring coverage, comment text and top-level symbols.
 *
 * Node types are resolved to numeric ids once per grammar (`compile`), so classifying a node
 * only reads its type id and indexes typed arrays. Offsets are the UTF-16 code unit offsets
 * web-tree-sitter reports, i.e. JavaScript string indices of `text`.
 */
import type { Language, Node, Tree } from "web-tree-sitter";
import type { LangSpec } from "./langSpecs.js";

const NONE = 0;
const FUNCTION = 1;
const CLASS = 2;
const IMPORT = 3;
const COMMENT = 4;
type Cat = typeof FUNCTION | typeof CLASS | typeof IMPORT | typeof COMMENT;

export interface CompiledSpec {
  spec: LangSpec;
  lang: Language;
  /** Category of every node of a type, by type id. */
  plain: Uint8Array;
  /** Every node type a rule names: what `analyze` asks the tree for. */
  candidateTypes: string[];
  /** `T:has(C)` rules, by T. */
  has: Map<number, Map<number, Cat>>;
  /** `P>T` rules, by T. */
  parentOf: Map<number, Map<number, Cat>>;
  importCall: Uint8Array;
  importCallRe: RegExp | undefined;
  leadingDoc: Uint8Array;
  /** Python docstring holders: the module, and functions and classes (their `body`). */
  pyModule: Uint8Array;
  pyOwner: Uint8Array;
  symbolContainer: Uint8Array;
  /** Rule node types the grammar does not have (a typo, or a grammar version without them). */
  unknown: string[];
}

/** Named node types of a grammar → their ids (aliases make several ids share one name). */
function namedIds(lang: Language): Map<string, number[]> {
  const ids = new Map<string, number[]>();
  for (let id = 0; id < lang.nodeTypeCount; id++) {
    if (!lang.nodeTypeIsNamed(id)) continue;
    const name = lang.nodeTypeForId(id);
    if (name === null) continue;
    const list = ids.get(name);
    if (list) list.push(id);
    else ids.set(name, [id]);
  }
  return ids;
}

export function compile(spec: LangSpec, lang: Language): CompiledSpec {
  const ids = namedIds(lang);
  const size = Math.max(lang.nodeTypeCount, 1);
  const unknown = new Set<string>();
  const lookup = (name: string): number[] => {
    const found = ids.get(name);
    if (!found) unknown.add(name);
    return found ?? [];
  };
  const flags = (names: readonly string[] = []): Uint8Array => {
    const arr = new Uint8Array(size);
    for (const n of names) for (const id of lookup(n)) arr[id] = 1;
    return arr;
  };
  const c: CompiledSpec = {
    spec,
    lang,
    plain: new Uint8Array(size),
    candidateTypes: [],
    has: new Map(),
    parentOf: new Map(),
    importCall: flags(spec.importCalls?.types),
    importCallRe: spec.importCalls?.re,
    leadingDoc: flags(spec.leadingDocFor),
    pyModule: flags(spec.pythonDocstrings ? ["module"] : []),
    pyOwner: flags(spec.pythonDocstrings ? ["function_definition", "class_definition"] : []),
    symbolContainer: flags(spec.symbolContainers),
    unknown: [],
  };
  const put = (m: Map<number, Map<number, Cat>>, key: number, sub: number, cat: Cat) => {
    let inner = m.get(key);
    if (!inner) {
      inner = new Map();
      m.set(key, inner);
    }
    inner.set(sub, cat);
  };
  const candidates = new Set<string>([
    ...(spec.importCalls?.types ?? []),
    ...(spec.pythonDocstrings ? ["function_definition", "class_definition"] : []),
  ]);
  const addRules = (rules: readonly string[], cat: Cat) => {
    for (const rule of rules) {
      const has = /^(\w+):has\((\w+)\)$/.exec(rule);
      const par = /^(\w+)>(\w+)$/.exec(rule);
      if (has) {
        const [, t, child] = has as unknown as [string, string, string];
        for (const tid of lookup(t)) for (const cid of lookup(child)) put(c.has, tid, cid, cat);
        candidates.add(t);
      } else if (par) {
        const [, parent, t] = par as unknown as [string, string, string];
        for (const pid of lookup(parent)) for (const tid of lookup(t)) put(c.parentOf, tid, pid, cat);
        candidates.add(t);
      } else {
        for (const id of lookup(rule)) c.plain[id] = cat;
        candidates.add(rule);
      }
    }
  };
  addRules(spec.functions, FUNCTION);
  addRules(spec.classes, CLASS);
  addRules(spec.imports, IMPORT);
  addRules(spec.comments, COMMENT);
  c.unknown = [...unknown].sort();
  c.candidateTypes = [...candidates].filter((t) => ids.has(t));
  return c;
}

export interface Analysis {
  /** UTF-16 code units covered by ERROR nodes (outermost only). */
  errorChars: number;
  functions: number;
  classes: number;
  imports: number;
  commentChars: number;
  docChars: number;
  /** Cleaned comment and docstring text, when asked for. */
  commentText: string[];
}

const CPP_GUARD =
  /^([ \t]*#[ \t]*if(?:def[ \t]+__cplusplus\b|[ \t]+defined[ \t]*\(?[ \t]*__cplusplus\b)[^\n]*\n)([^\n]*)(?=\n[ \t]*#[ \t]*endif\b)/gm;
const CPP_GUARD_LINE = /^\s*(?:extern\s+"C"\s*\{|\})\s*(?:\/\/.*|\/\*.*\*\/)?\s*$/;

/**
 * C/C++ headers wrap their declarations in `#ifdef __cplusplus` / `extern "C" {` / `#endif`
 * ... `#ifdef __cplusplus` / `}` / `#endif`: braces that only balance across preprocessor
 * branches, which tree-sitter reports as a MISSING `#endif` (or worse). The `extern "C" {` and
 * `}` lines of that idiom are replaced by spaces, so offsets and line numbers stay the same.
 */
export function hideExternCGuards(text: string): string {
  if (!text.includes("__cplusplus")) return text;
  return text.replace(CPP_GUARD, (all, head: string, line: string) =>
    CPP_GUARD_LINE.test(line) ? head + " ".repeat(line.length) : all,
  );
}

/** Whether the comment at [s, e) starts with a documentation prefix (`/**` but not `/**\/` or `/***`). */
function isDocComment(text: string, s: number, e: number, prefixes: readonly string[]): boolean {
  for (const p of prefixes) {
    if (e - s < p.length || !text.startsWith(p, s)) continue;
    const next = text.charCodeAt(s + p.length);
    if (next === p.charCodeAt(p.length - 1)) continue; // `////`, `/***`, `----`: rulers and banners
    if (p === "/**" && next === 47) continue; // `/**/`
    return true;
  }
  return false;
}

/** Comment text without its markers, for natural-language detection. */
export function cleanComment(raw: string): string {
  const out: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith("#!/")) continue; // shebang
    const t = line
      .replace(
        /^\s*(?:\/\/[/!]?|\/\*+!?|\*+(?!\/)|#+!?|--+(?:\[=*\[)?|<!--|"""|'''|[rRuUbBfF]{0,2}(?:"""|'''|"|'))/,
        "",
      )
      .replace(/(?:\*+\/|-->|\]=*\]|"""|'''|["'])\s*$/, "")
      .trim();
    if (t.length > 0) out.push(t);
  }
  return out.join("\n");
}

/** Collects comment text up to `cap` characters in total. */
class TextSink {
  readonly parts: string[] = [];
  private room: number;
  constructor(cap: number) {
    this.room = cap;
  }
  add(raw: string): void {
    if (this.room <= 0) return;
    let t = cleanComment(raw);
    if (t.length === 0) return;
    if (t.length > this.room) t = t.slice(0, this.room);
    this.parts.push(t);
    this.room -= t.length + 1;
  }
}

/** The first statement of a Python module/block, if it is a lone string: the docstring. */
function pythonDocstring(container: Node): Node | null {
  for (let ch = container.firstNamedChild; ch !== null; ch = ch.nextNamedSibling) {
    if (ch.type === "comment") continue;
    if (ch.type !== "expression_statement" || ch.namedChildCount !== 1) return null;
    const s = ch.firstNamedChild;
    return s !== null && (s.type === "string" || s.type === "concatenated_string") ? s : null;
  }
  return null;
}

/**
 * Measures one tree. The tree is searched in C (`descendantsOfType`, a depth-first walk inside
 * the WASM module) for the node types the rules name; only those nodes cross into JavaScript,
 * which is several times faster than stepping a TreeCursor over every node from JavaScript.
 * `commentCap` > 0 collects cleaned comment/docstring text up to that many characters.
 */
export function analyze(tree: Tree, text: string, c: CompiledSpec, commentCap: number): Analysis {
  const r: Analysis = {
    errorChars: 0,
    functions: 0,
    classes: 0,
    imports: 0,
    commentChars: 0,
    docChars: 0,
    commentText: [],
  };
  const sink = commentCap > 0 ? new TextSink(commentCap) : undefined;
  const root = tree.rootNode;
  if (root.hasError) {
    // Alone: web-tree-sitter 0.25 prepends ERROR's id (65535) to the sorted id list its C
    // side binary-searches, so mixing "ERROR" with other types finds almost nothing.
    let errorEnd = -1;
    for (const n of root.descendantsOfType("ERROR")) {
      if (n === null) continue;
      const s = n.startIndex;
      const e = n.endIndex;
      if (e > errorEnd) {
        r.errorChars += e - Math.max(s, errorEnd);
        errorEnd = e; // nested ERROR nodes come after their parent and are not counted again
      }
    }
  }
  const docPrefixes = c.spec.docPrefixes;
  const wantLeading = c.spec.leadingDocFor !== undefined;
  let run = 0; // characters of the current run of comments (leading documentation)
  const addDoc = (n: Node) => {
    r.docChars += n.endIndex - n.startIndex;
    sink?.add(text.slice(n.startIndex, n.endIndex));
  };
  if (c.pyModule[root.typeId] === 1) {
    const doc = pythonDocstring(root);
    if (doc !== null) addDoc(doc);
  }
  for (const n of root.descendantsOfType(c.candidateTypes)) {
    if (n === null) continue;
    const id = n.typeId; // anonymous tokens named like a rule type (Ruby's `class` keyword) get NONE
    const cat = categoryOf(n, -1, c, text);
    if (cat === FUNCTION) r.functions++;
    else if (cat === CLASS) r.classes++;
    else if (cat === IMPORT) r.imports++;
    else if (cat === COMMENT) {
      const s = n.startIndex;
      const e = n.endIndex;
      r.commentChars += e - s;
      if (docPrefixes !== undefined && isDocComment(text, s, e, docPrefixes)) r.docChars += e - s;
      sink?.add(text.slice(s, e));
      if (wantLeading) {
        // Go/Ruby: comments on the lines right above a declaration document it.
        run += e - s;
        const endRow = n.endPosition.row;
        const next = n.nextNamedSibling;
        const nextId = next?.typeId ?? -1;
        const nextRow = next?.startPosition.row ?? -1;
        if (next === null || c.plain[nextId] !== COMMENT || nextRow > endRow + 1) {
          if (c.leadingDoc[nextId] === 1 && nextRow === endRow + 1) r.docChars += run;
          run = 0;
        }
      }
    }
    if (c.pyOwner[id] === 1) {
      const body = n.childForFieldName("body");
      const doc = body === null ? null : pythonDocstring(body);
      if (doc !== null) addDoc(doc);
    }
  }
  if (sink) r.commentText = sink.parts;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Symbols

export interface CodeSymbol {
  kind: "function" | "method" | "class" | "impl";
  name: string;
  start_line: number;
  end_line: number;
}

/**
 * Category of a node by the rules (`parentTypeId` < 0: look the parent up). Import calls
 * (`require(...)`) are recognised only when the source `text` is given.
 */
function categoryOf(node: Node, parentTypeId: number, c: CompiledSpec, text?: string): number {
  const id = node.typeId;
  const plain = c.plain[id] ?? NONE;
  if (plain !== NONE) return plain;
  const parents = c.parentOf.get(id);
  if (parents !== undefined) {
    const cat = parents.get(parentTypeId >= 0 ? parentTypeId : (node.parent?.typeId ?? -1));
    if (cat !== undefined) return cat;
  }
  const has = c.has.get(id);
  if (has !== undefined) {
    for (const ch of node.namedChildren) {
      const cat = ch === null ? undefined : has.get(ch.typeId);
      if (cat !== undefined) return cat;
    }
  }
  if (text !== undefined && c.importCall[id] === 1 && c.importCallRe !== undefined) {
    c.importCallRe.lastIndex = node.startIndex;
    if (c.importCallRe.test(text)) return IMPORT;
  }
  return NONE;
}

const NAME_TYPES =
  /^(?:identifier|type_identifier|field_identifier|property_identifier|simple_identifier|constant|name|word|qualified_identifier|scoped_identifier|operator_name|destructor_name)$/;

/** The declared name of a definition node, through C declarators, JS bindings and Go receivers. */
export function symbolName(node: Node): string {
  const named = node.childForFieldName("name");
  if (named !== null) return named.text;
  // C/C++: function_definition → declarator (pointer/function/reference) → ... → identifier.
  let d = node.childForFieldName("declarator");
  for (let i = 0; d !== null && i < 8; i++) {
    if (NAME_TYPES.test(d.type)) return d.text;
    d = d.childForFieldName("declarator") ?? d.firstNamedChild;
  }
  // Rust impl blocks: the implemented type, without generic arguments.
  const implType = node.childForFieldName("type");
  if (implType !== null) return (implType.childForFieldName("type") ?? implType).text;
  for (let ch = node.firstNamedChild; ch !== null; ch = ch.nextNamedSibling) {
    if (NAME_TYPES.test(ch.type)) return ch.text;
  }
  return "";
}

/** The value node of a JS/TS class field `handle = () => {}`. */
function fieldValue(node: Node): Node | null {
  return node.type === "field_definition" || node.type === "public_field_definition"
    ? node.childForFieldName("value")
    : null;
}

/** A JS/TS `const f = () => ...` declaration binding one function: its name, else null. */
function boundFunction(node: Node, c: CompiledSpec): string | null {
  if (node.type !== "lexical_declaration" && node.type !== "variable_declaration") return null;
  for (let d = node.firstNamedChild; d !== null; d = d.nextNamedSibling) {
    if (d.type !== "variable_declarator") continue;
    const value = d.childForFieldName("value");
    if (value !== null && categoryOf(value, d.typeId, c) === FUNCTION) return d.childForFieldName("name")?.text ?? "";
  }
  return null;
}

/** The body node holding members of a class-like node. */
function membersOf(node: Node): Node | null {
  const body = node.childForFieldName("body");
  // a Java enum keeps its methods after the constants, in enum_body_declarations
  if (body?.type === "enum_body") return body.namedChildren.find((ch) => ch?.type === "enum_body_declarations") ?? body;
  if (body !== null) return body;
  for (let ch = node.lastNamedChild; ch !== null; ch = ch.previousNamedSibling) {
    if (/(?:body|declaration_list|field_declaration_list|block|body_statement|template_body)$/.test(ch.type)) return ch;
  }
  return null;
}

const WRAPPERS = new Set(["export_statement", "decorated_definition", "template_declaration", "ambient_declaration"]);

export interface SymbolOptions {
  /**
   * Also classes nested in classes, with their methods, each qualified by its owners
   * (`Foo.Builder`, `Foo.Builder.build`); members of a TypeScript namespace merged into a class
   * (`class Foo {}` + `namespace Foo { export class Builder {} }`) are qualified the same way.
   * Off for parse_code, whose symbol list stays top level.
   */
  nested?: boolean;
}

/** TypeScript `namespace Foo { }`: merged into a class `Foo`, it holds that class's nested types. */
const NAMESPACES = new Set(["internal_module"]);

/**
 * Top-level symbols: functions, classes (class-like types) and Rust impl blocks directly in
 * the file or in a namespace/export/decorator wrapper, plus the methods of those classes.
 * Lines are 1-based and inclusive; a wrapper's span (decorators, `export`) is included.
 */
export function topLevelSymbols(tree: Tree, c: CompiledSpec, opts: SymbolOptions = {}): CodeSymbol[] {
  const out: CodeSymbol[] = [];
  const push = (kind: CodeSymbol["kind"], name: string, span: Node) =>
    out.push({ kind, name, start_line: span.startPosition.row + 1, end_line: span.endPosition.row + 1 });
  const isImpl = (n: Node) => n.type === "impl_item";

  // `prefix` qualifies names outside classes: empty unless nested symbols are asked for.
  const visit = (parent: Node, owner: string | null, span: Node | null, depth: number, prefix = "") => {
    for (let n = parent.firstNamedChild; n !== null; n = n.nextNamedSibling) {
      const outer = span ?? n;
      const cat = categoryOf(n, parent.typeId, c);
      if (cat === FUNCTION) {
        const name = symbolName(n);
        // Go methods are top level: named after their receiver type.
        const recv = n.childForFieldName("receiver")?.text.match(/([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\)$/);
        if (owner !== null) push("method", `${owner}.${name}`, outer);
        else if (recv?.[1]) push("method", `${recv[1]}.${name}`, outer);
        else push("function", `${prefix}${name}`, outer);
      } else if (cat === CLASS || isImpl(n)) {
        let name = symbolName(n);
        if (name === "" && parent.type === "type_definition") name = symbolName(parent);
        name = owner !== null ? `${owner}.${name}` : `${prefix}${name}`;
        if (owner === null || opts.nested) push(isImpl(n) ? "impl" : "class", name, outer);
        // Methods of top-level classes; of nested ones too when asked for.
        const members = owner === null || opts.nested ? membersOf(n) : null;
        if (members !== null) visit(members, name, null, depth + 1);
      } else if (depth < 8 && c.symbolContainer[n.typeId] === 1) {
        // Wrappers (export, decorators, templates) lend their span; namespaces do not, and they
        // end an outer wrapper's span too: in `export namespace u { export function f() {} }`, f's
        // span is its own export, not the namespace's.
        // A plain namespace (`util.assertNever`) keeps its members top level; a class must be
        // declared before the namespace merged into it, so it is already in `out`.
        const name = opts.nested && owner === null && NAMESPACES.has(n.type) ? `${prefix}${symbolName(n)}` : "";
        const ns = name !== "" && out.some((x) => x.kind === "class" && x.name === name) ? name : "";
        visit(n, owner, WRAPPERS.has(n.type) ? (span ?? n) : null, depth + 1, ns ? `${ns}.` : prefix);
      } else if (owner === null) {
        const bound = boundFunction(n, c);
        if (bound !== null) push("function", `${prefix}${bound}`, outer);
      } else {
        const value = fieldValue(n);
        if (value !== null && categoryOf(value, n.typeId, c) === FUNCTION)
          push("method", `${owner}.${n.childForFieldName("property")?.text ?? symbolName(n)}`, outer);
      }
    }
  };
  visit(tree.rootNode, null, null, 0);
  return out;
}
