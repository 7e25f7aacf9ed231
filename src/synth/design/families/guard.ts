/** "guard" family: relax or tighten an existing check for one segment, with an audit trail. */
import { type Context, cls, list, present, q, Reuses, snake } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, hasCustomers, txRisk } from "./shared.js";

/** Longer messages would dominate the requirement; the proposal's risks still quote them. */
const MAX_MESSAGE = 80;

export function guardCandidates(ctx: Context): Candidate[] {
  return ctx.rules
    .filter((x) => x.kind === "guard" && x.condition && x.exception && x.evidence.length > 0 && ctx.chunk(x.symbol))
    .map((rule) => ({
      family: "guard",
      source_id: rule.id,
      domain: rule.domain,
      target: rule.symbol,
      build: (_r, ctx, ev, turn) => {
        const wording = T.nth(T.GUARD_REQUIREMENTS, turn);
        const mode = wording.mode;
        const business = hasCustomers(ctx);
        // Turns more slowly than the wording, so a template that comes back names someone else.
        const who = T.nth(business ? T.PRIVILEGED : T.GENERIC_PRIVILEGED, turn, T.GUARD_REQUIREMENTS.length);
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
          requirement: wording.text({
            method: q(rule.symbol),
            cond: q(rule.condition as string),
            exception: q(rule.exception as string),
            file: q(rule.evidence[0]?.path ?? ""),
            said: rule.message && rule.message.length <= MAX_MESSAGE ? ` ("${rule.message}")` : "",
            who,
            risky,
          }),
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
