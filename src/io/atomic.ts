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

/** Bytes buffered before one write() call: few large writes instead of one per record. */
const FLUSH_BYTES = 1 << 20;

/**
 * A line-oriented writer that commits atomically. It writes synchronously through a 1 MiB
 * buffer: it runs in worker threads where blocking only that worker is the point, and it
 * keeps file I/O off libuv's small shared thread pool, which otherwise becomes the
 * bottleneck when several workers write at once.
 */
export class AtomicLineWriter {
  private readonly tmp: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.tmp = tempName(path);
  }

  write(line: string): void {
    this.lines++;
    this.bytes += line.length + 1;
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.tmp, "w");
    }
    if (this.pending.length > 0) {
      writeSync(this.fd, `${this.pending.join("\n")}\n`);
      this.pending = [];
      this.pendingBytes = 0;
    }
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
    this.pending = [];
    await rm(this.tmp, { force: true });
  }
}
