import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordId } from "../../src/core/record.js";
import { parquetReader } from "../../src/io/readers/parquet.js";
import { duck, errored, planContext, readInput, records, tempDir } from "./helpers.js";

async function writeParquet(file: string, select: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await duck(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
}

describe("parquet reader", () => {
  it("reads rows as records with converted metadata and reports rows without text", async () => {
    const base = tempDir();
    await writeParquet(
      path.join(base, "data/part-0.parquet"),
      `SELECT * FROM (VALUES
         (0, 'first', ['a', 'b'], {'k': 1}, 9007199254740993::BIGINT, 42::BIGINT, TIMESTAMP '2024-01-02 03:04:05', 'x'::BLOB),
         (1, 'second', [], NULL, NULL, -1::BIGINT, NULL, NULL),
         (2, NULL, ['c'], {'k': 2}, 1::BIGINT, 0::BIGINT, NULL, NULL)
       ) t(i, text, labels, s, big, small, ts, raw) ORDER BY i`,
    );
    const { shards, items } = await readInput(
      parquetReader,
      { id: "pq", type: "parquet", path: "data" },
      planContext(base),
    );
    expect(shards).toHaveLength(1);
    const recs = records(items);
    expect(recs.map((r) => r.text)).toEqual(["first", "second"]);
    expect(recs[0]).toMatchObject({
      id: recordId("pq", "part-0.parquet", 0),
      source: "pq",
      path: "part-0.parquet",
      meta: {
        i: 0,
        labels: ["a", "b"],
        s: '{"k":1}',
        big: "9007199254740993", // beyond 2^53: kept exact as a string
        small: 42,
        ts: "2024-01-02T03:04:05.000Z",
        raw: "eA==",
      },
    });
    expect(recs[1]?.meta).toMatchObject({ labels: [], s: null, big: null, small: -1, ts: null });
    expect(errored(items).map((e) => [e.id, e.error])).toEqual([
      [recordId("pq", "part-0.parquet", 2), 'row 2: text field "text" is missing or not a string'],
    ]);
    // The file's bytes are spread over its rows.
    expect(items.reduce((n, i) => n + i.bytes, 0)).toBe(shards[0]?.bytes);
  });

  it("streams many rows in order, one shard per file, with id_field and a field list", async () => {
    const base = tempDir();
    for (const part of [0, 1]) {
      await writeParquet(
        path.join(base, `p/part-${part}.parquet`),
        `SELECT 'doc-' || (${part} * 10000 + i) AS doc, 'body ' || i AS body, i % 7 AS bucket, 'x' AS other
         FROM range(5000) t(i) ORDER BY i`,
      );
    }
    const { shards, items } = await readInput(
      parquetReader,
      { id: "p", type: "parquet", path: "p/*.parquet", text_field: "body", id_field: "doc", fields: ["bucket"] },
      planContext(base),
    );
    expect(shards).toHaveLength(2);
    const recs = records(items);
    expect(recs).toHaveLength(10000);
    expect(recs[4999]).toMatchObject({
      id: "doc-4999",
      text: "body 4999",
      path: "part-0.parquet",
      meta: { bucket: 1 },
    });
    expect(recs[5000]).toMatchObject({ id: "doc-10000", text: "body 0", path: "part-1.parquet", meta: { bucket: 0 } });
    expect(Object.keys(recs[0]?.meta ?? {})).toEqual(["bucket"]);
  });

  it("reports a corrupt file and a file without the text column as one errored item each", async () => {
    const base = tempDir();
    fs.mkdirSync(path.join(base, "d"));
    fs.writeFileSync(path.join(base, "d/bad.parquet"), "PAR1 this is not parquet at all");
    await writeParquet(path.join(base, "d/other.parquet"), "SELECT 'x' AS content, 1 AS n");
    const { items } = await readInput(parquetReader, { id: "q", type: "parquet", path: "d" }, planContext(base));
    expect(items).toHaveLength(2);
    expect(errored(items).map((e) => [e.id, e.path])).toEqual([
      [recordId("q", "bad.parquet"), "bad.parquet"],
      [recordId("q", "other.parquet"), "other.parquet"],
    ]);
    const [bad, other] = errored(items);
    expect(bad?.error).toMatch(/^cannot read Parquet file bad\.parquet: Invalid Input Error: .*bad\.parquet'$/);
    expect(other?.error).toBe('other.parquet has no column "text" (columns: content, n)');
  });
});
