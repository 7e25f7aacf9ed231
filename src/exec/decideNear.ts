import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { UserError } from "../core/errors.js";
import type { NearDuplicate } from "../core/operator.js";
import { tempName, writeJsonAtomic } from "../io/atomic.js";
import { closeDuck, openDuck, sqlList, sqlString } from "../io/duckdb.js";
import { type DecisionSummary, DropLists } from "./decide.js";

/**
 * The near-duplicate decision, in phases over the sketches every shard wrote:
 *   1. DuckDB numbers the records (by shard, row) and explodes their LSH band hashes;
 *   2. records sharing a band hash are candidates: each bucket links its members to its first
 *      member (a star, so a bucket of k records yields k-1 pairs, not k²/2);
 *   3. candidate pairs are verified by estimated similarity of their signatures;
 *   4. union-find over record numbers (an Int32Array: 4 bytes per record) gives clusters;
 *   5. each cluster keeps one record (first, longest or highest score); the others get
 *      per-shard drop lists with dup_of, cluster_id, cluster_size and similarity to the kept one.
 * Buckets and pairs stay in DuckDB (it spills past its memory limit); only the union-find
 * array and the members of multi-record clusters are held in memory.
 */
export async function decideNearDuplicates(opts: {
  opId: string;
  keyFiles: string[];
  dir: string;
  tempDir: string;
  threads?: number;
  near: NearDuplicate<Record<string, unknown>>;
  params: Record<string, unknown>;
  clustersFile: string;
  /** `<output>/dedup/<id>.signatures.parquet`, written when the operator saves signatures. */
  signaturesFile: string;
  /** Recipe folder: `against` paths resolve against it. */
  baseDir: string;
}): Promise<DecisionSummary> {
  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(opts.dir, { recursive: true });
  const { near, params } = opts;
  const threshold = near.threshold(params);
  const summary: DecisionSummary = {
    op: opts.opId,
    groups_with_duplicates: 0,
    records_removed: 0,
    size_histogram: {},
    candidate_pairs: 0,
    verified_pairs: 0,
    removed_per_source: {},
    clusters_file: relative(dirname(dirname(opts.clustersFile)), opts.clustersFile),
  };
  const conn = await openDuck({ tempDir: opts.tempDir, threads: opts.threads });
  try {
    const files = opts.keyFiles.length > 0 ? opts.keyFiles : [await emptyKeys(opts.dir)];
    // Signatures of an earlier output come first (shard -1): they are always the kept copy.
    const earlier = await earlierSignatures(near, params, opts.baseDir, opts.opId);
    const previous = earlier
      ? `UNION ALL SELECT -1 AS s, row_number() OVER () AS r, id AS i, '(earlier output)' AS o, bands AS b,
           signature AS g, 0 AS n, NULL::DOUBLE AS c, NULL::VARCHAR AS h FROM read_parquet(${sqlString(earlier)})`
      : "";
    await conn.run(`CREATE TEMP TABLE k AS
      SELECT (row_number() OVER (ORDER BY s, r) - 1)::INTEGER AS idx, * FROM (
        SELECT s, r, i, o, b, g, n, c, h FROM read_json(${sqlList(files)}, format='newline_delimited',
          columns={s: 'INTEGER', r: 'BIGINT', i: 'VARCHAR', o: 'VARCHAR', b: 'BIGINT[]', g: 'VARCHAR', n: 'BIGINT', c: 'DOUBLE', h: 'VARCHAR'})
        ${previous})`);
    const total = Number((await conn.runAndReadAll("SELECT count(*) FROM k")).getRows()[0]?.[0] ?? 0);
    await conn.run(`CREATE TEMP TABLE edges AS
      WITH bands AS (SELECT idx, unnest(b) AS h, generate_subscripts(b, 1) AS band FROM k),
      starred AS (SELECT min(idx) OVER (PARTITION BY band, h) AS a, idx AS z FROM bands)
      SELECT DISTINCT a, z FROM starred WHERE a <> z`);

    // Union-find over record numbers, fed by the verified pairs.
    const parent = new Int32Array(total);
    for (let x = 0; x < total; x++) parent[x] = x;
    const find = (x: number): number => {
      let root = x;
      while (parent[root] !== root) root = parent[root] as number;
      while (parent[x] !== root) {
        const next = parent[x] as number;
        parent[x] = root;
        x = next;
      }
      return root;
    };
    // Exact verification needs both shingle sets; a record of an earlier output has only its
    // signature, so such pairs fall back to the estimate.
    const verify = near.verify(params);
    const pairs = await conn.stream(
      verify === "none"
        ? "SELECT a, z FROM edges"
        : "SELECT e.a, e.z, ka.g, kz.g, ka.h, kz.h FROM edges e JOIN k ka ON ka.idx = e.a JOIN k kz ON kz.idx = e.z",
    );
    const pairSimilarity = (row: unknown[]): number =>
      verify === "exact" && row[4] !== null && row[5] !== null
        ? near.exactSimilarity(String(row[4]), String(row[5]))
        : near.similarity(String(row[2]), String(row[3]));
    for (;;) {
      const chunk = await pairs.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) {
        summary.candidate_pairs = (summary.candidate_pairs ?? 0) + 1;
        if (verify !== "none" && pairSimilarity(row) < threshold) continue;
        summary.verified_pairs = (summary.verified_pairs ?? 0) + 1;
        const ra = find(Number(row[0]));
        const rz = find(Number(row[1]));
        if (ra !== rz) parent[Math.max(ra, rz)] = Math.min(ra, rz);
      }
    }

    // Cluster sizes; only records of clusters with 2+ members are loaded afterwards.
    const size = new Int32Array(total);
    for (let x = 0; x < total; x++) (size[find(x)] as number)++;
    interface Member {
      idx: number;
      s: number;
      r: number;
      id: string;
      source: string;
      length: number;
      score: number | null;
      signature: string;
    }
    const clusters = new Map<number, Member[]>();
    const members = await conn.stream("SELECT idx, s, r, i, o, n, c, g FROM k ORDER BY idx");
    for (;;) {
      const chunk = await members.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const [idx, s, r, id, source, n, c, g] of chunk.getRows()) {
        const root = find(Number(idx));
        if ((size[root] as number) < 2) continue;
        const list = clusters.get(root) ?? [];
        list.push({
          idx: Number(idx),
          s: Number(s),
          r: Number(r),
          id: String(id),
          source: String(source),
          length: Number(n),
          score: c === null ? null : Number(c),
          signature: String(g),
        });
        clusters.set(root, list);
      }
    }

    // One kept record per cluster, by policy; ties go to the first in input order.
    const policy = near.keep(params);
    const better = (a: Member, b: Member): boolean => {
      if (a.s < 0 !== b.s < 0) return a.s < 0; // a record of the earlier output wins
      if (policy === "longest" && a.length !== b.length) return a.length > b.length;
      if (policy === "score" && a.score !== b.score) return (a.score ?? -Infinity) > (b.score ?? -Infinity);
      return a.idx < b.idx;
    };
    const drops: Array<{ m: Member; keptId: string; clusterId: number; size: number; similarity: number }> = [];
    const clusterRows: string[] = [];
    let clusterId = 0;
    for (const list of clusters.values()) {
      const kept = list.reduce((best, m) => (better(m, best) ? m : best));
      let minSimilarity = 1;
      for (const m of list) {
        if (m === kept || m.s < 0) continue; // earlier records are not in this run to drop
        const similarity = Math.round(near.similarity(m.signature, kept.signature) * 1000) / 1000;
        minSimilarity = Math.min(minSimilarity, similarity);
        drops.push({ m, keptId: kept.id, clusterId, size: list.length, similarity });
        summary.removed_per_source = summary.removed_per_source ?? {};
        summary.removed_per_source[m.source] = (summary.removed_per_source[m.source] ?? 0) + 1;
      }
      clusterRows.push(
        JSON.stringify({
          cluster_id: clusterId,
          kept_id: kept.id,
          member_ids: list.map((m) => m.id),
          size: list.length,
          min_similarity: minSimilarity,
        }),
      );
      summary.size_histogram[String(list.length)] = (summary.size_histogram[String(list.length)] ?? 0) + 1;
      summary.groups_with_duplicates++;
      summary.records_removed += list.length - 1;
      clusterId++;
    }

    drops.sort((x, y) => x.m.idx - y.m.idx); // idx follows (shard, row): the order drop lists need
    const lists = new DropLists(opts.dir);
    for (const d of drops) {
      await lists.add(d.m.s, d.m.r, `${near.rule} of ${d.keptId} (similarity ${d.similarity})`, {
        dup_of: d.keptId,
        cluster_id: d.clusterId,
        cluster_size: d.size,
        similarity: d.similarity,
      });
    }
    await lists.close();
    await writeClusters(conn, clusterRows, opts.clustersFile, opts.dir);
    if (near.saveSignatures(params)) await saveSignatures(conn, near, params, opts.signaturesFile);
  } finally {
    closeDuck(conn);
  }
  await writeJsonAtomic(join(opts.dir, "_done.json"), summary);
  return summary;
}

