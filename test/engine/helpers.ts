import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { closeDuck, openDuck, sqlString } from "../../src/io/duckdb.js";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "bin", "smelt.js");

export function tempDir(prefix = "smelt-engine-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI (the built bin) as a child process. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Query output files with DuckDB (a real reader of what Smelt wrote). */
export async function query(sql: string): Promise<unknown[][]> {
  const conn = await openDuck({ memoryLimit: "1GB" });
  try {
    return (await conn.runAndReadAll(sql)).getRows() as unknown[][];
  } finally {
    closeDuck(conn);
  }
}

export function parquetGlob(dir: string): string {
  return sqlString(join(dir, "**", "*.parquet"));
}
