/**
 * Scanning datasets record by record: JSON lines (plain, .gz, .zst) through the readers'
 * line streams, and Parquet through the `parquet` reader (DuckDB). The scanned text is one
 * field of each record; findings name the record by line (JSONL) or row (Parquet) and `id`.
 */
import { tmpdir } from "node:os";
import type { FieldValue } from "../core/record.js";
import { shortMessage } from "../io/readers/common.js";
import { splitLines } from "../io/readers/lines.js";
import { parquetReader } from "../io/readers/parquet.js";
import { metaKey } from "../io/readers/rows.js";
import { compressionOf, ItemBytes, openBytes, streamFailure } from "../io/readers/streams.js";
import { decodeUtf8 } from "../io/readers/utf8.js";
import type { TaskSink } from "./task.js";
import type { RecordRef, ScanTask } from "./types.js";

/** The `id` a report shows for a record: its `id` field when that is a string or a number. */
function idOf(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function ref(field: string, at: { line?: number; row?: number }, id: FieldValue | undefined): RecordRef {
  const shown = idOf(id);
  return shown === undefined ? { ...at, field } : { ...at, id: shown, field };
}

/** Records without the field are counted, and named once per file (the first few). */
class MissingField {
  private lines: number[] = [];
  private total = 0;
  constructor(
    private readonly sink: TaskSink,
    private readonly what: string,
  ) {}
  add(where: number): void {
    this.total++;
    this.sink.counts.badRecords++;
    if (this.lines.length < 3) this.lines.push(where);
  }
  /** `scanned`: records of the file that had the field. None at all is a mistake in --field (for a file the user named). */
  report(file: string, field: string, scanned: number, embedded = false): void {
    if (this.total === 0) return;
    if (scanned === 0) {
      const message = `${file}: no record has a string field "${field}" — name the text field with --field`;
      if (embedded) this.sink.warn(message);
      else this.sink.fail(message);
      return;
    }
    const more = this.total > this.lines.length ? ", ..." : "";
    this.sink.warn(
      `${file}: ${this.total} record(s) without a string field "${field}" or not valid (${this.what} ${this.lines.join(", ")}${more}) — not scanned`,
    );
  }
}

export async function scanJsonl(task: Extract<ScanTask, { kind: "jsonl" }>, sink: TaskSink): Promise<void> {
  const file = sink.shown(task.rel);
  if (sink.pathAllowed(task.rel)) return;
  const compression = compressionOf(task.abs);
  const counter = new ItemBytes(compression);
  const missing = new MissingField(sink, "line");
  let last = 0;
  let scanned = 0;
  sink.counts.files++;
  try {
    for await (const line of splitLines(openBytes(task.abs, compression, { meter: counter.meter }))) {
      last = line.number;
      const decoded = line.tooLong ? undefined : decodeUtf8(line.bytes);
      if (decoded?.ok && !/\S/.test(decoded.text)) {
        counter.skip(line.size);
        continue;
      }
      sink.tick(counter.next(line.size), true);
      let row: unknown;
      try {
        row = decoded?.ok ? JSON.parse(decoded.text) : undefined;
      } catch {
        row = undefined;
      }
      const obj =
        row !== null && typeof row === "object" && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
      const text = obj[task.field];
      if (typeof text !== "string") {
        missing.add(line.number);
        continue;
      }
      sink.counts.records++;
      scanned++;
      sink.scan(text, { rel: task.rel, record: ref(task.field, { line: line.number }, obj.id as FieldValue) });
    }
  } catch (err) {
    sink.counts.unreadable++;
    sink.warn(`${file}: ${streamFailure(err, compression, last)}`);
  }
  missing.report(file, task.field, scanned);
}

export async function scanParquet(task: Extract<ScanTask, { kind: "parquet" }>, sink: TaskSink): Promise<void> {
  const file = sink.shown(task.rel);
  if (sink.pathAllowed(task.rel)) return;
  const spec = parquetReader.params.parse({ id: "scan", type: "parquet", path: task.abs, text_field: task.field });
  const missing = new MissingField(sink, "row");
  sink.counts.files++;
  let shards: Awaited<ReturnType<typeof parquetReader.plan>>;
  try {
    shards = await parquetReader.plan(spec, { baseDir: "/", shardBytes: 1 << 30, workDir: tmpdir() });
  } catch (err) {
    sink.counts.unreadable++;
    sink.warn(`${file}: ${shortMessage(err)}`);
    return;
  }
  const idKey = metaKey("id");
  let scanned = 0;
  for (const shard of shards) {
    // The reader yields exactly one item per row, in file order, then at most one for a file error.
    let row = 0;
    for await (const item of parquetReader.read(shard, spec)) {
      sink.tick(item.bytes, true);
      if (item.kind === "record") {
        sink.counts.records++;
        scanned++;
        sink.scan(item.record.text, { rel: task.rel, record: ref(task.field, { row }, item.record.meta[idKey]) });
        row++;
      } else if (item.kind === "errored" && /^row \d+: /.test(item.record.error)) {
        missing.add(row);
        row++;
      } else if (item.kind === "errored") {
        const msg = item.record.error;
        if (/ has no column /.test(msg)) {
          const message = `${file}: ${msg.slice(msg.indexOf("has no column"))} — name the text field with --field`;
          if (task.embedded) sink.warn(message);
          else sink.fail(message);
        } else {
          sink.counts.unreadable++;
          sink.warn(`${file}: ${msg}`);
        }
      }
    }
  }
  missing.report(file, task.field, scanned, task.embedded);
}
