import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface PackageInfo {
  root: string;
  version: string;
}

let cached: PackageInfo | undefined;

/**
 * Finds Smelt's own package.json by walking up from this module (works from `src/` under tsx
 * and from `dist/` once built or installed).
 */
function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    try {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "smelt" && typeof pkg.version === "string") {
        cached = { root: dir, version: pkg.version };
        return cached;
      }
    } catch {
      // no (readable) package.json here: keep going up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot locate Smelt's package.json above its modules");
    dir = parent;
  }
}

/** Version of the running Smelt (package.json `version`). */
export function smeltVersion(): string {
  return packageInfo().version;
}

/** Root folder of the Smelt package (holds package.json, `recipes/`, `examples/`). */
export function smeltRoot(): string {
  return packageInfo().root;
}
