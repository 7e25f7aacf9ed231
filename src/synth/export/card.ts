/**
 * The dataset card (`<outDir>/README.md`) of a `smelt synth` export: Hugging Face YAML header
 * (so `load_dataset` on the folder finds the splits), provenance, counts, split and how to train.
 */
import { stringify } from "yaml";
import { dataFile } from "./formats.js";
import { isDesign } from "./render.js";
import type { ExportFormat, ExportInfo, SplitStats, SynthSample } from "./types.js";

export interface CardInput {
  info: ExportInfo;
  formats: readonly ExportFormat[];
  train: readonly SynthSample[];
  validation: readonly SynthSample[];
  split: SplitStats;
  /** The split's seed and requested validation fraction. */
  split_seed: number;
  validation_fraction: number;
  slug: string;
  include_reasoning: boolean;
  include_citations: boolean;
  system_prompt?: string;
}

function sizeCategory(n: number): string {
  if (n < 1_000) return "n<1K";
  if (n < 10_000) return "1K<n<10K";
  if (n < 100_000) return "10K<n<100K";
  return "100K<n<1M";
}

/** The card's data files: messages when exported (the chat format every trainer reads), else the first format. */
export function cardFormat(formats: readonly ExportFormat[]): ExportFormat {
  return formats.includes("messages") ? "messages" : (formats[0] as ExportFormat);
}

export function frontMatter(c: CardInput) {
  const f = cardFormat(c.formats);
  const dataFiles = [{ split: "train", path: `export/${dataFile("train", f)}` }];
  if (c.validation.length) dataFiles.push({ split: "validation", path: `export/${dataFile("validation", f)}` });
  return {
    pretty_name: `${c.info.repo} repository SFT (smelt synth)`,
    license: "other",
    license_name: "same-as-source-repository",
    task_categories: ["question-answering", "text-generation"],
    language: ["en"],
    tags: ["code", "synthetic", "sft", "smelt"],
    size_categories: [sizeCategory(c.train.length + c.validation.length)],
    configs: [{ config_name: "default", data_files: dataFiles }],
  };
}

const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

function kindRows(train: readonly SynthSample[], validation: readonly SynthSample[]): (string | number)[][] {
  const kinds = new Map<string, [number, number]>();
  for (const [side, xs] of [[0, train] as const, [1, validation] as const])
    for (const s of xs) {
      const k = kinds.get(s.metadata.kind) ?? [0, 0];
      k[side]++;
      kinds.set(s.metadata.kind, k);
    }
  return [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, [t, v]]) => [k, t, v, t + v]);
}

export function renderCard(c: CardInput): string {
  const { info, split } = c;
  const counts = Object.entries(info.counts).sort(([a], [b]) => a.localeCompare(b));
  const rejected = counts.filter(([k]) => k.startsWith("rejected:"));
  const other = counts.filter(([k]) => !k.startsWith("rejected:"));
  // LLaMA-Factory's example: its native sharegpt form when exported.
  const lf = c.formats.includes("sharegpt") ? "sharegpt" : cardFormat(c.formats);
  const designs = [...c.train, ...c.validation].filter(isDesign).length;
  const files = c.formats.map((f) => `\`export/${dataFile("train", f)}\``).join(", ");
  const splitText = c.validation.length
    ? `Samples are grouped by the evidence ${split.by === "file" ? "files" : "modules"} they cite; groups that share a ${split.by} are merged (${split.groups} groups), and whole groups are drawn for validation with seed ${c.split_seed} until about ${Math.round(c.validation_fraction * 100)}% of the samples. **No evidence ${split.by} appears in both train and validation.**`
    : `Everything is in train: ${split.note ?? "no validation was requested"}.`;
  return `---
${stringify(frontMatter(c)).trimEnd()}
---

# ${info.repo}: repository-grounded SFT data

Question/answer${designs ? " and design-proposal" : ""} samples about the code of **${info.repo}**, made by [Smelt](https://www.npmjs.com/package/smelt) ${info.smelt_version} (\`smelt synth\`). Every answer is grounded in evidence spans (file and lines) that were checked against the repository: the cited lines exist and match their snippet, and the symbols an answer names exist.

## Provenance

| | |
| --- | --- |
| source repository | ${info.repo} |
| revision | ${info.revision ? `\`${info.revision}\`` : "not a git checkout (working tree as read)"} |
| generator model | ${info.model} |
| seed | ${info.seed} |
| Smelt | ${info.smelt_version} |

