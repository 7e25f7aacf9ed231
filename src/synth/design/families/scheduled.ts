/** "scheduled" family: retries or notifications for a scheduled job. */
import type { Flow } from "../../map/index.js";
import { type Body, type Context, type EvidenceSet, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import { type Candidate, mergedSteps, txRisk } from "./shared.js";

export function scheduledCandidates(ctx: Context): Candidate[] {
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
      wording: `scheduled:${v.key}`,
      build: (_r: () => number, ctx: Context, ev: EvidenceSet, turn: number): Body | undefined => {
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
          requirement: T.nth(v.requirements, turn)(q(head)),
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
