/** Requirement families of offline design samples, each driven by what the repository has. */
import type { Entity, Flow, FlowStep } from "../map/index.js";
import { pick } from "../qa/text.js";
import type { BusinessRule } from "../rules/index.js";
import { type Body, type Context, cls, type EvidenceSet, list, present, q, Reuses, snake } from "./context.js";
import * as T from "./requirements.js";

export interface Candidate {
  family: T.DesignFamily;
  source_id: string;
  domain: string;
  build: (r: () => number, ctx: Context, ev: EvidenceSet) => Body | undefined;
}

const CUSTOMER = /customer|account|user|tenant|client/i;
const hasCustomers = (ctx: Context) => ctx.map.entities.some((e) => CUSTOMER.test(e.name));
/** Entities that are stored (a table, or a persistence framework), not plain value types. */
const PERSISTENT = /entity|table|pydantic|sqlalchemy|typeorm|django|orm/i;
const POLICY_NAME = /max|min|limit|threshold|fee|percent|timeout|rate|width|size|interval/i;
const cap = (s: string) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;

/** Transaction boundary of a method, as a risk sentence citing its annotation. */
function txRisk(ctx: Context, ev: EvidenceSet, method: string, what: string): [string, number[]] | undefined {
  const tx = ctx.rulesOf(method, "transaction")[0];
  if (!tx) return undefined;
  const at = ev.rule(tx);
  return [
    `${q(method)} is ${tx.summary.includes("read-only") ? "a read-only" : "one"} transaction (@Transactional): ${what}`,
    at,
  ];
}

/** Methods (outside tests) whose text uses `name`, excluding the lines in `skip`. */
function usersOf(ctx: Context, name: string, skipPath?: string): { qualified: string; line: number }[] {
  const re = new RegExp(`\\b${name}\\b`);
  const out: { qualified: string; line: number }[] = [];
  for (const c of ctx.index.chunks) {
    if ((c.kind !== "method" && c.kind !== "function") || ctx.chunk(c.qualified) !== c) continue;
    const text = ctx.lines.of(c.path);
    if (!text) continue;
    for (let l = c.start_line; l <= c.end_line; l++) {
      if (re.test(text[l - 1] ?? "") && !(c.path === skipPath && c.start_line === l)) {
        out.push({ qualified: c.qualified, line: l });
        break;
      }
    }
  }
  return out;
}

/** Cites a used line too when the chunk head (first 30 lines) does not reach it. */
function citeUse(ctx: Context, ev: EvidenceSet, reuses: Reuses, qualified: string, line: number, why: string) {
  const at = reuses.add(qualified, "reuse", why);
  const c = ctx.chunk(qualified);
  if (at === undefined || !c) return at;
  const item = ev.items[at];
  if (item && item.end_line < line) {
    const extra = ev.add({ path: c.path, start_line: line, end_line: line });
    const r = reuses.items.find((x) => x.component === qualified);
    if (extra !== undefined && r && !r.evidence.includes(extra)) r.evidence.push(extra);
  }
  return at;
}

// ---------------------------------------------------------------- state

function stateCandidates(ctx: Context): Candidate[] {
  const out: Candidate[] = [];
  for (const e of ctx.map.entities) {
    for (const f of e.fields) {
      const en = ctx.chunk(f.type);
      if (en?.kind !== "enum") continue;
      const table = ctx.rules.filter(
        (r) => r.kind === "state_transition" && cls(r.symbol) === f.type && r.from?.length,
      );
      const setters = ctx.rules.filter(
        (r) =>
          r.kind === "state_transition" && r.symbol.startsWith(`${e.name}.`) && !r.from?.length && r.to?.length === 1,
      );
      if (table.length > 0) {
        const incoming = (s: string) => table.filter((r) => r.to?.includes(s)).length;
        for (const r of table)
          for (const b of r.to ?? [])
            if (incoming(b) === 1 && r.from?.length === 1)
              out.push(tableState(e, f.name, f.type, r, b, table, setters));
      } else if (setters.length > 0) out.push(setState(e, f.name, f.type, setters));
    }
  }
  return out;
}

