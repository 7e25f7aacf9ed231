import { closest, distance } from "fastest-levenshtein";
import { builtinOperators } from "../ops/index.js";
import type { OperatorDef } from "./operator.js";

const byName = new Map<string, OperatorDef>();
for (const op of builtinOperators) {
  if (byName.has(op.name)) throw new Error(`duplicate operator name ${op.name}`);
  byName.set(op.name, op);
}

export function listOperators(): OperatorDef[] {
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function findOperator(name: string): OperatorDef | undefined {
  return byName.get(name);
}

/** "did you mean" helper: the closest known name, when it is plausibly a typo. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const best = closest(name, list);
  return isPlausibleTypo(name, best) ? best : undefined;
}

function isPlausibleTypo(typed: string, known: string): boolean {
  // Accept up to ~40% of the longer name's characters wrong: catches swaps and missing letters
  // without suggesting unrelated names.
  return distance(typed, known) <= Math.max(2, Math.ceil(Math.max(typed.length, known.length) * 0.4));
}
