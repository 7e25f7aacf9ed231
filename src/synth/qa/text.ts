/** File-line helpers shared by QA generation and validation, plus a seeded RNG. */
import { readFileSync } from "node:fs";
import path from "node:path";

/** Reads files of one repository once per call site (cache per instance). */
export class Lines {
  private readonly cache = new Map<string, string[] | null>();
  constructor(private readonly root: string) {}
  of(rel: string): string[] | null {
    let l = this.cache.get(rel);
    if (l === undefined) {
      try {
        l = readFileSync(path.join(this.root, rel), "utf8").split(/\r?\n/);
      } catch {
        l = null;
      }
      this.cache.set(rel, l);
    }
    return l;
  }
  /** Exactly lines a..b (1-based, inclusive) joined with "\n", or null when out of range. */
  slice(rel: string, a: number, b: number): string | null {
    const l = this.of(rel);
    if (!l || a < 1 || b < a || b > l.length) return null;
    return l.slice(a - 1, b).join("\n");
  }
}

export const normalizeWs = (s: string) => s.replace(/\s+/g, " ").trim();

export { rng } from "../../core/random.js";

export function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

export const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;
