/**
 * Git for `smelt scan --history` and `--rev`: find the repository, list every blob reachable
 * from any ref (each object once), list the blobs of one revision (through the `git` reader's
 * planning), and find the commit and path where a blob with findings first appears.
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { UserError } from "../core/errors.js";
import { shortMessage } from "../io/readers/common.js";
import { gitReader } from "../io/readers/git.js";
import { runGit } from "../io/readers/gitcli.js";

export interface RepoInfo {
  /** Absolute path of the git directory (`.git`, or the bare repository). */
  gitDir: string;
  /** Top folder of the working tree; undefined for a bare repository. */
  top: string | undefined;
}

/** The repository holding `abs`, or undefined when it is not inside one. */
export async function openRepo(abs: string): Promise<RepoInfo | undefined> {
  let out: string;
  try {
    out = (await runGit(["rev-parse", "--absolute-git-dir", "--is-bare-repository"], abs)).toString("utf8");
  } catch {
    return undefined;
  }
  const [gitDir = "", bare = ""] = out.split("\n");
  if (bare.trim() === "true") return { gitDir, top: undefined };
  const top = (await runGit(["rev-parse", "--show-toplevel"], abs)).toString("utf8").trim();
  return { gitDir, top };
}

/** Run git with `input` on stdin; resolves with stdout. */
function gitWithInput(args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
    });
    child.on("error", reject);
    child.stdin.on("error", () => {}); // an early exit is reported by the exit code below
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(err.trim().split("\n").slice(-3).join(" ") || `git ${args[0]} exited with ${code}`));
    });
    child.stdin.end(input);
  });
}

export interface BlobEntry {
  oid: string;
  /** Path where `git rev-list --objects` met the blob (the newest one, walking from the refs). */
  path: string;
  size: number;
}

/**
 * Every blob reachable from any ref (branches, tags, remotes, stash, HEAD), each object id once:
 * `git rev-list --all --objects` names them, `git cat-file --batch-check` gives type and size.
 */
export async function historyBlobs(gitDir: string): Promise<BlobEntry[]> {
  const listed = (await runGit(["--git-dir", gitDir, "rev-list", "--all", "--objects"])).toString("utf8");
  // Commits come without a path and root trees with an empty one: only "oid path" lines can be blobs.
  const named = listed.split("\n").filter((l) => /^[0-9a-f]+ ./.test(l));
  if (named.length === 0) return [];
  const checked = (
    await gitWithInput(
      ["--git-dir", gitDir, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)"],
      `${named.join("\n")}\n`,
    )
  ).toString("utf8");
  const blobs: BlobEntry[] = [];
  for (const line of checked.split("\n")) {
    const m = /^([0-9a-f]+) blob (\d+) (.*)$/.exec(line);
    if (m) blobs.push({ oid: m[1] as string, size: Number(m[2]), path: m[3] as string });
  }
  return blobs;
}

export interface BlobPlace {
  commit: string;
  path: string;
}

/**
 * Where each blob first appears: the oldest commit (over all refs) whose diff adds it, and its
 * path there. One `git log --find-object` walk per 500 blobs; merges are diffed too (-m), so a
 * blob that only a merge brought in is found. Blobs not found (reachable only through a tag of
 * a tree, say) are missing from the map.
 */
export async function locateBlobs(gitDir: string, oids: readonly string[]): Promise<Map<string, BlobPlace>> {
  const places = new Map<string, BlobPlace>();
  const unique = [...new Set(oids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const wanted = new Set(chunk);
    const out = await runGit([
      "--git-dir",
      gitDir,
      "log",
      "--all",
      "--reverse",
      "--format=%x01%H",
      "--raw",
      "--no-abbrev",
      "--no-renames",
      "-m",
      "-z",
      ...chunk.map((o) => `--find-object=${o}`),
    ]);
    // -z output: "\x01<commit>", then per changed file "\n:<modes> <old> <new> <status>" and its path.
    let commit = "";
    const tokens = out.toString("utf8").split("\0");
    for (let t = 0; t < tokens.length; t++) {
      const tok = (tokens[t] as string).replace(/^\n/, "");
      if (tok.startsWith("\x01")) commit = tok.slice(1);
      else if (tok.startsWith(":")) {
        const fields = tok.split(" ");
        const next = fields[3] ?? "";
        const file = tokens[++t] ?? "";
        if (wanted.has(next) && !places.has(next)) places.set(next, { commit, path: file });
      }
    }
  }
  return places;
}

/** One revision's blobs, listed by the `git` reader's planning (which also resolves the revision). */
export async function revisionBlobs(
  abs: string,
  revision: string,
  exclude: string[],
  maxFileBytes: number,
): Promise<{ gitDir: string; commit: string; blobs: [string, string, number][] }[]> {
  const spec = gitReader.params.parse({
    id: "scan",
    type: "git",
    path: abs,
    revision,
    exclude,
    max_file_bytes: maxFileBytes,
  });
  let shards: Awaited<ReturnType<typeof gitReader.plan>>;
  try {
    shards = await gitReader.plan(spec, { baseDir: "/", shardBytes: 4 << 20, workDir: tmpdir() });
  } catch (err) {
    if (err instanceof UserError && /no files to read/.test(err.message)) return [];
    if (err instanceof UserError && /revision .* not found/.test(err.message)) {
      throw new UserError(`--rev ${revision}: not found in ${abs} — use a branch, tag or commit id`);
    }
    throw new UserError(`cannot read revision ${revision} of ${abs}: ${shortMessage(err)}`);
  }
  return shards.map((shard) => {
    // The git reader's shard unit: { gitDir, commit, repo, files: [path, oid, size][] }.
    const unit = shard.unit as { gitDir?: unknown; commit?: unknown; files?: unknown };
    if (typeof unit.gitDir !== "string" || typeof unit.commit !== "string" || !Array.isArray(unit.files)) {
      throw new Error("the git reader's shard layout changed: update src/scan/git.ts");
    }
    const files = unit.files as [string, string, number][];
    return { gitDir: unit.gitDir, commit: unit.commit, blobs: files.map(([p, oid, size]) => [oid, p, size]) };
  });
}
