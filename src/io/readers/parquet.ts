/**
 * `parquet`: one record per row of Parquet files, read with DuckDB in chunks (~2048 rows),
 * one shard per file.
 */
import { z } from "zod";
import { recordId } from "../../core/record.js";
import { sqlIdent, sqlString } from "../duckdb.js";
import { commonKeys, erroredItem, fingerprint, inputBase, shortMessage } from "./common.js";
import { listDataFiles } from "./files.js";
import { rowItem } from "./rows.js";
import type { InputShard, ReaderDef, ReadItem } from "./types.js";

const params = inputBase("parquet").extend({
  path: z.string().min(1).describe("A Parquet file, a folder (searched for *.parquet) or a glob."),
  text_field: commonKeys.text_field,
  id_field: commonKeys.id_field,
  fields: commonKeys.fields,
});

type Spec = z.infer<typeof params>;

interface ParquetUnit {
  file: string;
  path: string;
}

export const parquetReader: ReaderDef<typeof params> = {
  type: "parquet",
  summary: "Read Parquet files: one record per row (rows counted from 0), text from `text_field`.",
  params,

  async plan(spec: Spec, ctx) {
    const files = await listDataFiles(spec.id, spec.path, ctx, [".parquet"]);
    return files.map(
      (f): InputShard => ({
        input: spec.id,
        type: "parquet",
        unit: { file: f.abs, path: f.path } satisfies ParquetUnit,
        bytes: f.size,
        fingerprint: fingerprint([f.path, f.size, f.mtimeMs]),
      }),
    );
  },

  async *read(shard, spec: Spec) {
    const unit = shard.unit as unknown as ParquetUnit;
    const fileError = (why: string, bytes: number): ReadItem =>
      erroredItem({ input: spec.id, id: recordId(spec.id, unit.path), path: unit.path }, why, bytes);
    // Not openDuck(): that turns off preserve_insertion_order, and row numbers (hence ids)
    // must follow file order. One thread: the engine already reads shards in parallel.
    // Loaded on first use: the native module costs ~100 ms of every worker's start otherwise.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
    let row = 0;
    let reported = 0;
    try {
      const conn = await instance.connect();
      try {
        const file = sqlString(unit.file);
        // Row count from the footer, to spread the file's bytes over its rows for progress.
        const meta = await conn.runAndReadAll(`SELECT num_rows FROM parquet_file_metadata(${file})`);
        const rows = Number(meta.getRowsJS()[0]?.[0] ?? 0);
        const columns = spec.fields
          ? [spec.text_field, ...(spec.id_field ? [spec.id_field] : []), ...spec.fields].map(sqlIdent).join(", ")
          : "*";
        const result = await conn.stream(`SELECT ${columns} FROM read_parquet(${file})`);
        if (!result.columnNames().includes(spec.text_field)) {
          // One error for the file rather than one per row.
          const names = result.columnNames().join(", ");
          yield fileError(`${unit.path} has no column "${spec.text_field}" (columns: ${names})`, shard.bytes);
          return;
        }
        for await (const batch of result.yieldRowObjectJs()) {
          for (const values of batch) {
            // Cumulative rounding: the items' bytes add up to exactly the file size.
            const upTo = rows > 0 ? Math.round((shard.bytes * Math.min(row + 1, rows)) / rows) : 0;
            const at = { path: unit.path, where: `row ${row}`, defaultId: recordId(spec.id, unit.path, row) };
            yield rowItem(values, spec, at, upTo - reported);
            reported = upTo;
            row++;
          }
        }
      } finally {
        conn.closeSync();
      }
    } catch (err) {
      const after = row > 0 ? ` after row ${row - 1}` : "";
      yield fileError(`cannot read Parquet file ${unit.path}${after}: ${shortMessage(err)}`, shard.bytes - reported);
    } finally {
      instance.closeSync();
    }
  },
};
