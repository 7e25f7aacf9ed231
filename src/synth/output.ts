/**
 * The `--out` folder of `smelt synth`: created if missing, reused when an earlier synth run made
 * it (its manifest says so), refused when it holds anything else unless `--force`. Files are
 * written whole (temp + rename); nothing outside the files synth writes is touched.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";
import { writeFileAtomic } from "../io/atomic.js";

export const MANIFEST = "manifest.json";
export const TOOL = "smelt synth";

export async function prepareOut(out: string, force: boolean): Promise<void> {
  if (!existsSync(out)) return;
  const entries = await readdir(out).catch(() => {
    throw new UserError(`--out ${out}: exists and is not a folder — choose another path`);
  });
  if (entries.length === 0 || force) return;
  const manifest = path.join(out, MANIFEST);
  const ours = await readFile(manifest, "utf8")
    .then((t) => (JSON.parse(t) as { tool?: string }).tool === TOOL)
    .catch(() => false);
  if (!ours) {
    throw new UserError(
      `--out ${out}: the folder holds files smelt synth did not write — choose an empty or new folder, or pass --force to write into it anyway`,
    );
  }
}

export async function writeJsonl(file: string, rows: readonly unknown[]): Promise<void> {
  await writeFileAtomic(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

/** The parts of a `smelt synth` manifest that readers of it (inspect, the CLI summary) use. */
export interface SynthManifest {
  tool: string;
  task: string;
  repo: { root: string; revision: string | null };
  model: { provider: string; name: string; stats: { calls: number; cache_hits: number } | null };
  finished_at: string;
  seed: number;
  counts: {
    planned: number;
    kept: number;
    rejected: number;
    kept_by_kind: Record<string, number>;
    rejected_by_reason: Record<string, number>;
  };
  split: { train: number; validation: number; by: string } | null;
  analysis: {
    files: number;
    chunks: number;
    entities: number;
    flows: number;
    config_keys: number;
    rules: Record<string, number>;
  };
  timings_s: { total: number };
}
