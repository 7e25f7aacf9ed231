/**
 * `git`: every text file of one revision of a git repository (local or cloned from a URL)
 * becomes one record. Reads the object database, not the working tree, so uncommitted
 * changes are ignored and any past revision can be read.
 */
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import { commonKeys, fingerprint, inputBase, shortMessage, statInputPath } from "./common.js";
import { contentItem, type FileRef, oversizeItem, unreadableItem } from "./content.js";
import { type BlobResult, catFileBatch, runGit } from "./gitcli.js";
import { globPaths } from "./glob.js";
import { groupBySize } from "./shards.js";
import type { InputShard, PlanContext, ReaderDef } from "./types.js";

const params = inputBase("git").extend({
  path: z
    .string()
    .min(1)
    .describe(
      "Local repository (working copy, bare repository or a subfolder of one; relative to the recipe file) or a clone URL.",
    ),
  revision: z.string().min(1).default("HEAD").describe("Branch, tag or commit to read."),
  include: commonKeys.include,
  exclude: commonKeys.exclude,
  max_file_bytes: commonKeys.max_file_bytes,
});

type Spec = z.infer<typeof params>;

/** One planned blob: [path relative to the input root, object id, size]. */
type BlobEntry = [string, string, number];

interface GitUnit {
  gitDir: string;
  commit: string;
  repo: string;
  files: BlobEntry[];
}

/** `https://...`, `ssh://...`, `file://...` or scp-like `git@host:owner/repo.git`. */
function isUrl(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^[^/\s@]+@[^/\s:]+:/.test(p);
}

function repoName(p: string): string {
  return path.posix.basename(p.replace(/[/\\]+$/, "")).replace(/\.git$/, "");
}

interface OpenedRepo {
  gitDir: string;
  /** Subfolder of the repository the input points at ("" for the whole tree). */
  prefix: string;
  name: string;
}

/** Bare clone into the run's work folder; later plans of the same run just fetch. */
async function cloneOrFetch(spec: Spec, ctx: PlanContext): Promise<OpenedRepo> {
  const dir = path.join(ctx.workDir, "git", fingerprint(spec.path).slice(0, 16));
  try {
    if (existsSync(dir)) {
      await runGit(["--git-dir", dir, "fetch", "--prune", "--force", "origin", "+refs/*:refs/*"]);
    } else {
      await fs.mkdir(path.dirname(dir), { recursive: true });
      // Clone next to the target and rename, so an interrupted clone never looks complete.
      const tmp = `${dir}.tmp-${process.pid}`;
      await fs.rm(tmp, { recursive: true, force: true });
      await runGit(["clone", "--bare", "--quiet", "--", spec.path, tmp]);
      await fs.rename(tmp, dir);
    }
  } catch (err) {
    throw new UserError(`input \`${spec.id}\`: cannot clone or fetch ${spec.path}: ${shortMessage(err)}`);
  }
  return { gitDir: dir, prefix: "", name: repoName(spec.path) };
}

async function openLocal(spec: Spec, ctx: PlanContext): Promise<OpenedRepo> {
  const { abs } = await statInputPath(spec.id, spec.path, ctx);
  let out: string;
  try {
    out = (await runGit(["rev-parse", "--absolute-git-dir", "--show-prefix"], abs)).toString("utf8");
  } catch (err) {
    throw new UserError(`input \`${spec.id}\`: ${spec.path} is not a git repository (${shortMessage(err)})`);
  }
  const [gitDir = "", rawPrefix = ""] = out.split("\n");
  const prefix = rawPrefix.replace(/\/$/, "");
  // Named after the repository even when the input is one of its subfolders.
  const top = prefix ? path.resolve(abs, ...prefix.split("/").map(() => "..")) : abs;
  return { gitDir, prefix, name: repoName(top) };
}

