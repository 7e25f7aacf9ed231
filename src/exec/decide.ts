import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { AtomicLineWriter, writeJsonAtomic } from "../io/atomic.js";
import { closeDuck, openDuck, sqlList } from "../io/duckdb.js";

/** Summary of one global decision (exact or near-duplicate dedup), for the manifest. */
export interface DecisionSummary {
  op: string;
  groups_with_duplicates: number;
  records_removed: number;
  /** Group size -> number of groups of that size (sizes >= 2 only). */
  size_histogram: Record<string, number>;
  /** Near-duplicates: LSH candidate pairs, and those that passed verification. */
  candidate_pairs?: number;
  verified_pairs?: number;
  /** Near-duplicates: records removed per input. */
  removed_per_source?: Record<string, number>;
  /** Near-duplicates: the clusters file, relative to the output folder. */
  clusters_file?: string;
}

/**
 * The per-shard drop lists a decision writes: one file per shard, rows in ascending order
 * (callers add drops sorted by shard, then row). The apply segment reads its shard's file.
 */
export class DropLists {
  private writer: AtomicLineWriter | undefined;
  private shard = -1;

  constructor(private readonly dir: string) {}

  async add(shard: number, row: number, reason: string, extra: Record<string, string | number>): Promise<void> {
    if (shard !== this.shard) {
      await this.writer?.commit();
      this.writer = new AtomicLineWriter(decisionFile(this.dir, shard));
      this.shard = shard;
    }
    this.writer?.write(JSON.stringify({ r: row, reason, extra }));
  }

  async close(): Promise<void> {
    await this.writer?.commit();
  }
}

export function decisionFile(dir: string, shard: number): string {
  return join(dir, `shard-${String(shard).padStart(5, "0")}.jsonl`);
}

/**
 * Group the keys every shard emitted and keep the first record of each group (lowest shard,
 * then row). Everything else gets a per-shard drop list. DuckDB does the grouping so the key
 * set may exceed memory (it spills to `tempDir`).
 */
export async function decideKeepFirst(opts: {
  opId: string;
  rule: string;
  keyFiles: string[];
  dir: string;
  tempDir: string;
  threads?: number;
}): Promise<DecisionSummary> {
  // A decision interrupted half-way is redone from scratch: clear what it left behind.
  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(opts.dir, { recursive: true });
  const summary: DecisionSummary = {
    op: opts.opId,
    groups_with_duplicates: 0,
    records_removed: 0,
    size_histogram: {},
  };
  if (opts.keyFiles.length === 0) return summary;
  const conn = await openDuck({ tempDir: opts.tempDir, threads: opts.threads });
  try {
    const keys = `read_json(${sqlList(opts.keyFiles)}, format='newline_delimited',
      columns={k: 'VARCHAR', s: 'INTEGER', r: 'BIGINT', i: 'VARCHAR'})`;
    // The kept record is identified by its position (shard, row), not its id: ids come from
    // the data when an input sets `id_field`, and two records may share one.
    await conn.run(`CREATE TEMP TABLE groups AS
      SELECT k, count(*) AS size, arg_min(i, (s, r)) AS kept, min(s) AS kept_s, arg_min(r, (s, r)) AS kept_r
      FROM ${keys} GROUP BY k HAVING count(*) > 1`);
    const hist = await conn.runAndReadAll("SELECT size, count(*) FROM groups GROUP BY size ORDER BY size");
    for (const [size, n] of hist.getRows()) {
      summary.size_histogram[String(size)] = Number(n);
      summary.groups_with_duplicates += Number(n);
      summary.records_removed += Number(n) * (Number(size) - 1);
    }
    const result = await conn.stream(`SELECT keys.s, keys.r, keys.i, groups.kept, groups.size
      FROM ${keys} AS keys JOIN groups USING (k)
      WHERE NOT (keys.s = groups.kept_s AND keys.r = groups.kept_r) ORDER BY keys.s, keys.r`);
    const drops = new DropLists(opts.dir);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const [s, r, , kept, size] of chunk.getRows()) {
        await drops.add(Number(s), Number(r), `${opts.rule} of ${kept}`, {
          dup_of: String(kept),
          dup_group_size: Number(size),
        });
      }
    }
    await drops.close();
  } finally {
    closeDuck(conn);
  }
  await writeJsonAtomic(join(opts.dir, "_done.json"), summary);
  return summary;
}
