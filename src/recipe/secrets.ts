/** Which values of a recipe are secrets, and how to hide them. */
import { findOperator } from "../core/registry.js";
import { isSecretKey } from "./interpolate.js";
import type { Recipe } from "./types.js";

export type RecipePath = (string | number)[];

export const REDACTED = "***";

function collectSecretKeys(value: unknown, path: RecipePath, out: RecipePath[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collectSecretKeys(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (isSecretKey(k)) out.push([...path, k]);
      else collectSecretKeys(v, [...path, k], out);
    }
  }
}

/**
 * Paths (into the Recipe object) of secret values: operator params listed in the operator's
 * `secretParams`, and any input/param key named like a secret (api_key, token, password...)
 * outside the operator's `plainParams`.
 * Only paths whose value is present are returned.
 */
export function secretPaths(recipe: Pick<Recipe, "inputs" | "stages">): RecipePath[] {
  const out: RecipePath[] = [];
  recipe.inputs.forEach((input, i) => {
    collectSecretKeys(input, ["inputs", i], out);
  });
  recipe.stages.forEach((stage, s) => {
    stage.operators.forEach((op, o) => {
      const def = findOperator(op.op);
      const declared = new Set(def?.secretParams ?? []);
      const plain = new Set(def?.plainParams ?? []);
      for (const [k, v] of Object.entries(op.params)) {
        const path = ["stages", s, "operators", o, "params", k];
        if (plain.has(k)) continue;
        if (declared.has(k) || isSecretKey(k)) out.push(path);
        else collectSecretKeys(v, path, out);
      }
    });
  });
  return out.filter((p) => {
    const v = getAt(recipe, p);
    return v !== undefined && v !== null;
  });
}

export function getAt(root: unknown, path: RecipePath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Deep copy of `value` with every path in `paths` (when present) replaced by "***". */
export function redactPaths<T>(value: T, paths: RecipePath[]): T {
  const copy = structuredClone(value);
  for (const path of paths) {
    const parent = getAt(copy, path.slice(0, -1));
    const last = path[path.length - 1];
    if (parent === null || typeof parent !== "object" || last === undefined) continue;
    const rec = parent as Record<string | number, unknown>;
    if (rec[last] !== undefined && rec[last] !== null) rec[last] = REDACTED;
  }
  return copy;
}