async function resolveCommit(spec: Spec, gitDir: string): Promise<string> {
  try {
    const out = await runGit([
      "--git-dir",
      gitDir,
      "rev-parse",
      "--verify",
      "--end-of-options",
      `${spec.revision}^{commit}`,
    ]);
    return out.toString("utf8").trim();
  } catch {
    throw new UserError(
      `input \`${spec.id}\`: revision \`${spec.revision}\` not found in ${spec.path} — use a branch, tag or commit id`,
    );
  }
}

/** Regular files of a tree (`ls-tree -r -l -z`); submodules (commits) and symlinks are skipped. */
async function listBlobs(gitDir: string, treeish: string): Promise<Array<{ path: string; oid: string; size: number }>> {
  const out = (await runGit(["--git-dir", gitDir, "ls-tree", "-r", "-l", "-z", treeish])).toString("utf8");
  const blobs: Array<{ path: string; oid: string; size: number }> = [];
  for (const rec of out.split("\0")) {
    const tab = rec.indexOf("\t");
    if (tab === -1) continue;
    const [mode, type, oid, size] = rec.slice(0, tab).split(/ +/);
    if (type !== "blob" || mode === "120000" || oid === undefined) continue;
    blobs.push({ path: rec.slice(tab + 1), oid, size: Number(size) });
  }
  return blobs;
}

export const gitReader: ReaderDef<typeof params> = {
  type: "git",
  summary: "Read every text file of one revision of a git repository (local path or URL) as one record.",
  params,

  async plan(spec: Spec, ctx) {
    const repo = isUrl(spec.path) ? await cloneOrFetch(spec, ctx) : await openLocal(spec, ctx);
    const commit = await resolveCommit(spec, repo.gitDir);
    const all = await listBlobs(repo.gitDir, repo.prefix ? `${commit}:${repo.prefix}` : commit);
    const keep = new Set(
      globPaths(
        all.map((b) => b.path),
        spec.include,
        spec.exclude,
      ),
    );
    const blobs = all.filter((b) => keep.has(b.path));
    if (blobs.length === 0) {
      throw new UserError(
        `input \`${spec.id}\`: no files to read at revision ${spec.revision} of ${spec.path} ` +
          `(include ${JSON.stringify(spec.include)}, exclude ${JSON.stringify(spec.exclude)})`,
      );
    }
    return groupBySize(blobs, ctx.shardBytes).map((group): InputShard => {
      const files = group.map((b): BlobEntry => [b.path, b.oid, b.size]);
      return {
        input: spec.id,
        type: "git",
        unit: { gitDir: repo.gitDir, commit, repo: repo.name, files } satisfies GitUnit,
        bytes: group.reduce((n, b) => n + b.size, 0),
        fingerprint: fingerprint([commit, files]),
      };
    });
  },

  locate(shard) {
    const unit = shard.unit as unknown as GitUnit;
    return { type: "git", gitDir: unit.gitDir, commit: unit.commit };
  },

  async *read(shard, spec: Spec) {
    const unit = shard.unit as unknown as GitUnit;
    const ref = (p: string, size: number): FileRef => ({
      input: spec.id,
      path: p,
      repo: unit.repo,
      size,
      meta: { revision: unit.commit },
    });
    const wanted = unit.files.filter(([, , size]) => size <= spec.max_file_bytes).map(([, oid]) => oid);
    const blobs: AsyncGenerator<BlobResult> = catFileBatch(unit.gitDir, wanted);
    try {
      for (const [p, , size] of unit.files) {
        const f = ref(p, size);
        const tooBig = oversizeItem(f, spec.max_file_bytes);
        if (tooBig) {
          yield tooBig;
          continue;
        }
        const next = await blobs.next();
        if (next.done) yield unreadableItem(f, "git cat-file returned fewer objects than requested");
        else if (!next.value.ok) yield unreadableItem(f, next.value.error);
        else yield contentItem(f, next.value.bytes, spec.max_file_bytes);
      }
    } finally {
      await blobs.return(undefined);
    }
  },
};
