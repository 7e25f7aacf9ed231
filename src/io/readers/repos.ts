/** Which repository a file of a `folder` input belongs to (the `repo` record field). */

export type RepoMode = "auto" | "children" | "packages" | "none";

/** Files that make a folder a package root for `repos: packages` (node_modules, vendored trees). */
export const PACKAGE_MANIFESTS = new Set([
  "package.json",
  "Cargo.toml",
  "pyproject.toml",
  "setup.py",
  "go.mod",
  "pom.xml",
  "build.gradle",
  "composer.json",
]);

/**
 * The repository of the files in folder `dir` (relative to the input root, "" for the root),
 * decided while walking down: `parent` is the repository of the folder above, `hasGitEntry`
 * whether `dir` holds a `.git` folder or file (worktrees, submodules). The deepest repository
 * wins, so nested repositories (`auto`) take their files from their parent. `hasManifest`: the
 * folder holds a package manifest (`packages` mode).
 */
export function folderRepo(
  mode: RepoMode,
  dir: string,
  hasGitEntry: boolean,
  parent: string | undefined,
  rootName: string,
  hasManifest = false,
): string | undefined {
  switch (mode) {
    case "none":
      return undefined;
    case "children":
      // Each top-level subfolder is a repository; files at the root have none.
      return dir !== "" && !dir.includes("/") ? dir : parent;
    case "auto":
      // Named by its path, or the input folder's name for the root.
      return hasGitEntry ? dir || rootName : parent;
    case "packages":
      return hasManifest ? dir || rootName : parent;
  }
}
