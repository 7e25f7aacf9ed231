/**
 * Go structs (fields with tags), interfaces and named types, methods by receiver, functions,
 * call sites, and the route/job registrations (`mux.HandleFunc("GET /x", s.h)`, chi/gin/echo
 * `r.Post("/x", h)`, gorilla `.Methods("POST")`, robfig `c.AddFunc(spec, fn)`) that start flows.
 */
import type { Node } from "web-tree-sitter";
import type { IndexedFile } from "../index/types.js";
import {
  baseType,
  type CallSite,
  type ClassInfo,
  endLine,
  joinRoute,
  line,
  type MethodInfo,
  moduleOf,
  named,
  registrationMethod,
} from "./class-info.js";
import type { FlowEntry } from "./types.js";

/** Struct tags that map a field to a column or document key. */
const STORAGE_TAG = /\b(db|gorm|bun|pg|bson|sql):"/;
const ROUTE_FUNCS = new Set(["HandleFunc", "Handle", "Get", "Post", "Put", "Patch", "Delete", "Head", "Options"]);
const ROUTE_VERBS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "Any"]);

const exported = (name: string) => /^[A-Z]/.test(name);
const unquote = (s: string) => s.replace(/^[`"]|[`"]$/g, "");
const isString = (n: Node | undefined) => n?.type === "interpreted_string_literal" || n?.type === "raw_string_literal";

/** A method left to attach to its receiver type, which may be declared in another file. */
export interface GoMethod {
  receiver: string;
  dir: string;
  method: MethodInfo;
}

function siteOf(fn: Node, recv: string, at: number): CallSite | undefined {
  if (fn.type === "identifier") return { via: "none", receiver: "", name: fn.text, line: at };
  if (fn.type !== "selector_expression") return undefined;
  const op = fn.childForFieldName("operand");
  const name = fn.childForFieldName("field")?.text ?? "";
  if (op?.type === "identifier") {
    return op.text === recv && recv !== ""
      ? { via: "this", receiver: "", name, line: at }
      : { via: "name", receiver: op.text, name, line: at };
  }
  if (op?.type === "selector_expression" && recv !== "" && op.childForFieldName("operand")?.text === recv) {
    return { via: "field", receiver: op.childForFieldName("field")?.text ?? "", name, line: at };
  }
  return { via: "other", receiver: "", name, line: at };
}

function calls(body: Node | null | undefined, recv: string): CallSite[] {
  if (!body) return [];
  const out: CallSite[] = [];
  for (const c of body.descendantsOfType("call_expression")) {
    const fn = c?.childForFieldName("function");
    const site = c && fn ? siteOf(fn, recv, line(c)) : undefined;
    if (site !== undefined) out.push(site);
  }
  return out;
}

/** Type of `&T{}`, `T{}`, `NewT(...)` and `pkg.NewT(...)` values. */
function valueType(v: Node | undefined): string | undefined {
  if (v === undefined) return undefined;
  const x = v.type === "unary_expression" ? (v.childForFieldName("operand") ?? v) : v;
  if (x.type === "composite_literal") return x.childForFieldName("type")?.text;
  if (x.type === "call_expression") {
    const fn = x.childForFieldName("function");
    const name = fn?.type === "selector_expression" ? fn.childForFieldName("field")?.text : fn?.text;
    const m = /^New([A-Z]\w*)$/.exec(name ?? "");
    if (m) return m[1];
  }
  return undefined;
}

function params(list: Node | null | undefined, into: Map<string, string>): void {
  for (const p of named(list)) {
    const type = p.childForFieldName("type")?.text ?? "";
    for (const n of p.childrenForFieldName("name")) if (n !== null) into.set(n.text, type);
  }
}

function vars(fn: Node): Map<string, string> {
  const out = new Map<string, string>();
  params(fn.childForFieldName("receiver"), out);
  params(fn.childForFieldName("parameters"), out);
  for (const d of fn.descendantsOfType(["short_var_declaration", "var_spec"])) {
    if (d === null) continue;
    if (d.type === "var_spec") {
      const type = d.childForFieldName("type")?.text ?? valueType(named(d.childForFieldName("value"))[0]);
      for (const n of d.childrenForFieldName("name")) if (n !== null && type !== undefined) out.set(n.text, type);
      continue;
    }
    const left = named(d.childForFieldName("left"));
    const right = named(d.childForFieldName("right"));
    left.forEach((n, i) => {
      const type = valueType(right[i]);
      if (n.type === "identifier" && type !== undefined) out.set(n.text, type);
    });
  }
  return out;
}

function entryOfCall(call: Node, fn: Node, args: Node[]): { entry: FlowEntry; handlers: Node[] } | undefined {
  if (fn.type !== "selector_expression" || !isString(args[0])) return undefined;
  const field = fn.childForFieldName("field")?.text ?? "";
  const literal = unquote((args[0] as Node).text);
  if (field === "AddFunc") return { entry: { kind: "scheduled", detail: literal }, handlers: args.slice(1) };
  if (!ROUTE_FUNCS.has(field) && !ROUTE_VERBS.has(field)) return undefined;
  // Go 1.22 patterns carry the method: "GET /v1/items/{id}".
  const pattern = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(literal);
  if (pattern === null) return undefined;
  let method = pattern[1] ?? (ROUTE_VERBS.has(field) ? field.toUpperCase() : undefined);
  if (method === undefined && field !== "HandleFunc" && field !== "Handle") method = field.toUpperCase();
  // gorilla/mux: r.HandleFunc("/x", h).Methods("POST")
  const chained = call.parent?.type === "selector_expression" ? call.parent : undefined;
  if (method === undefined && chained?.childForFieldName("field")?.text === "Methods") {
    const first = named(chained.parent?.childForFieldName("arguments"))[0];
    if (isString(first)) method = unquote((first as Node).text);
  }
  const entry: FlowEntry = { kind: "http", ...(method ? { method } : {}), route: pattern[2] as string };
  return { entry, handlers: args.slice(1) };
}

function handlerSites(h: Node, recv: string): CallSite[] {
  if (h.type === "func_literal") return calls(h.childForFieldName("body"), recv);
  if (h.type === "call_expression") {
    const fn = h.childForFieldName("function");
    const own = fn ? siteOf(fn, recv, line(h)) : undefined;
    const inner = named(h.childForFieldName("arguments")).flatMap((a) => handlerSites(a, recv));
    return own === undefined || own.via === "other" ? inner : [own, ...inner];
  }
  const site = siteOf(h, recv, line(h));
  return site === undefined || site.via === "other" ? [] : [site];
}

/**
 * Route prefixes of router variables in a function: gin/echo `v1 := r.Group("/v1")` and chi
 * `r.Mount("/v1", sub)`, each under the prefix of the router it hangs from.
 */
function groupPrefixes(body: Node | null): Map<string, { parent: Node; prefix: string; at: Node }> {
  const out = new Map<string, { parent: Node; prefix: string; at: Node }>();
  for (const c of body?.descendantsOfType("call_expression") ?? []) {
    const fn = c?.childForFieldName("function");
    const field = fn?.type === "selector_expression" ? fn.childForFieldName("field")?.text : undefined;
    const args = named(c?.childForFieldName("arguments"));
    const parent = fn?.childForFieldName("operand");
    if (c === null || parent === null || parent === undefined || !isString(args[0])) continue;
    const prefix = unquote((args[0] as Node).text);
    const decl = c.parent?.parent;
    if (field === "Group" && decl?.type === "short_var_declaration") {
      const name = named(decl.childForFieldName("left"))[0];
      if (name?.type === "identifier") out.set(name.text, { parent, prefix, at: c });
    } else if (field === "Mount" && args[1]?.type === "identifier") out.set(args[1].text, { parent, prefix, at: c });
  }
  return out;
}

/** The prefix a call on `router` at `at` inherits: enclosing chi `r.Route("/v1", func(r) {...})` and groups. */
function prefixOf(router: Node, at: Node, groups: ReturnType<typeof groupPrefixes>, depth = 0): string {
  let prefix = "";
  const chained = router.type === "call_expression" ? router.childForFieldName("function") : null;
  const arg = named(router.childForFieldName("arguments"))[0];
  const g =
    router.type === "identifier"
      ? groups.get(router.text)
      : chained?.type === "selector_expression" && chained.childForFieldName("field")?.text === "Group" && isString(arg)
        ? { parent: chained.childForFieldName("operand") as Node, prefix: unquote((arg as Node).text), at: router }
        : undefined;
  if (g !== undefined && depth < 8) return joinRoute(prefixOf(g.parent, g.at, groups, depth + 1), g.prefix);
  for (let n = at.parent; n !== null; n = n.parent) {
    if (n.type !== "func_literal" || n.parent?.type !== "argument_list") continue;
    const call = n.parent.parent;
    const fn = call?.childForFieldName("function");
    const first = named(n.parent)[0];
    if (fn?.type === "selector_expression" && fn.childForFieldName("field")?.text === "Route" && isString(first)) {
      prefix = joinRoute(unquote((first as Node).text), prefix);
    }
  }
  return prefix;
}

function registrations(body: Node | null, owner: string, recv: string, scope: Map<string, string>): MethodInfo[] {
  const out: MethodInfo[] = [];
  const groups = groupPrefixes(body);
  for (const c of body?.descendantsOfType("call_expression") ?? []) {
    const fn = c?.childForFieldName("function");
    if (c === null || fn === null || fn === undefined) continue;
    const found = entryOfCall(c, fn, named(c.childForFieldName("arguments")));
    if (found === undefined) continue;
    const router = fn.childForFieldName("operand");
    if (found.entry.kind === "http" && router !== null && found.entry.route !== undefined) {
      found.entry.route = joinRoute(prefixOf(router, c, groups), found.entry.route);
    }
    const handlers = found.handlers.flatMap((h) => handlerSites(h, recv));
    out.push(registrationMethod(fn.text.split(".").slice(-2).join("."), owner, c, scope, handlers, found.entry));
  }
  return out;
}

function typeInfo(spec: Node, outer: Node, file: IndexedFile): ClassInfo {
  const t = spec.childForFieldName("type");
  const name = spec.childForFieldName("name")?.text ?? "";
  const info: ClassInfo = {
    name,
    path: file.path,
    lang: file.lang,
    kind: t?.type === "struct_type" ? "class" : t?.type === "interface_type" ? "interface" : "enum",
    start_line: line(outer),
    end_line: endLine(outer),
    annotations: [],
    supers: [],
    fields: [],
    methods: [],
  };
  const tags = new Set<string>();
  for (const f of t?.type === "struct_type" ? named(named(t)[0]) : []) {
    if (f.type !== "field_declaration") continue;
    const type = f.childForFieldName("type")?.text ?? "";
    const names = f.childrenForFieldName("name").filter((n): n is Node => n !== null);
    const tag = f.childForFieldName("tag")?.text ?? "";
    const storage = STORAGE_TAG.exec(tag)?.[1];
    if (storage !== undefined) tags.add(storage);
    // An embedded type is Go's inheritance: gorm.Model makes a table row.
    if (names.length === 0) {
      info.supers.push(baseType(type));
      if (type === "gorm.Model") info.entitySource = "gorm.Model";
    }
    for (const n of names) info.fields.push({ name: n.text, type, line: line(n) });
  }
  if (info.entitySource === undefined && tags.size > 0) info.entitySource = `${[...tags].sort().join("/")} tags`;
  for (const m of t?.type === "interface_type" ? named(t) : []) {
    if (m.type !== "method_spec" && m.type !== "method_elem") continue;
    const mname = m.childForFieldName("name")?.text ?? "";
    info.methods.push({
      name: mname,
      owner: name,
      start_line: line(m),
      end_line: endLine(m),
      annotations: [],
      isPublic: exported(mname),
      isConstructor: false,
      vars: new Map(),
      calls: [],
    });
  }
  return info;
}

/** `func (T) TableName() string { return "parcels" }`: GORM's table name. */
function tableName(fn: Node): string | undefined {
  const ret = fn.childForFieldName("body")?.descendantsOfType("return_statement")[0];
  const value = ret?.descendantsOfType(["interpreted_string_literal", "raw_string_literal"])[0];
  return value ? unquote(value.text) : undefined;
}

const dirOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ".");

/** Types and functions of one Go file; methods go to `methods` until every file is read. */
export function goFile(root: Node, file: IndexedFile, out: ClassInfo[], methods: GoMethod[]): void {
  const mod = moduleOf(file.path, file.lang, endLine(root));
  for (const top of named(root)) {
    if (top.type === "type_declaration") {
      const specs = named(top).filter((s) => s.type === "type_spec");
      for (const s of specs) out.push(typeInfo(s, specs.length === 1 ? top : s, file));
    } else if (top.type === "function_declaration" || top.type === "method_declaration") {
      const name = top.childForFieldName("name")?.text ?? "";
      const recvNode = named(top.childForFieldName("receiver"))[0];
      const receiver = recvNode ? baseType(recvNode.childForFieldName("type")?.text ?? "") : "";
      const recv = recvNode?.childForFieldName("name")?.text ?? "";
      const v = vars(top);
      const m: MethodInfo = {
        name,
        owner: receiver,
        start_line: line(top),
        end_line: endLine(top),
        annotations: [],
        isPublic: exported(name),
        isConstructor: false,
        vars: v,
        calls: calls(top.childForFieldName("body"), recv),
        path: file.path,
      };
      const regs = registrations(top.childForFieldName("body"), receiver, recv, v);
      if (receiver === "") mod.methods.push(m, ...regs);
      else {
        if (name === "TableName") {
          const t = tableName(top);
          if (t !== undefined) m.annotations.push({ name: "TableName", args: JSON.stringify(t) });
        }
        for (const x of [m, ...regs])
          methods.push({ receiver, dir: dirOf(file.path), method: { ...x, path: file.path } });
      }
    }
  }
  if (mod.methods.length > 0) out.push(mod);
}

/** Methods join their receiver type of the same package (folder); an undeclared type gets a class. */
export function attachGoMethods(classes: ClassInfo[], methods: readonly GoMethod[]): void {
  const byKey = new Map<string, ClassInfo>();
  for (const c of classes) if (c.lang === "go" && c.name !== "") byKey.set(`${dirOf(c.path)}\u0000${c.name}`, c);
  for (const { receiver, dir, method } of methods) {
    const key = `${dir}\u0000${receiver}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = {
        name: receiver,
        path: method.path as string,
        lang: "go",
        kind: "class",
        start_line: method.start_line,
        end_line: method.end_line,
        annotations: [],
        supers: [],
        fields: [],
        methods: [],
      };
      byKey.set(key, c);
      classes.push(c);
    }
    if (method.path === c.path) delete method.path;
    const table = method.annotations.find((a) => a.name === "TableName");
    if (table !== undefined) c.table = JSON.parse(table.args) as string;
    c.methods.push(method);
  }
}
