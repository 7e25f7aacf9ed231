import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { recordId } from "../../src/core/record.js";
import { gitReader } from "../../src/io/readers/git.js";
import { dropped, errored, git, planContext, readInput, records, tempDir, writeFiles } from "./helpers.js";

let base: string;
let repo: string;
let first: string;
let second: string;

beforeAll(() => {
  base = tempDir();
  repo = path.join(base, "my-project");
  fs.mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeFiles(repo, {
    "README.md": "old readme\n",
    "src/main.py": "print('v1')\n",
    "assets/icon.bin": Buffer.from([0, 1, 2, 3, 0, 255]),
    "data/huge.txt": "z".repeat(5000),
  });
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "first");
  first = git(repo, "rev-parse", "HEAD");
  writeFiles(repo, { "README.md": "new readme\n", "src/util.py": "def util(): pass\n" });
  fs.symlinkSync("README.md", path.join(repo, "link.md"));
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "second");
  second = git(repo, "rev-parse", "HEAD");
  // Uncommitted work is not part of any revision.
  writeFiles(repo, { "README.md": "dirty working tree\n", "untracked.txt": "untracked\n" });
});

describe("git reader", () => {
  it("reads HEAD from the object database: text records, binary dropped, oversize errored, symlinks skipped", async () => {
    const { items } = await readInput(
      gitReader,
      { id: "code", type: "git", path: "my-project", max_file_bytes: 1000 },
      planContext(base),
    );
    expect(records(items).map((r) => [r.path, r.text])).toEqual([
      ["README.md", "new readme\n"],
      ["src/main.py", "print('v1')\n"],
      ["src/util.py", "def util(): pass\n"],
    ]);
    const readme = records(items)[0];
    expect(readme).toMatchObject({
      id: recordId("code", "README.md"),
      source: "code",
      repo: "my-project",
      meta: { revision: second },
    });
    expect(dropped(items).map((d) => [d.record.path, d.rule, d.record.repo])).toEqual([
      ["assets/icon.bin", "binary", "my-project"],
    ]);
    expect(errored(items).map((e) => [e.path, e.error])).toEqual([
      ["data/huge.txt", "file is 5.0 kB, over max_file_bytes 1000"],
    ]);
    expect(items).toHaveLength(5);
  });

  it("reads an older revision with its old content", async () => {
    const { shards, items } = await readInput(
      gitReader,
      { id: "code", type: "git", path: "my-project", revision: "HEAD~1", include: ["**/*.md", "**/*.py"] },
      planContext(base),
    );
    expect(records(items).map((r) => [r.path, r.text, r.meta.revision])).toEqual([
      ["README.md", "old readme\n", first],
      ["src/main.py", "print('v1')\n", first],
    ]);
    expect(shards).toHaveLength(1);
    expect(shards[0]?.unit).toMatchObject({ commit: first });
  });

  it("applies include/exclude and shards by size; the fingerprint follows the commit", async () => {
    const ctx = planContext(base, 12);
    const spec = gitReader.params.parse({
      id: "code",
      type: "git",
      path: "my-project",
      exclude: ["assets/**", "data"],
    });
    const head = await gitReader.plan(spec, ctx);
    expect(head.map((s) => (s.unit as { files: string[][] }).files.map((f) => f[0]))).toEqual([
      ["README.md"],
      ["src/main.py"],
      ["src/util.py"],
    ]);
    const old = await gitReader.plan({ ...spec, revision: first }, ctx);
    expect(old[0]?.fingerprint).not.toBe(head[0]?.fingerprint);
    expect(await gitReader.plan(spec, ctx)).toEqual(head);
  });

  it("clones a URL into the work folder, then fetches new commits on the next plan", async () => {
    const upstream = path.join(base, "upstream");
    fs.mkdirSync(upstream);
    git(upstream, "init", "-q", "-b", "main");
    writeFiles(upstream, { "a.txt": "one\n" });
    git(upstream, "add", ".");
    git(upstream, "commit", "-q", "-m", "one");
    const ctx = planContext(base);
    const raw = { id: "remote", type: "git", path: `file://${upstream}` };
    const r1 = await readInput(gitReader, raw, ctx);
    expect(records(r1.items).map((r) => [r.text, r.repo])).toEqual([["one\n", "upstream"]]);
    const clones = fs.readdirSync(path.join(ctx.workDir, "git"));
    expect(clones).toHaveLength(1);

    writeFiles(upstream, { "a.txt": "two\n" });
    git(upstream, "commit", "-q", "-am", "two");
    const r2 = await readInput(gitReader, raw, ctx);
    expect(records(r2.items).map((r) => r.text)).toEqual(["two\n"]);
    expect(fs.readdirSync(path.join(ctx.workDir, "git"))).toEqual(clones);
  });

  it("reads a subfolder of a repository as its own root", async () => {
    const { items } = await readInput(gitReader, { id: "s", type: "git", path: "my-project/src" }, planContext(base));
    expect(records(items).map((r) => [r.path, r.repo])).toEqual([
      ["main.py", "my-project"],
      ["util.py", "my-project"],
    ]);
  });

  it("explains an unknown revision, a folder that is not a repository and a missing path", async () => {
    const ctx = planContext(base);
    const plan = (raw: Record<string, unknown>) =>
      gitReader.plan(gitReader.params.parse({ id: "code", type: "git", ...raw }), ctx).catch((e: unknown) => e);
    const badRev = await plan({ path: "my-project", revision: "no-such-branch" });
    expect(badRev).toBeInstanceOf(UserError);
    expect((badRev as Error).message).toBe(
      "input `code`: revision `no-such-branch` not found in my-project — use a branch, tag or commit id",
    );
    fs.mkdirSync(path.join(base, "plain"), { recursive: true });
    const notRepo = await plan({ path: "plain" });
    expect(notRepo).toBeInstanceOf(UserError);
    expect((notRepo as Error).message).toMatch(/^input `code`: plain is not a git repository \(.*not a git repository/);
    const missing = await plan({ path: "nowhere" });
    expect((missing as Error).message).toContain("path nowhere does not exist");
  });
});
