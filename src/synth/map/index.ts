/**
 * Step 2 of `smelt synth`: the domain map of an indexed repository — modules, layers per file,
 * entities and SQL tables, service operations, configuration, the call graph and the flows from
 * entry points down to persistence.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { IndexedFile, RepoIndex } from "../index/types.js";
import { type ClassInfo, readClasses } from "./classes.js";
import { CONFIG_FILE, propertiesEntries, yamlEntries } from "./config.js";
import { touchesDatabase } from "./database.js";
import { entityOf, sqlTables } from "./entities.js";
import { buildGraph, findFlows } from "./graph.js";
import { classLayer, folderLayer, nameLayer } from "./layers.js";
import { findModules } from "./modules.js";
import type { ConfigEntry, DomainMap, FileLayer, Layer, Table } from "./types.js";

export { focus } from "./focus.js";
export { saveDomainMap } from "./save.js";
export type * from "./types.js";

const byPathLine = <T extends { path: string; start_line: number }>(a: T, b: T) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.start_line - b.start_line;

/** `internal/store/parcels.go` → `store` (a Go package); `src/services/parcel.service.ts` → `parcel.service`. */
const moduleName = (p: string) =>
  /\.go$/.test(p) ? (p.split("/").at(-2) ?? ".") : (p.split("/").pop() ?? p).replace(/\.\w+$/, "");

/** Files whose code calls a database handle directly: the persistence layer when nothing else says. */
function databaseFiles(classes: readonly ClassInfo[]): Set<string> {
  const out = new Set<string>();
  for (const c of classes) {
    if (c.lang === "java" || c.lang === "python") continue;
    for (const m of c.methods) if (touchesDatabase(c, m)) out.add(m.path ?? c.path);
  }
  return out;
}

/** Configuration entries of the indexed configuration files (CONFIG_FILE), in file order. */
export async function readConfig(root: string, files: readonly IndexedFile[]): Promise<ConfigEntry[]> {
  const config: ConfigEntry[] = [];
  for (const f of files) {
    if (!CONFIG_FILE.test(f.path)) continue;
    const text = await readFile(path.join(root, f.path), "utf8");
    config.push(...(/\.properties$/i.test(f.path) ? propertiesEntries(f.path, text) : yamlEntries(f.path, text)));
  }
  return config;
}

/** What `buildDomainMap` would otherwise read itself: classes found while indexing, configuration. */
export interface MapInputs {
  /** `readClasses` of the index's files (in file order, Go methods attached). */
  classes?: ClassInfo[];
  /** `readConfig` of the index's files. */
  config?: ConfigEntry[];
}

/** The domain map of an indexed repository; `known` saves re-reading what the caller has already read. */
export async function buildDomainMap(
  index: RepoIndex,
  root: string = index.root,
  known: MapInputs = {},
): Promise<DomainMap> {
  const abs = path.resolve(root);
  const classes = known.classes ?? (await readClasses(abs, index.files));
  const layers: FileLayer[] = [];
  const layerByPath = new Map<string, Layer>();
  const dbFiles = databaseFiles(classes);
  for (const f of index.files) {
    if (f.lang !== "java" && f.lang !== "python" && f.lang !== "go" && !/^(type|java)script$/.test(f.lang)) continue;
    const own = classes.filter((c) => c.path === f.path && c.kind !== "module");
    // The file's first top-level class decides; then any class; then folders; then class names
    // and direct database calls (TypeScript/JavaScript and Go).
    const decided =
      own.map(classLayer).find((x) => x !== undefined) ??
      folderLayer(f.path) ??
      own.map(nameLayer).find((x) => x !== undefined) ??
      (dbFiles.has(f.path) ? { layer: "repository" as Layer, reason: "database calls" } : undefined);
    const fl = decided ?? { layer: "other" as Layer, reason: "no marker" };
    layers.push({ path: f.path, layer: fl.layer, reason: fl.reason });
    layerByPath.set(f.path, fl.layer);
  }
  const layerOf = (p: string) => layerByPath.get(p) ?? "other";

  const entities = classes
    .map((c) => {
      const folder = folderLayer(c.path);
      return entityOf(c, layerOf(c.path), folder?.layer === "model" && !c.name.includes("."));
    })
    .filter((e) => e !== undefined)
    .sort(byPathLine);

  const tables: Table[] = [];
  for (const f of index.files) {
    if (/\.sql$/i.test(f.path)) tables.push(...sqlTables(f.path, await readFile(path.join(abs, f.path), "utf8")));
  }
  const config = known.config ?? (await readConfig(abs, index.files));

  // Module functions are operations too where services are often plain functions (TS/JS, Go).
  const operationsOf = (c: ClassInfo) =>
    c.kind === "module" ? c.lang !== "java" && c.lang !== "python" : c.kind !== "interface";
  const operations = classes
    .filter((c) => operationsOf(c) && layerOf(c.path) === "service")
    .flatMap((c) =>
      c.methods
        .filter(
          (m) => m.isPublic && !m.isConstructor && !m.name.startsWith("__") && layerOf(m.path ?? c.path) === "service",
        )
        .map((m) => ({
          qualified: c.name === "" ? m.name : `${c.name}.${m.name}`,
          name: m.name,
          owner: c.name === "" ? moduleName(c.path) : c.name,
          path: m.path ?? c.path,
          start_line: m.start_line,
          end_line: m.end_line,
          annotations: m.annotations.map((a) => a.name),
        })),
    )
    .sort(byPathLine);

  const graph = buildGraph(classes, layerOf);
  return {
    modules: findModules(index.files),
    layers,
    entities,
    tables: tables.sort(byPathLine),
    operations,
    config,
    calls: graph.edges,
    flows: findFlows(classes, graph, layerOf),
  };
}
