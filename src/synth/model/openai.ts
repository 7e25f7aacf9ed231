/**
 * The `openai` provider: any OpenAI-compatible `POST {base_url}/chat/completions` endpoint
 * (OpenAI, Azure-style gateways, OpenRouter, vLLM, llama.cpp server, Ollama, LM Studio).
 *
 * A run makes thousands of requests, so no single request may end it: every per-request failure
 * (HTTP error, timeout, dropped socket, refusal, bad JSON) comes back as a ModelReply with `error`;
 * only misuse of the client throws. The API key goes into the Authorization header and nowhere
 * else: server messages are scrubbed of it before they reach an error or a log line.
 */
import { cacheKey, ResponseCache } from "./cache.js";
import { emptyStats, tallyRequests } from "./estimate.js";
import { createThrottle } from "./limit.js";
import {
  backoffMs,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  retryAfterMs,
  sleep,
} from "./retry.js";
import type { OpenAiSettings } from "./settings.js";
import { countChatTokens, countTokens } from "./tokens.js";
import type { CostEstimate, ModelClient, ModelReply, ModelRequest, ModelStats, TokenUsage } from "./types.js";

export interface OpenAiClientOptions {
  /** Response cache folder (the caller resolves `cache_dir` or its default). */
  cacheDir: string;
  /** Progress lines (retries, failures); never receives the API key. */
  log?: (line: string) => void;
  /** Injected fetch (tests, proxies); default the global one. */
  fetch?: typeof fetch;
  /** Base of the exponential backoff between attempts; default 1000 ms. */
  backoffMs?: number;
  /** Longest wait between two attempts, Retry-After included; default 60 000 ms. */
  maxBackoffMs?: number;
}

/** Longest server error message kept in a reply's `error`. */
const MAX_ERROR_CHARS = 300;
const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

type Attempt =
  | { kind: "ok"; data: ChatCompletion }
  | { kind: "retry"; reason: string; waitMs?: number }
  | { kind: "fail"; error: string };

