/** The recipe's configuration hash: changes whenever the output could change. */
import { createHash } from "node:crypto";
import { findOperator } from "../core/registry.js";
import { smeltVersion } from "../version.js";
import { REDACTED, redactPaths, secretPaths } from "./secrets.js";
import type { Recipe } from "./types.js";

/** JSON with object keys sorted at every level (undefined values dropped), for hashing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === "string") return secrets.some((s) => s !== "" && value.includes(s)) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  }
  return value;
}

/**
 * Digests of the secret params that change the output (`outputSecretParams`): salted and
 * truncated, so the hash changes with the value while the value cannot be read back.
 */
function secretDigests(op: string, params: Record<string, unknown> | undefined): { secret_digests?: object } {
  const names = findOperator(op)?.outputSecretParams ?? [];
  const digests: Record<string, string> = {};
  for (const name of names) {
    const value = params?.[name];
    if (typeof value === "string") {
      digests[name] = createHash("sha256").update(`smelt-config-hash\u0000${value}`).digest("hex").slice(0, 12);
    }
  }
  return Object.keys(digests).length > 0 ? { secret_digests: digests } : {};
}

/**
 * sha256 (first 16 hex chars) of the canonical JSON of everything that determines the output:
 * name, seed, inputs, stages (operator ids, names, versions and validated params), output
 * settings except `path`, and the Smelt version. Secret values are left out (secret params and
 * any string containing one of `secrets`), so rotating an API key does not invalidate a run;
 * secrets that change the output (a pseudonymization salt) enter only as a digest.
 *
 * `operatorVersions` maps operator names to versions (default: the registered operators').
 */
export function configHash(
  recipe: Recipe,
  operatorVersions: Record<string, string> = {},
  secrets: readonly string[] = [],
): string {
  const safe = scrub(
    redactPaths({ inputs: recipe.inputs, stages: recipe.stages }, secretPaths(recipe)),
    secrets,
  ) as Pick<Recipe, "inputs" | "stages">;
  const { path: _path, ...output } = recipe.output;
  const canonical = {
    smelt: smeltVersion(),
    name: recipe.name,
    seed: recipe.seed,
    inputs: safe.inputs,
    stages: safe.stages.map((s, si) => ({
      name: s.name,
      operators: s.operators.map((o, oi) => ({
        id: o.id,
        op: o.op,
        version: operatorVersions[o.op] ?? findOperator(o.op)?.version ?? "unknown",
        params: o.params,
        // from the unredacted recipe: the digest must follow the real value
        ...secretDigests(o.op, recipe.stages[si]?.operators[oi]?.params),
        ...(o.where ? { where: o.where } : {}),
      })),
    })),
    output,
  };
  return createHash("sha256").update(canonicalJson(canonical)).digest("hex").slice(0, 16);
}
