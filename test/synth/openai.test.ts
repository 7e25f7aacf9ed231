import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encode } from "gpt-tokenizer";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countChatCompletionTokens } from "gpt-tokenizer/model/gpt-4o";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOpenAiClient } from "../../src/synth/model/openai.js";
import { retryAfterMs } from "../../src/synth/model/retry.js";
import { type OpenAiSettings, OpenAiSettingsSchema } from "../../src/synth/model/settings.js";
import { countChatTokens, countTokens } from "../../src/synth/model/tokens.js";
import type { ModelClient, ModelRequest } from "../../src/synth/model/types.js";
import { QaSampleSchema } from "../../src/synth/qa/types.js";
import { type FakeHandler, type FakeOpenAi, type FakeReply, sampleFromSchema, startFakeOpenAi } from "./fakeOpenAi.js";

const KEY = "sk-test-0123456789abcdefSECRET";
const SCHEMA = {
  type: "object",
  properties: { answer: { type: "string" }, score: { type: "integer" } },
  required: ["answer", "score"],
  additionalProperties: false,
};

const request = (i = 0, over: Partial<ModelRequest> = {}): ModelRequest => ({
  task: "qa",
  system: "You answer questions about a Java order service. Reply with one JSON object.",
  user: `Question ${i}: which guard does OrderService.placeOrder check before reserving stock?`,
  schema: SCHEMA,
  schema_name: "qa_sample",
  ...over,
});

let server: FakeOpenAi | undefined;
let cacheDir: string;
let logLines: string[];
const clients: ModelClient[] = [];

beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "smelt-openai-"));
  logLines = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.close();
  server = undefined;
  await rm(cacheDir, { recursive: true, force: true });
});

async function setup(handler?: FakeHandler, over: Partial<OpenAiSettings> = {}) {
  server = await startFakeOpenAi(handler);
  return { server, client: client(server.url, over) };
}

function client(url: string, over: Partial<OpenAiSettings> = {}): ModelClient {
  const settings = OpenAiSettingsSchema.parse({
    provider: "openai",
    base_url: url,
    model: "gpt-4o-mini",
    api_key: KEY,
    max_retries: 2,
    ...over,
  });
  const c = createOpenAiClient(settings, { cacheDir, log: (l) => logLines.push(l), backoffMs: 5 });
  clients.push(c);
  return c;
}