interface ChatCompletion {
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

/** The reply text as JSON; models often wrap it in a ```json fence even when told not to. */
export function parseReplyJson(text: string): { json: unknown; error?: string } {
  const fenced = /^\s*```[A-Za-z]*\s*\n([\s\S]*?)\n?\s*```\s*$/.exec(text);
  try {
    return { json: JSON.parse(fenced?.[1] ?? text) };
  } catch (err) {
    return { json: undefined, error: `malformed JSON: ${(err as Error).message}` };
  }
}

export function createOpenAiClient(settings: OpenAiSettings, opts: OpenAiClientOptions): ModelClient {
  const endpoint = `${settings.base_url.replace(/\/+$/, "")}/chat/completions`;
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? (() => {});
  const baseMs = opts.backoffMs ?? 1000;
  const capMs = opts.maxBackoffMs ?? 60_000;
  const cache = new ResponseCache(opts.cacheDir);
  const throttle = createThrottle(settings.concurrency, settings.requests_per_minute);
  const stats: ModelStats = emptyStats();
  let closed = false;

  const scrub = (s: string) => (settings.api_key ? s.split(settings.api_key).join("***") : s);

  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (settings.api_key) headers.authorization = `Bearer ${settings.api_key}`;

  const resolved = (req: ModelRequest) => ({
    temperature: req.temperature ?? settings.temperature,
    max_tokens: req.max_tokens ?? settings.max_tokens,
  });

  // Every input that changes the reply; the key itself never enters it.
  const keyOf = (req: ModelRequest) =>
    cacheKey({
      provider: "openai",
      base_url: settings.base_url,
      model: settings.model,
      system: req.system,
      user: req.user,
      schema: req.schema,
      schema_name: req.schema_name,
      ...resolved(req),
      structured_output: settings.structured_output,
      ...(settings.max_tokens_field !== "max_tokens" ? { max_tokens_field: settings.max_tokens_field } : {}),
      ...(settings.send_temperature ? {} : { send_temperature: false }),
    });

  /** Billed prompt tokens: the messages, plus the schema when it travels in `response_format`. */
  const promptTokens = (req: ModelRequest) =>
    countChatTokens(req.system, req.user, settings.model) +
    (settings.structured_output === "json_schema" ? countTokens(JSON.stringify(req.schema), settings.model) : 0);

  function body(req: ModelRequest): Record<string, unknown> {
    const b: Record<string, unknown> = {
      model: settings.model,
      messages: [
        { role: "system", content: req.system },
        { role: "user", content: req.user },
      ],
    };
    // Reasoning models (o-series, gpt-5) take `max_completion_tokens` and only their default temperature.
    const { temperature, max_tokens } = resolved(req);
    b[settings.max_tokens_field] = max_tokens;
    if (settings.send_temperature) b.temperature = temperature;
    if (settings.structured_output === "json_schema") {
      b.response_format = {
        type: "json_schema",
        json_schema: { name: req.schema_name, schema: req.schema, strict: true },
      };
    } else if (settings.structured_output === "json_object") {
      b.response_format = { type: "json_object" };
    }
    return b;
  }

  /** The server's own words from an error body (OpenAI `error.message`, FastAPI `detail`), trimmed and scrubbed. */
  function serverMessage(text: string): string {
    let msg = text;
    try {
      const j = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
      const m = typeof j.error === "string" ? j.error : (j.error?.message ?? j.message ?? j.detail);
      if (m !== undefined) msg = typeof m === "string" ? m : JSON.stringify(m);
    } catch {
      // not JSON: an HTML error page or plain text, kept as is
    }
    const flat = scrub(msg).replace(/\s+/g, " ").trim();
    return flat.length > MAX_ERROR_CHARS ? `${flat.slice(0, MAX_ERROR_CHARS)}…` : flat;
  }

  function transportFailure(err: unknown): Attempt {
    if ((err as Error)?.name === "TimeoutError") return { kind: "retry", reason: `timeout (${settings.timeout_s}s)` };
    const code = networkErrorCode(err);
    if (isRetryableNetworkError(err))
      return { kind: "retry", reason: `network error ${code ?? "(connection closed)"}` };
    return {
      kind: "fail",
      error: `request failed: ${serverMessage(`${(err as Error)?.message ?? err}${code ? ` (${code})` : ""}`)}`,
    };
  }

  async function attempt(payload: string): Promise<Attempt> {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(endpoint, {
        method: "POST",
        headers,
        body: payload,
        signal: AbortSignal.timeout(settings.timeout_s * 1000),
      });
      // The timeout also covers the body: a server may send headers and then stall.
      text = await res.text();
    } catch (err) {
      return transportFailure(err);
    }
    if (!res.ok) {
      if (isRetryableStatus(res.status)) {
        return {
          kind: "retry",
          reason: `http ${res.status}`,
          waitMs: retryAfterMs(res.headers.get("retry-after"), capMs),
        };
      }
      const error = `http ${res.status}: ${serverMessage(text)}`;
      // A refused key refuses every request: the rest of the run is not sent (see complete()).
      if (res.status === 401 || res.status === 403) authFailure ??= error;
      return { kind: "fail", error };
    }
    try {
      return { kind: "ok", data: JSON.parse(text) as ChatCompletion };
    } catch {
      return { kind: "fail", error: `invalid response body: ${serverMessage(text)}` };
    }
  }

  /** The first 401/403 of the run: later requests fail with it instead of being sent. */
  let authFailure: string | undefined;

  const failed = (error: string): ModelReply => {
    stats.failures++;
    log(`openai: ${error}`);
    return { json: undefined, text: "", usage: { prompt_tokens: 0, completion_tokens: 0 }, cached: false, error };
  };

