/** Pieces shared by the "state" family's builders: the new state's name, its column, the table's rows. */
import type { Entity } from "../../map/index.js";
import type { BusinessRule } from "../../rules/index.js";
import type { Context, EvidenceSet } from "../context.js";
import { snake } from "../context.js";
import * as T from "../requirements.js";

/** A new state name the life cycle does not use yet (`taken` is upper case). */
export function newState(r: () => number, taken: Set<string>): string {
  const start = Math.floor(r() * T.NEW_STATES.length);
  for (let i = 0; i < T.NEW_STATES.length; i++) {
    const n = T.NEW_STATES[(start + i) % T.NEW_STATES.length] as string;
    if (!taken.has(n)) return n;
  }
  return "ON_HOLD_2";
}

/** In the case of the states it sees: `on_hold` next to `open` and `paid`, `ON_HOLD` next to `PAID`. */
export const inCaseOf = (states: string[], n: string) =>
  states.length > 0 && states.every((x) => x === x.toLowerCase()) ? n.toLowerCase() : n;

export interface StatusColumn {
  /** `orders.status` */
  name: string;
  /** Whether the new state fits, as a storage sentence. */
  text: string;
  /** Evidence index of the column's line. */
  at: number;
}

/** The column the status is stored in, and whether the new state's name fits its width. */
export function statusColumn(
  ctx: Context,
  ev: EvidenceSet,
  e: Entity,
  field: string,
  n: string,
): StatusColumn | undefined {
  const t = ctx.table(e);
  const col = t?.columns.find((c) => c.name === snake(field));
  if (!t || !col) return undefined;
  const at = ev.add({ path: t.path, start_line: col.line, end_line: col.line });
  if (at === undefined) return undefined;
  const width = Number(/\((\d+)\)/.exec(col.type)?.[1] ?? 0);
  const fits = width === 0 || n.length <= width;
  const name = `${t.name}.${col.name}`;
  return {
    name,
    text: `${name} is ${col.type}: ${n} (${n.length} characters) ${fits ? "fits, so no column change is needed" : "does not fit: widen the column in a migration first"}; no backfill, existing rows keep their status.`,
    at,
  };
}

/**
 * The rows of a transition table as few spans as possible: one row a line, so adjacent rows of one
 * file read as the table itself (`NEXT` lines 18–22) instead of five one-line snippets.
 */
export function rowsEvidence(ev: EvidenceSet, rows: BusinessRule[]): number[] {
  const spans = rows
    .flatMap((r) => r.evidence)
    .sort((a, b) => a.path.localeCompare(b.path) || a.start_line - b.start_line);
  const merged: { path: string; start_line: number; end_line: number }[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && last.path === s.path && s.start_line <= last.end_line + 1)
      last.end_line = Math.max(last.end_line, s.end_line);
    else merged.push({ path: s.path, start_line: s.start_line, end_line: s.end_line });
  }
  return merged.map((s) => ev.add(s)).filter((i): i is number => i !== undefined);
}
