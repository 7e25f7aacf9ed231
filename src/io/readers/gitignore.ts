/**
 * `.gitignore` semantics for the `folder` reader: every `.gitignore` (root and subfolders)
 * applies to the paths below its folder, and a deeper file's rules win over a shallower one's
 * (so a nested `!keep.txt` re-includes), as git does. The walk reads a folder's `.gitignore`
 * when it enters the folder and does not enter ignored folders, as git does too (so nothing
 * below an ignored folder can be re-included, not even by a `.gitignore` inside it).
 */
import { readFileSync } from "node:fs";
import ignore, { type Ignore } from "ignore";

/** The `.gitignore` rules of one folder (path relative to the walk root, "" for the root). */
export interface GitignoreLevel {
  dir: string;
  rules: Ignore;
}

export function readGitignore(dir: string, file: string): GitignoreLevel {
  return { dir, rules: ignore().add(readFileSync(file, "utf8")) };
}

/**
 * Is `relPath` (relative to the walk root; a folder ends with `/`) ignored by the `.gitignore`
 * files of its ancestor folders? `levels` run shallow to deep, so the deepest matching rule decides.
 */
export function isIgnored(levels: readonly GitignoreLevel[], relPath: string): boolean {
  let ignored = false;
  for (const { dir, rules } of levels) {
    const r = rules.test(dir === "" ? relPath : relPath.slice(dir.length + 1));
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}
