import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { duckdbType, type FieldTypes } from "../../core/fieldTypes.js";
import { tempName } from "../atomic.js";
import { closeDuck, openDuck, sqlIdent, sqlList, sqlString } from "../duckdb.js";

/** Which record files are being written: they differ in columns. */
export type DatasetKind = "kept" | "dropped" | "errored";

export interface DatasetWrite {
  kind: DatasetKind;
  /** Intermediate JSONL files holding the records. */
  files: string[];
  fields: FieldTypes;
  scores: string[];
  /** Extra fields recorded by dropping operators (dropped only). */
  dropFields?: FieldTypes;
  /** Final folder (e.g. `<output>/data`). Replaced atomically. */
  dest: string;
  format: "parquet" | "jsonl";
  compression: string;
  partitionBy: string[];
  maxFileBytes: number;
  /** Scratch folder for staging files and DuckDB spill. */
  scratch: string;
  /** DuckDB threads (the run's worker count, so `--workers` bounds the whole run's cores). */
  threads?: number;
}

export interface DatasetWritten {
  rows: number;
  /** Written files, relative to `dest`'s parent (the output folder). */
  files: string[];
  bytes: number;
}

const CORE_COLUMNS = ["id", "text", "source", "path", "repo", "scores", "tags", "refined_by", "generated_by"];
const DROP_COLUMNS = ["dropped_by", "drop_reason"];

/** Output column name of a metadata field: core names win, a clashing field gets `meta_`. */
export function metaColumn(field: string): string {
  return CORE_COLUMNS.includes(field) || DROP_COLUMNS.includes(field) ? `meta_${field}` : field;
}

function structType(types: FieldTypes): string | undefined {
  const entries = Object.entries(types).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return undefined;
  return `STRUCT(${entries.map(([k, t]) => `${sqlIdent(k)} ${duckdbType(t)}`).join(", ")})`;
}

/** The read_json source and the SELECT list for one kind of record file. */
function selectSql(w: DatasetWrite, files: string[]): string {
  const columns: Record<string, string> = { id: "VARCHAR", source: "VARCHAR", path: "VARCHAR", repo: "VARCHAR" };
  const select = ["id"];
  if (w.kind === "errored") {
    Object.assign(columns, { text: "VARCHAR", errored_by: "VARCHAR", error: "VARCHAR" });
    select.push("source", "path", "repo", "errored_by", "error", "text");
  } else {
    Object.assign(columns, {
      text: "VARCHAR",
      tags: "VARCHAR[]",
      refined_by: "VARCHAR[]",
      generated_by: "VARCHAR",
    });
    select.push("text", "source", "path", "repo");
    const metaType = structType(w.fields);
    if (metaType) {
      columns.meta = metaType;
      for (const f of Object.keys(w.fields).sort()) select.push(`meta.${sqlIdent(f)} AS ${sqlIdent(metaColumn(f))}`);
    }
    const scoreType = structType(Object.fromEntries(w.scores.map((s) => [s, "float" as const])));
    if (scoreType) {
      columns.scores = scoreType;
      select.push("scores");
    }
    select.push("coalesce(tags, []) AS tags", "coalesce(refined_by, []) AS refined_by", "generated_by");
    if (w.kind === "dropped") {
      Object.assign(columns, { dropped_by: "VARCHAR", drop_reason: "VARCHAR" });
      select.push("dropped_by", "drop_reason");
      const extraType = structType(w.dropFields ?? {});
      if (extraType) {
        columns.extra = extraType;
        for (const f of Object.keys(w.dropFields ?? {}).sort()) select.push(`extra.${sqlIdent(f)} AS ${sqlIdent(f)}`);
      }
    }
  }
  const cols = Object.entries(columns)
    .map(([k, t]) => `${sqlIdent(k)}: ${sqlString(t)}`)
    .join(", ");
  // Partition values become folder names: never null, never a path separator.
  for (const p of w.partitionBy) {
    const known = select.some((s) => s === p || s.endsWith(`AS ${sqlIdent(p)}`));
    const expr = known ? sqlIdent(p) : "NULL";
    select.push(
      `regexp_replace(coalesce(nullif(CAST(${expr} AS VARCHAR), ''), 'unknown'), '[/\\\\]', '_', 'g') AS ${sqlIdent(`__part_${p}`)}`,
    );
  }
  return `SELECT ${select.join(", ")} FROM read_json(${sqlList(files)}, format='newline_delimited',
    columns={${cols}}, maximum_object_size=268435456)`;
}

function copyOptions(w: DatasetWrite): string {
  if (w.format === "parquet") {
    // DuckDB only rotates files between row groups: without a byte bound a row group is up to
    // 20000 rows whatever their size, and one file could hold many times max_file_bytes.
    return `FORMAT parquet, COMPRESSION ${w.compression}, ROW_GROUP_SIZE 20000, ROW_GROUP_SIZE_BYTES ${w.maxFileBytes}, FILE_SIZE_BYTES ${w.maxFileBytes}`;
  }
  const comp = w.compression === "none" ? "uncompressed" : w.compression;
  return `FORMAT json, COMPRESSION ${comp}, FILE_SIZE_BYTES ${w.maxFileBytes}`;
}

