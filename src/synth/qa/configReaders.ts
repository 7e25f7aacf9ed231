/**
 * Where code reads a configuration key by name: `config.get("parcel.max-weight-kg")`,
 * `@Value("${shop.max-items:50}")`, `os.getenv("APP_TIMEOUT")`. The first such line and the
 * innermost indexed symbol around it let a config sample say who depends on the value, for
 * the keys no bound field (`@ConfigurationProperties`) already explains.
 */
import type { Chunk, RepoIndex } from "../index/types.js";
import type { ConfigEntry } from "../map/types.js";
import type { Lines } from "./text.js";

export interface ConfigReader {
  path: string;
  line: number;
  /** Qualified name of the innermost symbol holding the line ("" at module level). */
  symbol: string;
}

const CODE = new Set(["java", "python", "typescript", "tsx", "javascript", "go", "kotlin"]);
const QUOTED = /["'`]([^"'`\n]{2,200})["'`]/g;

/** `${a.b:default}` / `{a.b}` / `a.b` → `a.b`. */
const bare = (s: string) => s.replace(/^\$?\{/, "").replace(/(:[^}]*)?\}$/, "");

function innermost(chunks: readonly Chunk[], line: number): Chunk | undefined {
  let best: Chunk | undefined;
  for (const c of chunks) {
    if (
      c.start_line <= line &&
      line <= c.end_line &&
      (!best || c.end_line - c.start_line < best.end_line - best.start_line)
    )
      best = c;
  }
  return best;
}

export function configReaders(
  index: RepoIndex,
  config: readonly ConfigEntry[],
  lines: Lines,
): Map<string, ConfigReader> {
  const keys = new Set(config.map((c) => c.key));
  const out = new Map<string, ConfigReader>();
  if (keys.size === 0) return out;
  const chunksOf = new Map<string, Chunk[]>();
  for (const c of index.chunks) chunksOf.set(c.path, [...(chunksOf.get(c.path) ?? []), c]);
  for (const f of index.files) {
    if (!CODE.has(f.lang)) continue;
    const text = lines.of(f.path);
    if (!text) continue;
    text.forEach((l, i) => {
      if (!/["'`]/.test(l)) return;
      for (const m of l.matchAll(QUOTED)) {
        const key = bare(m[1] as string);
        if (!keys.has(key) || out.has(key)) continue;
        const chunk = innermost(chunksOf.get(f.path) ?? [], i + 1);
        out.set(key, { path: f.path, line: i + 1, symbol: chunk?.qualified ?? "" });
      }
    });
  }
  return out;
}