async function emptyKeys(dir: string): Promise<string> {
  const f = join(dir, "empty-keys.jsonl");
  await writeFile(f, "");
  return f;
}

/** `<output>/dedup/<op>.clusters.parquet`: one row per cluster, written atomically. */
async function writeClusters(
  conn: Awaited<ReturnType<typeof openDuck>>,
  rows: string[],
  file: string,
  scratch: string,
): Promise<void> {
  const json = join(scratch, "clusters.jsonl");
  await writeFile(json, rows.length > 0 ? `${rows.join("\n")}\n` : "");
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempName(file);
  await conn.run(`COPY (SELECT * FROM read_json(${sqlString(json)}, format='newline_delimited',
      columns={cluster_id: 'BIGINT', kept_id: 'VARCHAR', member_ids: 'VARCHAR[]', size: 'BIGINT', min_similarity: 'DOUBLE'})
    ORDER BY cluster_id) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
  await rename(tmp, file);
  await rm(json, { force: true });
}

/** Where the earlier signatures are, checked to be comparable with this run's; undefined without `against`. */
async function earlierSignatures(
  near: NearDuplicate<Record<string, unknown>>,
  params: Record<string, unknown>,
  baseDir: string,
  opId: string,
): Promise<string | undefined> {
  const given = near.against(params);
  if (!given) return undefined;
  // `against` names the signatures file, or the output folder holding this operator's.
  const abs = resolve(baseDir, given);
  const file = abs.endsWith(".parquet") ? abs : join(abs, "dedup", `${opId}.signatures.parquet`);
  let config: unknown;
  try {
    config = JSON.parse(await readFile(`${file.slice(0, -".parquet".length)}.json`, "utf8"));
  } catch {
    throw new UserError(
      `against: ${given}: no saved signatures at ${file} — run the earlier recipe with save_signatures: true, or point against at its output folder`,
    );
  }
  const want = near.sketchConfig(params);
  if (JSON.stringify(config) !== JSON.stringify(want)) {
    throw new UserError(
      `against: ${given}: its signatures were made with ${JSON.stringify(config)}, this run uses ${JSON.stringify(want)} — use the same shingle, permutation and banding params`,
    );
  }
  return file;
}

async function saveSignatures(
  conn: Awaited<ReturnType<typeof openDuck>>,
  near: NearDuplicate<Record<string, unknown>>,
  params: Record<string, unknown>,
  file: string,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempName(file);
  // This run's records only (shard >= 0); the earlier output keeps its own file.
  await conn.run(`COPY (SELECT i AS id, b AS bands, g AS signature FROM k WHERE s >= 0 ORDER BY idx)
    TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
  await rename(tmp, file);
  await writeJsonAtomic(`${file.slice(0, -".parquet".length)}.json`, near.sketchConfig(params));
}
