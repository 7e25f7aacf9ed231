/** Splitting byte streams into lines, and splitting big line files into line-aligned ranges. */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";

/** Longest line kept in memory; a longer one (e.g. a binary file named .jsonl) is skipped. */
export const MAX_LINE_BYTES = 128 * 1024 * 1024;

export interface Line {
  /** 1-based line number in the file. */
  number: number;
  /** Line content without `\n` (and without a `\r` before it). Empty when `tooLong`. */
  bytes: Buffer;
  /** Bytes the line took in the stream, newline included. */
  size: number;
  /** Set when the line exceeded MAX_LINE_BYTES and its content was discarded. */
  tooLong?: boolean;
}

/**
 * Lines of a byte stream. The last line needs no trailing newline. If the stream throws
 * (truncated gzip...), the unfinished last line is discarded and the error propagates.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  firstLine = 1,
): AsyncGenerator<Line> {
  let number = firstLine;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  const finish = (tail: Buffer): Line => {
    const size = pendingBytes + tail.length;
    let bytes = tooLong ? Buffer.alloc(0) : pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    const line: Line = { number: number++, bytes, size };
    if (tooLong) line.tooLong = true;
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of chunks) {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        const rest = chunk.subarray(pos);
        pendingBytes += rest.length;
        if (pendingBytes > MAX_LINE_BYTES) tooLong = true;
        if (tooLong) pending = [];
        else if (rest.length > 0) pending.push(rest);
        break;
      }
      const line = finish(chunk.subarray(pos, nl));
      line.size += 1;
      yield line;
      pos = nl + 1;
    }
  }
  if (pendingBytes > 0) yield finish(Buffer.alloc(0));
}

export interface LineRange {
  /** First byte (always the start of a line). */
  start: number;
  /** One past the last byte (the start of the next range's first line, or the file size). */
  end: number;
  /** 1-based number of the range's first line. */
  firstLine: number;
}

/**
 * Cut a big uncompressed line file into ranges of about `targetBytes`, each starting exactly
 * at a line start, so each line is read by exactly one shard. The file is scanned once to
 * count newlines: that keeps line numbers (and so record ids and error messages) exact
 * whatever the shard size.
 */
export async function lineAlignedRanges(file: string, size: number, targetBytes: number): Promise<LineRange[]> {
  const ranges: LineRange[] = [];
  let start = 0;
  let firstLine = 1;
  let newlines = 0;
  let offset = 0;
  for await (const chunk of createReadStream(file, { end: Math.max(0, size - 1), highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, nl + 1)) {
      newlines++;
      const next = offset + nl + 1; // start of the following line
      if (next - start >= targetBytes && next < size) {
        ranges.push({ start, end: next, firstLine });
        start = next;
        firstLine = newlines + 1;
      }
    }
    offset += buf.length;
  }
  ranges.push({ start, end: size, firstLine });
  return ranges;
}

/**
 * A file's bytes in 1 MiB chunks, read synchronously. For worker threads, where blocking the
 * thread costs nothing and async reads would contend for libuv's shared thread pool.
 */
export function* fileChunksSync(file: string, chunkBytes = 1 << 20): Generator<Buffer> {
  const fd = openSync(file, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkBytes);
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) return;
      yield n === chunkBytes ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