function fileExtension(w: DatasetWrite): string {
  if (w.format === "parquet") return "parquet";
  return w.compression === "gzip" ? "jsonl.gz" : w.compression === "zstd" ? "jsonl.zst" : "jsonl";
}

/**
 * Write one dataset folder (data/, dropped/ or errored/) with DuckDB. Partitioned output is
 * written in two passes because DuckDB cannot rotate files inside PARTITION_BY: first one
 * staging Parquet per partition, then each partition re-written in the final format with
 * bounded file sizes. The folder appears under its final name only when complete.
 */
export async function writeDataset(w: DatasetWrite): Promise<DatasetWritten> {
  await mkdir(w.scratch, { recursive: true });
  const files = w.files.length > 0 ? w.files : [await emptyFile(w.scratch)];
  const tmpDest = tempName(w.dest);
  const conn = await openDuck({ tempDir: join(w.scratch, "duckdb-spill"), threads: w.threads });
  try {
    const source = selectSql(w, files);
    if (w.partitionBy.length === 0) {
      await copyTo(conn, source, tmpDest, w);
    } else {
      const staging = join(w.scratch, `staging-${w.kind}`);
      await rm(staging, { recursive: true, force: true });
      const parts = w.partitionBy.map((p) => sqlIdent(`__part_${p}`)).join(", ");
      // Partition values live in the folder names only (the hive convention pyarrow itself
      // writes): a column both in the files and in the path makes pyarrow refuse the dataset.
      const columns = await describeColumns(conn, source);
      const inPath = columns.filter((c) => w.partitionBy.includes(c));
      const staged =
        inPath.length > 0 ? `SELECT * EXCLUDE (${inPath.map(sqlIdent).join(", ")}) FROM (${source})` : source;
      await conn.run(
        `COPY (${staged}) TO ${sqlString(staging)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${parts}))`,
      );
      for (const leaf of await leafDirs(staging)) {
        const rel = relative(staging, leaf)
          .split("/")
          .map((seg) => seg.replace(/^__part_/, ""))
          .join("/");
        await copyTo(
          conn,
          `SELECT * FROM read_parquet(${sqlString(join(leaf, "*.parquet"))}, hive_partitioning = false)`,
          join(tmpDest, rel),
          w,
        );
      }
      await rm(staging, { recursive: true, force: true });
    }
    await mkdir(tmpDest, { recursive: true });
    let written = await listFiles(tmpDest);
    const glob = sqlString(join(tmpDest, "**", `*.${fileExtension(w)}`));
    const countSql =
      w.format === "parquet"
        ? `SELECT file_name, num_rows FROM parquet_file_metadata(${glob})`
        : `SELECT filename, count(*) FROM read_json(${glob}, format='newline_delimited', columns={id: 'VARCHAR'}, filename=true) GROUP BY 1`;
    const perFile = new Map<string, number>();
    if (written.length > 0) {
      for (const [f, n] of (await conn.runAndReadAll(countSql)).getRows()) perFile.set(resolve(String(f)), Number(n));
    }
    const rows = [...perFile.values()].reduce((a, n) => a + n, 0);
    if (rows > 0) {
      // Once a file crosses FILE_SIZE_BYTES DuckDB opens the next one even when no row is left
      // for it: drop those empty trailing parts. (An empty dataset keeps its one file: the schema.)
      const empty = written.filter((f) => !perFile.get(resolve(f)));
      for (const f of empty) await rm(f);
      written = written.filter((f) => !empty.includes(f));
    }
    await rm(w.dest, { recursive: true, force: true });
    await rename(tmpDest, w.dest);
    let bytes = 0;
    const rels: string[] = [];
    for (const f of written) {
      const final = join(w.dest, relative(tmpDest, f));
      bytes += (await stat(final)).size;
      rels.push(relative(join(w.dest, ".."), final));
    }
    return { rows, files: rels.sort(), bytes };
  } catch (err) {
    await rm(tmpDest, { recursive: true, force: true });
    throw err;
  } finally {
    closeDuck(conn);
  }
}

async function copyTo(
  conn: Awaited<ReturnType<typeof openDuck>>,
  select: string,
  dir: string,
  w: DatasetWrite,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const pattern = sqlString("part-{i}");
  await conn.run(
    `COPY (${select}) TO ${sqlString(dir)} (${copyOptions(w)}, FILENAME_PATTERN ${pattern}, FILE_EXTENSION ${sqlString(fileExtension(w))}, OVERWRITE_OR_IGNORE true)`,
  );
}

async function describeColumns(conn: Awaited<ReturnType<typeof openDuck>>, select: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE ${select}`);
  return reader.getRows().map((r) => String(r[0]));
}

async function emptyFile(scratch: string): Promise<string> {
  const f = join(scratch, "empty.jsonl");
  await writeFile(f, "");
  return f;
}

async function leafDirs(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    const subdirs = entries.filter((e) => e.isDirectory());
    if (entries.some((e) => e.isFile() && e.name.endsWith(".parquet"))) out.push(dir);
    for (const d of subdirs) await walk(join(dir, d.name));
  };
  await walk(root);
  return out.sort();
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(root);
  return out;
}
