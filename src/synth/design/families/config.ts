/** "config" family: a fixed policy value that becomes configurable per segment. */
import { type Context, cls, type EvidenceSet, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, CUSTOMER, configUse, hasCustomers, POLICY_NAME, txRisk } from "./shared.js";

const cap = (s: string) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;

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

export function configCandidates(ctx: Context): Candidate[] {
  return ctx.rules
    .filter(
      (x) => x.kind === "policy_constant" && x.evidence.length > 0 && (x.config_key || POLICY_NAME.test(x.symbol)),
    )
    .map((rule) => ({
      family: "config",
      source_id: rule.symbol,
      domain: rule.domain,
      build: (_r, ctx, ev, turn) => {
        const member = rule.symbol.split(".").at(-1) as string;
        const owner = rule.symbol.includes(".") ? cls(rule.symbol) : undefined;
        const reuses = new Reuses(ctx, ev);
        const iDecl = ev.rule(rule);
        const iOwner = owner
          ? reuses.add(owner, "extend", `declares ${q(member)}; the per-segment lookup belongs here`)
          : undefined;
        // Bound properties are read through their getter; plain constants by name.
        let used = rule.config_key ? `get${cap(member)}` : member;
        let users = usersOf(ctx, used, rule.evidence[0]?.path).filter(
          (u) => cls(u.qualified) !== owner || !rule.config_key,
        );
        // A key read by name (`maxWeightKg: config.get("parcel.max-weight-kg")`) is used under that property.
        const use = users.length === 0 && rule.config_key ? configUse(ctx, rule.config_key) : undefined;
        const iReader =
          use?.property && use.symbol
            ? citeUse(
                ctx,
                ev,
                reuses,
                use.symbol,
                use.line,
                `reads ${q(rule.config_key as string)} by name into ${q(use.property)}; it loads the overrides beside it`,
              )
            : undefined;
        if (use?.property && iReader !== undefined) {
          used = use.property;
          users = usersOf(ctx, used).filter((u) => u.qualified !== use.symbol);
        }
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
        const seg = T.nth(hasCustomers(ctx) ? T.SEGMENTS : T.GENERIC_SEGMENTS, turn, T.CONFIG_REQUIREMENTS.length);
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
          requirement: T.nth(T.CONFIG_REQUIREMENTS, turn)(what, value, seg),
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
              text: `${q(rule.symbol)} is ${value}${rule.config_key && rule.config_key !== rule.symbol ? `, bound to ${q(rule.config_key)}` : ""}.`,
              evidence: present([...iDecl, iOwner]),
            },
            ...(use?.property && iReader !== undefined
              ? [
                  {
                    text: `${q(use.symbol)} reads it by name into ${q(use.property)}.`,
                    evidence: [iReader],
                  },
                ]
              : []),
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
