/**
 * Token counting for the `openai` provider: dry-run estimates and usage when a server sends
 * none. Chat models use one of two BPE encodings (o200k_base for GPT-4o/4.1/5 and the o-series,
 * cl100k_base for GPT-4 and GPT-3.5); an unknown name (a local vLLM, an OpenRouter slug) gets
 * o200k_base, the encoding of every current OpenAI model, so counts stay a sane estimate.
 */
import { createRequire } from "node:module";

type Encoder = typeof import("gpt-tokenizer/encoding/o200k_base");
type Mapping = typeof import("gpt-tokenizer/mapping");

/**
 * The BPE tables take ~150 ms to load: loaded on the first count, not when the CLI starts (this
 * module is reachable from every command through the operator registry).
 */
const require = createRequire(import.meta.url);
let tables: { o200k: Encoder; cl100k: Encoder; map: Mapping["modelToEncodingMap"] } | undefined;
function loadTables() {
  tables ??= {
    o200k: require("gpt-tokenizer/encoding/o200k_base") as Encoder,
    cl100k: require("gpt-tokenizer/encoding/cl100k_base") as Encoder,
    map: (require("gpt-tokenizer/mapping") as Mapping).modelToEncodingMap,
  };
  return tables;
}

/** Per-message framing of the chat format (`<|start|>role<|message|>…<|end|>`), per OpenAI's cookbook. */
const MESSAGE_OVERHEAD = 3;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
const REPLY_PRIMING = 3;

/** Source code may contain `<|endoftext|>`; the API reads it as plain text, so count it that way. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

function encoderFor(model: string): Encoder {
  const { o200k, cl100k, map: known } = loadTables();
  const map = known as Record<string, string | undefined>;
  // Gateways prefix the vendor (`openai/gpt-4-turbo`); the encoding belongs to the bare name.
  const bare = model.slice(model.lastIndexOf("/") + 1);
  const encoding = map[model] ?? map[bare];
  // The p50k/r50k models are completion-only (no chat endpoint); o200k_harmony shares o200k's ranks.
  return encoding === "cl100k_base" ? cl100k : o200k;
}

export function countTokens(text: string, model: string): number {
  return encoderFor(model).countTokens(text, PLAIN_TEXT);
}

/** Prompt tokens OpenAI bills for a `[system, user]` chat request (message framing included). */
export function countChatTokens(system: string, user: string, model: string): number {
  const enc = encoderFor(model);
  const message = (role: string, content: string) =>
    MESSAGE_OVERHEAD + enc.countTokens(role, PLAIN_TEXT) + enc.countTokens(content, PLAIN_TEXT);
  return message("system", system) + message("user", user) + REPLY_PRIMING;
}
