/** "state" family: a new life-cycle state, routed through the transition table (on the status type, or data a check reads) or the setters. */
import type { Entity } from "../../map/index.js";
import type { BusinessRule } from "../../rules/index.js";
import { type Context, cls, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, statusValues, txRisk } from "./shared.js";
import { inCaseOf, newState, statusColumn } from "./stateParts.js";
import { routedState, routedTable } from "./stateRouted.js";

export function stateCandidates(ctx: Context): Candidate[] {
  const out: Candidate[] = [];
  for (const e of ctx.map.entities) {
    for (const f of e.fields) {
      const values = statusValues(ctx, f);
      if (values === undefined) continue;
      const isEnum = ctx.chunk(f.type)?.kind === "enum";
      const table = isEnum
        ? ctx.rules.filter((r) => r.kind === "state_transition" && cls(r.symbol) === f.type && r.from?.length)
        : [];
      const setters = ctx.rules.filter(
        (r) =>
          r.kind === "state_transition" &&
          !r.from?.length &&
          r.to?.length === 1 &&
          (r.symbol.startsWith(`${e.name}.`) || routesStatus(ctx, r, e, values)),
      );
      const routed = table.length > 0 ? undefined : routedTable(ctx, e, values);
      if (table.length > 0) {
        for (const [r, b] of insertionPoints(table)) out.push(tableState(e, f.name, f.type, r, b, table, setters));
      } else if (routed) {
        for (const [r, b] of insertionPoints(routed.rows))
          out.push(routedState(e, f.name, isEnum ? f.type : undefined, values, routed, r, b, setters));
      } else {
        // Without entity methods, the status is set where the entity is handled (`parcel.status = …` in a service).
        const moves = setters.length > 0 ? setters : assignments(ctx, e, f.name, values);
        if (moves.length > 0) out.push(setState(e, f.name, isEnum ? f.type : undefined, values, moves));
      }
    }
  }
  return out;
}

/** The transition call a status change goes through, as the rule names it: `moveTo` in "(via moveTo)". */
const viaCall = (r: BusinessRule) => /\(via (\w+)\)/.exec(r.summary)?.[1];

/** A status change outside the entity that goes through a transition call (`ParcelService.cancel` via `moveTo`). */
const routesStatus = (ctx: Context, r: BusinessRule, e: Entity, values: string[]) =>
  r.domain === e.name &&
  viaCall(r) !== undefined &&
  ctx.chunk(r.symbol) !== undefined &&
  (r.to ?? []).every((v) => values.includes(v));

/** Moves a new state can sit in the middle of: a single-source row `a -> b` where b has no other way in. */
function insertionPoints(table: BusinessRule[]): [BusinessRule, string][] {
  const incoming = (s: string) => table.filter((r) => r.to?.includes(s)).length;
  return table.flatMap((r) =>
    r.from?.length === 1
      ? (r.to ?? []).filter((b) => incoming(b) === 1).map((b): [BusinessRule, string] => [r, b])
      : [],
  );
}

/** Transitions of the entity's status outside the entity: one target each, within the known values. */
function assignments(ctx: Context, e: Entity, field: string, values: string[]): BusinessRule[] {
  const sets = new RegExp(`\\.${field}\\b`, "i");
  return ctx.rules.filter(
    (r) =>
      r.kind === "state_transition" &&
      r.domain === e.name &&
      r.to?.length === 1 &&
      ctx.chunk(r.symbol) !== undefined &&
      sets.test(r.summary) &&
      [...(r.from ?? []), ...r.to].every((v) => values.length === 0 || values.includes(v)),
  );
}

