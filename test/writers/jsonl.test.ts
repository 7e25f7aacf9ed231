import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectOutput } from "../../src/inspect/inspect.js";
import { sqlString } from "../../src/io/duckdb.js";
import { filler, listFiles, query, type Ran, readJsonlFile, runYaml, tempDir, writeJsonl } from "./helpers.js";

const LANGS = ["python", "rust", "go"] as const;

/** 300 rows in two files; every 10th is too short and gets dropped. */
function corpus(dir: string): { kept: Record<string, number>; dropped: number } {
  const kept: Record<string, number> = {};
  let dropped = 0;
  for (const [f, offset] of [
    ["a.jsonl", 0],
    ["b.jsonl", 150],
  ] as const) {
    const rows = [];
    for (let i = offset; i < offset + 150; i++) {
      const lang = LANGS[i % 3] as string;
      const short = i % 10 === 0;
      rows.push({ id: `doc-${i}`, text: short ? "tiny" : filler(i, 80), lang, n: i });
      if (short) dropped++;
      else kept[lang] = (kept[lang] ?? 0) + 1;
    }
    writeJsonl(join(dir, "docs", f), rows);
  }
  return { kept, dropped };
}

function recipe(compression: string, partitioned: boolean): string {
  return `name: jsonl-out
inputs:
  - id: docs
    type: jsonl
    path: docs
    id_field: id
stages:
  - name: clean
    operators:
      - id: too_short
        op: length_filter
        params: { min_chars: 20 }
output:
  path: out
  format: jsonl
  compression: ${compression}
${partitioned ? "  partition_by: [lang]\n" : ""}  keep_dropped: true
`;
}

const EXT: Record<string, string> = { none: "jsonl", gzip: "jsonl.gz", zstd: "jsonl.zst" };
/** gzip and zstd frame magic numbers: the files really are compressed, not just renamed. */
const MAGIC: Record<string, number[]> = { gzip: [0x1f, 0x8b], zstd: [0x28, 0xb5, 0x2f, 0xfd] };

