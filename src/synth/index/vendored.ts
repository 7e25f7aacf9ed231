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

/** The vendored folder segment of a relative path (`dist/`), or null. */
export function vendoredSegment(relPath: string): string | null {
  const parts = relPath.split("/");
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    if (VENDORED_DIRS.has(p)) return `${p}/`;
  }
  return null;
}
