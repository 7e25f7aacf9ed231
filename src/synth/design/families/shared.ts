/** Helpers shared by several requirement families: the candidate shape and repeated look-ups. */
import type { Field, Flow, FlowStep } from "../../map/index.js";
import type { Body, Context, EvidenceSet } from "../context.js";
import { q } from "../context.js";
import type { DesignFamily } from "../requirements.js";

export interface Candidate {
  family: DesignFamily;
  source_id: string;
  domain: string;
  /** What the requirement changes; once a sample on it is planned, other candidates on it are skipped (overloads share a name). */
  target?: string;
  /** Candidates with one wording key take turns through the same templates (default: the family). */
  wording?: string;
  /** `turn` picks the template (see requirements.ts nth), so samples planned one after another read differently. */
  build: (r: () => number, ctx: Context, ev: EvidenceSet, turn: number) => Body | undefined;
}

export const CUSTOMER = /customer|account|user|tenant|client/i;
export const hasCustomers = (ctx: Context) => ctx.map.entities.some((e) => CUSTOMER.test(e.name));
export const POLICY_NAME = /max|min|limit|threshold|fee|percent|timeout|rate|width|size|interval/i;

/** Transaction boundary of a method, as a risk sentence citing its annotation. */
export function txRisk(ctx: Context, ev: EvidenceSet, method: string, what: string): [string, number[]] | undefined {
  const tx = ctx.rulesOf(method, "transaction")[0];
  if (!tx) return undefined;
  const at = ev.rule(tx);
  return [
    `${q(method)} is ${tx.summary.includes("read-only") ? "a read-only" : "one"} transaction (@Transactional): ${what}`,
    at,
  ];
}

/** Steps of several flows with one head, each once, without inherited ones. */
export function mergedSteps(flows: Flow[]): FlowStep[] {
  const seen = new Map<string, FlowStep>();
  for (const f of flows) for (const s of f.steps) if (!s.inherited && !seen.has(s.qualified)) seen.set(s.qualified, s);
  return [...seen.values()];
}

const STATUS_FIELD = /^(status|state|phase)$/i;

/**
 * The values a status field can take: an enum's constants (Java or TypeScript enum), a union of
 * string literals (`"open" | "paid"`), or [] for a status of an open type (Go `Status string`).
 * Undefined when the field is no status.
 */
export function statusValues(ctx: Context, f: Field): string[] | undefined {
  if (ctx.chunk(f.type)?.kind === "enum") return ctx.enumMembers(f.type);
  const literals = [...f.type.matchAll(/["']([^"']+)["']/g)].map((m) => m[1] as string);
  if (literals.length > 1 && /^\s*["'][^|]*["'](\s*\|\s*["'][^|]*["'])+\s*$/.test(f.type)) return literals;
  return STATUS_FIELD.test(f.name) && /^(string|String|str)$/.test(f.type.trim()) ? [] : undefined;
}

/**
 * Who reads a config key by name and under which property: `maxWeightKg: config.get("parcel.max-weight-kg")`
 * gives `maxWeightKg`, the name the rest of the code uses for the value.
 */
export function configUse(
  ctx: Context,
  key: string,
): { path: string; line: number; symbol: string; property?: string } | undefined {
  const r = ctx.reader(key);
  if (!r) return undefined;
  const text = ctx.lines.of(r.path)?.[r.line - 1] ?? "";
  const at = text.indexOf(key);
  const property = /(?:^|[\s{,(])(?:const\s+|let\s+|var\s+|this\.)?([a-zA-Z_]\w{3,})\s*(?::=|[:=])[^:=]*$/.exec(
    text.slice(0, at),
  )?.[1];
  return { ...r, ...(property ? { property } : {}) };
}
