/**
 * Train/validation split without leakage: samples that cite the same evidence file (or module)
 * are connected, and every connected group lands on one side, so validation measures answers
 * about code the model has not been trained on.
 */
import { rng, shuffle } from "../qa/text.js";
import type { ExportInfo, SplitOptions, SplitStats, SynthSample } from "./types.js";

export interface SplitResult {
  train: SynthSample[];
  validation: SynthSample[];
  stats: SplitStats;
}

/** The module folder owning a file: longest module path that prefixes it, else ".". */
export function moduleOf(file: string, modules: readonly { path: string }[]): string {
  let best = ".";
  for (const m of modules) {
    if (m.path === "." || m.path === "") continue;
    if ((file === m.path || file.startsWith(`${m.path}/`)) && m.path.length > best.length) best = m.path;
  }
  return best;
}

/** The keys a sample is grouped by: its evidence files, or their modules. */
export function splitKeys(sample: SynthSample, by: SplitOptions["by"], modules: ExportInfo["modules"]): string[] {
  const files = [...new Set(sample.evidence.map((e) => e.path))];
  return by === "file" ? files : [...new Set(files.map((f) => moduleOf(f, modules ?? [])))];
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    // Path compression keeps later finds flat.
    while (this.parent[i] !== r) [i, this.parent[i]] = [this.parent[i] as number, r];
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Connected groups of sample indexes, each sorted, in order of their first sample. */
export function groupSamples(samples: readonly SynthSample[], keysOf: (s: SynthSample) => string[]): number[][] {
  const uf = new UnionFind(samples.length);
  const firstWithKey = new Map<string, number>();
  samples.forEach((s, i) => {
    for (const k of keysOf(s)) {
      const j = firstWithKey.get(k);
      if (j === undefined) firstWithKey.set(k, i);
      else uf.union(i, j);
    }
  });
  const groups = new Map<number, number[]>();
  samples.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()];
}

export function splitSamples(
  samples: readonly SynthSample[],
  opts: SplitOptions,
  modules: ExportInfo["modules"],
): SplitResult {
  const groups = groupSamples(samples, (s) => splitKeys(s, opts.by, modules));
  const target = Math.round(samples.length * opts.validation);
  const inValidation = new Set<number>();
  let note: string | undefined;
  if (groups.length < 2) {
    note = `all ${samples.length} samples cite connected ${opts.by === "file" ? "files" : "modules"} (one group): a validation split would share evidence with training`;
  } else if (target === 0) {
    note = `validation fraction ${opts.validation} of ${samples.length} samples rounds to 0`;
  } else {
    // Groups are ordered by their first sample, so the seeded shuffle alone decides the choice.
    const order = shuffle(groups, rng(opts.seed));
    let taken = 0;
    // First fit: whole groups that still fit under the target, never every group.
    for (const g of order) {
      if (taken + g.length > target || inValidation.size + g.length >= samples.length) continue;
      for (const i of g) inValidation.add(i);
      taken += g.length;
    }
    if (taken === 0) {
      // Every group is larger than the target: the smallest one is the closest to it.
      const smallest = order.reduce((a, b) => (b.length < a.length ? b : a));
      for (const i of smallest) inValidation.add(i);
    }
  }
  const train = samples.filter((_, i) => !inValidation.has(i));
  const validation = samples.filter((_, i) => inValidation.has(i));
  const stats: SplitStats = { train: train.length, validation: validation.length, groups: groups.length, by: opts.by };
  if (note) stats.note = note;
  return { train, validation, stats };
}