describe("openai client: request and reply", () => {
  it("sends model, messages, parameters, json_schema response_format and the bearer key; parses the reply", async () => {
    const { server, client } = await setup(() => ({
      json: { answer: "stock available", score: 3 },
      usage: { prompt_tokens: 50, completion_tokens: 9 },
    }));
    const reply = await client.complete(request());
    expect(reply).toEqual({
      json: { answer: "stock available", score: 3 },
      text: '{"answer":"stock available","score":3}',
      usage: { prompt_tokens: 50, completion_tokens: 9 },
      cached: false,
    });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: request().system },
        { role: "user", content: request().user },
      ],
      temperature: 0.2,
      max_tokens: 1024,
      response_format: { type: "json_schema", json_schema: { name: "qa_sample", schema: SCHEMA, strict: true } },
    });
    expect(client.name).toBe(`openai:gpt-4o-mini@${new URL(server.url).host}`);
    expect(client.stats()).toEqual({
      calls: 1,
      cache_hits: 0,
      retries: 0,
      failures: 0,
      prompt_tokens: 50,
      completion_tokens: 9,
    });
  });

  it("json_object and none modes, per-request overrides, no key = no Authorization header", async () => {
    const { server } = await setup(() => ({ content: '```json\n{"answer": "fenced", "score": 1}\n```' }));
    const obj = client(server.url, { structured_output: "json_object", api_key: undefined });
    const none = client(server.url, { structured_output: "none", base_url: `${server.url}/` });
    const r1 = await obj.complete(request(1, { temperature: 0, max_tokens: 64 }));
    const r2 = await none.complete(request(2));
    expect(r1.json).toEqual({ answer: "fenced", score: 1 });
    expect(r2.json).toEqual({ answer: "fenced", score: 1 });
    const [b1, b2] = server.requests;
    expect(b1?.headers.authorization).toBeUndefined();
    expect(b1?.body).toMatchObject({ response_format: { type: "json_object" }, temperature: 0, max_tokens: 64 });
    expect(b2?.body).not.toHaveProperty("response_format");
  });

  it("reasoning models: max_completion_tokens instead of max_tokens, and no temperature", async () => {
    const { server } = await setup(() => ({ json: { answer: "ok", score: 1 } }));
    const o = client(server.url, {
      max_tokens_field: "max_completion_tokens",
      send_temperature: false,
      max_tokens: 300,
    });
    expect((await o.complete(request(1))).json).toEqual({ answer: "ok", score: 1 });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(300);
    expect(body).not.toHaveProperty("max_tokens");
    expect(body).not.toHaveProperty("temperature");
  });

  it("malformed JSON comes back as an error reply with the text, is not retried, and is cached", async () => {
    const { server, client } = await setup(() => ({ content: '{"answer": "cut off", "score":' }));
    const reply = await client.complete(request());
    expect(reply.json).toBeUndefined();
    expect(reply.text).toBe('{"answer": "cut off", "score":');
    expect(reply.error).toMatch(/^malformed JSON: \S/);
    expect(server.requests).toHaveLength(1);
    expect(client.stats()).toMatchObject({ calls: 1, retries: 0, failures: 0 });
    const again = await client.complete(request());
    expect(again).toMatchObject({ cached: true, error: reply.error, text: reply.text });
    expect(server.requests).toHaveLength(1);
  });

  it("refusals and max_tokens truncations are errors and are asked again next time", async () => {
    const { server, client } = await setup(({ n }) =>
      n === 0
        ? { content: "", refusal: "I can't help with that." }
        : { content: '{"answer": "very lo', finish_reason: "length" },
    );
    expect((await client.complete(request())).error).toBe("refused: I can't help with that.");
    const cut = await client.complete(request());
    expect(cut.error).toBe("truncated at max_tokens");
    expect(cut.text).toBe('{"answer": "very lo');
    expect(server.requests).toHaveLength(2);
  });

  it("counts usage with the tokenizer when the server sends none", async () => {
    const { client } = await setup(() => ({ json: { answer: "ok", score: 2 }, usage: null }));
    const req = request();
    const reply = await client.complete(req);
    expect(reply.usage).toEqual({
      prompt_tokens:
        countChatTokens(req.system, req.user, "gpt-4o-mini") + countTokens(JSON.stringify(SCHEMA), "gpt-4o"),
      completion_tokens: encode('{"answer":"ok","score":2}').length,
    });
  });
});

