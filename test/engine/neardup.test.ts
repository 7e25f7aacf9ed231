import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/core/manifest.js";
import { inspectOutput } from "../../src/inspect/inspect.js";
import { sqlString } from "../../src/io/duckdb.js";
import { runYaml, tempDir, writeJsonl } from "../writers/helpers.js";
import { parquetGlob, query } from "./helpers.js";

/** Deterministic text of `n` words from a 2,000-word vocabulary. */
function words(seed: number, n: number): string[] {
  let x = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(`w${(x >>> 8) % 2000}`);
  }
  return out;
}

/**
 * 60 distinct documents of 300 words; documents 0..9 each get two near-copies (one word
 * replaced: word 5-gram Jaccard ~0.97) and documents 10..14 one distant copy (every 10th word
 * replaced: Jaccard ~0.4, not a near-duplicate at 0.8).
 */
function corpus(): Array<{ id: string; text: string }> {
  const docs: Array<{ id: string; text: string }> = [];
  for (let d = 0; d < 60; d++) docs.push({ id: `doc${d}`, text: words(d + 1, 300).join(" ") });
  for (let d = 0; d < 10; d++) {
    for (const c of [1, 2]) {
      const w = words(d + 1, 300);
      w[50 * c] = `changed${c}`;
      docs.push({ id: `doc${d}-copy${c}`, text: w.join(" ") });
    }
  }
  for (let d = 10; d < 15; d++) {
    const w = words(d + 1, 300).map((x, i) => (i % 10 === 0 ? `other${i}` : x));
    docs.push({ id: `doc${d}-far`, text: w.join(" ") });
  }
  return docs;
}

describe("minhash_dedup through the engine", () => {
  let out: string;
  let manifest: Manifest;

  beforeAll(async () => {
    const dir = tempDir("smelt-neardup-");
    // One file in document order, cut into ~19 shards (small shardBytes) so clusters cross shard
    // boundaries while "first in input order" stays the original document.
    writeJsonl(join(dir, "docs", "all.jsonl"), corpus());
    const ran = await runYaml(
      dir,
      `name: neardup
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: dedup
    operators:
      - { id: near, op: minhash_dedup, params: { threshold: 0.8 } }
output:
  path: out
  keep_dropped: true
`,
      { run: { shardBytes: 8000 } },
    );
    out = ran.out;
    manifest = ran.manifest;
  });

  it("drops exactly the near-copies and keeps the first of each cluster", async () => {
    expect(manifest.accounting.ok).toBe(true);
    expect(manifest.inputs[0]?.shards).toBeGreaterThan(10);
    expect(manifest.counts).toMatchObject({ input: 85, output: 65, dropped: 20 });
    const dropped = await query(
      `SELECT id, dup_of, cluster_size, similarity FROM read_parquet(${parquetGlob(join(out, "dropped"))}) ORDER BY id`,
    );
    expect(dropped.map((r) => String(r[0])).sort()).toEqual(
      Array.from({ length: 10 }, (_, d) => [`doc${d}-copy1`, `doc${d}-copy2`])
        .flat()
        .sort(),
    );
    for (const [id, dupOf, size, similarity] of dropped) {
      expect(dupOf).toBe(String(id).split("-")[0]); // the original: first in input order
      expect(Number(size)).toBe(3);
      expect(Number(similarity)).toBeGreaterThan(0.85);
    }
  });

  it("writes one cluster row per cluster and a dedup summary in the manifest", async () => {
    const clusters = await query(
      `SELECT cluster_id, kept_id, len(member_ids), size FROM read_parquet(${sqlString(join(out, "dedup", "near.clusters.parquet"))}) ORDER BY kept_id`,
    );
    expect(clusters).toHaveLength(10);
    for (const c of clusters) expect([Number(c[2]), Number(c[3])]).toEqual([3, 3]);
    const decision = manifest.stages[0]?.decisions[0] as Record<string, unknown>;
    expect(decision).toMatchObject({
      op: "near",
      groups_with_duplicates: 10,
      records_removed: 20,
      size_histogram: { "3": 10 },
      removed_per_source: { docs: 20 },
      clusters_file: "dedup/near.clusters.parquet",
    });
    expect(Number(decision.verified_pairs)).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stages[0].decisions[0].op).toBe("near");
  });

  it("inspect shows the largest clusters, kept and dropped side by side", async () => {
    const report = await inspectOutput(out, { clusters: 2 });
    expect(report.clusters).toHaveLength(2);
    const first = report.clusters[0];
    expect(first?.size).toBe(3);
    expect(first?.kept.text).toMatch(/^w\d+ /);
    expect(first?.dropped?.id).toMatch(/-copy[12]$/);
    expect(first?.dropped?.text).toMatch(/changed[12]/);
  });
});