function tableState(
  e: Entity,
  field: string,
  en: string,
  rule: BusinessRule,
  b: string,
  table: BusinessRule[],
  setters: BusinessRule[],
): Candidate {
  const a = rule.from?.[0] as string;
  return {
    family: "state",
    source_id: `${e.name}.${field}:${a}-${b}`,
    domain: e.name,
    build: (r, ctx, ev, turn) => {
      const taken = new Set(table.flatMap((x) => [...(x.from ?? []), ...(x.to ?? [])]));
      const n = newState(r, taken);
      const reuses = new Reuses(ctx, ev);
      const method = table[0]?.symbol as string;
      const iTable = reuses.add(
        method,
        "extend",
        `its switch is the single transition table: add ${a} -> ${n} and the ${n} row`,
      );
      const iRule = ev.rule(rule);
      const guard = ctx.rules.find(
        (x) => x.kind === "guard" && x.condition?.includes(method.split(".").at(-1) as string),
      );
      const iGuard = guard
        ? reuses.add(
            guard.symbol,
            "reuse",
            `already rejects every move the table does not allow, so ${n} needs no new check`,
          )
        : undefined;
      const setter = setters.find((s) => s.to?.[0] === b);
      const iSetter = setter
        ? reuses.add(
            setter.symbol,
            "reuse",
            `still moves the ${e.name} to ${b}; from ${n} it works once the table allows it`,
          )
        : undefined;
      const service = setter ? ctx.callers(setter.symbol)[0] : undefined;
      const iService = service
        ? reuses.add(
            service,
            "extend",
            `the new hold and release operations sit next to it and load the ${e.name} the same way`,
          )
        : undefined;
      const controller = service ? ctx.callers(service)[0] : undefined;
      const flow = controller ? ctx.map.flows.find((x) => x.steps[0]?.qualified === controller) : undefined;
      const iController = controller
        ? reuses.add(controller, "extend", `its route is the model for the new hold and release endpoints`)
        : undefined;
      const col = statusColumn(ctx, ev, e, field, n);
      const otherGuards = ctx
        .methodsOf(en)
        .filter((m) => m.qualified !== method)
        .flatMap((m) => ctx.rules.filter((x) => x.kind === "guard" && x.condition?.includes(`${m.name}(`)));
      const risks: string[] = [];
      const riskEv: number[] = [];
      for (const g of otherGuards.slice(0, 2)) {
        riskEv.push(...ev.rule(g));
        risks.push(
          `${q(g.symbol)} refuses when ${q(g.condition ?? "")}: decide explicitly whether ${T.article(e.name)} ${e.name} in ${n} passes it.`,
        );
      }
      const tx = service
        ? txRisk(
            ctx,
            ev,
            service,
            "hold and release must be transactional too, so the status change and its timestamp commit together.",
          )
        : undefined;
      if (tx) {
        risks.push(tx[0]);
        riskEv.push(...tx[1]);
      }
      risks.push(`Clients that switch over ${q(en)} values must handle ${n}; the terminal states stay terminal.`);
      const base = flow?.entry.route?.replace(/\/[^/]+$/, "");
      const rest = (rule.to ?? []).filter((x) => x !== b);
      const proposal = {
        summary: `Add new enum value \`${en}.${n}\` and route ${a} -> ${n} -> ${b} through the transition table in ${q(method)}${guard ? `, so ${q(guard.symbol)} keeps rejecting every other move` : ""}. Holding and releasing are new operations on ${q(e.name)}; nothing else changes for ${a} -> ${b}.`,
        api_changes: base
          ? [
              `new endpoint \`POST ${base}/hold\` and new endpoint \`POST ${base}/release\`, shaped like ${controller ? q(controller) : "the existing handlers"} (${flow?.entry.method} ${flow?.entry.route}).`,
            ]
          : [],
        domain_model_changes: [
          `${q(en)}: ${a} may also move to ${n}; ${n} may move to ${list([b, ...rest])}.`,
          `${q(e.name)}: methods \`hold()\` and \`release()\` that call the same transition check as ${setter ? q(setter.symbol) : "the other state changes"}.`,
        ],
        storage: col ? [col.text] : [],
        workflow: [
          controller
            ? `${q(controller)}-style handler receives the hold request.`
            : "A handler receives the hold request.",
          service
            ? `A transactional method next to ${q(service)} loads the ${e.name} and calls \`hold()\`.`
            : `Load the ${e.name} and call \`hold()\`.`,
          guard
            ? `${q(guard.symbol)} validates ${a} -> ${n} against ${q(method)}.`
            : `The transition is validated against ${q(method)}.`,
          `Release moves ${n} -> ${b} through ${setter ? q(setter.symbol) : "the existing state change"}.`,
        ],
        risks,
      };
      const trace = [
        {
          text: `Read the transition table in ${q(method)}: ${a} may move to ${list(rule.to ?? [])}.`,
          evidence: present([iTable, ...iRule]),
        },
        ...(guard
          ? [
              {
                text: `Every state change goes through ${q(guard.symbol)}, which consults the table.`,
                evidence: present([iGuard]),
              },
            ]
          : []),
        ...(setter && service
          ? [
              {
                text: `${q(service)} reaches ${b} via ${q(setter.symbol)}; hold and release belong beside it.`,
                evidence: present([iService, iSetter]),
              },
            ]
          : []),
        ...(controller
          ? [
              {
                text: `${q(controller)} shows the route shape for the new endpoints.`,
                evidence: present([iController]),
              },
            ]
          : []),
        ...(col ? [{ text: `The status column ${col.text.split(":")[0]}.`, evidence: [col.at] }] : []),
        ...(riskEv.length
          ? [
              {
                text: "Collect the checks and transaction boundaries the new state touches.",
                evidence: present(riskEv),
              },
            ]
          : []),
      ];
      const req = T.nth(T.STATE_REQUIREMENTS, turn)(e.name, a, b, n);
      return { requirement: req, proposal, reuses: reuses.items, trace };
    },
  };
}

/**
 * A new state where the status is set directly: by entity methods (Java `markPaid()`), or by
 * assignments elsewhere (`parcel.status = ParcelStatus.REGISTERED` in a service). `en` is the
 * enum type, when there is one; `values` are every state it can take (empty when open).
 */
