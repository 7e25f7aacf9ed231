import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, parquetGlob, query, runCli, tempDir } from "./helpers.js";

/**
 * Kill -9 a real `smelt run` mid-stage, run it again, and compare the output with an
 * uninterrupted run of the same recipe: the same records (ids and content), nothing more.
 */
describe("kill -9 and resume", () => {
  let dir: string;
  let recipeFile: string;

  beforeAll(() => {
    dir = tempDir("smelt-resume-");
    const corpus = join(dir, "corpus");
    // ~6,000 small files in 60 folders, with copies so exact dedup has work across shards.
    for (let d = 0; d < 60; d++) {
      mkdirSync(join(corpus, `pkg${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        const n = (d * 100 + f) % 4500; // ids >= 4500 repeat earlier content: duplicates
        const body = Array.from({ length: 20 }, (_, i) => `line ${i} of module ${n}: value = ${(n * 31 + i) % 97}`);
        const text = f % 37 === 0 ? "tiny" : body.join("\n");
        writeFileSync(join(corpus, `pkg${d}`, `mod${f}.py`), text);
      }
    }
    recipeFile = join(dir, "recipe.yaml");
    writeFileSync(
      recipeFile,
      `name: resume-test
seed: 7
inputs:
  - id: corpus
    type: folder
    path: corpus
stages:
  - name: clean
    operators:
      - id: pkg
        op: set_field
        params: { field: pkg, from: path, pattern: "^(pkg\\\\d)" }
      - id: too_short
        op: length_filter
        params: { min_chars: 10 }
  - name: dedup
    operators:
      - id: exact
        op: exact_dedup
  - name: near
    operators:
      - id: near
        op: minhash_dedup
        params: { threshold: 0.7 }
output:
  path: out
  partition_by: [pkg]
  keep_dropped: true
`,
    );
  });

  const doneMarkers = (out: string) => {
    const work = join(out, ".smelt", "work");
    if (!existsSync(work)) return 0;
    return readdirSync(work).reduce(
      (n, seg) => n + readdirSync(join(work, seg)).filter((f) => f.endsWith(".done.json")).length,
      0,
    );
  };

  /** Start the run; SIGKILL it once `killAfter` more shards are done than at start. */
  const runAndKill = (out: string, killAfter: number) =>
    new Promise<{ killed: boolean; code: number | null; markersAtKill: number }>((done) => {
      const start = doneMarkers(out);
      const child = spawn(
        process.execPath,
        [BIN, "run", recipeFile, "--output", out, "--workers", "2", "--shard-mb", "0.02", "--progress", "off"],
        { stdio: "ignore" },
      );
      let killed = false;
      let markersAtKill = 0;
      const poll = setInterval(() => {
        const n = doneMarkers(out);
        if (!killed && n >= start + killAfter) {
          killed = true;
          markersAtKill = n;
          child.kill("SIGKILL");
        }
      }, 5);
      child.on("close", (code) => {
        clearInterval(poll);
        done({ killed, code, markersAtKill });
      });
    });

  it("produces the same records as an uninterrupted run", async () => {
    const clean = join(dir, "clean");
    const ref = await runCli(["run", recipeFile, "--output", clean, "--workers", "2", "--shard-mb", "0.02"]);
    expect(ref.stderr).not.toMatch(/run failed/);
    expect(ref.code).toBe(0);

    const out = join(dir, "killed");
    // Kill twice at different depths (inside stage 1, then later), then let it finish.
    const first = await runAndKill(out, 5);
    expect(first.killed).toBe(true);
    const state = JSON.parse(readFileSync(join(out, ".smelt", "state.json"), "utf8"));
    expect(state.status).toBe("running");
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    const second = await runAndKill(out, 40);
    expect(second.killed).toBe(true);
    const last = await runCli(["run", recipeFile, "--output", out, "--workers", "2", "--shard-mb", "0.02"]);
    expect(last.code).toBe(0);
    expect(last.stderr).toMatch(/resuming the interrupted run/);

    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const refManifest = JSON.parse(readFileSync(join(clean, "manifest.json"), "utf8"));
    expect(manifest.resumed).toBe(true);
    expect(manifest.counts).toEqual(refManifest.counts);
    expect(refManifest.counts.input).toBe(6000);
    expect(refManifest.counts.dropped).toBeGreaterThan(1000);

    const recordSet = async (root: string, sub: string) =>
      (
        await query(
          `SELECT id, md5(text), pkg FROM read_parquet(${parquetGlob(join(root, sub))}, hive_partitioning = true) ORDER BY id`,
        )
      ).map((r) => r.join("|"));
    const a = await recordSet(out, "data");
    const b = await recordSet(clean, "data");
    expect(a.length).toBe(refManifest.counts.output);
    expect(a).toEqual(b);
    const droppedA = await query(
      `SELECT id, dropped_by, drop_reason FROM read_parquet(${parquetGlob(join(out, "dropped"))}) ORDER BY id`,
    );
    const droppedB = await query(
      `SELECT id, dropped_by, drop_reason FROM read_parquet(${parquetGlob(join(clean, "dropped"))}) ORDER BY id`,
    );
    expect(droppedA).toEqual(droppedB);
    const clusters = async (root: string) =>
      await query(
        `SELECT kept_id, list_sort(member_ids) FROM read_parquet('${join(root, "dedup", "near.clusters.parquet")}') ORDER BY kept_id`,
      );
    expect(await clusters(out)).toEqual(await clusters(clean));
    // No half-written file survives anywhere in the output.
    const leftovers: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.name.includes(".tmp-")) leftovers.push(join(d, e.name));
        if (e.isDirectory()) walk(join(d, e.name));
      }
    };
    walk(out);
    expect(leftovers).toEqual([]);
  });

  it("refuses to reuse shards when the recipe changed, until --fresh", async () => {
    const out = join(dir, "changed");
    const first = await runAndKill(out, 3);
    expect(first.killed).toBe(true);
    const edited = join(dir, "edited.yaml");
    writeFileSync(edited, readFileSync(recipeFile, "utf8").replace("min_chars: 10", "min_chars: 11"));
    const refused = await runCli(["run", edited, "--output", out, "--workers", "2", "--shard-mb", "0.02"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different recipe configuration.*--fresh/s);
    const fresh = await runCli(["run", edited, "--output", out, "--workers", "2", "--shard-mb", "0.02", "--fresh"]);
    expect(fresh.code).toBe(0);
    const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(m.resumed).toBe(false);
    expect(m.stages[0].operators.find((o: { id: string }) => o.id === "too_short").params.min_chars).toBe(11);
  });
});