describe("minhash_dedup defaults", () => {
  it("band 256 permutations as 23 × 11 at threshold 0.8 (weighted towards recall)", async () => {
    const { minhashDedup } = await import("../../src/ops/dedup/minhash_dedup.js");
    const { newRecord } = await import("../../src/core/record.js");
    const params = minhashDedup.params.parse({});
    const global = minhashDedup.global;
    if (global?.type !== "near_duplicate") throw new Error("not a near-duplicate operator");
    const sketch = global.sketch(newRecord({ id: "a", text: words(1, 50).join(" "), source: "s" }), params);
    expect(params).toMatchObject({ num_perm: 256, threshold: 0.8, ngram: 5, unit: "word" });
    expect(sketch?.bands).toHaveLength(23);
    // Too short to hold one 5-gram: does not take part.
    expect(global.sketch(newRecord({ id: "b", text: "too short", source: "s" }), params)).toBeNull();
  });
});

describe("minhash_dedup across dataset versions", () => {
  it("drops records of a new run that near-duplicate the saved signatures of an earlier output", async () => {
    const dir = tempDir("smelt-neardup-versions-");
    const v1 = Array.from({ length: 20 }, (_, d) => ({ id: `v1-${d}`, text: words(d + 1, 200).join(" ") }));
    const v2 = [
      // near copies of v1 documents 0..4 (last word changed)
      ...Array.from({ length: 5 }, (_, d) => {
        const w = words(d + 1, 200);
        w[199] = "new-ending";
        return { id: `v2-copy-${d}`, text: w.join(" ") };
      }),
      // new documents, one of them twice
      ...Array.from({ length: 6 }, (_, d) => ({ id: `v2-new-${d}`, text: words(1000 + d, 200).join(" ") })),
      { id: "v2-new-0-again", text: words(1000, 200).join(" ") },
    ];
    writeJsonl(join(dir, "v1", "docs.jsonl"), v1);
    writeJsonl(join(dir, "v2", "docs.jsonl"), v2);
    const recipe = (name: string, input: string, extra: string) => `name: ${name}
inputs:
  - { id: docs, type: jsonl, path: ${input}, id_field: id }
stages:
  - name: dedup
    operators:
      - { id: near, op: minhash_dedup, params: { ${extra} } }
output:
  path: out-${name}
  keep_dropped: true
`;
    const first = await runYaml(dir, recipe("v1", "v1", "save_signatures: true"));
    expect(first.manifest.counts.dropped).toBe(0);
    const second = await runYaml(dir, recipe("v2", "v2", "against: out-v1"));
    expect(second.manifest.counts).toMatchObject({ input: 12, output: 6, dropped: 6 });
    const dropped = await query(
      `SELECT id, dup_of FROM read_parquet(${parquetGlob(join(second.out, "dropped"))}) ORDER BY id`,
    );
    expect(dropped.map((r) => [String(r[0]), String(r[1])])).toEqual([
      ...Array.from({ length: 5 }, (_, d) => [`v2-copy-${d}`, `v1-${d}`]),
      ["v2-new-0-again", "v2-new-0"],
    ]);
    // Signatures made with other params are refused with a clear message.
    await expect(runYaml(dir, recipe("v3", "v2", "against: out-v1, ngram: 4"))).rejects.toThrow(
      /against: out-v1: its signatures were made with .* use the same shingle, permutation and banding params/,
    );
  });
});

describe("minhash_dedup verify: exact", () => {
  it("links candidates by exact Jaccard on the shingles", async () => {
    const dir = tempDir("smelt-neardup-exact-");
    const base = words(7, 100);
    const near = [...base];
    near[99] = "tail"; // 5-gram Jaccard 95/97
    const far = base.map((w, i) => (i % 4 === 0 ? `x${i}` : w)); // far below 0.8
    writeJsonl(join(dir, "docs", "d.jsonl"), [
      { id: "base", text: base.join(" ") },
      { id: "near", text: near.join(" ") },
      { id: "far", text: far.join(" ") },
    ]);
    const run = await runYaml(
      dir,
      `name: exact-verify
inputs:
  - { id: docs, type: jsonl, path: docs, id_field: id }
stages:
  - name: dedup
    operators:
      - { id: near, op: minhash_dedup, params: { verify: exact } }
output:
  path: out
  keep_dropped: true
`,
    );
    const dropped = await query(`SELECT id, dup_of FROM read_parquet(${parquetGlob(join(run.out, "dropped"))})`);
    expect(dropped.map((r) => [String(r[0]), String(r[1])])).toEqual([["near", "base"]]);
    const keys = readFileSync(join(run.out, "manifest.json"), "utf8");
    expect(JSON.parse(keys).stages[0].decisions[0]).toMatchObject({ verified_pairs: 1, records_removed: 1 });
  });
});
