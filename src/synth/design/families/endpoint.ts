/** "endpoint" family: a bulk, dry-run, export or filtered variant of an HTTP entry point. */
import type { Flow } from "../../map/index.js";
import { type Context, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, mergedSteps, txRisk } from "./shared.js";

export function endpointCandidates(ctx: Context): Candidate[] {
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
        wording: `endpoint:${v.key}`,
        build: (_r, ctx, ev, turn) => {
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
            requirement: T.nth(v.requirements, turn)({ verb, route, handler: q(head) }),
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
