/** Top-level build modules: Maven/Gradle modules, Python packages, Node packages, else top folders. */
import type { IndexedFile } from "../index/types.js";
import type { DomainModule } from "./types.js";

const BUILD: [RegExp, DomainModule["kind"]][] = [
  [/(^|\/)pom\.xml$/, "maven"],
  [/(^|\/)build\.gradle(\.kts)?$/, "gradle"],
  [/(^|\/)package\.json$/, "node"],
  [/(^|\/)(pyproject\.toml|setup\.py)$/, "python"],
];

const dirOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ".");

export function findModules(files: readonly IndexedFile[]): DomainModule[] {
  const found = new Map<string, DomainModule["kind"]>();
  for (const f of files) {
    for (const [re, kind] of BUILD) if (re.test(f.path) && !found.has(dirOf(f.path))) found.set(dirOf(f.path), kind);
  }
  // Python packages: top-level folders with an __init__.py.
  for (const f of files) {
    const m = /^([^/]+)\/__init__\.py$/.exec(f.path);
    if (m) found.set(m[1] as string, "python");
  }
  let dirs = [...found.keys()];
  // A multi-module build: the root build file is the parent, not a module, when it has children.
  if (dirs.length > 1) dirs = dirs.filter((d) => d !== ".");
  if (dirs.length === 0) {
    dirs = [...new Set(files.filter((f) => f.path.includes("/")).map((f) => f.path.split("/")[0] as string))];
  }
  const owner = (p: string) =>
    dirs.filter((d) => d === "." || p.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0];
  return dirs.sort().map((d) => ({
    name: d === "." ? "." : (d.split("/").pop() as string),
    path: d,
    kind: found.get(d) ?? "folder",
    files: files.filter((f) => owner(f.path) === d).length,
  }));
}
