/**
 * The model seam of `smelt synth`: one request/reply shape shared by the `openai` (any
 * OpenAI-compatible endpoint) and `local` (embedded GGUF through node-llama-cpp) providers.
 * The offline generator does not go through here: it builds samples straight from the
 * extracted rules, flows and entities.
 */

/** A JSON Schema object (draft 2020-12 subset that OpenAI structured output and GBNF both accept). */
export type JsonSchema = Record<string, unknown>;

export interface ModelRequest {
  /** What the request is for (`qa`, `design`): part of the cache key and the stats. */
  task: string;
  system: string;
  user: string;
  /** The reply must be one JSON value that satisfies this schema. */
  schema: JsonSchema;
  /** Name of the schema in the `response_format` (`[A-Za-z0-9_-]+`). */
  schema_name: string;
  /** Overrides of the provider settings for this request. */
  max_tokens?: number;
  temperature?: number;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ModelReply {
  /** The parsed JSON value; undefined when the reply was not valid JSON (see `error`). */
  json: unknown;
  /** The raw text the model returned (kept for `rejected.jsonl`). */
  text: string;
  usage: TokenUsage;
  /** Served from the response cache: no call was made. */
  cached: boolean;
  /** Why the reply is unusable: `malformed JSON: Unexpected token } at 41`, `http 500 after 5 attempts`. */
  error?: string;
}

export interface ModelStats {
  /** HTTP requests / local generations actually made (retries included). */
  calls: number;
  /** Replies served from the cache. */
  cache_hits: number;
  retries: number;
  /** Requests that ended with an error after all retries. */
  failures: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** What a run would cost, computed without calling the model (`--dry-run`). */
export interface CostEstimate {
  calls: number;
  /** Requests the cache already answers (not counted in calls). */
  cached: number;
  prompt_tokens: number;
  /** Upper bound: max_tokens per call. */
  completion_tokens: number;
  /** In the price's currency (USD by default); undefined when no price is configured. */
  cost?: number;
}

export interface ModelClient {
  /** `openai:gpt-4o-mini@https://api.example/v1`, `local:stories260K.gguf`: goes into manifests. */
  readonly name: string;
  complete(req: ModelRequest): Promise<ModelReply>;
  /** Calls, tokens and cost of these requests, without calling anything. */
  estimate(reqs: readonly ModelRequest[]): Promise<CostEstimate>;
  stats(): ModelStats;
  /** Release sockets, model memory, cache handles. */
  close(): Promise<void>;
}