describe("openai client: retries and failures", () => {
  it("429 then success: waits for Retry-After and counts the retry", async () => {
    const { server, client } = await setup(({ n }) =>
      n === 0 ? { status: 429, retryAfter: 1 } : { json: { answer: "after wait", score: 1 } },
    );
    const reply = await client.complete(request());
    expect(reply.json).toEqual({ answer: "after wait", score: 1 });
    expect(server.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, failures: 0 });
    // backoffMs is 5 in these tests: a 1000 ms wait can only come from the header.
    expect(logLines).toEqual(["openai: http 429, retry 1/2 in 1000 ms"]);
  });

  it("Retry-After accepts seconds and HTTP dates and is capped", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs("3", 60_000, now)).toBe(3000);
    expect(retryAfterMs("Wed, 01 Jan 2025 00:00:07 GMT", 60_000, now)).toBe(7000);
    expect(retryAfterMs("86400", 60_000, now)).toBe(60_000);
    expect(retryAfterMs("soon", 60_000, now)).toBeUndefined();
    expect(retryAfterMs(null, 60_000, now)).toBeUndefined();
  });

  it("500 on every attempt ends as a failure reply after max_retries + 1 attempts", async () => {
    const { server, client } = await setup(() => ({ status: 500 }));
    const reply = await client.complete(request());
    expect(reply).toEqual({
      json: undefined,
      text: "",
      usage: { prompt_tokens: 0, completion_tokens: 0 },
      cached: false,
      error: "http 500 after 3 attempts",
    });
    expect(server.requests).toHaveLength(3);
    expect(client.stats()).toMatchObject({ calls: 3, retries: 2, failures: 1 });
  });

  it("502, 503, a dropped connection and a timeout are all retried", async () => {
    const script: FakeReply[] = [
      { status: 502 },
      { status: 503, retryAfter: 0 },
      { destroy: true },
      { hang: true },
      { json: { answer: "finally", score: 5 } },
    ];
    const { server, client } = await setup(({ n }) => script[n] ?? { status: 500 }, { max_retries: 4, timeout_s: 0.3 });
    const reply = await client.complete(request());
    expect(reply.error).toBeUndefined();
    expect(reply.json).toEqual({ answer: "finally", score: 5 });
    expect(server.requests).toHaveLength(5);
    expect(client.stats()).toMatchObject({ calls: 5, retries: 4, failures: 0 });
    expect(logLines.map((l) => l.replace(/ in \d+ ms$/, ""))).toEqual([
      "openai: http 502, retry 1/4",
      "openai: http 503, retry 2/4",
      expect.stringMatching(/^openai: network error \S+, retry 3\/4$/),
      "openai: timeout (0.3s), retry 4/4",
    ]);
  });

  it("a server that always hangs ends as a timeout failure", async () => {
    const { client } = await setup(() => ({ hang: true }), { max_retries: 1, timeout_s: 0.2 });
    expect((await client.complete(request())).error).toBe("timeout (0.2s) after 2 attempts");
  });

  it("401 fails at once with the server's message, scrubbed of the key", async () => {
    const { server, client } = await setup(({ headers }) => ({
      status: 401,
      body: JSON.stringify({
        error: { message: `Incorrect API key provided: ${String(headers.authorization).slice(7)}.`, type: "auth" },
      }),
    }));
    const reply = await client.complete(request());
    expect(reply.error).toBe("http 401: Incorrect API key provided: ***.");
    expect(server.requests).toHaveLength(1);
    expect(client.stats()).toMatchObject({ calls: 1, retries: 0, failures: 1 });
    expect(JSON.stringify([reply, client.stats(), client.name, logLines])).not.toContain(KEY);
    // The rest of the run is not sent with a refused key.
    const rest = await Promise.all([2, 3, 4].map((n) => client.complete(request(n))));
    expect(server.requests).toHaveLength(1);
    for (const r of rest) expect(r.error).toMatch(/^http 401: .*\(not sent: the endpoint refused this key\)$/);
    expect(client.stats()).toMatchObject({ calls: 1, failures: 4 });
  });

  it("long error bodies are trimmed to 300 characters", async () => {
    const { client } = await setup(() => ({ status: 400, body: `<html>${"bad request ".repeat(100)}</html>` }));
    const reply = await client.complete(request());
    expect(reply.error?.startsWith("http 400: <html>bad request")).toBe(true);
    expect(reply.error?.length).toBe("http 400: ".length + 300 + 1);
  });

  it("an unreachable server ends as a failure reply, not an exception", async () => {
    const gone = await startFakeOpenAi();
    const url = gone.url;
    await gone.close();
    const reply = await client(url, { max_retries: 1 }).complete(request());
    expect(reply.error).toBe("network error ECONNREFUSED after 2 attempts");
  });
});

