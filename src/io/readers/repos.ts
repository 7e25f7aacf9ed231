/** Which repository a file of a `folder` input belongs to (the `repo` record field). */
import { promises as fs } from "node:fs";
import path from "node:path";
import { glob } from "tinyglobby";

export type RepoMode = "auto" | "children" | "none";

/** A repository root: its path relative to the input root ("" for the root) and its name. */
interface RepoRoot {
  dir: string;
  name: string;
}

export async function findRepoRoots(root: string, mode: RepoMode): Promise<RepoRoot[]> {
  if (mode === "none") return [];
  const rootName = path.basename(root);
  if (mode === "children") {
    const dirents = await fs.readdir(root, { withFileTypes: true });
    return dirents.filter((d) => d.isDirectory() && d.name !== ".git").map((d) => ({ dir: d.name, name: d.name }));
  }
  // A `.git` folder, or a `.git` file (worktrees, submodules), marks a repository root.
  const marks = await glob(["**/.git"], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    // Not `**/.git/**`: picomatch lets `x/**` match `x` itself, which would hide the marks.
    // This still keeps the crawl out of the (large) object folders.
    ignore: ["**/.git/*/**"],
    expandDirectories: false,
  });
  return marks.map((m) => {
    const dir = path.posix.dirname(m.replace(/\/$/, ""));
    return dir === "." ? { dir: "", name: rootName } : { dir, name: dir };
  });
}

/** The deepest repository containing `relPath`, so nested repositories win over their parent. */
export function repoOf(relPath: string, roots: readonly RepoRoot[]): string | undefined {
  let best: RepoRoot | undefined;
  for (const r of roots) {
    const inside = r.dir === "" || relPath.startsWith(`${r.dir}/`);
    if (inside && (!best || r.dir.length > best.dir.length)) best = r;
  }
  return best?.name;
}
