/** One JSON record per sample in each trainer format: OpenAI/HF messages, alpaca, sharegpt. */
import { assistantText, type RenderOptions, userText, userTurn } from "./render.js";
import type { ExportFormat, SynthSample } from "./types.js";

export interface FormatOptions extends RenderOptions {
  system_prompt?: string;
}

/** Evidence spans without snippets: enough to trace a record back to the code. */
function metadataOf(s: SynthSample) {
  return {
    ...s.metadata,
    evidence: s.evidence.map((e) => ({ path: e.path, start_line: e.start_line, end_line: e.end_line })),
  };
}

export function toMessages(s: SynthSample, o: FormatOptions) {
  return {
    messages: [
      ...(o.system_prompt ? [{ role: "system", content: o.system_prompt }] : []),
      { role: "user", content: userTurn(s, o.context) },
      { role: "assistant", content: assistantText(s, o) },
    ],
    id: s.id,
    metadata: metadataOf(s),
  };
}

export function toAlpaca(s: SynthSample, o: FormatOptions) {
  return {
    instruction: userText(s),
    input: o.context ?? "",
    output: assistantText(s, o),
    ...(o.system_prompt ? { system: o.system_prompt } : {}),
  };
}

export function toShareGpt(s: SynthSample, o: FormatOptions) {
  return {
    conversations: [
      ...(o.system_prompt ? [{ from: "system", value: o.system_prompt }] : []),
      { from: "human", value: userTurn(s, o.context) },
      { from: "gpt", value: assistantText(s, o) },
    ],
  };
}

const RENDER: Record<ExportFormat, (s: SynthSample, o: FormatOptions) => unknown> = {
  messages: toMessages,
  alpaca: toAlpaca,
  sharegpt: toShareGpt,
};

/** A JSONL document (one record a line, trailing newline) or "" for no samples. */
export function toJsonl(samples: readonly SynthSample[], format: ExportFormat, o: FormatOptions): string {
  return samples.map((s) => `${JSON.stringify(RENDER[format](s, o))}\n`).join("");
}

export const dataFile = (split: "train" | "validation", format: ExportFormat) => `${split}.${format}.jsonl`;
