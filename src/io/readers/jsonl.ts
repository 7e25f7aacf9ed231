/**
 * `jsonl`: one JSON object per line, plain or compressed (.gz, .zst). Big plain files are
 * split into line-aligned byte ranges so several workers can read one file.
 */
import { z } from "zod";
import { recordId } from "../../core/record.js";
import { commonKeys, erroredItem, fingerprint, inputBase, shortMessage } from "./common.js";
import { listDataFiles } from "./files.js";
import { type Line, type LineRange, lineAlignedRanges, MAX_LINE_BYTES, splitLines } from "./lines.js";
import { rowItem } from "./rows.js";
import { type Compression, compressionOf, ItemBytes, openBytes, streamFailure } from "./streams.js";
import type { InputShard, ReaderDef, ReadItem } from "./types.js";
import { decodeUtf8 } from "./utf8.js";

const SUFFIXES = [".jsonl", ".ndjson", ".json"].flatMap((s) => [s, `${s}.gz`, `${s}.zst`]);

const params = inputBase("jsonl").extend({
  path: z
    .string()
    .min(1)
    .describe(
      "A JSON-lines file, a folder (searched for *.jsonl, *.ndjson, *.json, each optionally .gz/.zst) or a glob.",
    ),
  text_field: commonKeys.text_field,
  id_field: commonKeys.id_field,
  fields: commonKeys.fields,
});

type Spec = z.infer<typeof params>;

interface JsonlUnit extends LineRange {
  file: string;
  path: string;
  compression: Compression;
}

/** Item for one line, or undefined for a blank line (not a record, not an error). */
function lineItem(line: Line, unit: JsonlUnit, spec: Spec, counter: ItemBytes): ReadItem | undefined {
  const where = `line ${line.number}`;
  const defaultId = recordId(spec.id, unit.path, line.number);
  const fail = (why: string) =>
    erroredItem({ input: spec.id, id: defaultId, path: unit.path }, `${where}: ${why}`, counter.next(line.size));
  if (line.tooLong) return fail(`longer than ${MAX_LINE_BYTES} bytes`);
  const decoded = decodeUtf8(line.bytes);
  if (!decoded.ok) return fail(decoded.reason);
  // A test that stops at the first visible character: trim() would copy every big line.
  if (!/\S/.test(decoded.text)) {
    counter.skip(line.size);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (err) {
    return fail(`invalid JSON (${shortMessage(err)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(
      `expected a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  const at = { path: unit.path, where, defaultId };
  return rowItem(value as Record<string, unknown>, spec, at, counter.next(line.size));
}

export const jsonlReader: ReaderDef<typeof params> = {
  type: "jsonl",
  summary: "Read JSON-lines files (plain, .gz or .zst): one record per line, text from `text_field`.",
  params,

  async plan(spec: Spec, ctx) {
    const shards: InputShard[] = [];
    for (const f of await listDataFiles(spec.id, spec.path, ctx, SUFFIXES)) {
      const compression = compressionOf(f.path);
      // Compressed streams cannot be entered in the middle: one shard per compressed file.
      const ranges: LineRange[] =
        compression === "none" && f.size > 2 * ctx.shardBytes
          ? await lineAlignedRanges(f.abs, f.size, ctx.shardBytes)
          : [{ start: 0, end: f.size, firstLine: 1 }];
      for (const r of ranges) {
        shards.push({
          input: spec.id,
          type: "jsonl",
          unit: { file: f.abs, path: f.path, compression, ...r } satisfies JsonlUnit,
          bytes: r.end - r.start,
          fingerprint: fingerprint([f.path, f.size, f.mtimeMs, r.start, r.end]),
        });
      }
    }
    return shards;
  },

  async *read(shard, spec: Spec) {
    const unit = shard.unit as unknown as JsonlUnit;
    const bytes = new ItemBytes(unit.compression);
    const range = unit.compression === "none" ? { start: unit.start, end: unit.end } : {};
    let lastLine = unit.firstLine - 1;
    try {
      for await (const line of splitLines(
        openBytes(unit.file, unit.compression, { ...range, meter: bytes.meter }),
        unit.firstLine,
      )) {
        lastLine = line.number;
        const item = lineItem(line, unit, spec, bytes);
        if (item) yield item;
      }
    } catch (err) {
      yield erroredItem(
        { input: spec.id, id: recordId(spec.id, unit.path, lastLine + 1), path: unit.path },
        streamFailure(err, unit.compression, lastLine),
        bytes.rest(shard.bytes),
      );
    }
  },
};
