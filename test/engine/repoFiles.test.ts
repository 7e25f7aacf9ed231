import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newRecord } from "../../src/core/record.js";
import { repoFilesLookup } from "../../src/core/repoFiles.js";
import { tempDir } from "./helpers.js";

describe("repoFiles: a record's repository root, wherever its files were sharded", () => {
  it("finds a child repository's root files in a folder input, and the input root otherwise", () => {
    const root = tempDir("smelt-repofiles-");
    mkdirSync(join(root, "alpha", "src"), { recursive: true });
    writeFileSync(join(root, "alpha", "LICENSE"), "MIT License\n");
    writeFileSync(join(root, "alpha", "src", "a.py"), "x = 1\n");
    writeFileSync(join(root, "COPYING"), "root license\n");
    const lookup = repoFilesLookup({ code: { type: "folder", root } });
    const inRepo = lookup(newRecord({ id: "1", text: "", source: "code", path: "alpha/src/a.py", repo: "alpha" }));
    expect(inRepo?.list()).toEqual(["LICENSE"]);
    expect(inRepo?.read("LICENSE")).toBe("MIT License\n");
    expect(inRepo?.read("missing")).toBeUndefined();
    const loose = lookup(newRecord({ id: "2", text: "", source: "code", path: "COPYING" }));
    expect(loose?.list()).toEqual(["COPYING"]);
    expect(lookup(newRecord({ id: "3", text: "", source: "other" }))).toBeUndefined();
  });

  it("reads a git input's root files at the planned commit, not the working tree", () => {
    const dir = tempDir("smelt-repofiles-git-");
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", dir, "-c", "user.email=t@t", "-c", "user.name=t", ...args])
        .toString()
        .trim();
    git("init", "-q");
    writeFileSync(join(dir, "LICENSE"), "first\n");
    git("add", ".");
    git("commit", "-qm", "one");
    const first = git("rev-parse", "HEAD");
    writeFileSync(join(dir, "LICENSE"), "second\n");
    git("commit", "-qam", "two");
    const lookup = repoFilesLookup({ repo: { type: "git", gitDir: join(dir, ".git"), commit: first } });
    const files = lookup(newRecord({ id: "1", text: "", source: "repo", path: "LICENSE", repo: "x" }));
    expect(files?.list()).toEqual(["LICENSE"]);
    expect(files?.read("LICENSE")).toBe("first\n");
  });
});
