/**
 * Turning the PATH arguments of `smelt scan` into scan tasks: a folder is walked by the
 * `folder` reader (.gitignore honoured, `.git` skipped), a JSONL or Parquet file is scanned
 * record by record, any other file as a whole, and a git repository's history (--history) or
 * one revision (--rev) blob by blob.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { UserError } from "../core/errors.js";
import { folderReader } from "../io/readers/folder.js";
import { groupBySize } from "../io/readers/shards.js";
import { historyBlobs, openRepo, revisionBlobs } from "./git.js";
import type { DetectConfig, ReadConfig, ScanTask } from "./types.js";

export interface PlanOptions {
  /** Scan every blob reachable from any ref instead of the working tree. */
  history: boolean;
  /** Scan this revision instead of the working tree. */
  rev: string | undefined;
  /** Field holding the text of JSONL and Parquet records. */
  field: string;
  read: ReadConfig;
  detect: DetectConfig;
  /** Target bytes per task (several small files share one task). */
  shardBytes: number;
}

/** One PATH argument as scanned. */
export interface ScanRoot {
  /** The PATH argument as given. */
  arg: string;
  /** The root paths are shown under (the PATH, its folder for a file, or the repository top for --history). */
  shown: string;
  /** Absolute path of `shown`. */
  abs: string;
  kind: "folder" | "file" | "jsonl" | "parquet" | "git-history" | "git-revision";
  /** Git scans: the repository's git directory (to place blobs in commits afterwards). */
  gitDir?: string;
}

export const JSONL_FILE = /\.(?:jsonl|ndjson)(?:\.gz|\.zst)?$/i;
export const PARQUET_FILE = /\.parquet$/i;

async function statArg(arg: string) {
  try {
    return await fs.stat(arg);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new UserError(`${arg}: no such file or folder`);
    throw new UserError(`${arg}: cannot access it (${(err as Error).message})`);
  }
}

/** A path as shown in reports: as the user wrote it, without a trailing slash, forward slashes. */
function shownPath(p: string): string {
  const norm = path.normalize(p).split(path.sep).join("/");
  return norm.length > 1 ? norm.replace(/\/$/, "") : norm;
}

export async function planScan(args: string[], opts: PlanOptions): Promise<{ roots: ScanRoot[]; tasks: ScanTask[] }> {
  const roots: ScanRoot[] = [];
  const tasks: ScanTask[] = [];
  const common = { detect: opts.detect, read: opts.read };
  const excluded = opts.detect.allowlist?.paths ?? [];
  // Check every PATH first, so a typo in the last one fails before any work.
  const stats = await Promise.all(args.map(statArg));
  const histories = new Set<string>(); // a repository's history is scanned once, however many PATHs name it
  for (const [i, arg] of args.entries()) {
    const st = stats[i] as Awaited<ReturnType<typeof statArg>>;
    const abs = path.resolve(arg);
    const root = roots.length;

    if (opts.history || opts.rev !== undefined) {
      const flag = opts.history ? "--history" : "--rev";
      const repo = st.isDirectory() ? await openRepo(abs) : undefined;
      if (!repo) throw new UserError(`${arg}: not a git repository (${flag} needs one)`);
      if (opts.history) {
        if (histories.has(repo.gitDir)) continue;
        histories.add(repo.gitDir);
        // The whole repository's history, whatever subfolder was named: paths are from its top.
        const topAbs = repo.top ?? abs;
        const rel = path.relative(process.cwd(), topAbs);
        const shown = path.isAbsolute(arg) ? topAbs : rel === "" ? "." : rel;
        roots.push({ arg, shown: shownPath(shown), abs: topAbs, kind: "git-history", gitDir: repo.gitDir });
        const blobs = await historyBlobs(repo.gitDir);
        for (const group of groupBySize(blobs, opts.shardBytes)) {
          tasks.push({
            ...common,
            kind: "blobs",
            root,
            rootShown: shownPath(shown),
            gitDir: repo.gitDir,
            blobs: group.map((b): [string, string, number] => [b.oid, b.path, b.size]),
            bytes: group.reduce((n, b) => n + b.size, 0),
          });
        }
      } else {
        roots.push({ arg, shown: shownPath(arg), abs, kind: "git-revision", gitDir: repo.gitDir });
        for (const g of await revisionBlobs(abs, opts.rev as string, excluded, opts.read.maxFileBytes)) {
          tasks.push({
            ...common,
            kind: "blobs",
            root,
            rootShown: shownPath(arg),
            gitDir: g.gitDir,
            commit: g.commit,
            blobs: g.blobs,
            bytes: g.blobs.reduce((n, b) => n + b[2], 0),
          });
        }
      }
      continue;
    }

    if (st.isDirectory()) {
      roots.push({ arg, shown: shownPath(arg), abs, kind: "folder" });
      const spec = folderReader.params.parse({
        id: "scan",
        type: "folder",
        path: abs,
        exclude: excluded,
        max_file_bytes: opts.read.maxFileBytes,
        repos: "none",
      });
      let shards: Awaited<ReturnType<typeof folderReader.plan>> = [];
      try {
        shards = await folderReader.plan(spec, { baseDir: "/", shardBytes: opts.shardBytes, workDir: abs });
      } catch (err) {
        // The folder exists (checked above): the reader's only complaint left is "no files to read".
        if (!(err instanceof UserError)) throw err;
      }
      for (const shard of shards) {
        // Parquet files in the folder are datasets: scanned row by row (as a file they are binary
        // and would be skipped, and a scan of an output folder would look clean when it is not).
        // JSONL files stay plain text files: every field of every line is scanned.
        const unit = shard.unit as unknown as { files: [string, number, string | null][] };
        const parquet = unit.files.filter(([rel]) => PARQUET_FILE.test(rel));
        for (const [rel, size] of parquet) {
          const file = { abs: path.join(abs, rel), rel, field: opts.field, embedded: true };
          tasks.push({ ...common, kind: "parquet", root, rootShown: shownPath(arg), bytes: size, ...file });
        }
        if (parquet.length === unit.files.length) continue;
        if (parquet.length > 0) {
          unit.files = unit.files.filter(([rel]) => !PARQUET_FILE.test(rel));
          shard.bytes = unit.files.reduce((n, [, size]) => n + size, 0);
        }
        tasks.push({
          ...common,
          kind: "folder",
          root,
          rootShown: shownPath(arg),
          shard: shard as unknown as Record<string, unknown>,
          spec: spec as unknown as Record<string, unknown>,
          bytes: shard.bytes,
        });
      }
      continue;
    }

    // A single file: shown as the PATH itself (its folder is the root, its name the path below it).
    const dir = path.dirname(arg);
    const rel = path.basename(abs);
    const kind = JSONL_FILE.test(rel) ? "jsonl" : PARQUET_FILE.test(rel) ? "parquet" : "file";
    roots.push({ arg, shown: shownPath(dir), abs: path.dirname(abs), kind });
    const base = { ...common, root, rootShown: shownPath(dir), bytes: st.size };
    if (kind === "file") tasks.push({ ...base, kind, abs, rel, size: st.size });
    else tasks.push({ ...base, kind, abs, rel, field: opts.field });
  }
  return { roots, tasks };
}