  async function call(req: ModelRequest, key: string): Promise<ModelReply> {
    const payload = JSON.stringify(body(req));
    for (let n = 0; ; n++) {
      await throttle.beforeRequest();
      stats.calls++;
      const a = await attempt(payload);
      if (a.kind === "fail") return failed(a.error);
      if (a.kind === "retry") {
        if (n >= settings.max_retries) return failed(`${a.reason} after ${n + 1} attempts`);
        const wait = a.waitMs ?? backoffMs(n, baseMs, capMs);
        stats.retries++;
        log(`openai: ${a.reason}, retry ${n + 1}/${settings.max_retries} in ${wait} ms`);
        await sleep(wait);
        continue;
      }
      return answer(req, key, a.data);
    }
  }

  async function answer(req: ModelRequest, key: string, data: ChatCompletion): Promise<ModelReply> {
    const choice = data.choices?.[0];
    if (!choice) return failed(`no choices in response`);
    const content = choice.message?.content;
    const text = typeof content === "string" ? content : "";
    const u = data.usage;
    const usage: TokenUsage =
      typeof u?.prompt_tokens === "number" && typeof u.completion_tokens === "number"
        ? { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens }
        : { prompt_tokens: promptTokens(req), completion_tokens: countTokens(text, settings.model) };
    stats.prompt_tokens += usage.prompt_tokens;
    stats.completion_tokens += usage.completion_tokens;

    // Refusals and truncations are not cached: the next run tries again (with a larger max_tokens
    // the key changes anyway), and the cache could not tell them from a plain malformed reply.
    const refusal = choice.message?.refusal;
    if (typeof refusal === "string" && refusal.length > 0) {
      return { json: undefined, text, usage, cached: false, error: `refused: ${refusal}` };
    }
    if (choice.finish_reason === "length") {
      return { json: undefined, text, usage, cached: false, error: "truncated at max_tokens" };
    }
    // Malformed JSON is the model's answer to this exact prompt: cached like a good one, so a
    // re-run makes zero calls and reports the same rejects.
    try {
      await cache.put(key, { text, ...usage });
    } catch (err) {
      log(`openai: cache write failed: ${(err as Error).message}`);
    }
    return { ...parseReplyJson(text), text, usage, cached: false };
  }

  return {
    name: `openai:${settings.model}@${new URL(settings.base_url).host}`,

    async complete(req: ModelRequest): Promise<ModelReply> {
      if (closed) throw new Error("openai client used after close()");
      if (settings.structured_output === "json_schema" && !SCHEMA_NAME.test(req.schema_name)) {
        throw new Error(`schema_name must match ${SCHEMA_NAME}, got ${JSON.stringify(req.schema_name)}`);
      }
      const key = keyOf(req);
      const hit = await cache.get(key);
      if (hit) {
        stats.cache_hits++;
        const usage = { prompt_tokens: hit.prompt_tokens, completion_tokens: hit.completion_tokens };
        return { ...parseReplyJson(hit.text), text: hit.text, usage, cached: true };
      }
      if (authFailure !== undefined) return failed(`${authFailure} (not sent: the endpoint refused this key)`);
      return throttle.slot(() =>
        authFailure !== undefined
          ? Promise.resolve(failed(`${authFailure} (not sent: the endpoint refused this key)`))
          : call(req, key),
      );
    },

    async estimate(reqs: readonly ModelRequest[]): Promise<CostEstimate> {
      const est = await tallyRequests(reqs, {
        cached: (req) => cache.has(keyOf(req)),
        promptTokens,
        maxTokens: (req) => resolved(req).max_tokens,
      });
      const price = settings.price;
      if (price) {
        est.cost =
          (est.prompt_tokens * price.input_per_million + est.completion_tokens * price.output_per_million) / 1e6;
      }
      return est;
    },

    stats: () => ({ ...stats }),

    async close(): Promise<void> {
      // fetch keeps no per-client sockets; queued requests still finish, new ones are refused.
      closed = true;
    },
  };
}
