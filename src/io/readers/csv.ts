/**
 * `csv`: one record per CSV row (plain, .gz or .zst), streamed through csv-parse. One shard
 * per file: quoted fields may contain newlines, so a file cannot be cut at arbitrary bytes.
 */
import { type CsvError, type Info, type Options, type Parser, parse } from "csv-parse";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import { recordId } from "../../core/record.js";
import { commonKeys, erroredItem, fingerprint, inputBase } from "./common.js";
import { listDataFiles } from "./files.js";
import { rowItem } from "./rows.js";
import { type Compression, compressionOf, ItemBytes, openBytes, streamFailure } from "./streams.js";
import type { InputShard, ReaderDef, ReadItem } from "./types.js";
import { decodeUtf8 } from "./utf8.js";

const params = inputBase("csv").extend({
  path: z.string().min(1).describe("A CSV file, a folder (searched for *.csv, *.csv.gz, *.csv.zst) or a glob."),
  text_field: commonKeys.text_field,
  id_field: commonKeys.id_field,
  fields: commonKeys.fields,
  delimiter: z.string().min(1).default(",").describe('Field separator, e.g. "," or "\\t" or ";".'),
  header: z
    .boolean()
    .default(true)
    .describe("The first row names the columns. Without a header, columns are named column0, column1, ..."),
});

type Spec = z.infer<typeof params>;

interface CsvUnit {
  file: string;
  path: string;
  compression: Compression;
}

/** What the parser callbacks report, in file order. */
type Parsed =
  | { kind: "header"; endBytes: number }
  | { kind: "row"; values: string[]; line: number; endBytes: number }
  | { kind: "bad"; message: string; line: number; endBytes: number };

type Position = Pick<Info, "lines" | "empty_lines" | "bytes">;

/**
 * csv-parse reports the line where a record *ends*; users look for where it starts. The
 * start is one past the previous record's end, plus the blank lines skipped in between.
 */
class LineTracker {
  /** Last line of the last complete record (0 before the first). */
  lastEnd = 0;
  private lastEmpty = 0;

  startOf(at: Position): number {
    const start = this.lastEnd + 1 + (at.empty_lines - this.lastEmpty);
    this.lastEnd = at.lines;
    this.lastEmpty = at.empty_lines;
    return start;
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The stream without a leading UTF-8 byte order mark. */
async function* withoutBom(chunks: AsyncIterable<Buffer>, onBom: () => void): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    checked = true;
    if (!head.subarray(0, BOM.length).equals(BOM)) yield head;
    else {
      onBom();
      yield head.subarray(BOM.length);
    }
  }
  if (!checked && head.equals(BOM)) onBom();
  else if (!checked && head.length > 0) yield head;
}

function write(parser: Parser, chunk: Buffer): Promise<void> {
  // The callback fires once csv-parse has processed the chunk (and run our callbacks).
  return new Promise((resolve, reject) => parser.write(chunk, (err) => (err ? reject(err) : resolve())));
}

function end(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once("error", reject);
    parser.end(() => resolve());
  });
}

