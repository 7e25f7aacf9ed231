/**
 * A scriptable OpenAI-compatible chat-completions server on 127.0.0.1 (random port) for tests:
 * each request goes to a handler that decides the reply (JSON content, raw text, an HTTP error
 * with or without Retry-After, a hang, a dropped socket), and every request is recorded.
 * Without a handler it answers a JSON value built from the request's json_schema.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { countChatTokens, countTokens } from "../../src/synth/model/tokens.js";

export interface FakeRequest {
  // biome-ignore lint/suspicious/noExplicitAny: the parsed request body is whatever the client sent
  body: any;
  headers: IncomingHttpHeaders;
  /** 0 for the first request this server received, 1 for the next, … */
  n: number;
}

type Usage = { prompt_tokens: number; completion_tokens: number } | null;

interface Answer {
  /** `null` omits `usage` from the reply; default: counted with gpt-tokenizer. */
  usage?: Usage;
  /** Default `stop`. */
  finish_reason?: string;
  refusal?: string;
}

export type FakeReply =
  /** Sent as `choices[0].message.content` = JSON.stringify(json). */
  | ({ json: unknown } & Answer)
  /** Sent verbatim as the message content (malformed JSON, fenced JSON, …). */
  | ({ content: string } & Answer)
  | { status: number; retryAfter?: number | string; body?: string }
  /** Never answers; the socket stays open until the client gives up or the server closes. */
  | { hang: true }
  /** Destroys the socket without a response. */
  | { destroy: true };

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`: use as `base_url`. */
  url: string;
  requests: { body: unknown; headers: IncomingHttpHeaders }[];
  /** Most requests the server was handling at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

type Schema = Record<string, unknown>;

/** A value that satisfies a JSON Schema (the subset structured output uses), or `{}` when there is none. */
export function sampleFromSchema(schema: Schema | undefined, root: Schema | undefined = schema): unknown {
  if (!schema) return {};
  const ref = schema.$ref;
  if (typeof ref === "string" && root) {
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, part) => (node as Schema | undefined)?.[part], root);
    return sampleFromSchema(target as Schema, root);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives?.[0]) return sampleFromSchema(alternatives[0], root);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? types[0];
  switch (type) {
    case "string":
      return "x".repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case "integer":
    case "number":
      return Math.max(1, Number(schema.minimum ?? 1));
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, () =>
        sampleFromSchema(schema.items as Schema | undefined, root),
      );
    default: {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleFromSchema(v, root)]));
    }
  }
}

const defaultHandler: FakeHandler = ({ body }) => ({
  json: sampleFromSchema(body?.response_format?.json_schema?.schema),
});

function completion(body: FakeRequest["body"], content: string, answer: Answer): unknown {
  const model = typeof body?.model === "string" ? body.model : "fake";
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const text = (role: string) => String(messages.find((m: { role?: string }) => m.role === role)?.content ?? "");
  const usage =
    answer.usage === undefined
      ? {
          prompt_tokens: countChatTokens(text("system"), text("user"), model),
          completion_tokens: countTokens(content, model),
        }
      : answer.usage;
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: answer.refusal ?? null },
        finish_reason: answer.finish_reason ?? "stop",
      },
    ],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  };
}

export async function startFakeOpenAi(handler: FakeHandler = defaultHandler): Promise<FakeOpenAi> {
  const requests: FakeOpenAi["requests"] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const n = requests.length;
    requests.push({ body, headers: req.headers });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = () => {
      inFlight--;
    };
    res.on("close", done);

    if (req.method !== "POST" || !req.url?.endsWith("/v1/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    let reply: FakeReply;
    try {
      reply = await handler({ body, headers: req.headers, n });
    } catch (err) {
      reply = { status: 500, body: JSON.stringify({ error: { message: `fake handler threw: ${err}` } }) };
    }
    if ("hang" in reply) return;
    if ("destroy" in reply) {
      req.socket.destroy();
      return;
    }
    if ("status" in reply) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
      res.writeHead(reply.status, headers);
      res.end(reply.body ?? JSON.stringify({ error: { message: `fake error ${reply.status}`, type: "fake" } }));
      return;
    }
    const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(completion(body, content, reply)));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests hold their sockets open; close() alone would wait for them forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
