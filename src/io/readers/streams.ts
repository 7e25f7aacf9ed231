/**
 * Byte streams of data files (plain, gzip, zstd) with bounded memory, and a counter of how
 * many bytes of the file were consumed (for progress on compressed files).
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { isSystemError, shortMessage } from "./common.js";

export type Compression = "none" | "gzip" | "zstd";

export function compressionOf(file: string): Compression {
  if (/\.gz$/i.test(file)) return "gzip";
  if (/\.zst$/i.test(file)) return "zstd";
  return "none";
}

/** Bytes of the file read so far (compressed bytes for compressed files). */
export interface ByteMeter {
  consumed: number;
}

/**
 * The `bytes` of successive items. Plain files: each item's own size, exact. Compressed
 * files: the file bytes consumed since the previous item, so the items of a shard add up to
 * its (compressed) `bytes` and progress stays true.
 */
export class ItemBytes {
  readonly meter: ByteMeter = { consumed: 0 };
  private reported = 0;
  /** Bytes of skipped content (blank lines, a CSV header) not yet given to an item. */
  private carry = 0;
  constructor(private readonly compression: Compression) {}

  next(ownSize: number): number {
    const n = this.compression === "none" ? ownSize + this.carry : this.meter.consumed - this.reported;
    this.carry = 0;
    this.reported += n;
    return n;
  }

  /** Content that yields no item: its bytes go to the next item. */
  skip(ownSize: number): void {
    if (this.compression === "none") this.carry += ownSize;
  }

  /** What is left of the shard's bytes (for the item that reports a failure). */
  rest(shardBytes: number): number {
    return Math.max(0, shardBytes - this.reported);
  }
}

export interface OpenOptions {
  /** First byte to read (plain files only). */
  start?: number;
  /** One past the last byte to read (plain files only). */
  end?: number;
  meter?: ByteMeter;
}

async function* counted(source: AsyncIterable<Buffer>, meter?: ByteMeter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (meter) meter.consumed += chunk.length;
    yield chunk;
  }
}

async function* zstd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  // fzstd allocates a fresh array per decoded block, so chunks can be kept without copying.
  const d = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  });
  const push = function* (chunk: Uint8Array, final: boolean) {
    try {
      d.push(chunk, final);
    } finally {
      // Hand over what was decoded even when the push failed: those lines are good.
      yield* out.splice(0);
    }
  };
  for await (const chunk of source) yield* push(chunk, false);
  yield* push(new Uint8Array(0), true);
}

async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = createGunzip();
  const input = Readable.from(source);
  // pipe() does not forward source errors (EACCES...): hand them to the decoder's reader.
  input.on("error", (e) => decoder.destroy(e));
  try {
    yield* input.pipe(decoder);
  } finally {
    input.destroy(); // closes the file when the reader stops early
  }
}

/**
 * The decompressed bytes of a file, opened lazily (nothing is opened until iterated). A
 * truncated or corrupt compressed stream yields everything decodable, then throws the
 * decoder's error.
 */
export async function* openBytes(
  file: string,
  compression: Compression,
  opts: OpenOptions = {},
): AsyncGenerator<Buffer> {
  if (compression === "none") {
    const start = opts.start ?? 0;
    if (opts.end !== undefined && opts.end <= start) return;
    // createReadStream's `end` is inclusive.
    const range = opts.end === undefined ? { start } : { start, end: opts.end - 1 };
    yield* counted(createReadStream(file, range), opts.meter);
    return;
  }
  const raw = counted(createReadStream(file), opts.meter);
  yield* compression === "zstd" ? zstd(raw) : gunzip(raw);
}

/**
 * Why a line stream stopped early, in the user's terms: `truncated gzip after line 41: unexpected
 * end of file`, `cannot read file: EACCES...`. `lastLine` is the last complete line (0 if none).
 */
export function streamFailure(err: unknown, compression: Compression, lastLine: number): string {
  const after = lastLine > 0 ? ` after line ${lastLine}` : "";
  const msg = shortMessage(err);
  if (isSystemError(err)) return `cannot read file${after}: ${msg}`;
  if (compression === "none") return `read failed${after}: ${msg}`;
  const kind = /unexpected (end|eof)/i.test(msg) ? "truncated" : "corrupt";
  return `${kind} ${compression}${after || " at the start"}: ${msg}`;
}
