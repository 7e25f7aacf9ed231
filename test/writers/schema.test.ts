import { createHash } from "node:crypto";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { beforeAll, describe, expect, it } from "vitest";
import { parquetGlob } from "../engine/helpers.js";
import { query, type Ran, readJsonlFile, runYaml, tempDir, writeJsonl } from "./helpers.js";

const ROWS = 6000;
const HALF = ROWS / 2;

/**
 * Rows whose extra fields (copied into metadata by the jsonl reader) change type half-way
 * through the file, so with small shards some shards only ever see one type and others only
 * the other: int then float, string then number, absent then present.
 */
function corpus(dir: string): void {
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ROWS; i++) {
    const first = i < HALF;
    const r: Record<string, unknown> = {
      id: `r${String(i).padStart(4, "0")}`,
      // Hex digests: text that does not compress away, so max_file_bytes splits files.
      text: i % 25 === 0 ? `short ${i}` : `row ${i} ${createHash("sha256").update(String(i)).digest("hex")}`,
      measure: first ? i : i + 0.5,
      mixed: first ? `s${i}` : i,
      flag: i % 2 === 0,
      labels: [`l${i % 3}`, "all"],
      half: first ? "a" : "b",
      bucket: `b${i % 2}`,
    };
    if (i >= ROWS - 50) r.late = i;
    rows.push(r);
  }
  writeJsonl(join(dir, "docs", "rows.jsonl"), rows);
}

function recipe(format: string): string {
  return `name: schema-test
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: s
    operators:
      # Derived per record: an int in the first half, a string in the second.
      - id: grade
        op: set_field
        params: { field: grade, from: half, map: { a: 1, b: "one" } }
      # int in the first half, float in the second.
      - id: ratio
        op: set_field
        params: { field: ratio, from: half, map: { a: 2, b: 2.5 } }
      # The same constant everywhere.
      - id: origin
        op: set_field
        params: { field: origin, value: 7 }
      - id: too_short
        op: length_filter
        params: { min_chars: 50 }
output:
  path: out-${format}
  format: ${format}
  partition_by: [bucket]
  max_file_bytes: 20000
  keep_dropped: true
`;
}

interface Col {
  name: string;
  type?: string;
  repetition_type?: string;
  converted_type?: string;
  logical_type?: unknown;
  num_children?: number;
}

async function schemaOf(file: string): Promise<Col[]> {
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
  return meta.schema.map((s) => ({
    name: s.name,
    type: s.type,
    repetition_type: s.repetition_type,
    converted_type: s.converted_type,
    logical_type: s.logical_type,
    num_children: s.num_children,
  }));
}

describe("one schema for every output file, whatever each shard saw", () => {
  let dir: string;
  let run: Ran;

  beforeAll(async () => {
    dir = tempDir();
    corpus(dir);
    // ~700 kB in 32 kB shards: dozens of shards, nearly all seeing only one type per field.
    run = await runYaml(dir, recipe("parquet"), { run: { shardBytes: 32 * 1024 } });
  });

  it("ran over many shards into many files", () => {
    expect(run.manifest.accounting.ok).toBe(true);
    expect(run.manifest.inputs[0]?.shards).toBeGreaterThan(10);
    // Two partitions, each split in several files by max_file_bytes.
    expect(run.manifest.outputs.data.files.length).toBeGreaterThan(2);
    expect(run.manifest.counts.dropped).toBe(ROWS / 25);
  });

  it("gives every data file the identical Parquet schema (read with hyparquet)", async () => {
    const files = run.manifest.outputs.data.files;
    const schemas = await Promise.all(files.map((f) => schemaOf(join(run.out, f))));
    for (const s of schemas) expect(s).toEqual(schemas[0]);
    const byName = new Map((schemas[0] ?? []).map((c) => [c.name, c]));
    expect(byName.get("measure")?.type).toBe("DOUBLE"); // int + float -> float
    expect(byName.get("ratio")?.type).toBe("DOUBLE");
    expect(byName.get("mixed")?.type).toBe("BYTE_ARRAY"); // string + number -> text
    expect(byName.get("grade")?.type).toBe("BYTE_ARRAY");
    expect(byName.get("origin")?.type).toBe("INT64");
    expect(byName.get("flag")?.type).toBe("BOOLEAN");
    expect(byName.get("late")?.type).toBe("INT64"); // present in every file, null where unset
    expect(byName.has("bucket")).toBe(false); // partition column: in the path only
  });

  it("gives dropped/ files one schema too", async () => {
    const files = run.manifest.outputs.dropped?.files ?? [];
    expect(files.length).toBeGreaterThan(0);
    const schemas = await Promise.all(files.map((f) => schemaOf(join(run.out, f))));
    for (const s of schemas) expect(s).toEqual(schemas[0]);
  });

  it("stores values converted to the merged type", async () => {
    const rows = (await query(
      `SELECT id, measure, mixed, grade, ratio, late, typeof(mixed), typeof(measure)
       FROM read_parquet(${parquetGlob(join(run.out, "data"))}, union_by_name = false) WHERE id IN ('r0001', 'r3001', 'r5951') ORDER BY id`,
    )) as unknown[][];
    expect(rows).toEqual([
      ["r0001", 1, "s1", "1", 2, null, "VARCHAR", "DOUBLE"],
      ["r3001", 3001.5, "3001", "one", 2.5, null, "VARCHAR", "DOUBLE"],
      ["r5951", 5951.5, "5951", "one", 2.5, 5951n, "VARCHAR", "DOUBLE"],
    ]);
    // Independent reader, file by file: the same JS type for a column in every file.
    const seen = new Map<string, Set<string>>();
    for (const f of run.manifest.outputs.data.files) {
      const objs = (await parquetReadObjects({
        file: await asyncBufferFromFile(join(run.out, f)),
        compressors,
      })) as Array<Record<string, unknown>>;
      for (const o of objs) {
        for (const [k, v] of Object.entries(o)) {
          if (v === null || v === undefined) continue;
          const t = Array.isArray(v) ? "array" : typeof v;
          seen.set(k, (seen.get(k) ?? new Set()).add(t));
        }
      }
    }
    for (const [k, types] of seen) expect([k, [...types]]).toEqual([k, [...types].slice(0, 1)]);
    expect([...(seen.get("measure") ?? [])]).toEqual(["number"]);
    expect([...(seen.get("mixed") ?? [])]).toEqual(["string"]);
    expect([...(seen.get("labels") ?? [])]).toEqual(["array"]);
  });

  it("JSONL output: each field has one JSON type across every line of every file", async () => {
    const jrun = await runYaml(dir, recipe("jsonl"), { run: { shardBytes: 32 * 1024 } });
    expect(jrun.manifest.accounting.ok).toBe(true);
    const types = new Map<string, Set<string>>();
    let n = 0;
    for (const f of jrun.manifest.outputs.data.files) {
      for (const line of readJsonlFile(join(jrun.out, f)) as Array<Record<string, unknown>>) {
        n++;
        for (const [k, v] of Object.entries(line)) {
          if (v === null) continue;
          const t = Array.isArray(v) ? "array" : typeof v;
          types.set(k, (types.get(k) ?? new Set()).add(t));
        }
      }
    }
    expect(n).toBe(jrun.manifest.counts.output);
    for (const [k, t] of types) expect([k, t.size]).toEqual([k, 1]);
    expect([...(types.get("mixed") ?? [])]).toEqual(["string"]);
    expect([...(types.get("grade") ?? [])]).toEqual(["string"]);
  });
});
