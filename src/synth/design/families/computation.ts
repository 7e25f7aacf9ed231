/** "computation" family: one more branch of a calculation that owns policy constants. */
import { isMoneyName } from "../../rules/clike.js";
import type { BusinessRule } from "../../rules/index.js";
import { type Body, type Context, cls, type EvidenceSet, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, configUse, POLICY_NAME } from "./shared.js";

/** `computes price = …` / `returns total…`: the computation produces money (see isMoneyName). */
const computesMoney = (x: BusinessRule) =>
  [...x.summary.matchAll(/\b(?:computes|returns)\s+([\w.]+)/g)].some((m) => isMoneyName(m[1] as string)) ||
  isMoneyName(x.symbol.split(".").at(-1) ?? "");

/** Config values the method reads under the property they are loaded into (`baseFee` ← `pricing.base-fee`). */
function configConstants(ctx: Context, symbol: string): { key: string; value: string; line: number; path: string }[] {
  const c = ctx.chunk(symbol);
  const text = c ? (ctx.lines.slice(c.path, c.start_line, c.end_line) ?? "") : "";
  return ctx.map.config.filter((e) => {
    const p = configUse(ctx, e.key)?.property;
    return p !== undefined && new RegExp(`\\b${p}\\b`).test(text);
  });
}

export function computationCandidates(ctx: Context): Candidate[] {
  // Classes that hold business policy values (thresholds, fees, percentages), not plain helpers.
  const owners = new Set(
    ctx.rules.filter((x) => x.kind === "policy_constant" && POLICY_NAME.test(x.symbol)).map((x) => cls(x.symbol)),
  );
  // Or a money computation whose policy values come from configuration read by name.
  const eligible = (x: BusinessRule) =>
    owners.has(cls(x.symbol)) || (computesMoney(x) && configConstants(ctx, x.symbol).length > 0);
  const bySymbol = new Map<string, BusinessRule[]>();
  for (const x of ctx.rules)
    if (x.kind === "computation" && ctx.chunk(x.symbol) && !x.summary.includes("…") && eligible(x))
      bySymbol.set(x.symbol, [...(bySymbol.get(x.symbol) ?? []), x]);
  return [...bySymbol].map(([symbol, comps]) => ({
    family: "computation" as const,
    source_id: symbol,
    domain: comps[0]?.domain ?? "",
    build: (_r: () => number, ctx: Context, ev: EvidenceSet, turn: number): Body | undefined => {
      const kind = /discount|promo|coupon/i.test(symbol)
        ? "discount"
        : /ship|fee|pric|tax/i.test(symbol)
          ? "fee"
          : "other";
      const reuses = new Reuses(ctx, ev);
      const iMethod = reuses.add(symbol, "extend", "the new branch goes next to the existing ones");
      const compEv = comps.flatMap((c) => ev.rule(c));
      const ruled = ctx.rules.filter((x) => x.kind === "policy_constant" && cls(x.symbol) === cls(symbol));
      const constants =
        ruled.length > 0
          ? ruled.map((c) => ({ symbol: c.symbol, value: c.value, ev: () => ev.rule(c) }))
          : configConstants(ctx, symbol).map((c) => ({
              symbol: c.key,
              value: c.value,
              ev: () => present([ev.add({ path: c.path, start_line: c.line, end_line: c.line })]),
            }));
      const constEv = constants.slice(0, 3).flatMap((c) => c.ev());
      const callers = ctx
        .callers(symbol)
        .filter((c) => cls(c) !== cls(symbol))
        .slice(0, 2);
      const callerEv = callers.map((c) =>
        reuses.add(c, "reuse", `combines the result into the quote; it needs no change beyond passing the new option`),
      );
      const helpers = [...new Set(comps.flatMap((c) => [...(c.summary.match(/\b[A-Z]\w+\.[a-z]\w*/g) ?? [])]))]
        .filter((h) => h !== symbol && ctx.chunk(h))
        .slice(0, 2);
      const helperEv = helpers.map((h) =>
        reuses.add(h, "reuse", "keeps the rounding rules identical for the new amount"),
      );
      const entity = ctx.map.entities.find((e) =>
        e.fields.some(
          (f) => kind !== "other" && new RegExp(kind === "discount" ? "discount" : "fee|shipping", "i").test(f.name),
        ),
      );
      const field = entity?.fields.find((f) =>
        new RegExp(kind === "discount" ? "discount" : "fee|shipping", "i").test(f.name),
      );
      const iField =
        entity && field ? ev.add({ path: entity.path, start_line: field.line, end_line: field.line }) : undefined;
      const t = entity ? ctx.table(entity) : undefined;
      const newCol = kind === "discount" ? "discount_type" : kind === "fee" ? "delivery_option" : "calculation_variant";
      const conds = comps.filter((c) => c.condition).map((c) => q(c.condition as string));
      return {
        requirement: T.nth(T.COMPUTATION_REQUIREMENTS[kind], turn)(q(symbol)),
        proposal: {
          summary: `Extend ${q(symbol)} with one more branch${conds.length ? ` beside ${list(conds)}` : ""}, reusing its constants${constants.length ? ` (${list(constants.slice(0, 3).map((c) => q(c.symbol)))})` : ""}${helpers.length ? ` and ${list(helpers.map(q))} for rounding` : ""}.`,
          api_changes: callers.length
            ? [
                `The request that reaches ${q(callers[0] as string)} carries the new option; absent means today's behaviour.`,
              ]
            : [],
          domain_model_changes:
            entity && field
              ? [`${q(entity.name)} keeps ${q(field.name)} for the amount and records which rule produced it.`]
              : [],
          storage: t
            ? [`Migration: add column ${newCol} to ${t.name}; backfill existing rows with the value of today's rule.`]
            : [],
          workflow: [
            ...callers.map((c) => `${q(c)} passes the option.`),
            `${q(symbol)} picks the branch and returns the amount.`,
          ],
          risks: [
            `Results of the existing branches must not change: ${list(comps.slice(0, 2).map((c) => c.summary))}.`,
            ...(kind === "discount"
              ? ["A fixed amount larger than the subtotal must be capped so the total never goes negative."]
              : []),
          ],
        },
        reuses: reuses.items,
        trace: [
          { text: `${q(symbol)} today: ${comps[0]?.summary}.`, evidence: present([iMethod, ...compEv]) },
          ...(constEv.length
            ? [
                {
                  text: `Its constants: ${list(constants.slice(0, 3).map((c) => `${q(c.symbol)} = ${c.value}`))}.`,
                  evidence: constEv,
                },
              ]
            : []),
          ...(callers.length ? [{ text: `Called from ${list(callers.map(q))}.`, evidence: present(callerEv) }] : []),
          ...(helpers.length ? [{ text: `Rounding via ${list(helpers.map(q))}.`, evidence: present(helperEv) }] : []),
          ...(iField !== undefined
            ? [{ text: `The amount is stored in ${q(field?.name ?? "")}.`, evidence: [iField] }]
            : []),
        ],
      };
    },
  }));
}