describe("openai client: cache, concurrency, estimate", () => {
  it("a second run of the same requests makes zero calls and returns the same JSON", async () => {
    const { server, client: first } = await setup(({ n }) => ({ json: { answer: `answer ${n}`, score: n } }));
    const reqs = Array.from({ length: 6 }, (_, i) => request(i));
    const run1 = await Promise.all(reqs.map((r) => first.complete(r)));
    expect(server.requests).toHaveLength(6);
    const second = client(server.url);
    const run2 = await Promise.all(reqs.map((r) => second.complete(r)));
    expect(server.requests).toHaveLength(6);
    expect(run2.map((r) => r.json)).toEqual(run1.map((r) => r.json));
    expect(run2.every((r) => r.cached)).toBe(true);
    expect(run2.map((r) => r.usage)).toEqual(run1.map((r) => r.usage));
    expect(second.stats()).toMatchObject({ calls: 0, cache_hits: 6, prompt_tokens: 0 });
    // A different model or temperature is a different key.
    await client(server.url, { temperature: 0.7 }).complete(request(0));
    expect(server.requests).toHaveLength(7);
  });

  it("http failures are not cached", async () => {
    const { server, client: first } = await setup(({ n }) =>
      n === 0 ? { status: 400 } : { json: { answer: "now fine", score: 1 } },
    );
    expect((await first.complete(request())).error).toMatch(/^http 400: /);
    const reply = await client(server.url).complete(request());
    expect(reply).toMatchObject({ cached: false, json: { answer: "now fine", score: 1 } });
    expect(server.requests).toHaveLength(2);
  });

  it("never has more than `concurrency` requests in flight on the server", async () => {
    const { server, client } = await setup(
      async ({ n }) => {
        await new Promise((r) => setTimeout(r, 30));
        return { json: { answer: `a${n}`, score: n } };
      },
      { concurrency: 3 },
    );
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => client.complete(request(i))));
    expect(replies.every((r) => r.error === undefined)).toBe(true);
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it("a requests_per_minute limit still lets every request through", async () => {
    const { server, client } = await setup(undefined, { requests_per_minute: 600, concurrency: 8 });
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => client.complete(request(i))));
    expect(replies.every((r) => r.error === undefined)).toBe(true);
    expect(server.requests).toHaveLength(5);
  });

  it("estimate counts tokens and cost of the uncached requests without calling the server", async () => {
    const { server, client } = await setup(undefined, {
      price: { input_per_million: 0.15, output_per_million: 0.6, currency: "USD" },
    });
    await client.complete(request(0));
    expect(server.requests).toHaveLength(1);
    const reqs = [request(0), request(1), request(2, { max_tokens: 200 })];
    const est = await client.estimate(reqs);
    expect(server.requests).toHaveLength(1);
    const schemaTokens = countTokens(JSON.stringify(SCHEMA), "gpt-4o-mini");
    const prompt = [reqs[1], reqs[2]].reduce(
      (s, r) => s + countChatTokens(r?.system ?? "", r?.user ?? "", "gpt-4o-mini") + schemaTokens,
      0,
    );
    expect(est).toEqual({
      calls: 2,
      cached: 1,
      prompt_tokens: prompt,
      completion_tokens: 1024 + 200,
      cost: (prompt * 0.15 + 1224 * 0.6) / 1e6,
    });
    const noPrice = await createOpenAiClient(
      OpenAiSettingsSchema.parse({ provider: "openai", base_url: server.url, model: "m" }),
      {
        cacheDir,
      },
    ).estimate(reqs);
    expect(noPrice.cost).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});

describe("token counting and the fake server", () => {
  it("matches gpt-tokenizer's own chat and text counts", () => {
    const system = "You are a careful reviewer of Java services.";
    const user = "Explain `InventoryService.reserve` and cite lines 40-52 of InventoryService.java. <|endoftext|>";
    const messages = [
      { role: "system" as const, content: system },
      { role: "user" as const, content: user.replace(" <|endoftext|>", "") },
    ];
    expect(countChatTokens(system, messages[1]?.content ?? "", "gpt-4o")).toBe(
      countChatCompletionTokens?.({ messages }),
    );
    const text = "public void reserve(Sku sku, int qty) { if (qty <= 0) throw new IllegalArgumentException(); }";
    expect(countTokens(text, "gpt-4o-mini")).toBe(encode(text).length);
    expect(countTokens(text, "some-local-llama")).toBe(encode(text).length);
    expect(countTokens(text, "gpt-4")).toBe(encodeCl100k(text).length);
    expect(countTokens(text, "openai/gpt-3.5-turbo")).toBe(encodeCl100k(text).length);
    // Special-token text in source code is counted as plain text, not rejected.
    expect(countTokens(user, "gpt-4o")).toBeGreaterThan(countTokens(messages[1]?.content ?? "", "gpt-4o"));
    // Plausibility: English prose runs 3–5 characters per token.
    const prose = "The order service checks that the requested quantity is positive and that stock is available.";
    const perToken = prose.length / countTokens(prose, "gpt-4o");
    expect(perToken).toBeGreaterThan(3);
    expect(perToken).toBeLessThan(7);
  });

  it("the default handler answers JSON that satisfies the request's schema", async () => {
    const schema = z.toJSONSchema(QaSampleSchema) as Record<string, unknown>;
    expect(QaSampleSchema.safeParse(sampleFromSchema(schema)).success).toBe(true);
    const { client } = await setup();
    const reply = await client.complete(request(0, { schema, schema_name: "qa" }));
    expect(reply.error).toBeUndefined();
    expect(QaSampleSchema.safeParse(reply.json).success).toBe(true);
  });
});
