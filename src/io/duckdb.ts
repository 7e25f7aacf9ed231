import { mkdir } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";

export interface DuckOptions {
  /** Folder DuckDB may spill to when a query outgrows `memoryLimit`. */
  tempDir?: string;
  /** e.g. "2GB". Bounded so dedup and final writes spill instead of growing with the corpus. */
  memoryLimit?: string;
  threads?: number;
}

/** Open an in-memory DuckDB with bounded memory. The caller closes it with `closeDuck`. */
export async function openDuck(opts: DuckOptions = {}): Promise<DuckDBConnection> {
  const config: Record<string, string> = { memory_limit: opts.memoryLimit ?? "2GB" };
  if (opts.threads) config.threads = String(opts.threads);
  if (opts.tempDir) {
    await mkdir(opts.tempDir, { recursive: true });
    config.temp_directory = opts.tempDir;
  }
  // Insertion order does not matter for our writes; dropping it lets DuckDB stream with less memory.
  config.preserve_insertion_order = "false";
  // Loaded on first use, so modules that only need the SQL quoting helpers stay light.
  const { DuckDBConnection, DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", config);
  return DuckDBConnection.create(instance);
}

export function closeDuck(conn: DuckDBConnection): void {
  conn.closeSync();
}

/** Quote a string as a SQL literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Quote an identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

export function sqlList(items: string[]): string {
  return `[${items.map(sqlString).join(", ")}]`;
}
