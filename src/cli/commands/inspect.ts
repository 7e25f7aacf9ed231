import type { Command } from "commander";
import { type Inspection, inspectOutput } from "../../inspect/inspect.js";
import { readSynthManifest, renderSynthInspection } from "../../synth/inspect.js";
import { positiveInt } from "../options.js";
import { renderTable } from "../table.js";

export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description("Show what an output folder holds: counts, schema, partitions, drop reasons and sample records.")
    .argument("<output>", "an output folder written by `smelt run` or `smelt synth`")
    .option("-n, --samples <n>", "number of sample records", positiveInt("--samples"), 3)
    .option("--json", "print the inspection as JSON")
    .action(async (output: string, flags: { samples: number; json?: boolean }) => {
      const synth = await readSynthManifest(output);
      if (synth) {
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(synth, null, 2)}\n`
            : await renderSynthInspection(output, synth, flags.samples),
        );
        return;
      }
      const report = await inspectOutput(output, { samples: flags.samples });
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(renderInspection(report));
    });
}

function clip(v: unknown, n: number): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  const flat = (s ?? "").replace(/\s+/g, " ");
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

export function renderInspection(r: Inspection): string {
  const m = r.manifest;
  const c = m.counts;
  const out: string[] = [
    `${r.dir}  (recipe ${m.recipe.name}, config ${m.recipe.config_hash}, finished ${m.finished_at})`,
    "",
    `records: ${c.input} in -> ${c.output} kept, ${c.dropped} dropped, ${c.errored} errored`,
    `data:    ${m.outputs.data.files.length} ${m.outputs.data.format} file(s), ${m.outputs.data.rows} rows` +
      (m.outputs.data.partition_by.length ? `, partitioned by ${m.outputs.data.partition_by.join(", ")}` : ""),
  ];
  for (const p of r.partitions) {
    const shown = p.values.slice(0, 15).map((v) => [v.value, String(v.rows)]);
    const rest = p.values.slice(15).reduce((a, v) => a + v.rows, 0);
    if (rest > 0) shown.push([`(${p.values.length - 15} more)`, String(rest)]);
    out.push("", renderTable([p.column, "rows"], shown));
  }
  if (r.topDropRules.length) {
    out.push(
      "",
      "top drop reasons:",
      renderTable(
        ["dropped_by", "rule", "count"],
        r.topDropRules.slice(0, 10).map((d) => [d.dropped_by, d.rule, String(d.count)]),
      ),
    );
  }
  if (r.dropExamples.length) {
    out.push(
      "",
      "example drops:",
      renderTable(
        ["dropped_by", "drop_reason", "path"],
        r.dropExamples.map((d) => [d.dropped_by, clip(d.drop_reason, 60), clip(d.path ?? "", 50)]),
      ),
    );
  }
  if (r.redactions.length) {
    const total = r.redactions.reduce((n, x) => n + x.count, 0);
    out.push(
      "",
      `redactions in kept records: ${total}`,
      renderTable(
        ["kind", "type", "action", "count", "records"],
        r.redactions.map((x) => [x.kind, x.type, x.action, String(x.count), String(x.records)]),
      ),
    );
  }
  for (const c of r.clusters) {
    const side = (label: string, x: { id: string; path: string | null; text: string | null } | null) =>
      x
        ? `  ${label} ${x.id}${x.path ? ` (${x.path})` : ""}: ${x.text === null ? "(text not in the output)" : clip(x.text, 110)}`
        : "";
    out.push(
      "",
      `near-duplicate cluster ${c.cluster_id} of ${c.op}: ${c.size} records, similarity to the kept one >= ${c.min_similarity}`,
      side("kept   ", c.kept),
      side("dropped", c.dropped),
    );
  }
  if (r.schema.length) {
    out.push(
      "",
      "schema:",
      renderTable(
        ["column", "type"],
        r.schema.map((s) => [s.column, s.type]),
      ),
    );
  }
  if (r.samples.length) {
    out.push("", "samples:");
    for (const s of r.samples) {
      const head = ["id", "source", "repo", "path"].map((k) => `${k}=${clip(s[k] ?? "", 40)}`).join("  ");
      out.push(`- ${head}`, `  ${clip(s.text, 160)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
