import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { InputShard, PlanContext, ReaderDef, ReadItem } from "../../src/io/readers/types.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = "smelt-readers-"): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Write files (string or bytes) under root, creating folders. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

export function planContext(baseDir: string, shardBytes = 64 * 1024 * 1024): PlanContext {
  return { baseDir, shardBytes, workDir: path.join(baseDir, ".work") };
}

export interface ReadResult {
  shards: InputShard[];
  items: ReadItem[];
}

/** Validate the raw input entry with the reader's own schema, plan, and read every shard. */
export async function readInput(
  reader: ReaderDef,
  raw: Record<string, unknown>,
  ctx: PlanContext,
): Promise<ReadResult> {
  const spec = reader.params.parse(raw);
  const shards = await reader.plan(spec, ctx);
  // Shards cross thread boundaries as JSON: prove they survive it.
  const roundTripped = JSON.parse(JSON.stringify(shards)) as InputShard[];
  const items: ReadItem[] = [];
  for (const shard of roundTripped) for await (const item of reader.read(shard, spec)) items.push(item);
  return { shards, items };
}

export function records(items: ReadItem[]) {
  return items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
}

export function errored(items: ReadItem[]) {
  return items.flatMap((i) => (i.kind === "errored" ? [i.record] : []));
}

export function dropped(items: ReadItem[]) {
  return items.flatMap((i) => (i.kind === "dropped" ? [i] : []));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
    },
  }).trim();
}

/** Run SQL statements in a throwaway in-memory DuckDB (used to write real Parquet / zstd files). */
export async function duck(...statements: string[]): Promise<void> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    for (const sql of statements) await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
