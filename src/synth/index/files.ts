/**
 * The files of a repository, listed and read by the `folder` reader itself (its planning walk:
 * include/exclude globs, .gitignore honoured, `.git` and symlinks never followed; its reading:
 * size limit, binary and UTF-8 checks), so `smelt synth` sees exactly what a `folder` input does.
 * Vendored files are set aside from the plan before they are read.
 */
import os from "node:os";
import { folderReader } from "../../io/readers/folder.js";
import type { InputShard } from "../../io/readers/types.js";
import type { IndexOptions, Skipped } from "./types.js";
import { foldersOf, vendoredSegment } from "./vendored.js";

export type RepoFile = { kind: "file"; path: string; text: string } | { kind: "skipped"; skipped: Skipped };

/** The folder reader's shard unit: [relative path, size, repo] per file (see folder.ts). */
type FileEntry = [string, number, string | null];

function unitFiles(shard: InputShard): FileEntry[] {
  const files = shard.unit.files;
  return Array.isArray(files) ? (files as FileEntry[]) : [];
}

/** Every file under `root`, read, or the reason it is left out; in path order. */
export async function* repoFiles(root: string, opts: IndexOptions): AsyncGenerator<RepoFile> {
  const spec = folderReader.params.parse({
    id: "repo",
    type: "folder",
    path: root,
    include: opts.include ?? ["**/*"],
    exclude: opts.exclude ?? [],
    ...(opts.max_file_bytes !== undefined ? { max_file_bytes: opts.max_file_bytes } : {}),
    gitignore: opts.gitignore ?? true,
    repos: "none",
  });
  const shards = await folderReader.plan(spec, {
    baseDir: root,
    shardBytes: Number.MAX_SAFE_INTEGER,
    workDir: os.tmpdir(),
  });
  const entries = shards.flatMap(unitFiles).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept: FileEntry[] = [];
  const dirs = foldersOf(entries.map((e) => e[0]));
  for (const e of entries) {
    const seg = vendoredSegment(e[0], dirs);
    if (seg === null) kept.push(e);
    else yield { kind: "skipped", skipped: { path: e[0], reason: "vendored", detail: `path segment ${seg}` } };
  }
  if (kept.length === 0) return;
  const shard: InputShard = { ...(shards[0] as InputShard), unit: { ...(shards[0] as InputShard).unit, files: kept } };
  for await (const item of folderReader.read(shard, spec)) {
    const rel = item.record.path ?? "";
    if (item.kind === "record") yield { kind: "file", path: rel, text: item.record.text };
    else if (item.kind === "dropped") {
      yield { kind: "skipped", skipped: { path: rel, reason: "binary", detail: item.reason } };
    } else {
      const error = item.record.error;
      const reason = error.includes("max_file_bytes")
        ? "too_large"
        : /utf-?8|encoding|invalid byte/i.test(error)
          ? "not_utf8"
          : "unreadable";
      yield { kind: "skipped", skipped: { path: rel, reason, detail: error } };
    }
  }
}