function newState(r: () => number, taken: Set<string>): string {
  const start = Math.floor(r() * T.NEW_STATES.length);
  for (let i = 0; i < T.NEW_STATES.length; i++) {
    const n = T.NEW_STATES[(start + i) % T.NEW_STATES.length] as string;
    if (!taken.has(n)) return n;
  }
  return "ON_HOLD_2";
}

function statusColumn(
  ctx: Context,
  ev: EvidenceSet,
  e: Entity,
  field: string,
  n: string,
): [string, number] | undefined {
  const t = ctx.table(e);
  const col = t?.columns.find((c) => c.name === snake(field));
  if (!t || !col) return undefined;
  const at = ev.add({ path: t.path, start_line: col.line, end_line: col.line });
  if (at === undefined) return undefined;
  const width = Number(/\((\d+)\)/.exec(col.type)?.[1] ?? 0);
  const fits = width === 0 || n.length <= width;
  return [
    `${t.name}.${col.name} is ${col.type}: ${n} (${n.length} characters) ${fits ? "fits, so no column change is needed" : "does not fit: widen the column in a migration first"}; no backfill, existing rows keep their status.`,
    at,
  ];
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
    build: (r, ctx, ev) => {
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
        storage: col ? [col[0]] : [],
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
        ...(col ? [{ text: `The status column ${col[0].split(":")[0]}.`, evidence: [col[1]] }] : []),
        ...(riskEv.length
          ? [
              {
                text: "Collect the checks and transaction boundaries the new state touches.",
                evidence: present(riskEv),
              },
            ]
          : []),
      ];
      const req = pick(T.STATE_REQUIREMENTS, r)(e.name, a, b, n);
      return { requirement: req, proposal, reuses: reuses.items, trace };
    },
  };
}

function setState(e: Entity, field: string, en: string, setters: BusinessRule[]): Candidate {
  return {
    family: "state",
    source_id: `${e.name}.${field}:set`,
    domain: e.name,
    build: (r, ctx, ev) => {
      const states = setters.map((s) => s.to?.[0] as string);
      const n = newState(r, new Set(states));
      const reuses = new Reuses(ctx, ev);
      const iEnum = reuses.add(en, "extend", `holds the ${e.name} states; ${n} is one more constant`);
      const setterEv = setters
        .slice(0, 2)
        .map((s) => reuses.add(s.symbol, "reuse", `the pattern for the new state change: it only assigns the status`));
      const helpers = ctx.methodsOf(en);
      const callers = setters.flatMap((s) => ctx.callers(s.symbol)).slice(0, 2);
      const callerEv = callers.map((c) =>
        reuses.add(c, "extend", `decides when ${T.article(e.name)} ${e.name} changes state; it must know about ${n}`),
      );
      const col = statusColumn(ctx, ev, e, field, n);
      const risks = helpers.map(
        (h) => `Decide whether ${n} counts for ${q(h.qualified)}; every caller of it changes behaviour otherwise.`,
      );
      for (const c of callers) {
        const tx = txRisk(ctx, ev, c, `the change to ${n} must commit with the rest of its work.`);
        if (tx) risks.push(tx[0]);
      }
      if (risks.length === 0) risks.push(`Code that switches over ${q(en)} values must handle ${n}.`);
      return {
        requirement: pick(T.STATE_SET_REQUIREMENTS, r)(e.name, list(states), n),
        proposal: {
          summary: `Add new enum value \`${en}.${n}\` and a \`markOnHold()\`-style method on ${q(e.name)} next to ${list(setters.map((s) => q(s.symbol)))}, reusing how they assign the status.`,
          api_changes: [],
          domain_model_changes: [`${q(en)}: add ${n}.`, `${q(e.name)}: one method that moves the status to ${n}.`],
          storage: col ? [col[0]] : [],
          workflow: callers.map((c) => `${q(c)} checks for ${n} before acting on ${T.article(e.name)} ${e.name}.`),
          risks,
        },
        reuses: reuses.items,
        trace: [
          {
            text: `${q(en)} lists the states; ${q(e.name)} sets them in ${list(setters.map((s) => q(s.symbol)))}.`,
            evidence: present([iEnum, ...setterEv]),
          },
          ...(callers.length
            ? [{ text: `The state changes are driven by ${list(callers.map(q))}.`, evidence: present(callerEv) }]
            : []),
          ...(col ? [{ text: "The status is stored as text.", evidence: [col[1]] }] : []),
        ],
      };
    },
  };
}

