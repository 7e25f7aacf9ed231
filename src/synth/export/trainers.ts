/** Trainer configs beside the data: LLaMA-Factory `dataset_info.json` and an example axolotl LoRA config. */
import { dataFile } from "./formats.js";
import type { ExportFormat } from "./types.js";

/** Dataset name usable as a LLaMA-Factory key and a folder name. */
export const datasetSlug = (repo: string) =>
  repo
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "") || "synth";

/**
 * LLaMA-Factory reads every format except its own alpaca one as `sharegpt` with tags naming the
 * role/content keys (data/README.md of LLaMA-Factory; the OpenAI messages form is that case too).
 */
function datasetEntry(file: string, format: ExportFormat, hasSystem: boolean) {
  if (format === "alpaca") {
    return {
      file_name: file,
      formatting: "alpaca",
      // A `system` column that no record has would fail to load: name it only when written.
      columns: {
        prompt: "instruction",
        query: "input",
        response: "output",
        ...(hasSystem ? { system: "system" } : {}),
      },
    };
  }
  const messages = format === "messages";
  return {
    file_name: file,
    formatting: "sharegpt",
    columns: { messages: messages ? "messages" : "conversations" },
    tags: messages
      ? { role_tag: "role", content_tag: "content", user_tag: "user", assistant_tag: "assistant", system_tag: "system" }
      : { role_tag: "from", content_tag: "value", user_tag: "human", assistant_tag: "gpt", system_tag: "system" },
  };
}

/** `dataset_info.json` for `dataset_dir: export`: `<slug>_<format>` (train) and `<slug>_<format>_validation`. */
export function datasetInfo(
  slug: string,
  formats: readonly ExportFormat[],
  hasValidation: boolean,
  hasSystem: boolean,
) {
  const info: Record<string, unknown> = {};
  for (const f of formats) {
    info[`${slug}_${f}`] = datasetEntry(dataFile("train", f), f, hasSystem);
    if (hasValidation) info[`${slug}_${f}_validation`] = datasetEntry(dataFile("validation", f), f, hasSystem);
  }
  return info;
}

const q = (s: string) => JSON.stringify(s);

function chatDataset(file: string, split?: string): string {
  return [
    `  - path: ${q(file)}`,
    "    ds_type: json",
    ...(split ? [`    split: ${split}`] : []),
    "    type: chat_template",
    "    field_messages: messages",
    "    message_property_mappings:",
    "      role: role",
    "      content: content",
    "    roles_to_train: [assistant]",
  ].join("\n");
}

/** Example axolotl LoRA config over the messages files; paths are relative to the dataset folder. */
export function axolotlConfig(slug: string, hasValidation: boolean): string {
  const train = `export/${dataFile("train", "messages")}`;
  const validation = `export/${dataFile("validation", "messages")}`;
  return `# Example LoRA fine-tune on the ${slug} dataset exported by smelt synth.
# Run from the dataset folder (the one holding README.md): axolotl train export/axolotl.yaml

# Placeholder: set an instruct model whose tokenizer has a chat template (any Hugging Face id or local path).
base_model: CHANGE-ME/instruct-model
# The tokenizer's own template, ChatML when it has none.
chat_template: tokenizer_default_fallback_chatml

datasets:
${chatDataset(train)}
${
  hasValidation
    ? `# Validation is a separate file split so that no evidence file is shared with training.
test_datasets:
${chatDataset(validation, "train")}
`
    : "# No validation file: every sample cites connected code (see README.md, Split).\n"
}val_set_size: 0
dataset_prepared_path: last_run_prepared
output_dir: ./outputs/${slug}-lora

adapter: lora
lora_r: 16
lora_alpha: 32
lora_dropout: 0.05
lora_target_linear: true

sequence_len: 4096
sample_packing: false
micro_batch_size: 2
gradient_accumulation_steps: 4
num_epochs: 3
optimizer: adamw_torch
lr_scheduler: cosine
learning_rate: 0.0002
warmup_ratio: 0.03
bf16: auto
gradient_checkpointing: true
logging_steps: 10
${hasValidation ? "evals_per_epoch: 1\n" : ""}saves_per_epoch: 1
`;
}
