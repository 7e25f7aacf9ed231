import { UserError } from "../core/errors.js";
import type { Manifest } from "../core/manifest.js";
import type { InputLocator } from "../core/repoFiles.js";
import { findReader } from "../io/readers/index.js";
import type { InputShard } from "../io/readers/types.js";
import type { Recipe } from "../recipe/types.js";

/** One input shard with its run-wide index (the index names its files in every segment). */
export interface PlannedShard {
  index: number;
  input: InputShard;
}

/** List every input's shards (cheap: file listings and sizes, a git commit id). */
export async function planInputs(
  recipe: Recipe,
  shardBytes: number,
  workDir: string,
): Promise<{ planned: PlannedShard[]; inputs: Manifest["inputs"]; locators: Record<string, InputLocator> }> {
  const planned: PlannedShard[] = [];
  const locators: Record<string, InputLocator> = {};
  const inputSummaries: Manifest["inputs"] = [];
  for (const spec of recipe.inputs) {
    const reader = findReader(spec.type);
    if (!reader) throw new UserError(`input \`${spec.id}\`: unknown input type \`${spec.type}\``);
    const shards = await reader.plan(spec, {
      baseDir: recipe.baseDir,
      shardBytes,
      workDir,
    });
    for (const s of shards) planned.push({ index: planned.length, input: s });
    const where = shards[0] ? reader.locate?.(shards[0]) : undefined;
    if (where) locators[spec.id] = where;
    inputSummaries.push({
      id: spec.id,
      type: spec.type,
      shards: shards.length,
      bytes: shards.reduce((a, s) => a + s.bytes, 0),
    });
  }
  return { planned, inputs: inputSummaries, locators };
}

/** Changes whenever the shard plan does (config hash, shard count, any shard's fingerprint). */
export function planFingerprint(hash: string, planned: PlannedShard[]): string {
  return `${hash}:${planned.length}:${simpleHash(planned.map((p) => p.input.fingerprint).join("|"))}`;
}

function simpleHash(s: string): string {
  // FNV-1a, enough to notice a changed plan; the config hash itself is SHA-256.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
