/**
 * TypeScript/JavaScript classes (fields, constructor parameter properties, methods and arrow
 * properties, decorators), module functions and typed module constants, call sites, and the
 * route/job registrations (`router.post("/x", h)`, `cron.schedule(expr, fn)`) that start flows.
 */
import { posix } from "node:path";
import type { Node } from "web-tree-sitter";
import type { IndexedFile } from "../index/types.js";
import {
  type Annotation,
  type CallSite,
  type ClassInfo,
  type ExpressRouters,
  endLine,
  line,
  type MethodInfo,
  moduleOf,
  named,
  type RouterMount,
  registrationMethod,
} from "./class-info.js";
import { moduleStem } from "./module-lookup.js";
import type { FlowEntry } from "./types.js";

const FUNCTION_VALUE = new Set(["arrow_function", "function_expression", "function", "generator_function"]);
const CLASS_DECL = new Set(["class_declaration", "abstract_class_declaration", "class"]);
const HTTP_VERBS = new Set(["get", "post", "put", "patch", "delete", "all", "head", "options"]);

const typeText = (n: Node | null | undefined) => (n === null || n === undefined ? "" : n.text.replace(/^:\s*/, ""));
const unquote = (s: string) => s.replace(/^[`'"]|[`'"]$/g, "");
/** The statement that carries decorators and `export` around a declaration. */
const outerOf = (n: Node): Node => (n.parent?.type === "export_statement" ? n.parent : n);

function decorators(n: Node): Annotation[] {
  const own = n.childrenForFieldName("decorator");
  const wrapper = n.parent?.type === "export_statement" ? n.parent.childrenForFieldName("decorator") : [];
  return annotations([...wrapper, ...own].filter((d): d is Node => d !== null));
}

function annotations(decorators: readonly Node[]): Annotation[] {
  return decorators.map((d) => {
    const expr = d.namedChildren[0] ?? null;
    if (expr?.type === "call_expression") {
      const fn = expr.childForFieldName("function")?.text ?? "";
      const args = expr.childForFieldName("arguments")?.text.replace(/^\(|\)$/g, "") ?? "";
      return { name: fn.slice(fn.lastIndexOf(".") + 1), args };
    }
    const text = expr?.text ?? "";
    return { name: text.slice(text.lastIndexOf(".") + 1), args: "" };
  });
}

/** The call site a callee expression (`this.x.m`, `x.m`, `m`) stands for. */
function siteOf(fn: Node, at: number): CallSite | undefined {
  if (fn.type === "identifier") return { via: "none", receiver: "", name: fn.text, line: at };
  if (fn.type !== "member_expression") return undefined;
  const obj = fn.childForFieldName("object");
  const name = fn.childForFieldName("property")?.text ?? "";
  if (obj?.type === "this") return { via: "this", receiver: "", name, line: at };
  if (obj?.type === "identifier") return { via: "name", receiver: obj.text, name, line: at };
  if (obj?.type === "member_expression" && obj.childForFieldName("object")?.type === "this") {
    return { via: "field", receiver: obj.childForFieldName("property")?.text ?? "", name, line: at };
  }
  return { via: "other", receiver: "", name, line: at };
}

function calls(body: Node | null | undefined): CallSite[] {
  if (body === null || body === undefined) return [];
  const out: CallSite[] = [];
  for (const c of body.descendantsOfType("call_expression")) {
    const fn = c?.childForFieldName("function");
    const site = c && fn ? siteOf(fn, line(c)) : undefined;
    if (site !== undefined) out.push(site);
  }
  return out;
}

/** Type of a variable from its annotation or its `new X()` value. */
function declaredType(decl: Node): string | undefined {
  const t = decl.childForFieldName("type");
  if (t) return typeText(t);
  let v = decl.childForFieldName("value");
  if (v?.type === "await_expression") v = v.namedChildren[0] ?? null;
  if (v?.type === "new_expression") return v.childForFieldName("constructor")?.text;
  return undefined;
}

function params(fn: Node, into: Map<string, string>): void {
  for (const p of named(fn.childForFieldName("parameters"))) {
    const name = p.childForFieldName("pattern");
    const type = p.childForFieldName("type");
    if (name?.type === "identifier" && type) into.set(name.text, typeText(type));
  }
}

function vars(fn: Node, outer?: Map<string, string>): Map<string, string> {
  const out = new Map(outer);
  params(fn, out);
  for (const d of fn.descendantsOfType("variable_declarator")) {
    const name = d?.childForFieldName("name");
    const type = d ? declaredType(d) : undefined;
    if (name?.type === "identifier" && type !== undefined) out.set(name.text, type);
  }
  return out;
}

const stringValue = (n: Node | undefined) =>
  n?.type === "string" || n?.type === "template_string" ? unquote(n.text) : undefined;

/** `router.route("/x").get(a).post(b)`: the `route(...)` call under a chain of verbs, if `obj` is one. */
function routeChain(obj: Node | null): { base: Node | null; route: string } | undefined {
  let cur = obj;
  while (cur?.type === "call_expression") {
    const f = cur.childForFieldName("function");
    if (f?.type !== "member_expression") return undefined;
    const prop = f.childForFieldName("property")?.text ?? "";
    if (prop === "route") {
      const route = stringValue(named(cur.childForFieldName("arguments"))[0]);
      return route === undefined ? undefined : { base: f.childForFieldName("object"), route };
    }
    if (!HTTP_VERBS.has(prop)) return undefined;
    cur = f.childForFieldName("object");
  }
  return undefined;
}

interface Registration {
  entry: FlowEntry;
  handlers: Node[];
  /** The identifier the route is registered on (`router` of `router.get(...)`). */
  on?: string;
}

function entryOfCall(fn: Node, args: Node[]): Registration | undefined {
  if (fn.type !== "member_expression") return undefined;
  const verb = fn.childForFieldName("property")?.text ?? "";
  const objNode = fn.childForFieldName("object");
  const obj = objNode?.text ?? "";
  const first = args[0];
  if (first === undefined) return undefined;
  const literal = stringValue(first);
  const http = (route: string, base: Node | null | undefined, handlers: Node[]): Registration => ({
    entry: { kind: "http", method: verb.toUpperCase(), route },
    handlers,
    ...(base?.type === "identifier" ? { on: base.text } : {}),
  });
  if (HTTP_VERBS.has(verb) && literal !== undefined && /^[/*]/.test(literal))
    return http(literal, objNode, args.slice(1));
  const chain = HTTP_VERBS.has(verb) ? routeChain(objNode) : undefined;
  if (chain !== undefined) return http(chain.route, chain.base, args);
  if ((verb === "schedule" && /cron/i.test(obj)) || verb === "scheduleJob") {
    return { entry: { kind: "scheduled", detail: first.text }, handlers: args.slice(1) };
  }
  return undefined;
}

/** Call sites a handler argument stands for: the function it names, or what its body calls. */
function handlerSites(h: Node, scope: Map<string, string>): CallSite[] {
  if (FUNCTION_VALUE.has(h.type)) {
    params(h, scope);
    return calls(h.childForFieldName("body"));
  }
  if (h.type === "call_expression") {
    const fn = h.childForFieldName("function");
    const own = fn ? siteOf(fn, line(h)) : undefined;
    const inner = named(h.childForFieldName("arguments")).flatMap((a) => handlerSites(a, scope));
    return own === undefined ? inner : [own, ...inner];
  }
  const site = siteOf(h, line(h));
  return site === undefined || site.via === "other" ? [] : [site];
}

/**
 * Route and job registrations under a scope, each a pseudo-method whose calls reach the handler;
 * those on a module-level router (`routers`) remember it for the prefix of its mount.
 */
function registrations(
  scope: Node,
  owner: string,
  outerVars: Map<string, string>,
  routers: ReadonlySet<string> = new Set(),
): MethodInfo[] {
  const out: MethodInfo[] = [];
  for (const c of scope.descendantsOfType("call_expression")) {
    const fn = c?.childForFieldName("function");
    if (c === null || fn === null || fn === undefined) continue;
    const found = entryOfCall(fn, named(c.childForFieldName("arguments")));
    if (found === undefined) continue;
    const scopeVars = new Map(outerVars);
    const handlers = found.handlers.flatMap((h) => handlerSites(h, scopeVars));
    const name = found.on !== undefined ? `${found.on}.${fn.childForFieldName("property")?.text}` : fn.text;
    const m = registrationMethod(name.replace(/^this\./, ""), owner, c, scopeVars, handlers, found.entry);
    if (found.on !== undefined && routers.has(found.on) && found.entry.route !== undefined) {
      m.router = { name: found.on, route: found.entry.route };
    }
    out.push(m);
  }
  return out;
}

const isPrivate = (member: Node, name: string) =>
  named(member).some((c) => c.type === "accessibility_modifier" && c.text !== "public") || /^[#_]/.test(name);

function method(
  fn: Node,
  span: Node,
  name: string,
  owner: string,
  anns: Annotation[],
  pub: boolean,
  first: Node = span,
): MethodInfo {
  return {
    name,
    owner,
    start_line: line(first),
    end_line: endLine(span),
    annotations: anns,
    isPublic: pub,
    isConstructor: name === "constructor",
    vars: vars(fn),
    calls: calls(fn.childForFieldName("body")),
  };
}

function heritage(n: Node): string[] {
  const h = named(n).find((c) => c.type === "class_heritage");
  if (h === undefined) return [];
  let text = h.text;
  for (let prev = ""; prev !== text; ) {
    prev = text;
    text = text.replace(/<[^<>]*>/g, "");
  }
  return [...text.matchAll(/\b[A-Z]\w*/g)].map((m) => m[0]);
}

function classOf(n: Node, file: IndexedFile): ClassInfo {
  const name = n.childForFieldName("name")?.text ?? "";
  const outer = outerOf(n);
  const info: ClassInfo = {
    name,
    path: file.path,
    lang: file.lang,
    kind: "class",
    start_line: line(outer),
    end_line: endLine(outer),
    annotations: decorators(n),
    supers: heritage(n),
    fields: [],
    methods: [],
  };
  // TypeORM / MikroORM: `@Entity("parcels")` or `@Entity({ name: "parcels" })`.
  const entity = info.annotations.find((a) => a.name === "Entity")?.args ?? "";
  const table = /\bname\s*:\s*["'`]([^"'`]+)/.exec(entity)?.[1] ?? /^\s*["'`]([^"'`]+)/.exec(entity)?.[1];
  if (table !== undefined) info.table = table;
  // Method decorators precede their method in the class body; they belong to its span.
  let pending: Node[] = [];
  for (const m of named(n.childForFieldName("body"))) {
    if (m.type === "decorator") {
      pending.push(m);
      continue;
    }
    const before = pending;
    pending = [];
    const key = m.childForFieldName("name") ?? m.childForFieldName("property");
    const mname = key?.text ?? "";
    if (m.type === "method_definition" || m.type === "abstract_method_signature" || m.type === "method_signature") {
      const anns = [...annotations(before), ...decorators(m)];
      const meth = method(m, m, mname, name, anns, !isPrivate(m, mname), before[0] ?? m);
      info.methods.push(meth);
      if (meth.isConstructor) parameterProperties(m, info);
      info.methods.push(...registrations(m, name, meth.vars));
    } else if (m.type === "public_field_definition" || m.type === "field_definition") {
      const value = m.childForFieldName("value");
      if (value && FUNCTION_VALUE.has(value.type)) {
        info.methods.push(method(value, m, mname, name, decorators(m), !isPrivate(m, mname)));
      } else if (!/^\s*(@[\s\S]*?\s)?(declare\s+)?(public\s+|private\s+|protected\s+)?static\b/.test(m.text)) {
        info.fields.push({ name: mname, type: declaredType(m) ?? "", line: key ? line(key) : line(m) });
      }
    }
  }
  return info;
}

/** `constructor(private readonly repo: OrderRepository)` declares the field `repo`. */
function parameterProperties(ctor: Node, info: ClassInfo): void {
  for (const p of named(ctor.childForFieldName("parameters"))) {
    const isProperty = named(p).some((c) => c.type === "accessibility_modifier") || /^\s*readonly\b/.test(p.text);
    const name = p.childForFieldName("pattern");
    if (!isProperty || name?.type !== "identifier") continue;
    info.fields.push({ name: name.text, type: typeText(p.childForFieldName("type")), line: line(name) });
  }
}

function interfaceOf(n: Node, file: IndexedFile, kind: ClassInfo["kind"]): ClassInfo {
  const outer = outerOf(n);
  const name = n.childForFieldName("name")?.text ?? "";
  const info: ClassInfo = {
    name,
    path: file.path,
    lang: file.lang,
    kind,
    start_line: line(outer),
    end_line: endLine(outer),
    annotations: [],
    supers: heritage(n),
    fields: [],
    methods: [],
  };
  for (const m of named(n.childForFieldName("body"))) {
    const mname = m.childForFieldName("name")?.text ?? "";
    if (m.type === "method_signature") info.methods.push(method(m, m, mname, name, [], true));
    if (m.type === "property_signature") {
      info.fields.push({ name: mname, type: typeText(m.childForFieldName("type")), line: line(m) });
    }
  }
  return info;
}

const ROUTER_CALL = /^(express\.)?Router$/;

/** Local names imported from relative modules: `import r from "./x"`, `{ a as b }`, `require("./x")`. */
function relativeImports(root: Node, file: string): Map<string, { module: string; name: string }> {
  const out = new Map<string, { module: string; name: string }>();
  const resolve = (spec: string | undefined) =>
    spec?.startsWith(".") ? moduleStem(posix.normalize(posix.join(posix.dirname(file), spec))) : undefined;
  for (const top of named(root)) {
    if (top.type === "import_statement") {
      const module = resolve(stringValue(top.childForFieldName("source") ?? undefined));
      const clause = named(top).find((c) => c.type === "import_clause");
      if (module === undefined || clause === undefined) continue;
      for (const c of named(clause)) {
        if (c.type === "identifier") out.set(c.text, { module, name: "default" });
        for (const spec of c.type === "named_imports" ? named(c) : []) {
          const name = spec.childForFieldName("name")?.text ?? "";
          out.set(spec.childForFieldName("alias")?.text ?? name, { module, name });
        }
      }
    }
    for (const d of top.type === "lexical_declaration" || top.type === "variable_declaration" ? named(top) : []) {
      const value = d.childForFieldName("value");
      const name = d.childForFieldName("name");
      if (value?.type !== "call_expression" || value.childForFieldName("function")?.text !== "require") continue;
      const module = resolve(stringValue(named(value.childForFieldName("arguments"))[0]));
      if (module !== undefined && name?.type === "identifier") out.set(name.text, { module, name: "default" });
    }
  }
  return out;
}

/** Module-level `express.Router()` variables, what the module exports of them, and `x.use("/p", r)` mounts. */
function expressRouters(root: Node, file: string): ExpressRouters | undefined {
  const locals = new Set<string>();
  const exports = new Map<string, string>();
  for (const top of named(root)) {
    const decl = top.type === "export_statement" ? (top.childForFieldName("declaration") ?? top) : top;
    for (const d of decl.type === "lexical_declaration" || decl.type === "variable_declaration" ? named(decl) : []) {
      const name = d.childForFieldName("name");
      const value = d.childForFieldName("value");
      if (name?.type !== "identifier" || value?.type !== "call_expression") continue;
      if (!ROUTER_CALL.test(value.childForFieldName("function")?.text ?? "")) continue;
      locals.add(name.text);
      if (decl !== top) exports.set(name.text, name.text);
    }
    const value = top.type === "export_statement" ? top.childForFieldName("value") : null;
    if (value?.type === "identifier") exports.set("default", value.text);
    for (const spec of named(named(top).find((c) => c.type === "export_clause"))) {
      const name = spec.childForFieldName("name")?.text ?? "";
      exports.set(spec.childForFieldName("alias")?.text ?? name, name);
    }
    // CommonJS: module.exports = router
    const assign = top.type === "expression_statement" ? named(top)[0] : undefined;
    if (assign?.type === "assignment_expression" && assign.childForFieldName("left")?.text === "module.exports") {
      const right = assign.childForFieldName("right");
      if (right?.type === "identifier") exports.set("default", right.text);
    }
  }
  const imports = relativeImports(root, file);
  const mounts: RouterMount[] = [];
  for (const c of root.descendantsOfType("call_expression")) {
    const fn = c?.childForFieldName("function");
    if (fn?.type !== "member_expression" || fn.childForFieldName("property")?.text !== "use") continue;
    const [first, ...rest] = named(c?.childForFieldName("arguments"));
    const prefix = stringValue(first);
    if (prefix === undefined || !prefix.startsWith("/")) continue;
    // Middleware may sit between the prefix and the router: app.use("/api", auth, router).
    const targets = rest.filter((a) => a.type === "identifier" && (locals.has(a.text) || imports.has(a.text)));
    const target = targets.length === 1 ? (targets[0] as Node).text : undefined;
    if (target === undefined) continue;
    const on = fn.childForFieldName("object")?.text ?? "";
    const imported = imports.get(target);
    mounts.push(
      imported === undefined || locals.has(target)
        ? { prefix, on, module: moduleStem(file), name: target, exported: false }
        : { prefix, on, module: imported.module, name: imported.name, exported: true },
    );
  }
  return locals.size > 0 || mounts.length > 0 ? { locals, exports, mounts } : undefined;
}

/** Classes, interfaces, enums and the module (functions, typed constants, registrations) of one file. */
export function tsFile(root: Node, file: IndexedFile, out: ClassInfo[]): void {
  const mod = moduleOf(file.path, file.lang, endLine(root));
  const moduleVars = new Map<string, string>();
  const express = expressRouters(root, file.path);
  const pending: Node[] = [];
  for (const top of named(root)) {
    const decl = top.type === "export_statement" ? (top.childForFieldName("declaration") ?? top) : top;
    if (CLASS_DECL.has(decl.type)) out.push(classOf(decl, file));
    else if (decl.type === "interface_declaration") out.push(interfaceOf(decl, file, "interface"));
    else if (decl.type === "enum_declaration") out.push(interfaceOf(decl, file, "enum"));
    else if (decl.type === "function_declaration" || decl.type === "generator_function_declaration") {
      mod.methods.push(method(decl, top, decl.childForFieldName("name")?.text ?? "", "", [], true));
      pending.push(decl);
    } else if (decl.type === "lexical_declaration" || decl.type === "variable_declaration") {
      for (const d of named(decl).filter((x) => x.type === "variable_declarator")) {
        const name = d.childForFieldName("name");
        const value = d.childForFieldName("value");
        if (name?.type !== "identifier") continue;
        if (value && FUNCTION_VALUE.has(value.type)) {
          mod.methods.push(method(value, top, name.text, "", [], true));
          pending.push(value);
        } else {
          const type = declaredType(d);
          if (type !== undefined) {
            mod.fields.push({ name: name.text, type, line: line(name) });
            moduleVars.set(name.text, type);
          }
          if (value) pending.push(value);
        }
      }
    } else if (decl.type === "expression_statement") pending.push(decl);
  }
  // Registrations need the module's typed constants, known only once the file is read.
  for (const scope of pending) {
    const fnVars = FUNCTION_VALUE.has(scope.type) || /function/.test(scope.type) ? vars(scope, moduleVars) : moduleVars;
    mod.methods.push(...registrations(scope, "", fnVars, express?.locals));
  }
  if (express !== undefined) mod.express = express;
  if (mod.methods.length > 0 || mod.fields.length > 0 || express !== undefined) out.push(mod);
}
