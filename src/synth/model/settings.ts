/**
 * Model settings of `smelt synth` as they appear in a recipe's generator params or a models
 * YAML (`--models FILE`). Secrets (`api_key`) come from `${ENV}` interpolation and never reach
 * logs or manifests.
 */
import { z } from "zod";

export const OpenAiSettingsSchema = z
  .object({
    provider: z.literal("openai"),
    base_url: z.string().url().describe("Endpoint root, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1"),
    model: z.string().min(1).describe("Model name sent in each request"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: documents the ${ENV} syntax
    api_key: z.string().optional().describe("Bearer token; write it as ${OPENAI_API_KEY}, never inline"),
    concurrency: z.number().int().min(1).max(64).default(4).describe("Requests in flight at once"),
    requests_per_minute: z.number().positive().optional().describe("Client-side rate limit; unset = none"),
    max_retries: z.number().int().min(0).max(20).default(5).describe("Retries on 429, 5xx, timeouts and resets"),
    timeout_s: z.number().positive().default(120).describe("Per-request timeout"),
    temperature: z.number().min(0).max(2).default(0.2),
    max_tokens: z.number().int().min(16).default(1024).describe("Completion budget per request"),
    max_tokens_field: z
      .enum(["max_tokens", "max_completion_tokens"])
      .default("max_tokens")
      .describe("Request field of the completion budget: max_completion_tokens for OpenAI's o-series and gpt-5"),
    send_temperature: z
      .boolean()
      .default(true)
      .describe("Send temperature; false for models that accept only their default (o-series, gpt-5)"),
    structured_output: z
      .enum(["json_schema", "json_object", "none"])
      .default("json_schema")
      .describe("How to ask for JSON: response_format json_schema (strict), json_object, or prompt only"),
    price: z
      .object({
        input_per_million: z.number().min(0),
        output_per_million: z.number().min(0),
        currency: z.string().default("USD"),
      })
      .strict()
      .optional()
      .describe("Token prices for --dry-run cost estimates"),
    cache_dir: z.string().optional().describe("Response cache folder; default <out>/.cache/model"),
  })
  .strict();

export const LocalSettingsSchema = z
  .object({
    provider: z.literal("local"),
    path: z.string().min(1).describe("GGUF model file"),
    context_size: z.number().int().min(128).default(2048),
    threads: z.number().int().min(1).optional().describe("CPU threads; default node-llama-cpp's choice"),
    temperature: z.number().min(0).max(2).default(0.2),
    max_tokens: z.number().int().min(16).default(512),
    seed: z.number().int().default(0),
    cache_dir: z.string().optional().describe("Response cache folder; default <out>/.cache/model"),
  })
  .strict();

export const OfflineSettingsSchema = z.object({ provider: z.literal("offline") }).strict();

export const ModelSettingsSchema = z.discriminatedUnion("provider", [
  OfflineSettingsSchema,
  OpenAiSettingsSchema,
  LocalSettingsSchema,
]);

export type OpenAiSettings = z.infer<typeof OpenAiSettingsSchema>;
export type LocalSettings = z.infer<typeof LocalSettingsSchema>;
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;