// ---------------------------------------------------------------- endpoint

function mergedSteps(flows: Flow[]): FlowStep[] {
  const seen = new Map<string, FlowStep>();
  for (const f of flows) for (const s of f.steps) if (!s.inherited && !seen.has(s.qualified)) seen.set(s.qualified, s);
  return [...seen.values()];
}

function endpointCandidates(ctx: Context): Candidate[] {
  const groups = new Map<string, Flow[]>();
  for (const f of ctx.map.flows) {
    const head = f.steps[0]?.qualified;
    if (f.entry.kind !== "http" || !head || !f.entry.route) continue;
    groups.set(head, [...(groups.get(head) ?? []), f]);
  }
  const out: Candidate[] = [];
  for (const [head, flows] of groups) {
    const entry = flows[0]?.entry;
    if (!entry?.route) continue;
    const verb = entry.method ?? "GET";
    const variants = verb === "GET" ? T.ENDPOINT_VARIANTS.read : T.ENDPOINT_VARIANTS.write;
    for (const v of variants) {
      out.push({
        family: "endpoint",
        source_id: `${head}:${v.key}`,
        domain: ctx.moduleOf(flows[0]?.steps[0]?.path ?? ""),
        build: (_r, ctx, ev) => {
          const steps = mergedSteps(flows);
          const reuses = new Reuses(ctx, ev);
          const route = entry.route as string;
          const indexed = steps.filter((s) => ctx.chunk(s.qualified));
          const stepEv = indexed
            .slice(0, 5)
            .map((s, i) =>
              reuses.add(
                s.qualified,
                i === 0 ? "extend" : "reuse",
                i === 0
                  ? "the new handler lives beside it and shares its request mapping"
                  : `called unchanged${v.key === "bulk" ? " once per item" : ""}`,
              ),
            );
          const repoSteps = steps.filter((s) => !ctx.chunk(s.qualified)).slice(0, 2);
          const repoEv = repoSteps.map((s) => ev.add(s));
          const service = steps[1]?.qualified;
          const risks: string[] = [];
          const riskEv: number[] = [];
          const tx = service
            ? txRisk(
                ctx,
                ev,
                service,
                v.key === "bulk"
                  ? "decide between one transaction per item (partial success) and one for the whole batch (all or nothing)."
                  : v.key === "preview"
                    ? "a dry run can run inside it and roll back at the end, so every check sees real data."
                    : "the new query can share its read-only boundary.",
              )
            : undefined;
          if (tx) {
            risks.push(tx[0]);
            riskEv.push(...tx[1]);
          }
          for (const g of steps.flatMap((s) => ctx.rulesOf(s.qualified, "guard")).slice(0, 2)) {
            riskEv.push(...ev.rule(g));
            risks.push(
              `${q(g.symbol)} can refuse an item (${q(g.condition ?? "")}${g.exception ? `, ${q(g.exception)}` : ""}); the response must report it per item.`,
            );
          }
          const locked = steps.find((s) => /ForUpdate$/.test(s.qualified));
          if (locked)
            risks.push(
              v.key === "bulk"
                ? `${q(locked.qualified)} takes row locks: process items in a stable order (sorted keys) so that concurrent batches cannot deadlock.`
                : `${q(locked.qualified)} takes row locks even in a ${v.key === "preview" ? "dry run" : "read"}; keep the call short or read without the lock.`,
            );
          if (risks.length === 0) risks.push(`The new endpoint must return the same error format as ${q(head)}.`);
          const api =
            v.key === "bulk"
              ? `new endpoint \`${verb} ${route.replace(/\/$/, "")}/bulk\` taking a list of the payloads ${q(head)} accepts and returning one result per item.`
              : v.key === "preview"
                ? `${verb} ${route} accepts \`dryRun=true\`: same validation as ${q(head)}, nothing persisted, the would-be result returned.`
                : v.key === "export"
                  ? `new endpoint \`GET ${route.replace(/\/$/, "")}/export\` with from/to parameters, streaming text/csv rows of what ${q(head)} returns.`
                  : `${verb} ${route} accepts page, size and sort parameters; ${q(head)} keeps its current response when they are absent.`;
          const names = steps.map((s) => q(s.qualified));
          return {
            requirement: v.requirement(verb, route),
            proposal: {
              summary: `Keep ${q(head)} as it is and build the ${v.key} variant on the same chain (${list(names.slice(1, 4))}), so every existing check and the persistence path are reused instead of re-implemented.`,
              api_changes: [api],
              domain_model_changes: [],
              storage: repoSteps.length
                ? [
                    v.key === "export" || v.key === "filter"
                      ? `No schema change: ${list(repoSteps.map((s) => q(s.qualified)))} already serve the query; add an index only if the new filter is slow.`
                      : `No schema change: the chain already reaches storage through ${list(repoSteps.map((s) => q(s.qualified)))}.`,
                  ]
                : [],
              workflow: names.map((n, i) => `${i + 1}. ${n}${i === 0 ? " (entry)" : ""}`),
              risks,
            },
            reuses: reuses.items,
            trace: [
              { text: `${verb} ${route} enters at ${q(head)}.`, evidence: present(stepEv.slice(0, 1)) },
              {
                text: `The chain continues through ${list(names.slice(1))}.`,
                evidence: present([...stepEv.slice(1), ...repoEv]),
              },
              ...(riskEv.length
                ? [{ text: "Check the transaction boundary and the guards on the chain.", evidence: present(riskEv) }]
                : []),
            ],
          };
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- config

function configCandidates(ctx: Context): Candidate[] {
  return ctx.rules
    .filter(
      (x) => x.kind === "policy_constant" && x.evidence.length > 0 && (x.config_key || POLICY_NAME.test(x.symbol)),
    )
    .map((rule) => ({
      family: "config",
      source_id: rule.symbol,
      domain: rule.domain,
      build: (r, ctx, ev) => {
        const member = rule.symbol.split(".").at(-1) as string;
        const owner = rule.symbol.includes(".") ? cls(rule.symbol) : undefined;
        const reuses = new Reuses(ctx, ev);
        const iDecl = ev.rule(rule);
        const iOwner = owner
          ? reuses.add(owner, "extend", `declares ${q(member)}; the per-segment lookup belongs here`)
          : undefined;
        // Bound properties are read through their getter; plain constants by name.
        const used = rule.config_key ? `get${cap(member)}` : member;
        const users = usersOf(ctx, used, rule.evidence[0]?.path).filter(
          (u) => cls(u.qualified) !== owner || !rule.config_key,
        );
        // A value nobody reads in code (e.g. only a scheduler expression) has no per-segment meaning.
        if (users.length === 0) return undefined;
        const userEv = users
          .slice(0, 3)
          .map((u) =>
            citeUse(
              ctx,
              ev,
              reuses,
              u.qualified,
              u.line,
              `reads ${q(used)} today; it will ask for the value of the caller's segment instead`,
            ),
          );
        const seg = pick(hasCustomers(ctx) ? T.SEGMENTS : T.GENERIC_SEGMENTS, r);
        const customer = seg === "customer tier" ? ctx.map.entities.find((e) => CUSTOMER.test(e.name)) : undefined;
        const ct = customer ? ctx.table(customer) : undefined;
        const iCustomer = customer ? ev.add(customer) : undefined;
        const what = rule.config_key ? q(rule.config_key) : q(rule.symbol);
        const value = rule.value ?? "the current value";
        const risks = [
          `The default must stay ${value} so that every ${seg} without an override behaves exactly as today.`,
          ...users.slice(0, 2).flatMap((u) => {
            const tx = txRisk(
              ctx,
              ev,
              u.qualified,
              "read the segment's value once per call so that one request never mixes two limits.",
            );
            return tx ? [tx[0]] : [];
          }),
        ];
        return {
          requirement: pick(T.CONFIG_REQUIREMENTS, r)(what, value, seg),
          proposal: {
            summary: `Replace the single value of ${q(rule.symbol)} with a lookup by ${seg} that falls back to ${value}${users.length ? `, and let ${list(users.slice(0, 3).map((u) => q(u.qualified)))} ask for the value of the current ${seg}` : ""}.`,
            api_changes: [],
            domain_model_changes: customer
              ? [`${q(customer.name)}: new field \`tier\` (default tier keeps ${value}).`]
              : [],
            storage: [
              rule.config_key
                ? `Configuration: keep ${q(rule.config_key)} as the default and add a map of overrides beside it, keyed by ${seg}.`
                : `Configuration: a new key with the default ${value} and a map of overrides keyed by ${seg}.`,
              ...(ct ? [`Migration: add column tier to ${ct.name}, backfilled with the default tier.`] : []),
            ],
            workflow: [
              `Resolve the ${seg} of the request.`,
              `Look up the value for that ${seg}, falling back to ${value}.`,
              ...users.slice(0, 3).map((u) => `${q(u.qualified)} applies it where it used ${q(used)}.`),
            ],
            risks,
          },
          reuses: reuses.items,
          trace: [
            {
              text: `${q(rule.symbol)} is ${value}${rule.config_key ? `, bound to ${q(rule.config_key)}` : ""}.`,
              evidence: present([...iDecl, iOwner]),
            },
            ...(users.length
              ? [
                  {
                    text: `It is read by ${list(users.slice(0, 3).map((u) => q(u.qualified)))}.`,
                    evidence: present(userEv),
                  },
                ]
              : []),
            ...(customer
              ? [{ text: `${q(customer.name)} is where a tier would live.`, evidence: present([iCustomer]) }]
              : []),
          ],
        };
      },
    }));
}

// ---------------------------------------------------------------- guard

function guardCandidates(ctx: Context): Candidate[] {
  return ctx.rules
    .filter((x) => x.kind === "guard" && x.condition && x.exception && x.evidence.length > 0 && ctx.chunk(x.symbol))
    .map((rule) => ({
      family: "guard",
      source_id: rule.id,
      domain: rule.domain,
      build: (r, ctx, ev) => {
        const mode = r() < 0.5 ? "relax" : "tighten";
        const business = hasCustomers(ctx);
        const who = pick(business ? T.PRIVILEGED : T.GENERIC_PRIVILEGED, r);
        const risky = business ? "accounts flagged as risky" : "untrusted input";
        const reuses = new Reuses(ctx, ev);
        const iRule = ev.rule(rule);
        const iMethod = reuses.add(
          rule.symbol,
          "extend",
          `holds the check ${q(rule.condition ?? "")}; the segment decision goes right before it`,
        );
        const iEx = reuses.add(rule.exception as string, "reuse", `stays the error clients already handle`);
        const callers = ctx
          .callers(rule.symbol)
          .filter((c) => c !== rule.symbol)
          .slice(0, 2);
        const callerEv = callers.map((c) =>
          reuses.add(c, "reuse", `calls ${q(rule.symbol)}; it supplies who is asking`),
        );
        const table = `${snake(rule.domain || cls(rule.symbol)).replace(/[^a-z0-9_]/g, "_")}_policy_audit`;
        const risks = [
          `The audit row must be written even when ${q(rule.exception as string)} is thrown, so write it outside the failing unit of work or before throwing.`,
        ];
        for (const c of callers) {
          const tx = txRisk(ctx, ev, c, "an audit insert inside it would roll back together with the refusal.");
          if (tx) risks.push(tx[0]);
        }
        if (rule.message) risks.push(`Clients may parse the message "${rule.message}"; keep it unchanged.`);
        return {
          requirement: T.GUARD_REQUIREMENTS[mode](q(rule.symbol), q(rule.condition as string), who, risky),
          proposal: {
            summary: `Keep the check in ${q(rule.symbol)} and put a segment decision in front of it: ${mode === "relax" ? `${who} skip it` : `${risky} gets a stricter condition`}, everyone else still hits ${q(rule.condition as string)} and ${q(rule.exception as string)}. Every decision is recorded in an audit table.`,
            api_changes: [],
            domain_model_changes: [
              business
                ? `A segment flag on the account the caller already loads, read by ${q(rule.symbol)}.`
                : `An explicit trust flag passed to ${q(rule.symbol)} by its callers.`,
            ],
            storage: [`Migration: new table \`${table}\` (subject id, rule, decision, actor, reason, created_at).`],
            workflow: [
              ...callers.map((c) => `${q(c)} passes the caller's segment.`),
              `${q(rule.symbol)} decides: exempt, stricter, or today's check.`,
              `The decision is appended to \`${table}\`.`,
            ],
            risks,
          },
          reuses: reuses.items,
          trace: [
            {
              text: `${q(rule.symbol)} refuses when ${q(rule.condition as string)} and throws ${q(rule.exception as string)}.`,
              evidence: present([...iRule, iMethod]),
            },
            ...(iEx !== undefined
              ? [{ text: `${q(rule.exception as string)} is the error clients see.`, evidence: [iEx] }]
              : []),
            ...(callers.length ? [{ text: `Callers: ${list(callers.map(q))}.`, evidence: present(callerEv) }] : []),
          ],
        };
      },
    }));
}

// ---------------------------------------------------------------- scheduled

function scheduledCandidates(ctx: Context): Candidate[] {
  const groups = new Map<string, Flow[]>();
  for (const f of ctx.map.flows) {
    const head = f.steps[0]?.qualified;
    if (f.entry.kind === "scheduled" && head) groups.set(head, [...(groups.get(head) ?? []), f]);
  }
  return [...groups].flatMap(([head, flows]) =>
    T.SCHEDULED_VARIANTS.map((v) => ({
      family: "scheduled" as const,
      source_id: `${head}:${v.key}`,
      domain: ctx.moduleOf(flows[0]?.steps[0]?.path ?? ""),
      build: (_r: () => number, ctx: Context, ev: EvidenceSet): Body | undefined => {
        const steps = mergedSteps(flows);
        const reuses = new Reuses(ctx, ev);
        const stepEv = steps
          .filter((s) => ctx.chunk(s.qualified))
          .slice(0, 4)
          .map((s, i) =>
            reuses.add(
              s.qualified,
              i < 2 ? "extend" : "reuse",
              i === 0
                ? "the job stays the trigger"
                : i === 1
                  ? `does the work per item; ${v.key === "retry" ? "failures are caught here per item" : "it knows what changed"}`
                  : "called unchanged",
            ),
          );
        const key = /\$\{([^:}]+)/.exec(flows[0]?.entry.detail ?? "")?.[1];
        const cfg = key ? ctx.config(key) : undefined;
        const iCfg = cfg ? ev.add({ path: cfg.path, start_line: cfg.line, end_line: cfg.line }) : undefined;
        const service = steps[1]?.qualified;
        const risks: string[] = [];
        const tx = service
          ? txRisk(
              ctx,
              ev,
              service,
              v.key === "retry"
                ? "one failing item rolls back the whole sweep today; give each item its own transaction."
                : "send after commit, so that a rollback never leaves a message about a change that did not happen.",
            )
          : undefined;
        if (tx) risks.push(tx[0]);
        if (cfg)
          risks.push(
            `The job runs every ${cfg.value} ms (${q(cfg.key)}): ${v.key === "retry" ? "retries must finish well within one interval" : "a slow mail server must not delay the next run"}.`,
          );
        if (risks.length === 0) risks.push(`Runs of ${q(head)} may overlap; make the new work idempotent.`);
        const names = steps.map((s) => q(s.qualified));
        return {
          requirement: v.requirement(q(head)),
          proposal: {
            summary:
              v.key === "retry"
                ? `Wrap the per-item work of ${q(service ?? head)} in a bounded retry, record items that still fail, and leave the schedule of ${q(head)} as it is.`
                : `Publish an event for every item ${q(service ?? head)} changes and send the e-mail from a listener after commit; ${q(head)} itself is unchanged.`,
            api_changes: [],
            domain_model_changes: [],
            storage: [
              v.key === "retry"
                ? "Migration: new table `job_failures` (job, item id, attempts, last error, created_at)."
                : "Migration: new table `notifications_sent` (customer, item id, channel, sent_at).",
            ],
            workflow: names.map((n, i) => `${i + 1}. ${n}`),
            risks,
          },
          reuses: reuses.items,
          trace: [
            { text: `${q(head)} is scheduled${cfg ? ` by ${q(cfg.key)}` : ""}.`, evidence: present([stepEv[0], iCfg]) },
            { text: `It calls ${list(names.slice(1))}.`, evidence: present(stepEv.slice(1)) },
          ],
        };
      },
    })),
  );
}

// ---------------------------------------------------------------- computation

function computationCandidates(ctx: Context): Candidate[] {
  // Classes that hold business policy values (thresholds, fees, percentages), not plain helpers.
  const owners = new Set(
    ctx.rules.filter((x) => x.kind === "policy_constant" && POLICY_NAME.test(x.symbol)).map((x) => cls(x.symbol)),
  );
  const bySymbol = new Map<string, BusinessRule[]>();
  for (const x of ctx.rules)
    if (x.kind === "computation" && owners.has(cls(x.symbol)) && ctx.chunk(x.symbol) && !x.summary.includes("…"))
      bySymbol.set(x.symbol, [...(bySymbol.get(x.symbol) ?? []), x]);
  return [...bySymbol].map(([symbol, comps]) => ({
    family: "computation" as const,
    source_id: symbol,
    domain: comps[0]?.domain ?? "",
    build: (_r: () => number, ctx: Context, ev: EvidenceSet): Body | undefined => {
      const kind = /discount|promo|coupon/i.test(symbol)
        ? "discount"
        : /ship|fee|pric|tax/i.test(symbol)
          ? "fee"
          : "other";
      const reuses = new Reuses(ctx, ev);
      const iMethod = reuses.add(symbol, "extend", "the new branch goes next to the existing ones");
      const compEv = comps.flatMap((c) => ev.rule(c));
      const constants = ctx.rules.filter((x) => x.kind === "policy_constant" && cls(x.symbol) === cls(symbol));
      const constEv = constants.slice(0, 3).flatMap((c) => ev.rule(c));
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
        requirement: T.COMPUTATION_REQUIREMENTS[kind](q(symbol)),
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

// ---------------------------------------------------------------- field

function fieldCandidates(ctx: Context): Candidate[] {
  return ctx.map.entities
    .filter((e) => ctx.chunk(e.name) && (e.table || PERSISTENT.test(e.source)))
    .map((e) => ({
      family: "field" as const,
      source_id: e.name,
      domain: e.name,
      build: (r: () => number, ctx: Context, ev: EvidenceSet): Body | undefined => {
        const taken = new Set(e.fields.map((f) => f.name));
        const options = T.NEW_FIELDS.filter((f) => !taken.has(f.field) && !taken.has(f.column));
        if (options.length === 0) return undefined;
        const nf = pick(options, r);
        const python = e.path.endsWith(".py");
        const name = python ? nf.column : nf.field;
        const reuses = new Reuses(ctx, ev);
        const iEntity = reuses.add(
          e.name,
          "extend",
          `gets the new field next to ${list(e.fields.slice(0, 3).map((f) => q(f.name)))}`,
        );
        const repo = reuses.add(`${e.name}Repository`, "reuse", "persists the new column without changes");
        const dto = reuses.add(`${e.name}Response`, "extend", "exposes the field to clients");
        const t = ctx.table(e);
        const iTable = t ? ev.add(t) : undefined;
        const ddl = ctx.config("spring.jpa.hibernate.ddl-auto");
        const iDdl = ddl ? ev.add({ path: ddl.path, start_line: ddl.line, end_line: ddl.line }) : undefined;
        const version = e.fields.find((f) => f.name === "version");
        const iVersion = version
          ? ev.add({ path: e.path, start_line: version.line, end_line: version.line })
          : undefined;
        const risks: string[] = [];
        if (ddl)
          risks.push(
            `${q(ddl.key)} is ${ddl.value}: the column must exist before the code with the new field is deployed.`,
          );
        if (version)
          risks.push(
            `${q(`${e.name}.version`)} is the optimistic lock: run the backfill in batches with plain SQL so it does not race with live updates.`,
          );
        if (python && e.source === "dataclass")
          risks.push(
            `${q(e.name)} is a dataclass: give the new field a default so positional construction keeps working.`,
          );
        if (risks.length === 0)
          risks.push(`Readers of ${q(e.name)} must tolerate the field being absent on old records.`);
        return {
          requirement: pick(T.FIELD_REQUIREMENTS, r)(e.name, nf.purpose),
          proposal: {
            summary: `Add the field \`${name}\` to ${q(e.name)}${t ? ` and the column ${nf.column} to ${t.name}` : ""}, backfilled with ${nf.backfill}.`,
            api_changes:
              dto !== undefined ? [`${q(`${e.name}Response`)} gains \`${name}\`; older clients ignore it.`] : [],
            domain_model_changes: [`${q(e.name)}: field \`${name}\`${python ? "" : " with a getter"}.`],
            storage: t
              ? [
                  `Migration: ALTER TABLE ${t.name} ADD COLUMN ${nf.column} ${nf.sql}; backfill: ${nf.backfill}; schema.sql gets the same column.`,
                ]
              : [],
            workflow: [
              "Deploy the migration.",
              "Run the backfill.",
              `Deploy the code that reads and writes \`${name}\`.`,
            ],
            risks,
          },
          reuses: reuses.items,
          trace: [
            {
              text: `${q(e.name)} declares ${list(e.fields.slice(0, 4).map((f) => q(f.name)))}.`,
              evidence: present([iEntity]),
            },
            ...(t ? [{ text: `It is stored in the table ${t.name}.`, evidence: present([iTable]) }] : []),
            ...(repo !== undefined || dto !== undefined
              ? [{ text: "Persistence and API already go through these types.", evidence: present([repo, dto]) }]
              : []),
            ...(ddl || version
              ? [
                  {
                    text: `Deployment constraints: ${list([...(ddl ? ["schema validation at start-up"] : []), ...(version ? ["optimistic locking"] : [])])}.`,
                    evidence: present([iDdl, iVersion]),
                  },
                ]
              : []),
          ],
        };
      },
    }));
}

export function designCandidates(ctx: Context): Record<T.DesignFamily, Candidate[]> {
  return {
    state: stateCandidates(ctx),
    endpoint: endpointCandidates(ctx),
    config: configCandidates(ctx),
    guard: guardCandidates(ctx),
    scheduled: scheduledCandidates(ctx),
    computation: computationCandidates(ctx),
    field: fieldCandidates(ctx),
  };
}
