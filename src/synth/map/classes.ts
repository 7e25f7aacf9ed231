/**
 * Classes, fields, methods, annotations and call sites of Java and Python files, read from the
 * tree-sitter tree (parse_code's grammars, loaded once per thread). Other languages give none.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { getLanguage, getParser } from "../../ops/parse/grammars.js";
import type { IndexedFile } from "../index/types.js";
import type { Field } from "./types.js";

export interface Annotation {
  /** Without `@` and package: `RestController`, `app.get` for Python decorators. */
  name: string;
  /** The argument text without the parentheses, "" when none. */
  args: string;
}

export interface CallSite {
  /** `none` (bare m()), `this`, `name` (x.m(), `x` in receiver), `field` (this.x.m() / self.x.m()). */
  via: "none" | "this" | "name" | "field" | "other";
  receiver: string;
  name: string;
  line: number;
}

export interface MethodInfo {
  name: string;
  owner: string;
  start_line: number;
  end_line: number;
  annotations: Annotation[];
  isPublic: boolean;
  isConstructor: boolean;
  /** Declared types of parameters and local variables. */
  vars: Map<string, string>;
  calls: CallSite[];
}

export interface ClassInfo {
  /** "" for the module-level functions of a Python file. */
  name: string;
  path: string;
  lang: string;
  kind: "class" | "interface" | "enum" | "record" | "module";
  start_line: number;
  end_line: number;
  annotations: Annotation[];
  /** Names in extends/implements or Python base classes. */
  supers: string[];
  /** Non-static fields with declared types. */
  fields: Field[];
  methods: MethodInfo[];
}

const GRAMMAR: Record<string, string> = { java: "java", python: "python" };

const line = (n: Node) => n.startPosition.row + 1;
const endLine = (n: Node) => n.endPosition.row + 1;
const named = (n: Node | null): Node[] => (n === null ? [] : n.namedChildren.filter((c): c is Node => c !== null));

