/**
 * Method-level call graph between indexed classes and the flows from entry points (HTTP handlers,
 * scheduled jobs) down to repository-layer methods.
 */
import { type Annotation, baseType, type ClassInfo, type MethodInfo } from "./classes.js";
import { touchesDatabase } from "./database.js";
import { PY_ROUTE } from "./layers.js";
import { ModuleIndex } from "./module-lookup.js";
import type { CallEdge, Flow, FlowEntry, FlowStep, Layer } from "./types.js";

export interface Graph {
  /** Method node ids (`path#Class.method:line`) → the method and its class. */
  nodes: Map<string, { cls: ClassInfo; m: MethodInfo | undefined; qualified: string }>;
  out: Map<string, { to: string; line: number }[]>;
  edges: CallEdge[];
  /** Methods that call a database handle directly (TypeScript/JavaScript and Go). */
  persists: Set<string>;
}

const qual = (c: ClassInfo, name: string) => (c.name === "" ? name : `${c.name}.${name}`);
const fileOf = (c: ClassInfo, m: MethodInfo | undefined) => m?.path ?? c.path;
export const nodeId = (c: ClassInfo, m: MethodInfo) => `${fileOf(c, m)}#${qual(c, m.name)}:${m.start_line}`;
const inheritedId = (c: ClassInfo, name: string) => `${c.path}#${qual(c, name)}:inherited`;
/** Java and Python keep their original resolution; the newer readers get module-level lookups. */
const isWide = (c: ClassInfo) => c.lang !== "java" && c.lang !== "python";

export function buildGraph(classes: readonly ClassInfo[], layerOf: (path: string) => Layer): Graph {
  const byName = new Map<string, ClassInfo[]>();
  for (const c of classes) if (c.name !== "") byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const nodes: Graph["nodes"] = new Map();
  const persists = new Set<string>();
  for (const c of classes)
    for (const m of c.methods) {
      nodes.set(nodeId(c, m), { cls: c, m, qualified: qual(c, m.name) });
      if (isWide(c) && touchesDatabase(c, m)) persists.add(nodeId(c, m));
    }
  const out: Graph["out"] = new Map();
  const edges: CallEdge[] = [];
  const pick = (name: string, from: ClassInfo) => {
    const cands = byName.get(baseType(name)) ?? [];
    return cands.find((c) => c.path === from.path) ?? cands[0];
  };
  const modules = new ModuleIndex(classes);
  const target = (c: ClassInfo, name: string): string | undefined => {
    const impl = isWide(c) && c.kind === "interface" ? modules.implementation(c) : undefined;
    for (const owner of impl === undefined ? [c] : [impl, c]) {
      const m = owner.methods.find((x) => x.name === name && !x.isConstructor && x.entry === undefined);
      if (m !== undefined) return nodeId(owner, m);
    }
    // Inherited from a framework base (JpaRepository.save): the declaring type stands in.
    if (layerOf(c.path) === "repository" && c.supers.length > 0) {
      const id = inheritedId(c, name);
      if (!nodes.has(id)) nodes.set(id, { cls: c, m: undefined, qualified: qual(c, name) });
      return id;
    }
    return undefined;
  };
  for (const c of classes) {
    const fields = new Map(c.fields.map((f) => [f.name, f.type]));
    for (const m of c.methods) {
      const from = nodeId(c, m);
      const seen = new Set<string>();
      for (const call of m.calls) {
        let owner: ClassInfo | undefined;
        if (call.via === "none" || call.via === "this") owner = c;
        else if (call.via === "field") owner = pick(fields.get(call.receiver) ?? "", c);
        else if (call.via === "name") {
          const t = m.vars.get(call.receiver) ?? fields.get(call.receiver);
          owner = t !== undefined ? pick(t, c) : pick(call.receiver, c); // typed variable, else Type.m()
        }
        let to = owner === undefined ? undefined : target(owner, call.name);
        if (to === undefined && isWide(c)) {
          const found = modules.resolve(fileOf(c, m), call, c.lang);
          if (found !== undefined && "type" in found) {
            const t = pick(found.type, c);
            to = t === undefined ? undefined : target(t, call.name);
          } else if (found !== undefined) to = nodeId(found.module, found.method);
        }
        if (to === undefined || to === from || seen.has(to)) continue;
        seen.add(to);
        edges.push({ from: nodes.get(from)?.qualified ?? from, to: nodes.get(to)?.qualified ?? to, line: call.line });
        out.set(from, [...(out.get(from) ?? []), { to, line: call.line }]);
      }
    }
  }
  return { nodes, out, edges, persists };
}

const HTTP: Record<string, string | undefined> = {
  GetMapping: "GET",
  PostMapping: "POST",
  PutMapping: "PUT",
  PatchMapping: "PATCH",
  DeleteMapping: "DELETE",
  RequestMapping: undefined,
};

