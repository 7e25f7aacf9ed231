/** Python classes (fields from annotations and `self.x` in `__init__`) and module functions. */
import type { Node } from "web-tree-sitter";
import type { IndexedFile } from "../index/types.js";
import {
  type Annotation,
  baseType,
  type CallSite,
  type ClassInfo,
  endLine,
  line,
  type MethodInfo,
  moduleOf,
  named,
} from "./class-info.js";

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

export function pyFile(root: Node, file: IndexedFile, out: ClassInfo[]): void {
  const mod = moduleOf(file.path, file.lang, endLine(root));
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