/** `List<StockItem>` → `List`; `com.x.Order` → `Order`; `Optional[Foo]` → `Optional`. */
export function baseType(t: string): string {
  const head = t.replace(/<.*$|\[.*$/s, "").trim();
  const dot = head.lastIndexOf(".");
  return dot === -1 ? head : head.slice(dot + 1);
}

// ---------------------------------------------------------------- Java

function javaAnnotations(decl: Node): Annotation[] {
  const out: Annotation[] = [];
  for (const m of named(decl).filter((c) => c.type === "modifiers")) {
    for (const a of named(m)) {
      if (a.type !== "annotation" && a.type !== "marker_annotation") continue;
      const name = baseType(a.childForFieldName("name")?.text ?? "");
      const args = a.childForFieldName("arguments")?.text.replace(/^\(|\)$/g, "") ?? "";
      out.push({ name, args });
    }
  }
  return out;
}

const modifiersText = (decl: Node) =>
  named(decl)
    .filter((c) => c.type === "modifiers")
    .map((c) => c.text)
    .join(" ");

function javaCalls(body: Node | null): CallSite[] {
  if (body === null) return [];
  const out: CallSite[] = [];
  for (const inv of body.descendantsOfType("method_invocation")) {
    if (inv === null) continue;
    const name = inv.childForFieldName("name")?.text ?? "";
    const obj = inv.childForFieldName("object");
    let via: CallSite["via"] = "other";
    let receiver = "";
    if (obj === null) via = "none";
    else if (obj.type === "this") via = "this";
    else if (obj.type === "identifier") {
      via = "name";
      receiver = obj.text;
    } else if (obj.type === "field_access" && obj.childForFieldName("object")?.type === "this") {
      via = "field";
      receiver = obj.childForFieldName("field")?.text ?? "";
    }
    out.push({ via, receiver, name, line: line(inv) });
  }
  return out;
}

function javaVars(decl: Node): Map<string, string> {
  const vars = new Map<string, string>();
  for (const p of decl.descendantsOfType([
    "formal_parameter",
    "local_variable_declaration",
    "enhanced_for_statement",
  ])) {
    if (p === null) continue;
    const type = p.childForFieldName("type")?.text ?? "";
    if (p.type === "local_variable_declaration") {
      for (const d of p.childrenForFieldName("declarator")) {
        const n = d?.childForFieldName("name")?.text;
        if (n !== undefined && type !== "var") vars.set(n, type);
      }
    } else {
      const n = p.childForFieldName("name")?.text;
      if (n !== undefined) vars.set(n, type);
    }
  }
  return vars;
}

const JAVA_CLASS: Record<string, ClassInfo["kind"]> = {
  class_declaration: "class",
  interface_declaration: "interface",
  enum_declaration: "enum",
  record_declaration: "record",
};

function javaClass(n: Node, file: IndexedFile, out: ClassInfo[], outer: string): void {
  const simple = n.childForFieldName("name")?.text ?? "";
  const name = outer === "" ? simple : `${outer}.${simple}`;
  const body = n.childForFieldName("body");
  const header = body === null ? n.text : n.text.slice(0, body.startIndex - n.startIndex);
  const supers: string[] = [];
  const m = /\b(?:extends|implements)\s+([\s\S]*)$/.exec(header.replace(/@\w+(\([^)]*\))?/g, ""));
  if (m) for (const s of (m[1] as string).matchAll(/[A-Z]\w*/g)) supers.push(s[0]);
  const info: ClassInfo = {
    name,
    path: file.path,
    lang: file.lang,
    kind: JAVA_CLASS[n.type] ?? "class",
    start_line: line(n),
    end_line: endLine(n),
    annotations: javaAnnotations(n),
    supers,
    fields: [],
    methods: [],
  };
  out.push(info);
  const isInterface = info.kind === "interface";
  // Record components are fields too.
  for (const p of named(n.childForFieldName("parameters"))) {
    const pn = p.childForFieldName("name")?.text;
    if (p.type === "formal_parameter" && pn !== undefined) {
      info.fields.push({ name: pn, type: p.childForFieldName("type")?.text ?? "", line: line(p) });
    }
  }
  const members = named(body).flatMap((c) => (c.type === "enum_body_declarations" ? named(c) : [c]));
  for (const c of members) {
    if (c.type === "field_declaration" && !/\bstatic\b/.test(modifiersText(c))) {
      const type = c.childForFieldName("type")?.text ?? "";
      for (const d of c.childrenForFieldName("declarator")) {
        const fname = d?.childForFieldName("name")?.text;
        if (fname !== undefined) info.fields.push({ name: fname, type, line: line(d as Node) });
      }
    } else if (c.type === "method_declaration" || c.type === "constructor_declaration") {
      const mods = modifiersText(c);
      info.methods.push({
        name: c.childForFieldName("name")?.text ?? "",
        owner: name,
        start_line: line(c),
        end_line: endLine(c),
        annotations: javaAnnotations(c),
        isPublic: /\bpublic\b/.test(mods) || (isInterface && !/\bprivate\b/.test(mods)),
        isConstructor: c.type === "constructor_declaration",
        vars: javaVars(c),
        calls: javaCalls(c.childForFieldName("body")),
      });
    } else if (JAVA_CLASS[c.type] !== undefined) javaClass(c, file, out, name);
  }
}

// ---------------------------------------------------------------- Python

function pyDecorators(n: Node): Annotation[] {
  if (n.parent?.type !== "decorated_definition") return [];
  return named(n.parent)
    .filter((d) => d.type === "decorator")
    .map((d) => {
      const expr = d.namedChildren[0] ?? null;
      if (expr?.type === "call") {
        const fn = expr.childForFieldName("function")?.text ?? "";
        return { name: fn, args: expr.childForFieldName("arguments")?.text.replace(/^\(|\)$/g, "") ?? "" };
      }
      return { name: expr?.text ?? "", args: "" };
    });
}

function pyCalls(body: Node | null): CallSite[] {
  if (body === null) return [];
  const out: CallSite[] = [];
  for (const c of body.descendantsOfType("call")) {
    const fn = c?.childForFieldName("function");
    if (c === null || fn === null || fn === undefined) continue;
    if (fn.type === "identifier") {
      out.push({ via: "none", receiver: "", name: fn.text, line: line(c) });
      continue;
    }
    if (fn.type !== "attribute") continue;
    const obj = fn.childForFieldName("object");
    const name = fn.childForFieldName("attribute")?.text ?? "";
    let via: CallSite["via"] = "other";
    let receiver = "";
    if (obj?.type === "identifier") {
      via = obj.text === "self" || obj.text === "cls" ? "this" : "name";
      receiver = obj.text;
    } else if (obj?.type === "attribute" && obj.childForFieldName("object")?.text === "self") {
      via = "field";
      receiver = obj.childForFieldName("attribute")?.text ?? "";
    }
    out.push({ via, receiver, name, line: line(c) });
  }
  return out;
}

