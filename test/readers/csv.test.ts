import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { recordId } from "../../src/core/record.js";
import { csvReader } from "../../src/io/readers/csv.js";
import { errored, planContext, readInput, records, tempDir, writeFiles } from "./helpers.js";

const CSV = Buffer.concat([
  Buffer.from(
    [
      "\ufefftext,lang,id",
      '"hello, world",en,1',
      "",
      '"two',
      'lines",fr,2',
      "too,many,fields,here",
      "plain,de,3",
      "caf",
    ].join("\n"),
  ),
  Buffer.from([0xe9]),
  Buffer.from(',fr,4\n"""quoted""",en,5\n"unclosed,xx,6\nnext,en,7\n'),
]);

describe("csv reader", () => {
  it("reads rows (multi-line fields too), reports malformed rows by their start line, and goes on", async () => {
    const base = tempDir();
    writeFiles(base, { "t.csv": CSV });
    const { shards, items } = await readInput(csvReader, { id: "c", type: "csv", path: "t.csv" }, planContext(base));
    const recs = records(items);
    expect(recs.map((r) => [r.id, r.text, r.meta])).toEqual([
      [recordId("c", "t.csv", 2), "hello, world", { lang: "en", orig_id: "1" }],
      [recordId("c", "t.csv", 4), "two\nlines", { lang: "fr", orig_id: "2" }],
      [recordId("c", "t.csv", 7), "plain", { lang: "de", orig_id: "3" }],
      [recordId("c", "t.csv", 9), '"quoted"', { lang: "en", orig_id: "5" }],
    ]);
    expect(errored(items).map((e) => [e.id, e.error])).toEqual([
      [recordId("c", "t.csv", 6), "line 6: Invalid Record Length: expect 3, got 4 on line 6"],
      [recordId("c", "t.csv", 8), "line 8: column text: invalid UTF-8 at byte 3"],
      [
        recordId("c", "t.csv", 10),
        "line 10: Quote Not Closed: the parsing is finished with an opening quote at line 11",
      ],
    ]);
    // Items come in file order.
    expect(items.map((i) => i.record.id)).toEqual([2, 4, 6, 7, 8, 9, 10].map((line) => recordId("c", "t.csv", line)));
    expect(items.reduce((n, i) => n + i.bytes, 0)).toBe(shards[0]?.bytes);
  });

  it("supports another delimiter, no header, id_field and a field list", async () => {
    const base = tempDir();
    writeFiles(base, { "d/x.csv": "a;first;1\nb;second;2\n" });
    const { items } = await readInput(
      csvReader,
      {
        id: "s",
        type: "csv",
        path: "d",
        delimiter: ";",
        header: false,
        text_field: "column1",
        id_field: "column0",
        fields: ["column2"],
      },
      planContext(base),
    );
    expect(records(items).map((r) => [r.id, r.text, r.path, r.meta])).toEqual([
      ["a", "first", "x.csv", { column2: "1" }],
      ["b", "second", "x.csv", { column2: "2" }],
    ]);
  });

  it("reads gzip CSV and reports a truncated one after the last complete row", async () => {
    const base = tempDir();
    const rows = ["text,n", ...Array.from({ length: 4000 }, (_, i) => `"row ${i + 1} ${"v".repeat(i % 50)}",${i}`)];
    const gz = zlib.gzipSync(`${rows.join("\n")}\n`);
    fs.writeFileSync(path.join(base, "ok.csv.gz"), gz);
    fs.writeFileSync(path.join(base, "cut.csv.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    const ok = await readInput(csvReader, { id: "g", type: "csv", path: "ok.csv.gz" }, planContext(base));
    expect(records(ok.items)).toHaveLength(4000);
    expect(errored(ok.items)).toEqual([]);

    const cut = await readInput(csvReader, { id: "g", type: "csv", path: "cut.csv.gz" }, planContext(base));
    const recs = records(cut.items);
    const n = recs.length;
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(4000);
    expect(recs.at(-1)?.text).toMatch(new RegExp(`^row ${n} `));
    // Line n+1 holds row n; the error names the last complete line.
    expect(errored(cut.items).map((e) => [e.id, e.error])).toEqual([
      [recordId("g", "cut.csv.gz", n + 2), `truncated gzip after line ${n + 1}: unexpected end of file`],
    ]);
  });

  it("reports a header that is not UTF-8 and still uses it to name the columns", async () => {
    const base = tempDir();
    writeFiles(base, { "h.csv": Buffer.concat([Buffer.from("text,n"), Buffer.from([0xff]), Buffer.from("\nhi,1\n")]) });
    const { items } = await readInput(csvReader, { id: "h", type: "csv", path: "h.csv" }, planContext(base));
    expect(errored(items).map((e) => e.error)).toEqual(["line 1: column column1: invalid UTF-8 at byte 1"]);
    expect(records(items).map((r) => [r.text, r.meta])).toEqual([["hi", { "n\ufffd": "1" }]]);
  });

  it("refuses header: false with a text_field that is not a column number", async () => {
    const base = tempDir();
    writeFiles(base, { "x.csv": "a,b\n" });
    const err = await csvReader
      .plan(csvReader.params.parse({ id: "s", type: "csv", path: "x.csv", header: false }), planContext(base))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain("with header: false the columns are named column0, column1");
  });
});
