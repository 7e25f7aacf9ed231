/**
 * Glob matching with one engine (tinyglobby, i.e. picomatch) for the file system and for git
 * trees, so `include`/`exclude` mean exactly the same thing for a `folder` and a `git` input.
 * `compileGlobs` applies tinyglobby's rules path by path, for walks that do their own crawling.
 */
import type { Dirent } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { escapePath, type GlobOptions, globSync, isDynamicPattern, glob as tinyGlob } from "tinyglobby";

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

/** Path-by-path include/exclude tests, for a walk of the tree relative to its root. */
export interface PathGlobs {
  /** Is this file (path relative to the root) selected? */
  file(relPath: string): boolean;
  /** Can this folder hold selected files, i.e. must a walk descend into it? */
  folder(relPath: string): boolean;
}

// What tinyglobby 0.2 does inside `glob()` (src/patterns.ts, src/crawler.ts, src/utils.ts), with
// the options of `options()` above: the same pattern normalisation, picomatch options, folder
// pruning and crawl root, so a walk using these tests selects exactly the files `globFiles` lists.
// test/readers/folder.test.ts compares the two on a tree.
const MATCH_OPTIONS = {
  dot: true,
  nobrace: false,
  nocase: false,
  noextglob: false,
  noglobstar: false,
  posix: true,
} as const;
const ESCAPING_BACKSLASHES = /\\(?=[()[\]{}!*+?@|])/g;
const PARENT_DIRECTORY = /^(\/?\.\.)+/;

function splitPattern(pattern: string): string[] {
  const parts = picomatch.scan(pattern, { parts: true }).parts;
  return parts?.length ? parts : [pattern];
}

/** `src` -> `src/**`, `./a/*.md` -> `a/*.md`, absolute -> relative to the root. */
function normalizePattern(pattern: string, escapedRoot: string): string {
  let result = pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
  if (!result.endsWith("*")) result += "/**";
  result = path.posix.isAbsolute(result.replace(ESCAPING_BACKSLASHES, ""))
    ? path.posix.relative(escapedRoot, result)
    : path.posix.normalize(result);
  // `../<root name>/x` points back inside the root: tinyglobby strips it to `x`. Patterns that
  // really leave the root match nothing here (a walk never leaves the input folder).
  const parentDir = PARENT_DIRECTORY.exec(result)?.[0];
  if (parentDir) {
    const n = (parentDir.length + 1) / 3;
    const parts = splitPattern(result);
    const rootParts = escapedRoot.split("/");
    let i = 0;
    while (i < n && parts[i + n] === rootParts[rootParts.length + i - n]) {
      result =
        result.slice(0, (n - i - 1) * 3) + result.slice((n - i) * 3 + (parts[i + n] as string).length + 1) || ".";
      i++;
    }
  }
  return result;
}

/**
 * The static folders all include patterns start with (`src/deep/*.py` -> `src/deep`): tinyglobby
 * starts its crawl there, so exclude patterns are never tested against those folders.
 */
function commonFolder(patterns: readonly string[]): string[] {
  let common: string[] | undefined;
  for (const pattern of patterns) {
    const parts = splitPattern(pattern);
    common ??= parts;
    const next: string[] = [];
    const length = Math.min(common.length, parts.length);
    for (let i = 0; i < length; i++) {
      const part = parts[i] as string;
      if (part === "**" && !parts[i + 1]) {
        next.pop();
        break;
      }
      if (i === parts.length - 1 || part !== common[i] || isDynamicPattern(part)) break;
      next.push(part);
    }
    common = next;
  }
  return common ?? [];
}

/** Could a path below folder `relPath` match one of the patterns? (tinyglobby's partial matcher) */
function partialMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  const compiled = patterns.map((p) => {
    const parts = splitPattern(p);
    return { parts, matchers: parts.map((part) => picomatch(part, MATCH_OPTIONS)) };
  });
  return (relPath) => {
    const input = relPath.split("/");
    for (const { parts, matchers } of compiled) {
      const min = Math.min(input.length, parts.length);
      let j = 0;
      while (j < min) {
        const part = parts[j] as string;
        if (part.includes("/")) return true;
        if (!(matchers[j] as picomatch.Matcher)(input[j] as string)) break;
        if (part === "**") return true;
        j++;
      }
      if (j === input.length) return true;
    }
    return false;
  };
}

/** `include`/`exclude` of a tree rooted at `root`, as path tests for a walk (see `PathGlobs`). */
export function compileGlobs(root: string, include: readonly string[], exclude: readonly string[]): PathGlobs {
  if (include.length === 0) return { file: () => false, folder: () => false };
  const escapedRoot = escapePath(root.replace(/\\/g, "/"));
  const match: string[] = [];
  const ignore: string[] = [];
  for (const p of [...exclude, ...ALWAYS_EXCLUDED]) {
    if (p && (p[0] !== "!" || p[1] === "(")) ignore.push(normalizePattern(p, escapedRoot));
  }
  for (const p of include) {
    if (!p) continue;
    if (p[0] !== "!" || p[1] === "(") match.push(normalizePattern(p, escapedRoot));
    else if (p[1] !== "!" || p[2] === "(") ignore.push(normalizePattern(p.slice(1), escapedRoot));
  }
  const matches = picomatch(match, MATCH_OPTIONS);
  const ignored = picomatch(ignore, MATCH_OPTIONS);
  const partial = partialMatcher(match);
  // The crawl root and the folders above it are walked through untested.
  const common = commonFolder(match);
  const crawlPath = new Set(common.map((_, i) => common.slice(0, i + 1).join("/")));
  return {
    file: (relPath) => matches(relPath) && !ignored(relPath),
    folder: (relPath) => crawlPath.has(relPath) || (partial(relPath) && !ignored(relPath)),
  };
}