function pyVars(fn: Node): Map<string, string> {
  const vars = new Map<string, string>();
  for (const p of named(fn.childForFieldName("parameters"))) {
    const type = p.childForFieldName("type")?.text;
    const n = (p.childForFieldName("name") ?? named(p).find((x) => x.type === "identifier"))?.text;
    if (type !== undefined && n !== undefined) vars.set(n, type);
  }
  return vars;
}

function pyFunction(fn: Node, owner: string): MethodInfo {
  const outer = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
  const name = fn.childForFieldName("name")?.text ?? "";
  return {
    name,
    owner,
    start_line: line(outer),
    end_line: endLine(outer),
    annotations: pyDecorators(fn),
    isPublic: !name.startsWith("_") || (name.startsWith("__") && name.endsWith("__")),
    isConstructor: name === "__init__",
    vars: pyVars(fn),
    calls: pyCalls(fn.childForFieldName("body")),
  };
}

const unwrap = (n: Node): Node => (n.type === "decorated_definition" ? (n.childForFieldName("definition") ?? n) : n);

function pyFile(root: Node, file: IndexedFile, out: ClassInfo[]): void {
  const mod: ClassInfo = {
    name: "",
    path: file.path,
    lang: file.lang,
    kind: "module",
    start_line: 1,
    end_line: endLine(root),
    annotations: [],
    supers: [],
    fields: [],
    methods: [],
  };
  for (const top of named(root).map(unwrap)) {
    if (top.type === "function_definition") mod.methods.push(pyFunction(top, ""));
    if (top.type !== "class_definition") continue;
    const name = top.childForFieldName("name")?.text ?? "";
    const outer = top.parent?.type === "decorated_definition" ? top.parent : top;
    const info: ClassInfo = {
      name,
      path: file.path,
      lang: file.lang,
      kind: "class",
      start_line: line(outer),
      end_line: endLine(outer),
      annotations: pyDecorators(top),
      supers: named(top.childForFieldName("superclasses")).map((s) => baseType(s.text)),
      fields: [],
      methods: [],
    };
    for (const c of named(top.childForFieldName("body")).map(unwrap)) {
      if (c.type === "function_definition") {
        const m = pyFunction(c, name);
        info.methods.push(m);
        if (m.isConstructor) pySelfFields(c, m.vars, info);
      } else if (c.type === "expression_statement") {
        const a = c.namedChildren[0];
        const left = a?.childForFieldName("left");
        const type = a?.childForFieldName("type");
        if (a?.type === "assignment" && left?.type === "identifier") {
          info.fields.push({ name: left.text, type: type?.text ?? "", line: line(c) });
        }
      }
    }
    out.push(info);
  }
  if (mod.methods.length > 0) out.push(mod);
}

/** `self.x: T = ...` and `self.x = param` (typed parameter) in `__init__`. */
function pySelfFields(init: Node, params: Map<string, string>, info: ClassInfo): void {
  for (const a of init.descendantsOfType("assignment")) {
    const left = a?.childForFieldName("left");
    if (a === null || left?.type !== "attribute" || left.childForFieldName("object")?.text !== "self") continue;
    const name = left.childForFieldName("attribute")?.text ?? "";
    if (info.fields.some((f) => f.name === name)) continue;
    const right = a.childForFieldName("right");
    const type =
      a.childForFieldName("type")?.text ?? (right?.type === "identifier" ? params.get(right.text) : undefined);
    info.fields.push({ name, type: type ?? "", line: line(a) });
  }
}

// ---------------------------------------------------------------- entry

/** Classes of every Java and Python file of the index, in file order. */
export async function readClasses(root: string, files: readonly IndexedFile[]): Promise<ClassInfo[]> {
  const out: ClassInfo[] = [];
  const parser = await getParser();
  for (const file of files) {
    const key = GRAMMAR[file.lang];
    if (key === undefined) continue;
    const text = await readFile(path.join(root, file.path), "utf8");
    parser.setLanguage(await getLanguage(key));
    const tree = parser.parse(text);
    if (tree === null) continue;
    try {
      if (key === "java") {
        for (const c of named(tree.rootNode)) if (JAVA_CLASS[c.type] !== undefined) javaClass(c, file, out, "");
      } else pyFile(tree.rootNode, file, out);
    } finally {
      tree.delete();
    }
  }
  return out;
}
