/** Java classes, records, enums and interfaces with fields, methods, annotations and call sites. */
import type { Node } from "web-tree-sitter";
import type { IndexedFile } from "../index/types.js";
import { type Annotation, baseType, type CallSite, type ClassInfo, endLine, line, named } from "./class-info.js";

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

export const JAVA_CLASS: Record<string, ClassInfo["kind"]> = {
  class_declaration: "class",
  interface_declaration: "interface",
  enum_declaration: "enum",
  record_declaration: "record",
};

export function javaClass(n: Node, file: IndexedFile, out: ClassInfo[], outer: string): void {
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
