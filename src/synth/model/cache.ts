/**
 * Response cache of the model providers: one JSON file per request under `dir/<2 hex>/<key>.json`,
 * keyed by sha256 over the provider, model, prompt and every parameter that changes the reply.
 * A re-run of the same synthesis answers every request from here and calls nothing.
 * Writes are atomic (temp file + rename) so a killed run never leaves a half entry.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** JSON with sorted object keys, so equal values give equal keys whatever the insertion order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(stable(parts)).digest("hex");
}

export interface CachedReply {
  text: string;
  prompt_tokens: number;
  completion_tokens: number;
}

export class ResponseCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedReply | undefined> {
    try {
      const v = JSON.parse(await readFile(this.file(key), "utf8")) as CachedReply;
      return typeof v.text === "string" ? v : undefined;
    } catch {
      return undefined; // missing or unreadable: treated as a miss, the call is made again
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async put(key: string, value: CachedReply): Promise<void> {
    const f = this.file(key);
    await mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, f);
  }
}
