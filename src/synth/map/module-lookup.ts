/**
 * Call resolution beyond a class's own members, for TypeScript/JavaScript and Go: functions of the
 * same file, of the same Go package (folder) or of another package (`catalog.New()`), functions
 * imported by name when the name is unique, module-level instances (`const repo = new Repo()`),
 * and the one implementation of an interface.
 */
import { type CallSite, type ClassInfo, joinRoute, type MethodInfo } from "./class-info.js";

const dirOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ".");

/** A module path without extension or `/index` (`src/routes/orders`): what relative imports name. */
export function moduleStem(p: string): string {
  return p.replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, "").replace(/\/index$/, "");
}

/**
 * Express routes take the prefix of the one `app.use("/api", router)` that mounts their router
 * (in its own file or importing it), through routers mounted on mounted routers. A router mounted
 * twice keeps its routes as written. Recomputed from `MethodInfo.router`, so running it again is harmless.
 */
export function mountExpressRoutes(classes: readonly ClassInfo[]): void {
  const mods = classes.filter((c) => c.kind === "module" && c.express !== undefined);
  const byStem = new Map(mods.map((c) => [moduleStem(c.path), c]));
  const key = (path: string, local: string) => `${path}\u0000${local}`;
  const mountsOf = new Map<string, { from: ClassInfo; on: string; prefix: string }[]>();
  for (const from of mods) {
    for (const m of from.express?.mounts ?? []) {
      const target = byStem.get(m.module);
      const local = m.exported ? target?.express?.exports.get(m.name) : m.name;
      if (target === undefined || local === undefined || !target.express?.locals.has(local)) continue;
      const k = key(target.path, local);
      mountsOf.set(k, [...(mountsOf.get(k) ?? []), { from, on: m.on, prefix: m.prefix }]);
    }
  }
  // undefined: ambiguous (mounted twice somewhere up the chain); "" when never mounted.
  const prefixOf = (k: string, seen: Set<string>): string | undefined => {
    const found = mountsOf.get(k) ?? [];
    if (found.length === 0) return "";
    const [only] = found;
    if (found.length > 1 || only === undefined || seen.has(k)) return undefined;
    const parent = only.from.express?.locals.has(only.on)
      ? prefixOf(key(only.from.path, only.on), new Set([...seen, k]))
      : "";
    return parent === undefined ? undefined : joinRoute(parent, only.prefix);
  };
  for (const mod of mods) {
    for (const m of mod.methods) {
      if (m.router === undefined || m.entry === undefined) continue;
      const prefix = prefixOf(key(mod.path, m.router.name), new Set());
      if (prefix !== undefined) m.entry = { ...m.entry, route: joinRoute(prefix, m.router.route) };
    }
  }
}
const callable = (m: MethodInfo) => m.entry === undefined && !m.isConstructor;

export type Resolved = { module: ClassInfo; method: MethodInfo } | { type: string };

export class ModuleIndex {
  private readonly byPath = new Map<string, ClassInfo>();
  private readonly byDir = new Map<string, ClassInfo[]>();
  private readonly functions = new Map<string, { module: ClassInfo; method: MethodInfo }[]>();
  private readonly instances = new Map<string, string[]>();
  private readonly impls = new Map<ClassInfo, ClassInfo | undefined>();

  constructor(private readonly classes: readonly ClassInfo[]) {
    for (const c of classes) {
      if (c.kind !== "module" || c.lang === "java" || c.lang === "python") continue;
      this.byPath.set(c.path, c);
      this.byDir.set(dirOf(c.path), [...(this.byDir.get(dirOf(c.path)) ?? []), c]);
      for (const m of c.methods.filter(callable)) {
        this.functions.set(m.name, [...(this.functions.get(m.name) ?? []), { module: c, method: m }]);
      }
      for (const f of c.fields) this.instances.set(f.name, [...(this.instances.get(f.name) ?? []), f.type]);
    }
  }

  private inModules(mods: readonly ClassInfo[], name: string): Resolved | undefined {
    for (const module of mods) {
      const method = module.methods.find((m) => m.name === name && callable(m));
      if (method !== undefined) return { module, method };
    }
    return undefined;
  }

  /** What a call the class could not resolve itself reaches: a module function or a typed instance. */
  resolve(file: string, call: CallSite, lang: string): Resolved | undefined {
    const own = this.byPath.get(file);
    if (call.via === "none") {
      const local = this.inModules(own ? [own] : [], call.name);
      if (local !== undefined) return local;
      if (lang === "go") return this.inModules(this.byDir.get(dirOf(file)) ?? [], call.name);
      const all = this.functions.get(call.name) ?? [];
      return all.length === 1 ? all[0] : undefined;
    }
    if (call.via !== "name") return undefined;
    const localType = own?.fields.find((f) => f.name === call.receiver)?.type;
    if (localType !== undefined) return { type: localType };
    const types = [...new Set(this.instances.get(call.receiver) ?? [])];
    if (types.length === 1) return { type: types[0] as string };
    if (lang === "go") {
      const pkg = [...this.byDir.entries()].filter(([d]) => d.split("/").pop() === call.receiver);
      return this.inModules(
        pkg.flatMap(([, mods]) => mods),
        call.name,
      );
    }
    return undefined;
  }

  /** The single class implementing an interface (`implements I`, or Go's method sets), if any. */
  implementation(iface: ClassInfo): ClassInfo | undefined {
    if (this.impls.has(iface)) return this.impls.get(iface);
    const names = iface.methods.map((m) => m.name);
    const found = this.classes.filter(
      (c) =>
        c.kind === "class" &&
        c.lang === iface.lang &&
        (c.supers.includes(iface.name) ||
          (c.lang === "go" && names.length > 0 && names.every((n) => c.methods.some((m) => m.name === n)))),
    );
    const impl = found.length === 1 ? found[0] : undefined;
    this.impls.set(iface, impl);
    return impl;
  }
}
