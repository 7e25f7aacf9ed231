/** What the per-language readers extract from one source file: classes, members and call sites. */
import type { Node } from "web-tree-sitter";
import type { Field, FlowEntry } from "./types.js";

export interface Annotation {
  /** Without `@` and package: `RestController`, `app.get` for Python decorators. */
  name: string;
  /** The argument text without the parentheses, "" when none. */
  args: string;
}

export interface CallSite {
  /**
   * `none` (bare m()), `this`, `name` (x.m(), `x` in receiver; also a Go package), `field`
   * (this.x.m() / self.x.m() / s.x.m() on a Go receiver).
   */
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
  /** The file of the method when it is not its class's (Go methods live in any file of the package). */
  path?: string;
  /**
   * Set on a route or job registration (`router.post("/x", h)`, `mux.HandleFunc(...)`,
   * `cron.schedule(...)`): the span is the registration and `calls` reach the handler.
   */
  entry?: FlowEntry;
  /**
   * A registration on a module-level Express router: the router variable and the route as written,
   * before the prefix of the `app.use("/api", router)` that mounts it.
   */
  router?: { name: string; route: string };
}

/** A route or job registration as a pseudo-method: its span is the registration call. */
export function registrationMethod(
  name: string,
  owner: string,
  call: Node,
  vars: Map<string, string>,
  calls: CallSite[],
  entry: FlowEntry,
): MethodInfo {
  return {
    name,
    owner,
    start_line: line(call),
    end_line: endLine(call),
    annotations: [],
    isPublic: false,
    isConstructor: false,
    vars,
    calls,
    entry,
  };
}

export interface ClassInfo {
  /** "" for the module-level functions of a Python, TypeScript/JavaScript or Go file. */
  name: string;
  path: string;
  lang: string;
  kind: "class" | "interface" | "enum" | "record" | "module";
  start_line: number;
  end_line: number;
  annotations: Annotation[];
  /** Names in extends/implements or Python base classes. */
  supers: string[];
  /** Non-static fields with declared types (module-level typed constants for a module). */
  fields: Field[];
  methods: MethodInfo[];
  /** What makes it an entity when no annotation says so: `db tags` on a Go struct. */
  entitySource?: string;
  /** The table it maps to when the code states it (`@Entity("parcels")`, Go `TableName()`). */
  table?: string;
  /** Express routers of a TypeScript/JavaScript module, for mount prefixes resolved across files. */
  express?: ExpressRouters;
}

export interface ExpressRouters {
  /** Module-level `express.Router()` variables. */
  locals: Set<string>;
  /** Exported name (`default` too) → the local variable it stands for. */
  exports: Map<string, string>;
  mounts: RouterMount[];
}

/** `app.use("/api", router)`: the mounted router is `name` of the module at `module` (no extension). */
export interface RouterMount {
  prefix: string;
  /** The variable the mount is on: `app`, or a router that is mounted in turn. */
  on: string;
  module: string;
  name: string;
  /** `name` is an exported name (imported router) rather than the module's own variable. */
  exported: boolean;
}

export const line = (n: Node) => n.startPosition.row + 1;
export const endLine = (n: Node) => n.endPosition.row + 1;
/** A route under a mount or group prefix: `/v1` + `/orders`; `/v1` + `/` is `/v1`. */
export const joinRoute = (prefix: string, route: string) =>
  `${prefix.replace(/\/+$/, "")}${route === "/" ? "" : route}` || "/";
export const named = (n: Node | null | undefined): Node[] =>
  n === null || n === undefined ? [] : n.namedChildren.filter((c): c is Node => c !== null);

/** `List<StockItem>` → `List`; `com.x.Order` → `Order`; `Optional[Foo]` → `Optional`; `*store.DB` → `DB`. */
export function baseType(t: string): string {
  const head = t
    .replace(/^[\s*&]+|^\[\]\**/g, "")
    .replace(/<.*$|\[.*$/s, "")
    .trim();
  const dot = head.lastIndexOf(".");
  return dot === -1 ? head : head.slice(dot + 1);
}

/** A module pseudo-class holding a file's top-level functions. */
export function moduleOf(path: string, lang: string, endLine: number): ClassInfo {
  return {
    name: "",
    path,
    lang,
    kind: "module",
    start_line: 1,
    end_line: endLine,
    annotations: [],
    supers: [],
    fields: [],
    methods: [],
  };
}
