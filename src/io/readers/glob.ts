/**
 * Glob matching with one engine (tinyglobby) for the file system and for git trees, so
 * `include`/`exclude` mean exactly the same thing for a `folder` and a `git` input.
 */
import type { Dirent } from "node:fs";
import path from "node:path";
import { type GlobOptions, globSync, glob as tinyGlob } from "tinyglobby";

/** `.git` folders (and `.git` files of worktrees/submodules) are never input. */
const ALWAYS_EXCLUDED = ["**/.git", "**/.git/**"];

function options(cwd: string, exclude: readonly string[]): GlobOptions {
  return {
    cwd,
    dot: true,
    // Never leave the input root through a link; symlinked files are filtered by the caller.
    followSymbolicLinks: false,
    onlyFiles: true,
    ignore: [...exclude, ...ALWAYS_EXCLUDED],
  };
}

/** Files under `root` matching include/exclude, relative to root, forward slashes. */
export async function globFiles(root: string, include: readonly string[], exclude: readonly string[]) {
  return tinyGlob([...include], options(root, exclude));
}

/**
 * Filter a list of relative paths (e.g. a `git ls-tree` listing) with the same glob engine,
 * by serving tinyglobby a virtual directory tree built from the list through its `fs` option.
 */
export function globPaths(paths: readonly string[], include: readonly string[], exclude: readonly string[]): string[] {
  const root = path.posix.join("/", "__smelt_virtual_tree__");
  const dirs = new Map<string, Map<string, boolean>>(); // dir -> (name -> isDirectory)
  const entry = (dir: string) => {
    let m = dirs.get(dir);
    if (!m) {
      m = new Map();
      dirs.set(dir, m);
    }
    return m;
  };
  entry("");
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 0; i < parts.length; i++) {
      entry(parts.slice(0, i).join("/")).set(parts[i] as string, i < parts.length - 1);
    }
  }
  const readdirSync = (dirPath: string): Dirent[] => {
    const rel = path.posix.relative(root, dirPath.replace(/\/+$/, ""));
    const m = dirs.get(rel);
    if (!m) throw Object.assign(new Error(`ENOENT: ${dirPath}`), { code: "ENOENT" });
    return [...m].map(
      ([name, isDir]) =>
        ({
          name,
          isFile: () => !isDir,
          isDirectory: () => isDir,
          isSymbolicLink: () => false,
        }) as Dirent,
    );
  };
  const fsAdapter = { readdirSync } as unknown as GlobOptions["fs"];
  return globSync([...include], { ...options(root, exclude), fs: fsAdapter });
}

/**
 * Split a glob into the folder before its first dynamic segment and the rest:
 * `./data/**\/*.jsonl` -> [`./data`, `**\/*.jsonl`]. The folder is the input root.
 */
export function splitGlob(pattern: string, isDynamic: (segment: string) => boolean): [string, string] {
  const parts = pattern.split("/");
  const i = parts.findIndex(isDynamic);
  if (i === -1) return [pattern, ""];
  const base = parts.slice(0, i).join("/");
  return [i === 0 ? "." : base === "" ? "/" : base, parts.slice(i).join("/")];
}
