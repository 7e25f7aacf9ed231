import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Files appear under their final name only when complete: everything is written to a
 * temporary sibling and renamed (rename is atomic within a filesystem). A crash at any moment
 * leaves either the old state or a `.tmp-*` file that the next run cleans up.
 */
export function tempName(finalPath: string): string {
  return `${finalPath}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Size of the write buffer: few large write() calls instead of one per record. */
const BUFFER_BYTES = 1 << 20;

/**
 * A line-oriented writer that commits atomically. It writes synchronously through a 1 MiB
 * buffer: it runs in worker threads where blocking only that worker is the point, and it
 * keeps file I/O off libuv's small shared thread pool, which otherwise becomes the
 * bottleneck when several workers write at once. Strings are encoded straight into the
 * buffer, and raw lines (already UTF-8) are copied without decoding.
 */
export class AtomicLineWriter {
  private readonly tmp: string;
  private fd: number | undefined;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.tmp = tempName(path);
  }

  /** Append one line (a newline is added). */
  write(line: string): void {
    this.lines++;
    // UTF-8 needs at most 3 bytes per UTF-16 unit; below that bound it surely fits.
    if (this.used + line.length * 3 + 1 > BUFFER_BYTES) {
      this.flush();
      if (line.length * 3 + 1 > BUFFER_BYTES) {
        this.bytes += writeSync(this.handle(), `${line}\n`);
        return;
      }
    }
    const n = this.buf.write(line, this.used, "utf8");
    this.buf[this.used + n] = 10;
    this.used += n + 1;
    this.bytes += n + 1;
  }

  /** Append one line given as UTF-8 bytes without its newline (copied, not decoded). */
  writeRaw(line: Uint8Array): void {
    this.lines++;
    this.bytes += line.length + 1;
    if (this.used + line.length + 1 > BUFFER_BYTES) {
      this.flush();
      if (line.length + 1 > BUFFER_BYTES) {
        writeSync(this.handle(), line);
        writeSync(this.handle(), "\n");
        return;
      }
    }
    this.buf.set(line, this.used);
    this.buf[this.used + line.length] = 10;
    this.used += line.length + 1;
  }

  private handle(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.tmp, "w");
    }
    return this.fd;
  }

  private flush(): void {
    if (this.used === 0) return;
    const fd = this.handle();
    let off = 0;
    while (off < this.used) off += writeSync(fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  /** Close and rename into place. Returns false (and writes nothing) when no line was written. */
  async commit(): Promise<boolean> {
    if (this.lines === 0) return false;
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    await rename(this.tmp, this.path);
    return true;
  }

  async abort(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.used = 0;
    await rm(this.tmp, { force: true });
  }
}
