import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { recordId } from "../../src/core/record.js";
import { jsonlReader } from "../../src/io/readers/jsonl.js";
import { duck, errored, planContext, readInput, records, tempDir, writeFiles } from "./helpers.js";

function jsonParseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a parse error");
}

const MIXED = Buffer.concat([
  Buffer.from(
    [
      '{"text":"hello","lang":"en","n":3,"ok":true,"nil":null,"labels":["a","b"],"obj":{"k":1},"mixed":[1,"x"],"path":"orig/p.txt"}',
      "",
      "{bad json",
      "[1,2]",
      '{"body":"no text field"}',
      '{"text":"caf',
    ].join("\n"),
  ),
  Buffer.from([0xe9]),
  Buffer.from('"}\n{"text":"crlf line"}\r\n{"text":"last line without newline"}'),
]);

/** `n` lines whose text names their line number; lengths vary so ranges cut mid-line. */
function numberedLines(n: number, broken?: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(i === broken ? "{not json" : JSON.stringify({ text: `line ${i}`, pad: "p".repeat((i * 7919) % 61) }));
  }
  return `${out.join("\n")}\n`;
}

describe("jsonl reader", () => {
  it("reads records, keeps metadata, reports each broken line with its number", async () => {
    const base = tempDir();
    writeFiles(base, { "data.jsonl": MIXED });
    const { items } = await readInput(jsonlReader, { id: "web", type: "jsonl", path: "data.jsonl" }, planContext(base));
    const recs = records(items);
    expect(recs.map((r) => r.text)).toEqual(["hello", "crlf line", "last line without newline"]);
    expect(recs[0]).toMatchObject({
      id: recordId("web", "data.jsonl", 1),
      source: "web",
      path: "data.jsonl",
      meta: {
        lang: "en",
        n: 3,
        ok: true,
        nil: null,
        labels: ["a", "b"],
        obj: '{"k":1}',
        mixed: '[1,"x"]',
        orig_path: "orig/p.txt",
      },
    });
    expect(recs[0]?.meta).not.toHaveProperty("text");
    expect(recs[1]?.id).toBe(recordId("web", "data.jsonl", 7));
    expect(errored(items).map((e) => [e.id, e.error])).toEqual([
      [recordId("web", "data.jsonl", 3), `line 3: invalid JSON (${jsonParseError("{bad json")})`],
      [recordId("web", "data.jsonl", 4), "line 4: expected a JSON object, got an array"],
      [recordId("web", "data.jsonl", 5), 'line 5: text field "text" is missing or not a string'],
      [recordId("web", "data.jsonl", 6), "line 6: invalid UTF-8 at byte 12"],
    ]);
    expect(errored(items)[0]).toMatchObject({ source: "web", path: "data.jsonl", errored_by: "read:web" });
    // Plain file: the items' bytes add up to the file size (the blank line's go to the next item).
    expect(items.reduce((n, i) => n + i.bytes, 0)).toBe(MIXED.length);
  });

  it("uses id_field verbatim, keeps only the listed fields, and reads a custom text_field", async () => {
    const base = tempDir();
    writeFiles(base, {
      "d.jsonl": [
        '{"doc":"doc-1","body":"one","lang":"en","extra":1}',
        '{"doc":7,"body":"two","lang":"fr"}',
        '{"doc":{"x":1},"body":"three"}',
      ].join("\n"),
    });
    const { items } = await readInput(
      jsonlReader,
      { id: "w", type: "jsonl", path: "d.jsonl", text_field: "body", id_field: "doc", fields: ["lang", "absent"] },
      planContext(base),
    );
    expect(records(items).map((r) => [r.id, r.text, r.meta])).toEqual([
      ["doc-1", "one", { lang: "en", absent: null }],
      ["7", "two", { lang: "fr", absent: null }],
    ]);
    expect(errored(items).map((e) => e.error)).toEqual(['line 3: id field "doc" is missing or not a string or number']);
  });

  it("reads gzip and zstd (written by DuckDB) like plain files", async () => {
    const base = tempDir();
    const lines = numberedLines(50);
    fs.writeFileSync(path.join(base, "a.jsonl.gz"), zlib.gzipSync(lines));
    const zst = path.join(base, "b.jsonl.zst");
    await duck(
      `COPY (SELECT 'row ' || i AS text, i AS n FROM range(1, 1001) t(i) ORDER BY i) TO '${zst}' (FORMAT json, COMPRESSION zstd)`,
    );
    expect([...fs.readFileSync(zst).subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]); // real zstd frame

    const gz = await readInput(jsonlReader, { id: "g", type: "jsonl", path: "a.jsonl.gz" }, planContext(base));
    expect(records(gz.items).map((r) => r.text)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i + 1}`));
    expect(gz.shards).toHaveLength(1);
    // Compressed: item bytes follow the compressed file, so they add up to the shard's bytes.
    expect(gz.items.reduce((n, i) => n + i.bytes, 0)).toBe(gz.shards[0]?.bytes);

    const z = await readInput(jsonlReader, { id: "z", type: "jsonl", path: "b.jsonl.zst" }, planContext(base, 100));
    expect(z.shards).toHaveLength(1); // never split, however small shardBytes is
    const zr = records(z.items);
    expect(zr).toHaveLength(1000);
    expect(zr[999]).toMatchObject({ text: "row 1000", meta: { n: 1000 }, id: recordId("z", "b.jsonl.zst", 1000) });
    expect(errored(z.items)).toEqual([]);
  });

  it("keeps the lines before a truncation and reports where gzip and zstd streams were cut", async () => {
    const base = tempDir();
    const lines = numberedLines(3000);
    const gz = zlib.gzipSync(lines);
    fs.writeFileSync(path.join(base, "cut.jsonl.gz"), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const full = path.join(base, "full.jsonl.zst");
    await duck(
      `COPY (SELECT 'row ' || i AS text, md5(i::VARCHAR) AS h FROM range(1, 20001) t(i) ORDER BY i) TO '${full}' (FORMAT json, COMPRESSION zstd)`,
    );
    const zst = fs.readFileSync(full);
    fs.writeFileSync(path.join(base, "cut.jsonl.zst"), zst.subarray(0, Math.floor(zst.length * 0.6)));

    for (const [file, expectedError] of [
      ["cut.jsonl.gz", "truncated gzip after line N: unexpected end of file"],
      ["cut.jsonl.zst", "truncated zstd after line N: unexpected EOF"],
    ] as const) {
      const { items } = await readInput(jsonlReader, { id: "t", type: "jsonl", path: file }, planContext(base));
      const recs = records(items);
      const n = recs.length;
      expect(n).toBeGreaterThan(100);
      expect(recs.map((r) => r.id)).toEqual(Array.from({ length: n }, (_, i) => recordId("t", file, i + 1)));
      expect(items.at(-1)?.kind).toBe("errored");
      expect(errored(items).map((e) => [e.error, e.id])).toEqual([
        [expectedError.replace("N", String(n)), recordId("t", file, n + 1)],
      ]);
    }
  });

  it("splits a big plain file into line-aligned ranges that read every line exactly once", async () => {
    const base = tempDir();
    const content = numberedLines(3000, 2500);
    writeFiles(base, { "big.jsonl": content });
    const ctx = planContext(base, 8 * 1024);
    const { shards, items } = await readInput(jsonlReader, { id: "b", type: "jsonl", path: "big.jsonl" }, ctx);
    expect(shards.length).toBeGreaterThan(5);
    const units = shards.map((s) => s.unit as { start: number; end: number; firstLine: number });
    expect(units[0]?.start).toBe(0);
    expect(units.at(-1)?.end).toBe(Buffer.byteLength(content));
    for (let i = 1; i < units.length; i++) {
      expect(units[i]?.start).toBe(units[i - 1]?.end);
      expect(content[(units[i]?.start ?? 0) - 1]).toBe("\n");
    }
    const recs = records(items);
    expect(recs).toHaveLength(2999);
    // Each record's line number (from its own text) matches the id derived from the line it was read at.
    for (const r of recs) expect(r.id).toBe(recordId("b", "big.jsonl", Number(r.text.slice(5))));
    expect(new Set(recs.map((r) => r.text)).size).toBe(2999);
    expect(errored(items).map((e) => e.error)).toEqual([`line 2500: invalid JSON (${jsonParseError("{not json")})`]);
    // The broken line sits in a later shard: its number is still the file's line number.
    const lastShard = units.at(-1);
    expect(lastShard?.firstLine).toBeGreaterThan(1);
    expect(items.reduce((n, i) => n + i.bytes, 0)).toBe(Buffer.byteLength(content));
    // Planning the same file again gives the same shards.
    expect(
      await jsonlReader.plan(jsonlReader.params.parse({ id: "b", type: "jsonl", path: "big.jsonl" }), ctx),
    ).toEqual(shards);
  });

  it("finds data files in a folder or through a glob; paths are relative to the input root", async () => {
    const base = tempDir();
    writeFiles(base, {
      "data/a.jsonl": '{"text":"a"}\n',
      "data/sub/b.jsonl.gz": zlib.gzipSync('{"text":"b"}\n'),
      "data/c.json": '{"text":"c"}\n',
      "data/notes.txt": "not data",
      "data/sub/d.ndjson": '{"text":"d"}\n',
    });
    const folder = await readInput(jsonlReader, { id: "f", type: "jsonl", path: "data" }, planContext(base));
    expect(records(folder.items).map((r) => [r.path, r.text])).toEqual([
      ["a.jsonl", "a"],
      ["c.json", "c"],
      ["sub/b.jsonl.gz", "b"],
      ["sub/d.ndjson", "d"],
    ]);
    const globbed = await readInput(
      jsonlReader,
      { id: "g", type: "jsonl", path: "data/**/*.jsonl*" },
      planContext(base),
    );
    expect(records(globbed.items).map((r) => r.path)).toEqual(["a.jsonl", "sub/b.jsonl.gz"]);
  });

  it("explains a missing file and a glob that matches nothing", async () => {
    const base = tempDir();
    const plan = (p: string) =>
      jsonlReader
        .plan(jsonlReader.params.parse({ id: "docs", type: "jsonl", path: p }), planContext(base))
        .catch((e) => e);
    const missing = await plan("./data/missing.jsonl");
    expect(missing).toBeInstanceOf(UserError);
    expect(missing.message).toBe(
      `input \`docs\`: path ./data/missing.jsonl does not exist (resolved to ${path.join(base, "data/missing.jsonl")}) — fix the path or create it`,
    );
    fs.mkdirSync(path.join(base, "empty"));
    const nothing = await plan("empty/*.jsonl");
    expect(nothing).toBeInstanceOf(UserError);
    expect(nothing.message).toBe(
      `input \`docs\`: glob empty/*.jsonl matched no files (resolved to ${path.join(base, "empty/*.jsonl")})`,
    );
  });
});
