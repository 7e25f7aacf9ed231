/**
 * `folder`: every text file under a folder becomes one record (source code, docs...).
 */
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import { commonKeys, fingerprint, inputBase, statInputPath } from "./common.js";
import { contentItem, type FileRef, oversizeItem, unreadableItem } from "./content.js";
import { loadGitignores } from "./gitignore.js";
import { globFiles } from "./glob.js";
import { findRepoRoots, repoOf } from "./repos.js";
import { groupBySize } from "./shards.js";
import type { InputShard, ReaderDef } from "./types.js";

const params = inputBase("folder").extend({
  path: z.string().min(1).describe("Folder to read, relative to the recipe file."),
  include: commonKeys.include,
  exclude: commonKeys.exclude,
  max_file_bytes: commonKeys.max_file_bytes,
  gitignore: z
    .boolean()
    .default(true)
    .describe("Skip files matched by `.gitignore` files (at the root and in subfolders). `.git/` is always skipped."),
  repos: z
    .enum(["auto", "children", "none"])
    .default("auto")
    .describe(
      "How to set `repo`: `auto` = a folder with a `.git` entry is a repository (named by its path, or the input " +
        "folder's name for the root); `children` = each top-level subfolder is a repository; `none` = no `repo`.",
    ),
});

type Spec = z.infer<typeof params>;

/** One planned file: [path relative to root, size, repo or null]. Tuples keep shard units small. */
type FileEntry = [string, number, string | null];

interface FolderUnit {
  root: string;
  files: FileEntry[];
}

interface Listed {
  path: string;
  size: number;
  mtimeMs: number;
}

/** lstat in bounded batches: fast on big trees without exhausting file descriptors. */
async function statAll(root: string, rels: string[]): Promise<Listed[]> {
  const out: Listed[] = [];
  for (let i = 0; i < rels.length; i += 256) {
    const batch = await Promise.all(
      rels.slice(i, i + 256).map(async (rel) => {
        try {
          const st = await fs.lstat(path.join(root, rel));
          // Symlinks are not followed: they may point outside the input root or loop.
          return st.isFile() ? { path: rel, size: st.size, mtimeMs: st.mtimeMs } : undefined;
        } catch {
          return undefined; // vanished while listing
        }
      }),
    );
    for (const l of batch) if (l) out.push(l);
  }
  return out;
}

export const folderReader: ReaderDef<typeof params> = {
  type: "folder",
  summary: "Read every text file under a folder as one record (honours .gitignore; binary files are dropped).",
  params,

  async plan(spec: Spec, ctx) {
    const { abs: root, stat } = await statInputPath(spec.id, spec.path, ctx);
    if (!stat.isDirectory()) {
      throw new UserError(`input \`${spec.id}\`: path ${spec.path} is a file; the folder reader needs a folder`);
    }
    let rels = await globFiles(root, spec.include, spec.exclude);
    if (spec.gitignore) {
      const ignored = await loadGitignores(root);
      rels = rels.filter((r) => !ignored(r));
    }
    const listed = await statAll(root, rels);
    if (listed.length === 0) {
      throw new UserError(
        `input \`${spec.id}\`: no files to read under ${spec.path} (include ${JSON.stringify(spec.include)}, ` +
          `exclude ${JSON.stringify(spec.exclude)}${spec.gitignore ? ", after .gitignore" : ""})`,
      );
    }
    const repoRoots = await findRepoRoots(root, spec.repos);
    const entries = listed.map((l) => ({ ...l, repo: repoOf(l.path, repoRoots) }));
    return groupBySize(entries, ctx.shardBytes).map(
      (group): InputShard => ({
        input: spec.id,
        type: "folder",
        unit: { root, files: group.map((e): FileEntry => [e.path, e.size, e.repo ?? null]) } satisfies FolderUnit,
        bytes: group.reduce((n, e) => n + e.size, 0),
        fingerprint: fingerprint(group.map((e) => [e.path, e.size, e.mtimeMs])),
      }),
    );
  },

  async *read(shard, spec: Spec) {
    const unit = shard.unit as unknown as FolderUnit;
    // Synchronous reads on purpose: this runs in a worker thread, where blocking the thread
    // is free, while async reads would queue every open/read/close on libuv's 4-thread pool
    // shared by all workers (measured: it stops 2 workers from scaling).
    for (const [rel, size, repo] of unit.files) {
      const f: FileRef = { input: spec.id, path: rel, size };
      if (repo !== null) f.repo = repo;
      const tooBig = oversizeItem(f, spec.max_file_bytes);
      if (tooBig) {
        yield tooBig;
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(unit.root, rel));
      } catch (err) {
        yield unreadableItem(f, (err as Error).message);
        continue;
      }
      yield contentItem(f, bytes, spec.max_file_bytes);
    }
  },
};
