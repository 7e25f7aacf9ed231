/**
 * Vendored and build-output folders: code the repository carries but does not own. A path is
 * vendored when one of its folders (not the file name) is one of these.
 */
const VENDORED_DIRS = new Set([
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "vendors",
  "third_party",
  "third-party",
  "thirdparty",
  "dist",
  "build",
  "target",
  "obj",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  "site-packages",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".gradle",
  ".idea",
  ".vscode",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".cache",
  "coverage",
  "Pods",
  "Carthage",
  "_build",
]);

/** Build-output folders that can be the only code a package ships (npm packages without sources). */
const BUILD_DIRS = new Set(["dist", "build"]);
const SOURCE_DIRS = ["src", "source", "lib"];
const COMPILED_JS = /\.(js|cjs|mjs)$/;

/**
 * The vendored folder segment of a relative path (`dist/`), or null. `dirs` (every folder of the
 * repository) lets compiled JavaScript under `dist/` or `build/` through when no `src/`,
 * `source/` or `lib/` folder sits next to that build folder: then it is the package's code.
 */
export function vendoredSegment(relPath: string, dirs?: ReadonlySet<string>): string | null {
  const parts = relPath.split("/");
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    if (!VENDORED_DIRS.has(p)) continue;
    if (dirs !== undefined && BUILD_DIRS.has(p) && COMPILED_JS.test(relPath)) {
      const parent = parts.slice(0, i).join("/");
      if (!SOURCE_DIRS.some((s) => dirs.has(parent === "" ? s : `${parent}/${s}`))) continue;
    }
    return `${p}/`;
  }
  return null;
}

/** Every folder of the given relative file paths. */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    let i = p.lastIndexOf("/");
    while (i > 0) {
      const d = p.slice(0, i);
      if (out.has(d)) break;
      out.add(d);
      i = d.lastIndexOf("/");
    }
  }
  return out;
}
