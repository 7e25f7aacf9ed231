import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../core/errors.js";
import type { Manifest } from "../core/manifest.js";
import { closeDuck, openDuck, sqlString } from "../io/duckdb.js";
import { pathExists } from "../io/paths.js";

export interface Inspection {
  dir: string;
  manifest: Manifest;
  schema: Array<{ column: string; type: string }>;
  samples: Array<Record<string, unknown>>;
  /** Drop reasons by operator and rule, most frequent first (from the manifest counts). */
  topDropRules: Array<{ dropped_by: string; rule: string; count: number }>;
  /** Example drop reasons with measured values, when `dropped/` was kept. */
  dropExamples: Array<{ dropped_by: string; drop_reason: string; path: string | null }>;
  /** Row counts per value of each partition column (the language mix, the license mix...). */
  partitions: Array<{ column: string; values: Array<{ value: string; rows: number }> }>;
  /** What `redact` replaced in the kept records, by kind:type and action (from the `redactions` column). */
  redactions: Array<{ kind: string; type: string; action: string; count: number; records: number }>;
  /** Largest near-duplicate clusters, with the kept record and one dropped member side by side. */
  clusters: Array<{
    op: string;
    cluster_id: number;
    size: number;
    min_similarity: number;
    kept: { id: string; path: string | null; text: string | null };
    dropped: { id: string; path: string | null; text: string | null } | null;
  }>;
}

function dataGlob(dir: string, m: Manifest, sub: "data" | "dropped" | "errored"): string {
  const entry = m.outputs[sub];
  const ext = entry?.format === "jsonl" ? (entry.compression === "none" ? "jsonl" : "jsonl.*") : "parquet";
  return join(dir, sub, "**", `*.${ext}`);
}

function scan(glob: string, format: string): string {
  return format === "parquet"
    ? `read_parquet(${sqlString(glob)}, hive_partitioning = true, union_by_name = true)`
    : `read_json(${sqlString(glob)}, format = 'newline_delimited', hive_partitioning = true, union_by_name = true)`;
}

/** Read an output folder back: counts from its manifest, schema and samples from its files. */
export async function inspectOutput(
  outputDir: string,
  opts: { samples?: number; clusters?: number } = {},
): Promise<Inspection> {
  const dir = resolve(outputDir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
  } catch {
    throw new UserError(
      `${outputDir} is not a finished Smelt output (no readable manifest.json). ` +
        "Pass the folder a run wrote (its recipe's output.path); an interrupted run finishes with `smelt run` again.",
    );
  }
  if (manifest.outputs?.data === undefined) {
    throw new UserError(
      `${outputDir}: its manifest.json is not one \`smelt run\` writes — pass the folder a run wrote (its recipe's output.path)`,
    );
  }
  const conn = await openDuck({ memoryLimit: "1GB" });
  try {
    const data = manifest.outputs.data;
    const hasData = data.rows > 0;
    const src = scan(dataGlob(dir, manifest, "data"), data.format);
    const schema = hasData
      ? (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`))
          .getRows()
          .map((r) => ({ column: String(r[0]), type: String(r[1]) }))
      : [];
    const n = opts.samples ?? 3;
    const samples = hasData
      ? (await conn.runAndReadAll(`SELECT * FROM ${src} USING SAMPLE reservoir(${n} ROWS) REPEATABLE (7)`))
          .getRowObjectsJson()
          .map((r) => r as Record<string, unknown>)
      : [];
    const partitions: Inspection["partitions"] = [];
    for (const column of hasData ? data.partition_by : []) {
      const rows = await conn.runAndReadAll(
        `SELECT CAST("${column.replaceAll('"', '""')}" AS VARCHAR), count(*) FROM ${src} GROUP BY 1 ORDER BY 2 DESC, 1`,
      );
      partitions.push({ column, values: rows.getRows().map(([v, c]) => ({ value: String(v), rows: Number(c) })) });
    }
    const topDropRules = manifest.stages
      .flatMap((s) => s.operators)
      .flatMap((op) => Object.entries(op.drop_rules).map(([rule, count]) => ({ dropped_by: op.id, rule, count })))
      .sort((a, b) => b.count - a.count);
    const dropExamples: Inspection["dropExamples"] = [];
    const dropped = manifest.outputs.dropped;
    if (dropped && dropped.rows > 0 && (await pathExists(join(dir, "dropped")))) {
      const rows = await conn.runAndReadAll(
        `SELECT dropped_by, any_value(drop_reason), any_value(path) FROM ${scan(dataGlob(dir, manifest, "dropped"), dropped.format)}
         GROUP BY dropped_by, split_part(drop_reason, ' ', 1) ORDER BY count(*) DESC LIMIT 10`,
      );
      for (const [by, reason, path] of rows.getRows()) {
        dropExamples.push({
          dropped_by: String(by),
          drop_reason: String(reason),
          path: path === null ? null : String(path),
        });
      }
    }
    const redactions: Inspection["redactions"] = [];
    if (schema.some((c) => c.column === "redactions" && c.type.endsWith("[]"))) {
      // entries read `secret:aws-access-key-id:redact@120-146`: everything before `@` names what was done
      const rows = await conn.runAndReadAll(
        `SELECT split_part(r, '@', 1) AS what, count(*), count(DISTINCT id)
         FROM (SELECT id, unnest(redactions) AS r FROM ${src}) GROUP BY 1 ORDER BY 2 DESC, 1`,
      );
      for (const [what, count, records] of rows.getRows()) {
        const [kind = "", type = "", action = ""] = String(what).split(":");
        redactions.push({ kind, type, action, count: Number(count), records: Number(records) });
      }
    }
    const clusters: Inspection["clusters"] = [];
    const decisions = manifest.stages.flatMap((st) => st.decisions as Array<{ op: string; clusters_file?: string }>);
    for (const d of decisions) {
      if (!d.clusters_file || !(await pathExists(join(dir, d.clusters_file)))) continue;
      const top = await conn.runAndReadAll(
        `SELECT cluster_id, size, min_similarity, kept_id, member_ids FROM read_parquet(${sqlString(join(dir, d.clusters_file))})
         ORDER BY size DESC, cluster_id LIMIT ${opts.clusters ?? 3}`,
      );
      for (const [cid, size, sim, keptId, memberIds] of top.getRowObjectsJson().map((o) => Object.values(o))) {
        const members = (memberIds as string[]).filter((m) => m !== keptId);
        const lookup = async (id: string, where: "data" | "dropped") => {
          const entry = manifest.outputs[where];
          if (!entry || entry.rows === 0) return { id, path: null, text: null };
          const rows = await conn.runAndReadAll(
            `SELECT path, text FROM ${scan(dataGlob(dir, manifest, where), entry.format)} WHERE id = ${sqlString(id)} LIMIT 1`,
          );
          const row = rows.getRows()[0];
          return { id, path: row ? (row[0] as string | null) : null, text: row ? String(row[1]) : null };
        };
        clusters.push({
          op: d.op,
          cluster_id: Number(cid),
          size: Number(size),
          min_similarity: Number(sim),
          kept: await lookup(String(keptId), "data"),
          dropped: members[0] ? await lookup(members[0], "dropped") : null,
        });
      }
    }
    return { dir, manifest, schema, samples, topDropRules, dropExamples, partitions, redactions, clusters };
  } finally {
    closeDuck(conn);
  }
}