## Counts

${table(["kind", "train", "validation", "total"], kindRows(c.train, c.validation))}

${other.length ? `Generation counts:\n\n${table(["count", "value"], other)}\n\n` : ""}${
  rejected.length
    ? `Rejected samples (failed validation, not exported):\n\n${table(
        ["reason", "samples"],
        rejected.map(([k, v]) => [k.slice("rejected:".length), v]),
      )}`
    : "No sample was rejected."
}

## Split

${table(
  ["split", "samples"],
  [
    ["train", split.train],
    ["validation", split.validation],
  ],
)}

${splitText}

## Files

| file | format | fields |
| --- | --- | --- |
${c.formats
  .map((f) => `| \`export/{train,validation}.${f}.jsonl\` | ${FORMAT_DOC[f][0]} | ${FORMAT_DOC[f][1]} |`)
  .join("\n")}
| \`export/dataset_info.json\` | LLaMA-Factory dataset registry | \`${c.slug}_<format>\` (train), \`${c.slug}_<format>_validation\` |
${c.formats.includes("messages") ? "| `export/axolotl.yaml` | example axolotl LoRA config | trains on the messages files |\n" : ""}
The user turn is the question (QA) or the requirement (design). The assistant turn is the answer, or the design proposal as markdown sections (Summary, API changes, Domain model changes, Storage, Workflow, Risks, Reuses existing components)${c.include_reasoning ? ", preceded by the numbered reasoning steps" : ""}${c.include_citations ? ", ending with `Sources: path:start-end, ...`" : ""}.${c.system_prompt ? " Every record carries the same system prompt." : ""} In the messages files \`metadata\` holds \`kind\` (\`rule\`, \`flow\`, \`entity\`, \`config\`, \`design\`), \`domain\`, \`difficulty\`, \`source_id\` (what the sample was generated from) and \`evidence\` (cited spans, paths relative to the repository root).

## Training

LLaMA-Factory: point \`dataset_dir\` at \`export\` and use the entries of \`dataset_info.json\`, e.g. \`dataset: ${c.slug}_${lf}\`${c.validation.length ? ` and \`eval_dataset: ${c.slug}_${lf}_validation\`` : ""} (train files: ${files}).

${axolotlParagraph(c)}

## License

The samples quote and paraphrase the source repository, so their license follows the license of ${info.repo}${info.revision ? ` at revision \`${info.revision.slice(0, 12)}\`` : ""}; \`license: other\` above stands for that.

## Limitations

- ${info.model === "offline" ? "The offline generator phrases questions and answers from templates: the wording is repetitive and narrower than real questions." : `Answers were written by ${info.model} and kept only when their evidence validated; validation checks citations and named symbols, not every claim.`}
- Evidence was validated against the repository at this revision only; after the code changes, answers may be stale.
- The data covers what the extractors found (rules, flows, entities, configuration${designs ? ", design proposals" : ""}); code they do not read is not asked about.
`;
}

function axolotlParagraph(c: CardInput): string {
  if (!c.formats.includes("messages"))
    return "axolotl: export with the `messages` format to get an example `export/axolotl.yaml`.";
  const evalText = c.validation.length
    ? " and evaluates on `export/validation.messages.jsonl` (`test_datasets`, hence `val_set_size: 0`)"
    : "";
  return `axolotl: from this folder, set \`base_model\` in \`export/axolotl.yaml\` and run \`axolotl train export/axolotl.yaml\`. It trains on \`export/train.messages.jsonl\` with \`type: chat_template\`${evalText}.`;
}

const FORMAT_DOC: Record<ExportFormat, [string, string]> = {
  messages: ["OpenAI / Hugging Face chat", "`messages` [{role, content}], `id`, `metadata`"],
  alpaca: ["alpaca", "`instruction`, `input`, `output`, `system`?"],
  sharegpt: ["ShareGPT", "`conversations` [{from: system?/human/gpt, value}]"],
};
