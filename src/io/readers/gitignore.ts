/**
 * `.gitignore` semantics for the `folder` reader: every `.gitignore` (root and subfolders)
 * applies to the paths below its folder, and a deeper file's rules win over a shallower one's
 * (so a nested `!keep.txt` re-includes), as git does.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { globFiles } from "./glob.js";

export type IgnoreTest = (relPath: string) => boolean;

export async function loadGitignores(root: string): Promise<IgnoreTest> {
  const files = await globFiles(root, ["**/.gitignore"], []);
  const byDir = new Map<string, Ignore>();
  for (const f of files) {
    const dir = path.posix.dirname(f);
    byDir.set(dir === "." ? "" : dir, ignore().add(await fs.readFile(path.join(root, f), "utf8")));
  }
  if (byDir.size === 0) return () => false;
  return (relPath) => {
    let ignored = false;
    const parts = relPath.split("/");
    // Shallow to deep, so the deepest matching rule decides.
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const ig = byDir.get(dir);
      if (!ig) continue;
      const r = ig.test(parts.slice(i).join("/"));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  };
}