/** The first string literal of `value = "/x"`, `path = "/x"`, `{ path: '/x' }` or a bare `"/x"`. */
function routeOf(args: string): string {
  const named = /\b(?:value|path)\s*[=:]\s*\{?\s*["']([^"']*)["']/.exec(args);
  if (named) return named[1] as string;
  if (/^\s*\w+\s*=/.test(args)) return "";
  return /^\s*\{?\s*["']([^"']*)["']/.exec(args)?.[1] ?? "";
}

const join = (a: string, b: string) =>
  `/${[a, b]
    .map((s) => s.replace(/^\/|\/$/g, ""))
    .filter((s) => s !== "")
    .join("/")}`;

/** NestJS / routing-controllers method decorators. */
const DECORATOR_HTTP: Record<string, string> = {
  Get: "GET",
  Post: "POST",
  Put: "PUT",
  Patch: "PATCH",
  Delete: "DELETE",
  All: "ALL",
  Head: "HEAD",
  Options: "OPTIONS",
};
const DECORATOR_JOBS = new Set(["Cron", "Interval", "Timeout"]);

function decoratorEntry(c: ClassInfo, m: MethodInfo): FlowEntry | undefined {
  const ctrl = c.annotations.find((a) => a.name === "Controller" || a.name === "JsonController");
  for (const a of m.annotations) {
    const method = DECORATOR_HTTP[a.name];
    if (method !== undefined && ctrl !== undefined) {
      return { kind: "http", method, route: join(routeOf(ctrl.args), routeOf(a.args)) };
    }
    if (DECORATOR_JOBS.has(a.name)) return { kind: "scheduled", detail: `@${a.name}(${a.args})` };
  }
  return undefined;
}

/** The entry point a method is, if any. */
export function entryOf(c: ClassInfo, m: MethodInfo): FlowEntry | undefined {
  if (m.entry !== undefined) return m.entry;
  if (c.lang !== "java" && c.lang !== "python") return decoratorEntry(c, m);
  const prefix = routeOf(c.annotations.find((a) => a.name === "RequestMapping")?.args ?? "");
  for (const a of m.annotations) {
    if (a.name in HTTP) {
      const method =
        HTTP[a.name] ?? /RequestMethod\.(\w+)/.exec(a.args)?.[1] ?? (a.name === "RequestMapping" ? undefined : "");
      return { kind: "http", ...(method ? { method } : {}), route: join(prefix, routeOf(a.args)) };
    }
    if (a.name === "Scheduled") return { kind: "scheduled", detail: a.args };
    const py = PY_ROUTE.exec(a.name);
    if (py) return pyRoute(a, py[1] as string);
  }
  return undefined;
}

function pyRoute(a: Annotation, verb: string): FlowEntry {
  const route = routeOf(a.args) || undefined;
  const methods = /methods\s*=\s*\[\s*["'](\w+)["']/.exec(a.args)?.[1];
  const method = verb === "route" || verb === "api_route" ? (methods ?? "GET").toUpperCase() : verb.toUpperCase();
  return { kind: "http", method, ...(route !== undefined ? { route } : {}) };
}

const MAX_DEPTH = 8;
const MAX_CHAINS_PER_ENTRY = 64;

/** Depth-first chains from each entry point to repository-layer methods (no cycles, depth ≤ 8). */
export function findFlows(classes: readonly ClassInfo[], g: Graph, layerOf: (path: string) => Layer): Flow[] {
  const flows: Flow[] = [];
  const step = (id: string): FlowStep => {
    const n = g.nodes.get(id);
    if (n === undefined) throw new Error(`unknown node ${id}`);
    if (n.m === undefined) {
      return {
        qualified: n.qualified,
        path: n.cls.path,
        start_line: n.cls.start_line,
        end_line: n.cls.end_line,
        inherited: true,
      };
    }
    return { qualified: n.qualified, path: fileOf(n.cls, n.m), start_line: n.m.start_line, end_line: n.m.end_line };
  };
  const persistent = (id: string) => {
    const n = g.nodes.get(id);
    return n !== undefined && (layerOf(fileOf(n.cls, n.m)) === "repository" || g.persists.has(id));
  };
  for (const c of classes) {
    for (const m of c.methods) {
      const entry = entryOf(c, m);
      if (entry === undefined) continue;
      const start = nodeId(c, m);
      const chains: string[][] = [];
      let longest: string[] = [start];
      const dfs = (path: string[]) => {
        if (chains.length >= MAX_CHAINS_PER_ENTRY) return;
        const last = path[path.length - 1] as string;
        if (path.length > longest.length) longest = path;
        if (path.length > 1 && persistent(last)) {
          chains.push(path);
          return;
        }
        if (path.length > MAX_DEPTH) return;
        for (const e of g.out.get(last) ?? []) if (!path.includes(e.to)) dfs([...path, e.to]);
      };
      dfs([start]);
      const found = chains.length > 0 ? chains : [longest];
      // Registrations share names (`router.post`): their place tells them apart.
      const id = m.entry === undefined ? qual(c, m.name) : `${qual(c, m.name)}@${fileOf(c, m)}:${m.start_line}`;
      found.forEach((chain, i) => {
        flows.push({
          id: `${id}#${i + 1}`,
          entry,
          steps: chain.map(step),
          reaches_persistence: chains.length > 0,
        });
      });
    }
  }
  return flows;
}
