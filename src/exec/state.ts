import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { writeJsonAtomic } from "../io/atomic.js";
import { pathExists } from "../io/paths.js";

/**
 * The run state lives in `<output>/.smelt/`: which recipe config produced it, the shard plan,
 * and every segment's shard files with their `.done.json` markers. It is what makes a killed
 * run resumable and what stops a different recipe from silently reusing stale shards.
 */
export interface RunState {
  config_hash: string;
  plan_hash: string;
  recipe: string;
  status: "running" | "complete";
  started_at: string;
  finished_at?: string;
}

/** Everything Smelt writes into an output folder; --fresh removes exactly these. */
export const OWNED_ENTRIES = [
  ".smelt",
  "data",
  "dropped",
  "errored",
  "dedup",
  "manifests",
  "manifest.json",
  "README.md",
];

export function stateDir(outDir: string): string {
  return join(outDir, ".smelt");
}

export async function readState(outDir: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await readFile(join(stateDir(outDir), "state.json"), "utf8")) as RunState;
  } catch {
    return undefined;
  }
}

export async function writeState(outDir: string, state: RunState): Promise<void> {
  await writeJsonAtomic(join(stateDir(outDir), "state.json"), state);
}

/**
 * Decide what to do with the output folder before any work: start new, resume, or refuse.
 * Never deletes anything the user did not ask to be deleted, and never anything Smelt did
 * not write.
 */
export async function prepareOutput(
  outDir: string,
  configHash: string,
  fresh: boolean,
): Promise<{ mode: "new" | "resume"; previous?: RunState }> {
  if (!(await pathExists(outDir))) {
    await mkdir(outDir, { recursive: true });
    return { mode: "new" };
  }
  const entries = await readdir(outDir);
  if (entries.length === 0) return { mode: "new" };
  const state = await readState(outDir);
  if (!state) {
    throw new UserError(
      `output folder ${outDir} already exists and was not written by Smelt (no .smelt/state.json). ` +
        "Choose a new or empty output.path in the recipe (or --output); Smelt will not touch files it did not write.",
    );
  }
  if (fresh) {
    for (const e of OWNED_ENTRIES) await rm(join(outDir, e), { recursive: true, force: true });
    return { mode: "new" };
  }
  if (state.config_hash !== configHash) {
    throw new UserError(
      `output folder ${outDir} holds a run of a different recipe configuration (config hash ${state.config_hash}, ` +
        `this recipe is ${configHash}). Pass --fresh to discard it and start over, or choose another output.path.`,
    );
  }
  if (state.status === "complete") {
    throw new UserError(
      `output folder ${outDir} already holds a completed run of this recipe (finished ${state.finished_at}). ` +
        "Pass --fresh to rebuild it, or choose another output.path.",
    );
  }
  return { mode: "resume", previous: state };
}

/** Remove temporary files a killed run left behind (they never look like finished files). */
export async function sweepTempFiles(dir: string): Promise<number> {
  if (!(await pathExists(dir))) return 0;
  let removed = 0;
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.name.includes(".tmp-")) {
        await rm(p, { recursive: true, force: true });
        removed++;
      } else if (e.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return removed;
}