describe.each([
  ["none", false],
  ["none", true],
  ["gzip", false],
  ["gzip", true],
  ["zstd", false],
  ["zstd", true],
] as const)("format: jsonl, compression: %s, partitioned: %s", (compression, partitioned) => {
  let run: Ran;
  let expected: ReturnType<typeof corpus>;
  const ext = EXT[compression] as string;
  const escapedExt = ext.replaceAll(".", "\\.");

  beforeAll(async () => {
    const dir = tempDir();
    expected = corpus(dir);
    // Small shards: several shard files feed the final write.
    run = await runYaml(dir, recipe(compression, partitioned), { run: { shardBytes: 4096 } });
  });

  it("balances the run and counts what the corpus implies", () => {
    const m = run.manifest;
    expect(m.accounting).toEqual({ ok: true, problems: [] });
    expect(m.inputs[0]?.shards).toBeGreaterThan(2);
    expect(m.counts.input).toBe(300);
    expect(m.counts.dropped).toBe(expected.dropped);
    expect(m.counts.output).toBe(300 - expected.dropped);
    expect(m.outputs.data).toMatchObject({
      format: "jsonl",
      compression,
      partition_by: partitioned ? ["lang"] : [],
      rows: m.counts.output,
    });
  });

  it("lays files out as data/[lang=<value>/]part-N.<ext>, and the manifest lists exactly them", () => {
    const onDisk = listFiles(join(run.out, "data"), run.out);
    expect(onDisk.length).toBeGreaterThan(0);
    const shape = partitioned
      ? new RegExp(`^data/lang=(python|rust|go)/part-\\d+\\.${escapedExt}$`)
      : new RegExp(`^data/part-\\d+\\.${escapedExt}$`);
    for (const f of onDisk) expect(f).toMatch(shape);
    if (partitioned) {
      const folders = new Set(onDisk.map((f) => f.split("/")[1]));
      expect([...folders].sort()).toEqual(["lang=go", "lang=python", "lang=rust"]);
    }
    expect(run.manifest.outputs.data.files).toEqual(onDisk);
    const bytes = onDisk.reduce((a, f) => a + statSync(join(run.out, f)).size, 0);
    expect(run.manifest.outputs.data.bytes).toBe(bytes);
    const magic = MAGIC[compression];
    for (const f of onDisk) {
      const head = [...readFileSync(join(run.out, f)).subarray(0, 4)];
      if (magic) expect(head.slice(0, magic.length)).toEqual(magic);
      else expect(head[0]).toBe("{".charCodeAt(0));
    }
  });

  it("writes one JSON object with id and text per line, rows matching the manifest", () => {
    const perLang: Record<string, number> = {};
    let total = 0;
    const ids = new Set<string>();
    for (const f of run.manifest.outputs.data.files) {
      const lines = readJsonlFile(join(run.out, f));
      for (const line of lines) {
        expect(line).toBeTypeOf("object");
        expect(Array.isArray(line)).toBe(false);
        const r = line as Record<string, unknown>;
        expect(r.id).toMatch(/^doc-\d+$/);
        expect(r.text).toBeTypeOf("string");
        expect(r.source).toBe("docs");
        expect(r.n).toBeTypeOf("number");
        ids.add(r.id as string);
        // Hive convention: the partition value lives in the folder name only.
        const lang = partitioned ? (/lang=([a-z]+)/.exec(f)?.[1] as string) : (r.lang as string);
        if (partitioned) expect(r).not.toHaveProperty("lang");
        expect(LANGS).toContain(lang);
        expect(Number(/doc-(\d+)/.exec(r.id as string)?.[1]) % 3).toBe(LANGS.indexOf(lang as (typeof LANGS)[number]));
        perLang[lang] = (perLang[lang] ?? 0) + 1;
        total++;
      }
    }
    expect(total).toBe(run.manifest.counts.output);
    expect(ids.size).toBe(total);
    expect(perLang).toEqual(expected.kept);
  });

  it("reads back with DuckDB (compression detected, partitions as a column)", async () => {
    const glob = sqlString(join(run.out, "data", "**", `*.${ext}`));
    const rows = (await query(
      `SELECT lang, count(*), count(DISTINCT id), min(length(text)) FROM read_json(${glob}, format = 'newline_delimited', hive_partitioning = ${partitioned}) GROUP BY lang ORDER BY lang`,
    )) as Array<[string, bigint, bigint, number]>;
    expect(Object.fromEntries(rows.map((r) => [r[0], Number(r[1])]))).toEqual(expected.kept);
    for (const r of rows) {
      expect(r[2]).toBe(r[1]);
      expect(Number(r[3])).toBeGreaterThanOrEqual(20);
    }
  });

  it("is readable by `smelt inspect`", async () => {
    const ins = await inspectOutput(run.out, { samples: 2 });
    expect(ins.samples).toHaveLength(2);
    expect(ins.schema.map((c) => c.column)).toEqual(expect.arrayContaining(["id", "text", "lang"]));
    if (partitioned) {
      expect(Object.fromEntries(ins.partitions[0]?.values.map((p) => [p.value, p.rows]) ?? [])).toEqual(expected.kept);
    }
    expect(ins.dropExamples).toEqual([
      { dropped_by: "too_short", drop_reason: "min_chars 4 < 20", path: expect.stringMatching(/^[ab]\.jsonl$/) },
    ]);
  });

  it("writes dropped/ in the same format, with the drop reason", async () => {
    const dropped = run.manifest.outputs.dropped;
    expect(dropped?.rows).toBe(expected.dropped);
    for (const f of dropped?.files ?? []) expect(f).toMatch(new RegExp(`^dropped/part-\\d+\\.${escapedExt}$`));
    const glob = sqlString(join(run.out, "dropped", "**", `*.${ext}`));
    const rows = (await query(
      `SELECT dropped_by, drop_reason, count(*) FROM read_json(${glob}, format = 'newline_delimited') GROUP BY ALL`,
    )) as Array<[string, string, bigint]>;
    expect(rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual([["too_short", "min_chars 4 < 20", expected.dropped]]);
  });
});

describe("max_file_bytes: many part files per partition", () => {
  // DuckDB rotates files between 2048-row chunks (Parquet: between row groups), so a 20 kB
  // target with 6000 rows per partition gives 3 files per partition, none of them empty.
  const ROWS = 12000;
  const makeCorpus = (dir: string) => {
    const rows = [];
    for (let i = 0; i < ROWS; i++) rows.push({ id: `r${i}`, text: filler(i, 200), lang: i % 2 ? "a" : "b" });
    writeJsonl(join(dir, "docs", "all.jsonl"), rows);
  };
  const yaml = (format: string) => `name: split-files
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: s
    operators:
      - { id: keep_all, op: length_filter, params: { min_chars: 1 } }
output:
  path: out
  format: ${format}
  partition_by: [lang]
  max_file_bytes: 20000
`;

  it.each(["jsonl", "parquet"])("%s: several part-N files per partition, every row still there", async (format) => {
    const dir = tempDir();
    makeCorpus(dir);
    const { manifest, out } = await runYaml(dir, yaml(format));
    expect(manifest.accounting.ok).toBe(true);
    const files = listFiles(join(out, "data"), out);
    expect(manifest.outputs.data.files).toEqual(files);
    for (const lang of ["a", "b"]) {
      const parts = files.filter((f) => f.startsWith(`data/lang=${lang}/`));
      expect(parts.map((f) => f.replace(/^.*\//, "")).sort()).toEqual([
        `part-0.${format}`,
        `part-1.${format}`,
        `part-2.${format}`,
      ]);
    }
    const reader = format === "jsonl" ? "read_json" : "read_parquet";
    const glob = sqlString(join(out, "data", "**", `*.${format}`));
    const perFile = (await query(
      `SELECT filename, count(*), count(DISTINCT id) FROM ${reader}(${glob}, filename = true) GROUP BY 1 ORDER BY 1`,
    )) as Array<[string, bigint, bigint]>;
    // No empty trailing part: every listed file holds rows.
    expect(perFile.map((r) => r[0].slice(out.length + 1)).sort()).toEqual(files);
    for (const [, n] of perFile) expect(Number(n)).toBeGreaterThan(0);
    expect(perFile.reduce((a, r) => a + Number(r[1]), 0)).toBe(ROWS);
    expect(perFile.reduce((a, r) => a + Number(r[2]), 0)).toBe(ROWS);
    expect(manifest.outputs.data.rows).toBe(ROWS);
  });
});
