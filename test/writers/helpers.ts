import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import { afterAll } from "vitest";
import type { Manifest } from "../../src/core/manifest.js";
import { type RunOptions, runRecipe } from "../../src/exec/runner.js";
import { type LoadedRecipe, loadRecipe } from "../../src/recipe/load.js";
import { tempDir as engineTempDir } from "../engine/helpers.js";

export { query } from "../engine/helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = "smelt-writers-"): string {
  const d = engineTempDir(prefix);
  made.push(d);
  return d;
}

/** Write JSON-lines rows to `file` (folders created). */
export function writeJsonl(file: string, rows: readonly object[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

/** Write files under root, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export interface Ran {
  dir: string;
  out: string;
  manifest: Manifest;
  loaded: LoadedRecipe;
}

/**
 * Write `yaml` as `<dir>/recipe.yaml`, load it the way the CLI does (interpolation, validation,
 * secrets) and run it through the library API on 2 workers.
 */
export async function runYaml(
  dir: string,
  yaml: string,
  opts: { env?: NodeJS.ProcessEnv; run?: RunOptions } = {},
): Promise<Ran> {
  const file = join(dir, "recipe.yaml");
  writeFileSync(file, yaml);
  const loaded = await loadRecipe(file, opts.env ? { env: opts.env } : {});
  const { manifest } = await runRecipe(loaded.recipe, {
    workers: 2,
    progress: "off",
    secrets: loaded.secrets,
    ...opts.run,
  });
  return { dir, out: loaded.recipe.output.path, manifest, loaded };
}

/** Every file under `root`, relative to `base` (default: root), sorted. */
export function listFiles(root: string, base = root): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(base, p));
    }
  };
  walk(root);
  return out.sort();
}

/** The JSON-lines of an output file, decompressed by its extension (.gz / .zst). */
export function readJsonlFile(file: string): unknown[] {
  const raw = readFileSync(file);
  let bytes: Uint8Array = raw;
  if (file.endsWith(".gz")) bytes = gunzipSync(raw);
  else if (file.endsWith(".zst")) bytes = zstdDecompress(raw);
  const text = Buffer.from(bytes).toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);
}

/** Deterministic filler text of about `n` characters, different for each `seed`. */
export function filler(seed: number, n: number): string {
  const words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
  let s = `record ${seed}:`;
  let x = seed * 2654435761;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += ` ${words[x % words.length]}`;
  }
  return s;
}
