/** "field" family: a new field on a stored entity, with its migration and backfill. */
import { type Body, type Context, type EvidenceSet, list, present, q, Reuses } from "../context.js";
import * as T from "../requirements.js";
import type { Candidate } from "./shared.js";

/** Entities that are stored (a table, or a persistence framework), not plain value types. */
const PERSISTENT = /entity|table|pydantic|sqlalchemy|typeorm|django|orm/i;

export function fieldCandidates(ctx: Context): Candidate[] {
  return ctx.map.entities
    .filter((e) => ctx.chunk(e.name) && (e.table || PERSISTENT.test(e.source)))
    .map((e) => ({
      family: "field" as const,
      source_id: e.name,
      domain: e.name,
      build: (_r: () => number, ctx: Context, ev: EvidenceSet, turn: number): Body | undefined => {
        const taken = new Set(e.fields.map((f) => f.name));
        const options = T.NEW_FIELDS.filter((f) => !taken.has(f.field) && !taken.has(f.column));
        if (options.length === 0) return undefined;
        const nf = T.nth(options, turn);
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
          requirement: T.nth(T.FIELD_REQUIREMENTS, turn, T.NEW_FIELDS.length)(e.name, nf.purpose),
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
