/**
 * A new life-cycle state where the transition table is data outside the status type (TypeScript
 * `const NEXT: Record<ParcelStatus, ParcelStatus[]>`) and one method enforces it (`ParcelService.moveTo`).
 * The table is no indexed component, so the sample reuses its enforcer and cites the rows as its evidence.
 */
import type { Entity } from "../../map/index.js";
import type { BusinessRule } from "../../rules/index.js";
import { type Context, cls, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import type { Candidate } from "./shared.js";
import { txRisk } from "./shared.js";
import { inCaseOf, newState, rowsEvidence, statusColumn } from "./stateParts.js";

/** A transition table and the check of the entity that consults it. */
export interface RoutedTable {
  /** The table's name as the rules give it: `NEXT`. */
  symbol: string;
  rows: BusinessRule[];
  /** The guard that refuses moves the table does not list: `ParcelService.moveTo` on `!NEXT[parcel.status].includes(to)`. */
  check: BusinessRule;
}

const inside = (r: BusinessRule, values: string[]) =>
  [...(r.from ?? []), ...(r.to ?? [])].every((v) => values.includes(v));

/**
 * The table among the rules whose rows name only the field's states, consulted by an indexed check of
 * the entity. The rows may sit on a module-level constant: the check is what ties them to the entity.
 */
export function routedTable(ctx: Context, e: Entity, values: string[]): RoutedTable | undefined {
  if (values.length === 0) return undefined;
  const rows = ctx.rules.filter((r) => r.kind === "state_transition" && r.from?.length);
  for (const symbol of new Set(rows.map((r) => r.symbol))) {
    const mine = rows.filter((r) => r.symbol === symbol);
    if (!mine.every((r) => inside(r, values))) continue;
    const name = new RegExp(`\\b${(symbol.split(".").at(-1) as string).replace(/\W/g, "")}\\b`);
    const check = ctx.rules.find(
      (x) =>
        x.kind === "guard" && x.domain === e.name && name.test(x.condition ?? "") && ctx.chunk(x.symbol) !== undefined,
    );
    if (check) return { symbol, rows: mine, check };
  }
  return undefined;
}

/** `en` is the enum type, when there is one; `setters` change the status through the check. */
export function routedState(
  e: Entity,
  field: string,
  en: string | undefined,
  values: string[],
  table: RoutedTable,
  rule: BusinessRule,
  b: string,
  setters: BusinessRule[],
): Candidate {
  const a = rule.from?.[0] as string;
  return {
    family: "state",
    source_id: `${e.name}.${field}:${a}-${b}`,
    domain: e.name,
    build: (r, ctx, ev, turn) => {
      const n = inCaseOf(values, newState(r, new Set(values.map((x) => x.toUpperCase()))));
      const { symbol: sym, rows, check } = table;
      const enforcer = check.symbol;
      const owner = cls(enforcer);
      const cond = q(check.condition ?? "");
      const reuses = new Reuses(ctx, ev);
      const iEnum = en
        ? reuses.add(en, "extend", `holds the ${e.name} states; ${n} is one more member`)
        : reuses.add(e.name, "extend", `declares \`${field}\`; ${n} is one more value of it`);
      const iRows = rowsEvidence(ev, rows);
      const iCheck = ev.rule(check);
      const iEnforcer = reuses.add(
        enforcer,
        "reuse",
        `enforces the transition table ${q(sym)} (rows cited): it refuses every move the row of the current status does not list (${cond}), so ${n} needs rows in ${q(sym)}, not a new check`,
        [...iRows, ...iCheck],
      );
      const setter = setters.find((s) => s.to?.[0] === b);
      const pattern = setter ?? setters[0];
      const iPattern = pattern
        ? reuses.add(
            pattern.symbol,
            "reuse",
            `moves the ${e.name} to ${pattern.to?.[0]} through ${q(enforcer)}: the pattern for hold and release`,
            ev.rule(pattern),
          )
        : undefined;
      const controller = pattern ? ctx.callers(pattern.symbol)[0] : undefined;
      // TypeScript flows start at the router (`router.post`), so the handler may be any step.
      const flow = controller
        ? ctx.map.flows.find((x) => x.entry.route && x.steps.some((st) => st.qualified === controller))
        : undefined;
      const route = flow?.entry.route;
      const iController =
        controller && route
          ? reuses.add(controller, "extend", "its route is the model for the new hold and release endpoints")
          : undefined;
      const col = statusColumn(ctx, ev, e, field, n);
      const rest = (rule.to ?? []).filter((x) => x !== b);
      const terminal = rows.filter((x) => !x.to?.length).flatMap((x) => x.from ?? []);
      const hold = `${owner}.hold`;
      const release = `${owner}.release`;

      const risks: string[] = [];
      const riskEv: number[] = [];
      // Indexing the table by the status makes a missing row `undefined`, not an empty list.
      const indexed = new RegExp(`\\b${sym.split(".").at(-1)}\\[`).test(check.condition ?? "");
      risks.push(
        `${q(enforcer)} refuses every move ${q(sym)} does not list (${cond}${check.exception ? `, ${q(check.exception)}` : ""}): without ${n} in the ${a} row nothing can enter ${n}, and without ${T.article(n)} ${n} row ${indexed ? `the check reads a missing row and throws instead of refusing` : "nothing can leave it"}.`,
      );
      risks.push(
        `Keep the existing rows as they are: ${a} still moves to ${list(rule.to ?? [])}${terminal.length ? `; ${list(terminal)} stay terminal (empty rows)` : ""}; ${n} is the only new path.`,
      );
      // Checks on the way out of the new state: a move it allows may refuse an entity that waited in it.
      for (const s of setters.filter((x) => [b, ...rest].includes(x.to?.[0] ?? ""))) {
        for (const g of ctx.rulesOf(s.symbol, "guard").slice(0, 1)) {
          riskEv.push(...ev.rule(g));
          risks.push(
            `${q(g.symbol)} refuses when ${q(g.condition ?? "")}: decide explicitly whether ${T.article(e.name)} ${e.name} held in ${n} passes it.`,
          );
        }
      }
      risks.push(
        `${n} becomes a persisted value${col ? ` of ${col.name}` : ""}: stored ${e.name} records keep their status, but once one is held, rolling the change back leaves a value ${en ? `the old ${q(en)}` : "the old code"} does not know.`,
      );
      const tx = pattern
        ? txRisk(
            ctx,
            ev,
            pattern.symbol,
            "hold and release must be transactional too, so the status change commits as one.",
          )
        : undefined;
      if (tx) {
        risks.push(tx[0]);
        riskEv.push(...tx[1]);
      }

      const base = route?.replace(/\/[^/]+$/, "");
      const proposal = {
        summary: `${en ? `Add new enum value \`${en}.${n}\`` : `Allow the new status \`${n}\` in ${q(`${e.name}.${field}`)}`}, give it its rows in the transition table ${q(sym)} (${a} -> ${n} -> ${b}) and route hold and release through ${q(enforcer)}, so ${cond} keeps rejecting every other move.`,
        api_changes:
          base && controller
            ? [
                `new endpoint \`POST ${base}/hold\` and new endpoint \`POST ${base}/release\`, shaped like ${q(controller)} (${flow?.entry.method} ${route}).`,
              ]
            : [],
        domain_model_changes: [
          en ? `${q(en)}: add ${n}.` : `${q(e.name)}: \`${field}\` may also hold "${n}".`,
          `${q(sym)}: add ${n} to the ${a} row (${a} -> ${list([...(rule.to ?? []), n])}) and a new ${n} row (${n} -> ${list([b, ...rest])}).`,
          `${q(owner)}: new method \`${hold}\` and new method \`${release}\`, each loading the ${e.name}${pattern ? ` like ${q(pattern.symbol)}` : ""} and calling ${q(enforcer)} with ${n} and ${b}.`,
        ],
        storage: col ? [col.text] : [],
        workflow: [
          controller && route
            ? `${q(controller)}-style handler receives the hold request.`
            : "A handler receives the hold request.",
          `\`${hold}\` loads the ${e.name} and calls ${q(enforcer)} with ${n}.`,
          `${q(enforcer)} accepts ${a} -> ${n} because the ${a} row of ${q(sym)} now lists ${n}.`,
          `\`${release}\` calls ${q(enforcer)} with ${b}; the ${n} row allows it.`,
        ],
        risks,
      };
      const moves = rows
        .filter((x) => x.to?.length)
        .map((x) => `${list(x.from ?? [])} may move to ${list(x.to ?? [])}`);
      if (terminal.length) moves.push(`${list(terminal)} ${terminal.length > 1 ? "are" : "is"} terminal`);
      const trace = [
        { text: `${q(sym)} is the transition table: ${moves.join("; ")}.`, evidence: iRows },
        {
          text: `${q(enforcer)} enforces it: it refuses when ${cond}.`,
          evidence: present([iEnforcer, ...iCheck]),
        },
        ...(setters.length
          ? [
              {
                text: `${list(setters.map((s) => q(s.symbol)))} change the status only through ${q(enforcer)}, so hold and release belong beside them in ${q(owner)}.`,
                evidence: present([iPattern, ...setters.flatMap((s) => ev.rule(s))]),
              },
            ]
          : []),
        ...(iEnum !== undefined
          ? [{ text: `${q(en ?? e.name)} lists the states the table uses.`, evidence: [iEnum] }]
          : []),
        ...(iController !== undefined
          ? [{ text: `${q(controller ?? "")} shows the route shape for the new endpoints.`, evidence: [iController] }]
          : []),
        ...(col ? [{ text: `The status column ${col.name} is where ${n} will be stored.`, evidence: [col.at] }] : []),
        ...(riskEv.length
          ? [{ text: "Collect the checks the new state's moves pass through.", evidence: present(riskEv) }]
          : []),
      ];
      return {
        requirement: T.nth(T.STATE_REQUIREMENTS, turn)(e.name, a, b, n),
        proposal,
        reuses: reuses.items,
        trace,
      };
    },
  };
}
