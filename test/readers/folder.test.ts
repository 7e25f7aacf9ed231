import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { recordId } from "../../src/core/record.js";
import { folderReader } from "../../src/io/readers/folder.js";
import { globFiles } from "../../src/io/readers/glob.js";
import { dropped, errored, planContext, readInput, records, tempDir, writeFiles } from "./helpers.js";

// Every folder the readers list, to prove what the folder walk does not enter.
const listedDirs = vi.hoisted(() => [] as string[]);
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((dir: fs.PathLike, options?: unknown) => {
    listedDirs.push(String(dir));
    return real.readdirSync(dir, options as never);
  }) as typeof real.readdirSync;
  return { ...real, readdirSync };
});

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

  it("walks the tree once, never entering ignored or excluded folders nor .git", async () => {
    const base = tempDir();
    const files: Record<string, string> = {
      "p/.gitignore": "node_modules/\n",
      "p/src/a.ts": "a\n",
      "p/src/gen/.gitignore": "*\n!keep.ts\n",
      "p/src/gen/drop.ts": "dropped by the nested .gitignore\n",
      "p/src/gen/keep.ts": "kept by its negation\n",
      // A .gitignore inside an ignored folder is never read (git does not read it either).
      "p/node_modules/.gitignore": "!*\n",
      "p/vendor/v.ts": "excluded\n",
      "p/.git/HEAD": "ref: refs/heads/main\n",
    };
    for (let i = 0; i < 50; i++) files[`p/node_modules/pkg${i}/deep/index.js`] = "ignored\n";
    for (let i = 0; i < 20; i++) files[`p/vendor/lib${i}/x.ts`] = "excluded\n";
    writeFiles(base, files);
    listedDirs.length = 0;
    const { items } = await readInput(
      folderReader,
      { id: "p", type: "folder", path: "p", exclude: ["vendor/**"] },
      planContext(base),
    );
    expect(records(items).map((r) => [r.path, r.repo])).toEqual([
      [".gitignore", "p"],
      ["src/a.ts", "p"],
      ["src/gen/keep.ts", "p"],
    ]);
    const root = path.join(base, "p");
    expect(listedDirs.map((d) => path.relative(root, d)).sort()).toEqual(["", "src", "src/gen"]);
  });

  it("selects exactly the files the glob engine lists, whatever the patterns", async () => {
    const base = tempDir();
    const root = path.join(base, "tree");
    const paths = [
      "a.py",
      "README",
      ".hidden/x.py",
      ".env",
      "src/b.ts",
      "src/b.test.ts",
      "src/deep/c.py",
      "src/deep/.d.py",
      "vendor/v.py",
      "vendor/sub/w.py",
      "docs/readme.md",
      "docs/guide/intro.md",
      "lib/index.ts",
      "lib/a.test.ts",
      "weird name/[x].md",
      "dir.with.dots/f.txt",
      "sub/.git",
      "sub/s.py",
      ".git/HEAD",
    ];
    writeFiles(root, Object.fromEntries(paths.map((f) => [f, "x"])));
    fs.symlinkSync(path.join(root, "src"), path.join(root, "linked"));
    const cases: Array<[string[], string[]]> = [
      [["**/*"], []],
      [["**"], ["**/.*", "**/.*/**"]],
      [["*"], []],
      [["**/*.py"], ["vendor"]],
      [["src"], ["**/deep/**"]],
      [["src/"], []],
      [["./src/deep/*.py"], ["*"]],
      [["src/deep/*.py"], ["src/**"]],
      [["*.py", "docs/*.md"], []],
      [["**/*.{py,md}"], ["vendor/**", ".hidden/**"]],
      [["**/*", "!**/*.md", "!vendor"], []],
      [["**/*.ts"], ["**/*.test.ts"]],
      [
        ["lib/**", "src/**"],
        ["lib/*.test.ts", "!src/b.ts"],
      ],
      [["docs/**/*.md"], ["docs/guide"]],
      [["docs"], ["docs/guide/**"]],
      [["README", "weird name/*"], []],
      [["@(src|lib)/**"], ["*/deep"]],
      [["**/*.py"], ["s*"]],
      [[`${root}/src/*.ts`], []],
      [["../tree/src/**"], []],
      [["**/sub/**"], []],
    ];
    const ctx = planContext(base);
    for (const [include, exclude] of cases) {
      const spec = folderReader.params.parse({
        id: "t",
        type: "folder",
        path: "tree",
        include,
        exclude,
        gitignore: false,
        repos: "none",
      });
      const shards = await folderReader.plan(spec, ctx).catch((e: unknown) => {
        if (e instanceof UserError) return [];
        throw e;
      });
      const planned = shards.flatMap((s) => (s.unit as unknown as { files: [string][] }).files.map((f) => f[0]));
      const globbed = (await globFiles(root, include, exclude)).filter((f) => !f.startsWith("linked/")).sort();
      expect(planned, JSON.stringify([include, exclude])).toEqual(globbed);
    }
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

describe("folder reader: repos: packages", () => {
  it("makes every folder holding a package manifest a repository, the deepest winning", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { folderReader } = await import("../../src/io/readers/folder.js");
    const root = mkdtempSync(join(tmpdir(), "smelt-packages-"));
    const files: Record<string, string> = {
      "package.json": "{}",
      "index.js": "root",
      "node_modules/left-pad/package.json": "{}",
      "node_modules/left-pad/index.js": "pad",
      "node_modules/@scope/util/package.json": "{}",
      "node_modules/@scope/util/lib/a.js": "a",
      "node_modules/@scope/util/node_modules/dep/Cargo.toml": "[package]",
      "node_modules/@scope/util/node_modules/dep/src/lib.rs": "fn x() {}",
      "node_modules/@scope/README.md": "scope readme",
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(root, rel, ".."), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    const spec = folderReader.params.parse({ id: "nm", type: "folder", path: root, repos: "packages" });
    const shards = await folderReader.plan(spec, { baseDir: root, shardBytes: 1 << 20, workDir: root });
    const repoOf = new Map<string, string | undefined>();
    for (const s of shards)
      for await (const item of folderReader.read(s, spec)) repoOf.set(item.record.path ?? "", item.record.repo);
    const rootName = root.split("/").pop();
    expect(repoOf.get("index.js")).toBe(rootName);
    expect(repoOf.get("node_modules/left-pad/index.js")).toBe("node_modules/left-pad");
    expect(repoOf.get("node_modules/@scope/util/lib/a.js")).toBe("node_modules/@scope/util");
    expect(repoOf.get("node_modules/@scope/util/node_modules/dep/src/lib.rs")).toBe(
      "node_modules/@scope/util/node_modules/dep",
    );
    // A folder without a manifest belongs to the package above it.
    expect(repoOf.get("node_modules/@scope/README.md")).toBe(rootName);
  });
});
