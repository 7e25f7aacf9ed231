/** Thin wrappers over the system `git` CLI (no git library: the CLI is everywhere and exact). */
import { execFile, spawn } from "node:child_process";

/** Never prompt for credentials: a private URL must fail, not hang a run. */
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "echo" };

export class GitError extends Error {
  override readonly name = "GitError";
}

/** Run git, return stdout. Errors carry git's own stderr, which is what the user needs to see. */
export function runGit(args: string[], cwd?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, env: GIT_ENV, encoding: "buffer", maxBuffer: 1 << 30 },
      (err, stdout: Buffer, stderr: Buffer) => {
        if (err) {
          const detail = stderr.toString("utf8").trim() || err.message;
          reject(new GitError(detail.split("\n").slice(-3).join(" ")));
        } else resolve(stdout);
      },
    );
  });
}

/** Pulls exact byte counts and lines out of a stream of chunks (the `cat-file --batch` protocol). */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.chunks.push(next.value);
    this.length += next.value.length;
    return true;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.length);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  /** Next line without its `\n`, or undefined at end of stream. */
  async line(): Promise<string | undefined> {
    for (;;) {
      let seen = 0;
      for (const c of this.chunks) {
        const i = c.indexOf(10);
        if (i !== -1) {
          const line = this.take(seen + i + 1);
          return line.toString("utf8", 0, line.length - 1);
        }
        seen += c.length;
      }
      if (!(await this.fill())) return undefined;
    }
  }

  /** Exactly n bytes, or undefined if the stream ends first. */
  async bytes(n: number): Promise<Buffer | undefined> {
    while (this.length < n) if (!(await this.fill())) return undefined;
    return this.take(n);
  }
}

export type BlobResult = { ok: true; bytes: Buffer } | { ok: false; error: string };

/**
 * Stream blobs with one `git cat-file --batch` process: ids go in on stdin, each answer is
 * `<oid> <type> <size>\n<content>\n` (or `<oid> missing\n`). Answers come in request order.
 */
export async function* catFileBatch(gitDir: string, oids: string[]): AsyncGenerator<BlobResult> {
  if (oids.length === 0) return;
  const child = spawn("git", ["--git-dir", gitDir, "cat-file", "--batch"], {
    env: GIT_ENV,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  let spawnError: Error | undefined;
  child.on("error", (e) => {
    spawnError = e;
  });
  child.stdin.on("error", () => {}); // git exiting early surfaces below as missing answers
  child.stdin.end(`${oids.join("\n")}\n`);
  const reader = new ByteReader(child.stdout[Symbol.asyncIterator]());
  try {
    for (let i = 0; i < oids.length; i++) {
      const header = await reader.line();
      if (header === undefined) {
        const why = spawnError?.message ?? (stderr.trim() || "git cat-file ended early");
        for (; i < oids.length; i++) yield { ok: false, error: `git cat-file failed: ${why}` };
        return;
      }
      const [, type, sizeText] = header.split(" ");
      if (type === "missing" || sizeText === undefined) {
        yield { ok: false, error: `git object ${oids[i]} is missing from the repository` };
        continue;
      }
      const bytes = await reader.bytes(Number(sizeText) + 1); // content + trailing \n
      if (bytes === undefined) {
        yield { ok: false, error: `git cat-file output ended inside object ${oids[i]}` };
        continue;
      }
      yield { ok: true, bytes: bytes.subarray(0, bytes.length - 1) };
    }
  } finally {
    // Stopped early (consumer returned) or done: make sure no git process outlives the shard.
    if (child.exitCode === null) child.kill();
  }
}
