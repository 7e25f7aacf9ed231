import { readdirSync } from "node:fs";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectOutput } from "../../src/inspect/inspect.js";
import { parquetGlob } from "../engine/helpers.js";
import { listFiles, query, type Ran, runYaml, tempDir, writeFiles, writeJsonl } from "./helpers.js";

async function columnsOf(file: string): Promise<string[]> {
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
  return meta.schema.slice(1).map((s) => s.name);
}

/** Folder names below data/, URL-decoded the way hive readers (DuckDB, pyarrow) decode them. */
function decodedDirs(root: string): string[] {
  return readdirSync(root).map(decodeURIComponent).sort();
}

describe("partition values that are null, missing, odd or never set", () => {
  let run: Ran;
  const LANG_VALUES: Array<[unknown, number]> = [
    ["python", 5],
    [null, 3],
    [undefined, 4], // field absent from the row
    ["c/c++", 2], // a path separator: must not create a sub-folder
    ["win\\path", 2], // a Windows separator too
    ["../escape", 1], // and no climbing out of data/
  ];

  beforeAll(async () => {
    const dir = tempDir();
    const rows: Array<Record<string, unknown>> = [];
    for (const [lang, n] of LANG_VALUES) {
      for (let i = 0; i < n; i++) {
        const r: Record<string, unknown> = { id: `r${rows.length}`, text: `record ${rows.length} body text` };
        if (lang !== undefined) r.lang = lang;
        rows.push(r);
      }
    }
    writeJsonl(join(dir, "docs", "rows.jsonl"), rows);
    run = await runYaml(
      dir,
      `name: odd-partitions
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: s
    operators:
      # Sets \`kind\` to null for every record: the pattern never matches.
      - { id: kind, op: set_field, params: { field: kind, from: text, pattern: "^NEVER" } }
output:
  path: out
  partition_by: [lang, license, kind]
`,
    );
  });

  it("maps null and missing to `unknown` and sanitizes separators, one folder level per field", () => {
    expect(run.manifest.accounting.ok).toBe(true);
    const data = join(run.out, "data");
    expect(decodedDirs(data)).toEqual(["lang=.._escape", "lang=c_c++", "lang=python", "lang=unknown", "lang=win_path"]);
    const files = listFiles(data, run.out);
    expect(run.manifest.outputs.data.files).toEqual(files);
    for (const f of files) {
      // Exactly data/lang=*/license=*/kind=*/part-N.parquet: no value added a level.
      const parts = f.split("/");
      expect(parts).toHaveLength(5);
      expect(parts[0]).toBe("data");
      expect(parts[1]).toMatch(/^lang=/);
      // `license` is set by nothing, `kind` is always null: both `unknown`.
      expect(parts[2]).toBe("license=unknown");
      expect(parts[3]).toBe("kind=unknown");
      expect(parts[4]).toMatch(/^part-\d+\.parquet$/);
    }
  });

  it("reads back with the right row counts per value", async () => {
    const rows = (await query(
      `SELECT lang, license, kind, count(*) FROM read_parquet(${parquetGlob(join(run.out, "data"))}, hive_partitioning = true) GROUP BY ALL ORDER BY lang`,
    )) as Array<[string, string, string, bigint]>;
    expect(rows.map((r) => [r[0], r[1], r[2], Number(r[3])])).toEqual([
      [".._escape", "unknown", "unknown", 1],
      ["c_c++", "unknown", "unknown", 2],
      ["python", "unknown", "unknown", 5],
      ["unknown", "unknown", "unknown", 7],
      ["win_path", "unknown", "unknown", 2],
    ]);
  });

  it("keeps partition columns out of the files (hive convention)", async () => {
    for (const f of run.manifest.outputs.data.files) {
      const cols = await columnsOf(join(run.out, f));
      expect(cols).toContain("id");
      expect(cols).toContain("text");
      expect(cols).not.toContain("lang");
      expect(cols).not.toContain("license");
      expect(cols).not.toContain("kind");
      expect(cols.some((c) => c.startsWith("__part_"))).toBe(false);
    }
  });

  it("is inspectable, with per-partition counts", async () => {
    const ins = await inspectOutput(run.out);
    const values = ins.partitions[0]?.values ?? [];
    expect(values).toContainEqual({ value: "unknown", rows: 7 });
    expect(values.reduce((a, p) => a + p.rows, 0)).toBe(17);
  });
});

describe("partitioning by core record fields", () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
    // Two repositories (top-level folders) and a JSONL input, which has no repo.
    writeFiles(join(dir, "repos"), {
      "alpha/main.py": "print('alpha main')\n",
      "alpha/util.py": "def util():\n    return 1\n",
      "beta/lib.rs": 'fn main() { println!("beta"); }\n',
    });
    writeJsonl(join(dir, "docs", "d.jsonl"), [
      { text: "a document without any repository" },
      { text: "another document without any repository" },
    ]);
  });

  const yaml = (by: string) => `name: core-partitions
inputs:
  - { id: repos, type: folder, path: repos, repos: children }
  - { id: docs, type: jsonl, path: docs }
stages:
  - name: s
    operators:
      - { id: keep_all, op: length_filter, params: { min_chars: 1 } }
output:
  path: out-${by}
  partition_by: [${by}]
`;

  it("partition_by: [source] gives one folder per input", async () => {
    const run = await runYaml(dir, yaml("source"));
    expect(run.manifest.accounting.ok).toBe(true);
    expect(decodedDirs(join(run.out, "data"))).toEqual(["source=docs", "source=repos"]);
    const rows = (await query(
      `SELECT source, count(*) FROM read_parquet(${parquetGlob(join(run.out, "data"))}, hive_partitioning = true) GROUP BY 1 ORDER BY 1`,
    )) as Array<[string, bigint]>;
    expect(rows.map((r) => [r[0], Number(r[1])])).toEqual([
      ["docs", 2],
      ["repos", 3],
    ]);
    for (const f of run.manifest.outputs.data.files) {
      expect(f).toMatch(/^data\/source=(docs|repos)\/part-\d+\.parquet$/);
      const cols = await columnsOf(join(run.out, f));
      expect(cols).not.toContain("source");
      expect(cols).toContain("repo");
    }
  });

  it("partition_by: [repo] gives one folder per repository, `unknown` for records without one", async () => {
    const run = await runYaml(dir, yaml("repo"));
    expect(run.manifest.accounting.ok).toBe(true);
    expect(decodedDirs(join(run.out, "data"))).toEqual(["repo=alpha", "repo=beta", "repo=unknown"]);
    const rows = (await query(
      `SELECT repo, source, count(*) FROM read_parquet(${parquetGlob(join(run.out, "data"))}, hive_partitioning = true) GROUP BY ALL ORDER BY 1`,
    )) as Array<[string, string, bigint]>;
    expect(rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual([
      ["alpha", "repos", 2],
      ["beta", "repos", 1],
      ["unknown", "docs", 2],
    ]);
    for (const f of run.manifest.outputs.data.files) {
      const cols = await columnsOf(join(run.out, f));
      expect(cols).not.toContain("repo");
      expect(cols).toContain("source");
      expect(cols).toContain("path");
    }
  });
});
