import type { Manifest } from "../../core/manifest.js";

/**
 * The dataset card (`<output>/README.md`): what the data is, how it was made and how to read
 * it. Its YAML header is the Hugging Face dataset-card format, so `load_dataset` on the folder
 * (or a Hub upload of it) finds the data files as they are.
 */
export function renderDatasetCard(m: Manifest): string {
  const data = m.outputs.data;
  const metaColumns = data.metadata_fields ?? {};
  const ext = data.format === "parquet" ? "parquet" : data.compression === "none" ? "jsonl" : "jsonl.*";
  const glob = data.partition_by.length > 0 ? `data/**/*.${ext}` : `data/*.${ext}`;
  const c = m.counts;
  const columns = [
    ["id", "string", "stable record id"],
    ["text", "string", "the content"],
    ["source", "string", "recipe input the record came from"],
    ["path", "string", "path relative to the input root (files, repositories)"],
    ["repo", "string", "repository name, when the record comes from one"],
    ...Object.entries(metaColumns)
      .filter(([k]) => !data.partition_by.includes(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, t]) => [k, t, KNOWN_FIELDS[k] ?? "metadata field"]),
    ...(data.score_fields?.length
      ? [["scores", "struct of double", `operator scores: ${data.score_fields.join(", ")}`]]
      : []),
    ["tags", "list of string", "labels added by operators"],
    ["refined_by", "list of string", "ids of the operators that rewrote the record"],
    ["generated_by", "string", "id of the operator that created the record"],
    ...data.partition_by.map((p) => [p, "string (folder name)", "hive partition: in the path, not in the files"]),
  ];
  const ops = m.stages.flatMap((s) =>
    s.operators.map(
      (o) => `| ${s.name} | \`${o.id}\` | ${o.op} ${o.version} | ${o.in} | ${o.out} | ${o.dropped} | ${o.errored} |`,
    ),
  );
  return `---
pretty_name: ${m.recipe.name}
configs:
- config_name: default
  data_files:
  - split: train
    path: ${glob}
---

# ${m.recipe.name}

Made by [Smelt](https://www.npmjs.com/package/smelt) ${m.smelt_version}${m.smelt_revision ? ` (${m.smelt_revision.slice(0, 12)})` : ""} from recipe \`${m.recipe.name}\` (config hash \`${m.recipe.config_hash}\`, seed ${m.recipe.seed}), finished ${m.finished_at}.
\`manifest.json\` beside this card has every count, operator version and parameter.

## Contents

- **${c.output}** records kept in ${data.files.length} ${data.format} file(s) under \`data/\` (${data.compression})${data.partition_by.length ? `, partitioned by ${data.partition_by.map((p) => `\`${p}\``).join(", ")}` : ""}.
- ${c.input} input records: ${c.output} kept, ${c.dropped} dropped, ${c.errored} errored${c.generated ? `, ${c.generated} generated` : ""}.${m.outputs.dropped ? " Dropped records, with `dropped_by` and `drop_reason`, are under `dropped/`." : ""}${m.outputs.errored ? " Inputs that could not be read are under `errored/`." : ""}

| column | type | meaning |
| --- | --- | --- |
${columns.map(([n, t, d]) => `| ${n} | ${t} | ${d} |`).join("\n")}

## Processing

| stage | operator | op | in | out | dropped | errored |
| --- | --- | --- | ---: | ---: | ---: | ---: |
${ops.join("\n")}

${sensitiveSection(m)}

${readingSection(data.format, glob)}`;
}

/** Meanings of metadata columns the safety operators write, for the column table. */
const KNOWN_FIELDS: Record<string, string> = {
  redactions: "what `redact` replaced: `kind:type:action@start-end` (offsets in `text`), never the value",
  secret_types: "secret rules that matched (detect_secrets)",
  secret_findings: "secrets found: `rule@line:column#fingerprint` (detect_secrets)",
  pii_types: "personal-data types found (detect_pii)",
  pii_findings: "personal data found: `type@line:column#fingerprint` (detect_pii)",
  prompt: "synthesized sample: the user turn (question or requirement)",
  response: "synthesized sample: the assistant turn (answer or design proposal, with `Sources:`)",
  evidence: "synthesized sample: JSON list of {path, start_line, end_line, snippet} (lines 1-based, inclusive)",
  sample: "synthesized sample: the whole sample as JSON (reasoning_trace, reuses, metadata)",
  sample_id: "synthesized sample: stable id from the planned source (rule, flow, entity, config, design family)",
  synth_reasons: "why a draft was rejected (empty for kept samples)",
  repo_root: "absolute folder of the repository (repositories reader)",
};

const SAFETY_OPS = new Set(["redact", "detect_secrets", "detect_pii"]);

/** Whether and how the data was checked for secrets and personal data: a reader must not have to guess. */
function sensitiveSection(m: Manifest): string {
  const ops = m.stages.flatMap((s) => s.operators).filter((o) => SAFETY_OPS.has(o.op));
  if (ops.length === 0) {
    return "## Secrets and personal data\n\nThis recipe ran no `redact`, `detect_secrets` or `detect_pii` operator: the data was **not** checked for credentials or personal data (`smelt scan` can check it now).";
  }
  const lines = ops.map((o) => {
    const p = o.params as Record<string, unknown>;
    if (o.op === "redact") {
      const what = [p.secrets !== false ? "secrets" : "", p.pii !== false ? "personal data" : ""].filter(Boolean);
      const actions = Object.entries((p.actions ?? {}) as Record<string, string>);
      const how = actions.length
        ? actions.map(([k, v]) => `${k}: ${v}`).join(", ")
        : "every finding replaced by a typed placeholder";
      return `- \`${o.id}\` (redact ${o.version}): ${what.join(" and ")} — ${how}${o.dropped ? `; ${o.dropped} record(s) dropped` : ""}. The \`redactions\` column says what was replaced where.`;
    }
    const mode = p.mode === "filter" ? `records with findings dropped (${o.dropped})` : "findings listed per record";
    return `- \`${o.id}\` (${o.op} ${o.version}): ${mode}.`;
  });
  return `## Secrets and personal data\n\n${lines.join("\n")}\n\nDetectors: docs/safety.md of Smelt ${m.smelt_version}. Detection is not perfect; see its measured recall before publishing.`;
}

function readingSection(format: string, glob: string): string {
  const fence = "```";
  if (format === "parquet") {
    return `## Reading

${fence}python
import pandas as pd
df = pd.read_parquet("data")                       # partition columns come from the folder names

import duckdb
duckdb.sql("SELECT * FROM read_parquet('data/**/*.parquet', hive_partitioning = true)")

from datasets import load_dataset
ds = load_dataset("parquet", data_files="${glob}")  # datasets does not add partition columns
${fence}
`;
  }
  return `## Reading

${fence}python
import duckdb
duckdb.sql("SELECT * FROM read_json('${glob}', hive_partitioning = true)")

from datasets import load_dataset
ds = load_dataset("json", data_files="${glob}")     # datasets does not add partition columns
${fence}
`;
}
