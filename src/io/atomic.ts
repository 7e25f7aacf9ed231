import { createWriteStream, type WriteStream } from "node:fs";
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

/** A line-oriented writer that honours back-pressure and commits atomically. */
export class AtomicLineWriter {
  private readonly tmp: string;
  private stream: WriteStream | undefined;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.tmp = tempName(path);
  }

  async write(line: string): Promise<void> {
    if (!this.stream) {
      await mkdir(dirname(this.path), { recursive: true });
      this.stream = createWriteStream(this.tmp);
    }
    this.lines++;
    this.bytes += line.length + 1;
    if (!this.stream.write(`${line}\n`)) {
      const s = this.stream;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          s.off("error", onError);
          resolve();
        };
        const onError = (err: Error) => {
          s.off("drain", onDrain);
          reject(err);
        };
        s.once("drain", onDrain);
        s.once("error", onError);
      });
    }
  }

  /** Close and rename into place. Returns false (and writes nothing) when no line was written. */
  async commit(): Promise<boolean> {
    if (!this.stream) return false;
    const s = this.stream;
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.end(resolve);
    });
    await rename(this.tmp, this.path);
    return true;
  }

  async abort(): Promise<void> {
    if (this.stream) {
      const s = this.stream;
      await new Promise<void>((resolve) => s.end(resolve));
      await rm(this.tmp, { force: true });
    }
  }
}
