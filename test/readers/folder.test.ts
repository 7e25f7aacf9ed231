import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { recordId } from "../../src/core/record.js";
import { folderReader } from "../../src/io/readers/folder.js";
import { dropped, errored, planContext, readInput, records, tempDir, writeFiles } from "./helpers.js";

// PNG signature + IHDR start: real binary bytes, NULs included.
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

function project(): string {
  const base = tempDir();
  writeFiles(base, {
    "docs/README.md": "# Hello\n",
    "docs/src/a.ts": "export const a = 1;\n",
    "docs/.env.example": "KEY=value\n",
    "docs/.gitignore": "*.log\nbuild/\n",
    "docs/debug.log": "ignored\n",
    "docs/build/out.js": "ignored\n",
    "docs/sub/.gitignore": "!keep.log\n",
    "docs/sub/keep.log": "kept by a nested negation\n",
    "docs/sub/drop.log": "still ignored\n",
    "docs/logo.png": PNG,
    "docs/latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61, 0x75, 0x20, 0x6c, 0x61, 0x69, 0x74]),
    "docs/big.txt": "x".repeat(2500),
    "docs/bom.txt": "\ufeffwith a BOM\n",
    "docs/.git/config": "[core]\n",
  });
  return base;
}

describe("folder reader", () => {
  it("reads text files, honours .gitignore, drops binary, errors on bad UTF-8 and oversized files", async () => {
    const base = project();
    const { items } = await readInput(
      folderReader,
      { id: "docs", type: "folder", path: "./docs", max_file_bytes: 1000, repos: "none" },
      planContext(base),
    );
    const recs = records(items);
    expect(recs.map((r) => r.path)).toEqual([
      ".env.example",
      ".gitignore",
      "README.md",
      "bom.txt",
      "src/a.ts",
      "sub/.gitignore",
      "sub/keep.log",
    ]);
    const readme = recs.find((r) => r.path === "README.md");
    expect(readme).toMatchObject({ id: recordId("docs", "README.md"), text: "# Hello\n", source: "docs" });
    expect(readme?.repo).toBeUndefined();
    expect(recs.find((r) => r.path === "bom.txt")?.text).toBe("with a BOM\n");
    expect(items.find((i) => i.kind === "record" && i.record.path === "src/a.ts")?.bytes).toBe(20);

    expect(dropped(items).map((d) => [d.record.path, d.rule, d.reason])).toEqual([
      ["logo.png", "binary", "binary file (16 B)"],
    ]);
    expect(errored(items).map((e) => [e.path, e.error, e.errored_by])).toEqual([
      ["big.txt", "file is 2.5 kB, over max_file_bytes 1000", "read:docs"],
      ["latin1.txt", "invalid UTF-8 at byte 3", "read:docs"],
    ]);
    expect(errored(items)[0]?.id).toBe(recordId("docs", "big.txt"));
    // Every planned byte is accounted for by exactly one item.
    expect(items.length).toBe(10);
  });

  it("reads ignored files when gitignore is off, but never .git/", async () => {
    const base = project();
    const { items } = await readInput(
      folderReader,
      { id: "docs", type: "folder", path: "docs", gitignore: false, include: ["**/*.log", "**/*.js", "**/config"] },
      planContext(base),
    );
    expect(records(items).map((r) => r.path)).toEqual(["build/out.js", "debug.log", "sub/drop.log", "sub/keep.log"]);
  });

  it("applies include and exclude globs", async () => {
    const base = project();
    const { items } = await readInput(
      folderReader,
      { id: "docs", type: "folder", path: "docs", include: ["**/*.md", "src"], exclude: ["src/**"] },
      planContext(base),
    );
    expect(items.map((i) => i.record.path)).toEqual(["README.md"]);
  });

  it("names repositories: auto, children, none", async () => {
    const base = tempDir();
    writeFiles(base, {
      "mono/.git/HEAD": "ref: refs/heads/main\n",
      "mono/top.txt": "top\n",
      "mono/vendor/lib/.git": "gitdir: ../../.git/modules/lib\n", // a submodule's .git file
      "mono/vendor/lib/lib.txt": "lib\n",
      "mono/vendor/loose.txt": "loose\n",
      "many/alpha/a.txt": "a\n",
      "many/beta/deep/b.txt": "b\n",
      "many/root.txt": "root\n",
    });
    const ctx = planContext(base);
    const repoByPath = async (raw: Record<string, unknown>) =>
      Object.fromEntries(records((await readInput(folderReader, raw, ctx)).items).map((r) => [r.path, r.repo ?? null]));

    expect(await repoByPath({ id: "m", type: "folder", path: "mono" })).toEqual({
      "top.txt": "mono",
      "vendor/lib/lib.txt": "vendor/lib",
      "vendor/loose.txt": "mono",
    });
    expect(await repoByPath({ id: "c", type: "folder", path: "many", repos: "children" })).toEqual({
      "alpha/a.txt": "alpha",
      "beta/deep/b.txt": "beta",
      "root.txt": null,
    });
    expect(await repoByPath({ id: "n", type: "folder", path: "mono", repos: "none" })).toEqual({
      "top.txt": null,
      "vendor/lib/lib.txt": null,
      "vendor/loose.txt": null,
    });
  });

  it("groups files into deterministic shards and fingerprints sizes and mtimes", async () => {
    const base = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d/f${String(i).padStart(2, "0")}.txt`] = `${"y".repeat(99)}\n`;
    writeFiles(base, files);
    const ctx = planContext(base, 1000);
    const spec = folderReader.params.parse({ id: "d", type: "folder", path: "d" });
    const a = await folderReader.plan(spec, ctx);
    const b = await folderReader.plan(spec, ctx);
    expect(a).toEqual(b);
    expect(a.map((s) => s.bytes)).toEqual([1000, 1000, 1000]);
    expect(a.every((s) => s.input === "d" && s.type === "folder")).toBe(true);
    const { items } = await readInput(folderReader, spec, ctx);
    expect(records(items).map((r) => r.path)).toEqual(Object.keys(files).map((f) => f.slice(2)));

    fs.writeFileSync(path.join(base, "d/f15.txt"), "changed\n");
    const c = await folderReader.plan(spec, ctx);
    expect(c[0]?.fingerprint).toBe(a[0]?.fingerprint);
    expect(c[1]?.fingerprint).not.toBe(a[1]?.fingerprint);
  });

  it("reports a file that vanished after planning with the OS message", async () => {
    const base = tempDir();
    writeFiles(base, { "d/a.txt": "a\n", "d/gone.txt": "soon gone\n" });
    const spec = folderReader.params.parse({ id: "d", type: "folder", path: "d" });
    const [shard] = await folderReader.plan(spec, planContext(base));
    fs.rmSync(path.join(base, "d/gone.txt"));
    const items = [];
    for await (const item of folderReader.read(shard as NonNullable<typeof shard>, spec)) items.push(item);
    expect(records(items).map((r) => r.path)).toEqual(["a.txt"]);
    expect(errored(items)[0]?.error).toBe(`ENOENT: no such file or directory, open '${path.join(base, "d/gone.txt")}'`);
  });

  it("skips symlinks instead of following them", async () => {
    const base = tempDir();
    writeFiles(base, { "outside/secret.txt": "secret\n", "d/a.txt": "a\n" });
    fs.symlinkSync(path.join(base, "outside"), path.join(base, "d/linkdir"));
    fs.symlinkSync(path.join(base, "outside/secret.txt"), path.join(base, "d/link.txt"));
    const { items } = await readInput(folderReader, { id: "d", type: "folder", path: "d" }, planContext(base));
    expect(items.map((i) => i.record.path)).toEqual(["a.txt"]);
  });

  it("explains a missing path", async () => {
    const base = tempDir();
    const spec = folderReader.params.parse({ id: "docs", type: "folder", path: "./data/missing" });
    const err = await folderReader.plan(spec, planContext(base)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `input \`docs\`: path ./data/missing does not exist (resolved to ${path.join(base, "data/missing")}) — fix the path or create it`,
    );
  });

  it("refuses an input where nothing is left to read", async () => {
    const base = project();
    const spec = folderReader.params.parse({ id: "docs", type: "folder", path: "docs", include: ["**/*.rs"] });
    const err = await folderReader.plan(spec, planContext(base)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      'input `docs`: no files to read under docs (include ["**/*.rs"], exclude [], after .gitignore)',
    );
  });

  it("validates its parameters strictly and fills defaults", () => {
    expect(folderReader.params.parse({ id: "a", type: "folder", path: "x" })).toEqual({
      id: "a",
      type: "folder",
      path: "x",
      include: ["**/*"],
      exclude: [],
      max_file_bytes: 1_000_000,
      gitignore: true,
      repos: "auto",
    });
    expect(folderReader.params.safeParse({ id: "a", type: "folder", path: "x", typo: 1 }).success).toBe(false);
    expect(folderReader.params.safeParse({ id: "a b", type: "folder", path: "x" }).success).toBe(false);
    expect(folderReader.params.safeParse({ id: "a", type: "git", path: "x" }).success).toBe(false);
  });
});
