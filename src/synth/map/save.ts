/** The domain map as JSON: keys sorted at every level, paths already relative to the root. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DomainMap } from "./types.js";

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

export function domainMapJson(map: DomainMap): string {
  return `${JSON.stringify(sortKeys(map), null, 2)}\n`;
}

export async function saveDomainMap(map: DomainMap, file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, domainMapJson(map), "utf8");
}
