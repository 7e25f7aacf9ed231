/**
 * Finding the data files of a `jsonl` / `parquet` / `csv` input: `path` is a file, a folder
 * (searched recursively for the reader's extensions) or a glob.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { isDynamicPattern } from "tinyglobby";
import { UserError } from "../../core/errors.js";
import { resolveInputPath, statInputPath, toPosix } from "./common.js";
import { globFiles, splitGlob } from "./glob.js";
import { byPath } from "./shards.js";
import type { PlanContext } from "./types.js";

export interface DataFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the input root (the file name when `path` is a single file). */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * @param suffixes file name endings searched for when `path` is a folder, e.g. [".jsonl", ".jsonl.gz"].
 * Throws a UserError when nothing matches: an input that reads nothing is a mistake.
 */
export async function listDataFiles(
  input: string,
  p: string,
  ctx: PlanContext,
  suffixes: readonly string[],
): Promise<DataFile[]> {
  let root: string;
  let rels: string[];
  const posix = toPosix(p);
  const isGlob = isDynamicPattern(posix);
  if (isGlob) {
    const [base, pattern] = splitGlob(posix, (s) => isDynamicPattern(s));
    const { abs, stat } = await statInputPath(input, base, ctx);
    if (!stat.isDirectory())
      throw new UserError(`input \`${input}\`: ${base} (the folder of glob ${p}) is not a folder`);
    root = abs;
    rels = await globFiles(root, [pattern], []);
  } else {
    const { abs, stat } = await statInputPath(input, p, ctx);
    if (stat.isDirectory()) {
      root = abs;
      rels = await globFiles(
        root,
        suffixes.map((s) => `**/*${s}`),
        [],
      );
    } else {
      root = path.dirname(abs);
      rels = [path.basename(abs)];
    }
  }
  if (rels.length === 0) {
    const what = isGlob ? `glob ${p} matched no files` : `no ${suffixes.join(" / ")} files under ${p}`;
    throw new UserError(`input \`${input}\`: ${what} (resolved to ${resolveInputPath(p, ctx)})`);
  }
  const files = await Promise.all(
    rels.map(async (rel): Promise<DataFile> => {
      const abs = path.join(root, rel);
      const st = await fs.stat(abs);
      return { abs, path: rel, size: st.size, mtimeMs: st.mtimeMs };
    }),
  );
  return files.sort(byPath);
}