function setState(
  e: Entity,
  field: string,
  en: string | undefined,
  values: string[],
  setters: BusinessRule[],
): Candidate {
  return {
    family: "state",
    source_id: `${e.name}.${field}:set`,
    domain: e.name,
    build: (r, ctx, ev, turn) => {
      const seen = setters.flatMap((s) => [...(s.from ?? []), ...(s.to ?? [])]);
      const states = [...new Set([...values, ...seen])];
      const n = inCaseOf(states, newState(r, new Set(states.map((x) => x.toUpperCase()))));
      const onEntity = setters.every((s) => s.symbol.startsWith(`${e.name}.`));
      const holder = onEntity ? e.name : cls(setters[0]?.symbol ?? e.name);
      const reuses = new Reuses(ctx, ev);
      const iEnum = en
        ? reuses.add(en, "extend", `holds the ${e.name} states; ${n} is one more constant`)
        : reuses.add(e.name, "extend", `declares \`${field}\`; ${n} is one more value of it`);
      const setterEv = setters
        .slice(0, 2)
        .map((s) =>
          reuses.add(
            s.symbol,
            "reuse",
            onEntity
              ? "the pattern for the new state change: it only assigns the status"
              : viaCall(s)
                ? `the pattern for the new state change: it moves the ${e.name} to ${s.to?.[0]} through \`${viaCall(s)}\``
                : `the pattern for the new state change: it assigns ${s.to?.[0]} to the ${e.name}'s ${field}`,
          ),
        );
      // A service method's head may not reach its assignment: cite the assignment itself.
      const moveEv = onEntity ? [] : setters.slice(0, 2).flatMap((s) => ev.rule(s));
      // A check every change passes through (`!NEXT[parcel.status].includes(to)`) needs an entry for the new state.
      const sets = new RegExp(`\\.${field}\\b`, "i");
      const check = ctx.rules.find(
        (x) => x.kind === "guard" && x.domain === e.name && sets.test(x.condition ?? "") && ctx.chunk(x.symbol),
      );
      const iCheck = check
        ? reuses.add(
            check.symbol,
            "reuse",
            `already checks every status change (${q(check.condition ?? "")}); ${n} only needs its entry there`,
          )
        : undefined;
      const checkEv = check ? ev.rule(check) : [];
      const helpers = en ? ctx.methodsOf(en) : [];
      const callers = setters
        .flatMap((s) => ctx.callers(s.symbol))
        .filter((c) => !setters.some((s) => s.symbol === c))
        .slice(0, 2);
      const callerEv = callers.map((c) =>
        reuses.add(c, "extend", `decides when ${T.article(e.name)} ${e.name} changes state; it must know about ${n}`),
      );
      const col = statusColumn(ctx, ev, e, field, n);
      const risks = helpers.map(
        (h) => `Decide whether ${n} counts for ${q(h.qualified)}; every caller of it changes behaviour otherwise.`,
      );
      if (check)
        risks.push(
          `${q(check.symbol)} refuses moves it does not list (${q(check.condition ?? "")}${check.exception ? `, ${q(check.exception)}` : ""}): give ${n} its allowed moves there, or nothing can enter or leave it.`,
        );
      for (const c of callers) {
        const tx = txRisk(ctx, ev, c, `the change to ${n} must commit with the rest of its work.`);
        if (tx) risks.push(tx[0]);
      }
      if (risks.length === 0)
        risks.push(`Code that switches over ${en ? `${q(en)} values` : `the ${e.name}'s ${field}`} must handle ${n}.`);
      const where = setters.map((s) => q(s.symbol));
      return {
        requirement: T.nth(T.STATE_SET_REQUIREMENTS, turn)(e.name, list(states), n),
        proposal: {
          summary: `${en ? `Add new enum value \`${en}.${n}\`` : `Allow the new status \`${n}\` in ${q(`${e.name}.${field}`)}`} and a \`markOnHold()\`-style method on ${q(holder)} next to ${list(where)}, reusing how ${setters.length > 1 ? "they assign" : "it assigns"} the status.`,
          api_changes: [],
          domain_model_changes: [
            en ? `${q(en)}: add ${n}.` : `${q(e.name)}: \`${field}\` may also hold "${n}".`,
            `${q(holder)}: one method that moves the status to ${n}.`,
          ],
          storage: col ? [col.text] : [],
          workflow: [
            ...callers.map((c) => `${q(c)} checks for ${n} before acting on ${T.article(e.name)} ${e.name}.`),
            ...(check ? [`${q(check.symbol)} accepts the moves into and out of ${n}.`] : []),
          ],
          risks,
        },
        reuses: reuses.items,
        trace: [
          {
            text: `${en ? `${q(en)} lists the states` : `${q(e.name)} declares \`${field}\``}; ${q(holder)} ${onEntity ? "sets them" : "assigns them"} in ${list(where)}.`,
            evidence: present([iEnum, ...setterEv, ...moveEv]),
          },
          ...(check
            ? [
                {
                  text: `${q(check.symbol)} refuses when ${q(check.condition ?? "")}.`,
                  evidence: present([iCheck, ...checkEv]),
                },
              ]
            : []),
          ...(callers.length
            ? [{ text: `The state changes are driven by ${list(callers.map(q))}.`, evidence: present(callerEv) }]
            : []),
          ...(col ? [{ text: "The status is stored as text.", evidence: [col.at] }] : []),
        ],
      };
    },
  };
}