export const csvReader: ReaderDef<typeof params> = {
  type: "csv",
  summary: "Read CSV files (plain, .gz or .zst): one record per row, text from `text_field`; bad rows are reported.",
  params,

  async plan(spec: Spec, ctx) {
    if (!spec.header && !/^column\d+$/.test(spec.text_field)) {
      throw new UserError(
        `input \`${spec.id}\`: with header: false the columns are named column0, column1, ... — set text_field to one of them`,
      );
    }
    const files = await listDataFiles(spec.id, spec.path, ctx, [".csv", ".csv.gz", ".csv.zst"]);
    return files.map(
      (f): InputShard => ({
        input: spec.id,
        type: "csv",
        unit: { file: f.abs, path: f.path, compression: compressionOf(f.path) } satisfies CsvUnit,
        bytes: f.size,
        fingerprint: fingerprint([f.path, f.size, f.mtimeMs]),
      }),
    );
  },

  async *read(shard, spec: Spec) {
    const unit = shard.unit as unknown as CsvUnit;
    const bytes = new ItemBytes(unit.compression);
    const lines = new LineTracker();
    const queue: Parsed[] = [];
    let prevBytes = 0;
    let names: string[] | undefined = spec.header ? undefined : [];
    let written = 0; // bytes handed to the parser
    const options: Options = {
      delimiter: spec.delimiter,
      encoding: null, // fields as bytes, so each is UTF-8-checked strictly below
      // Not `bom: true`: on a BOM csv-parse switches to decoding fields itself (lossily).
      bom: false,
      skip_empty_lines: true,
      skip_records_with_error: true, // report the bad row and go on with the next one
      // Records go to our queue instead of the stream, so the read can stop at a truncated
      // tail without csv-parse emitting a half record.
      on_record: (record, info) => {
        // With `encoding: null` csv-parse hands out Buffers (its typings assume strings). They
        // are views into a buffer it reuses, so decode them now, not when the queue drains.
        const fields = record as unknown as Buffer[];
        const line = lines.startOf(info);
        const values: string[] = [];
        for (const [i, field] of fields.entries()) {
          const d = decodeUtf8(field);
          if (!d.ok) {
            const column = names?.[i] ?? `column${i}`;
            queue.push({ kind: "bad", message: `column ${column}: ${d.reason}`, line, endBytes: info.bytes });
            // A bad header still names the columns (lossily), or the first data row would.
            names ??= fields.map((f) => f.toString("utf8"));
            return null;
          }
          values.push(d.text);
        }
        if (names === undefined) {
          names = values; // the header row names the columns; it is not a record
          queue.push({ kind: "header", endBytes: info.bytes });
        } else queue.push({ kind: "row", values, line, endBytes: info.bytes });
        return null;
      },
      on_skip: (err) => {
        // csv-parse errors carry the parser position (lines, bytes...) as properties.
        const e = err as CsvError & Position;
        // An unclosed quote swallows the rest of the file, but its error points at its start.
        const endBytes = e.code === "CSV_QUOTE_NOT_CLOSED" ? written : e.bytes;
        queue.push({ kind: "bad", message: e.message, line: lines.startOf(e), endBytes });
        return undefined;
      },
    };
    const parser = parse(options);

    const toItem = (p: Parsed): ReadItem | undefined => {
      const own = p.endBytes - prevBytes;
      prevBytes = p.endBytes;
      if (p.kind === "header") {
        bytes.skip(own);
        return undefined;
      }
      const where = `line ${p.line}`;
      const defaultId = recordId(spec.id, unit.path, p.line);
      if (p.kind === "bad") {
        const at = { input: spec.id, id: defaultId, path: unit.path };
        return erroredItem(at, `${where}: ${p.message}`, bytes.next(own));
      }
      const row: Record<string, string> = {};
      for (const [i, v] of p.values.entries()) row[names?.[i] ?? `column${i}`] = v;
      return rowItem(row, spec, { path: unit.path, where, defaultId }, bytes.next(own));
    };
    const drain = function* () {
      for (const p of queue.splice(0)) {
        const item = toItem(p);
        if (item) yield item;
      }
    };

    let failure: unknown;
    try {
      const chunks = openBytes(unit.file, unit.compression, { meter: bytes.meter });
      for await (const chunk of withoutBom(chunks, () => bytes.skip(BOM.length))) {
        written += chunk.length;
        await write(parser, chunk);
        yield* drain();
      }
      await end(parser);
    } catch (err) {
      failure = err;
    } finally {
      parser.destroy();
    }
    yield* drain();
    if (failure !== undefined) {
      yield erroredItem(
        { input: spec.id, id: recordId(spec.id, unit.path, lines.lastEnd + 1), path: unit.path },
        streamFailure(failure, unit.compression, lines.lastEnd),
        bytes.rest(shard.bytes),
      );
    }
  },
};
