import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { UserError } from "../../src/core/errors.js";
import { createLocalClient, importNodeLlamaCpp, toGbnfJsonSchema } from "../../src/synth/model/local.js";
import { LocalSettingsSchema } from "../../src/synth/model/settings.js";
import type { ModelClient, ModelRequest } from "../../src/synth/model/types.js";

const MODEL = path.resolve(import.meta.dirname, "../../../shared/models/stories260K.gguf");

const QA_SCHEMA = {
  type: "object",
  properties: {
    question: { type: "string", minLength: 1 },
    answer: { type: "string" },
    evidence: {
      type: "array",
      maxItems: 2,
      items: {
        type: "object",
        properties: { path: { type: "string" }, start_line: { type: "integer", minimum: 1 } },
        required: ["path", "start_line"],
      },
    },
  },
  required: ["question", "answer", "evidence"],
  additionalProperties: false,
};
const Qa = z
  .object({
    question: z.string().min(1),
    answer: z.string(),
    evidence: z.array(z.object({ path: z.string(), start_line: z.number().int() }).strict()).max(2),
  })
  .strict();

const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  task: "qa",
  system: "You write one question and its answer about a story, as JSON.",
  user: "Once upon a time a little cat found a red ball in the garden.",
  schema: QA_SCHEMA,
  schema_name: "qa",
  max_tokens: 128,
  ...over,
});

describe("toGbnfJsonSchema", () => {
  it("keeps what node-llama-cpp compiles and drops or rewrites the rest", () => {
    const out = toGbnfJsonSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "Sample",
      type: "object",
      properties: {
        id: { type: "string", pattern: "^[a-z]+$", minLength: 2 },
        email: { type: "string", format: "email" },
        at: { type: "string", format: "date-time" },
        n: { type: "integer", minimum: 0, maximum: 9 },
        tags: { type: "array", items: { type: "string" }, minItems: 1, uniqueItems: true },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
        parent: { type: ["object", "null"], properties: { id: { type: "string" } } },
        kind: { $ref: "#/definitions/Kind" },
        meta: {},
        both: { allOf: [{ properties: { a: { type: "number" } } }, { properties: { b: { type: "boolean" } } }] },
      },
      required: ["id", "ghost"],
      definitions: { Kind: { enum: ["rule", "flow"], default: "rule" } },
    });
    expect(out).toEqual({
      $defs: { Kind: { enum: ["rule", "flow"] } },
      type: "object",
      properties: {
        id: { type: "string", minLength: 2 },
        email: { type: "string" },
        at: { type: "string", format: "date-time" },
        n: { type: "integer" },
        tags: { type: "array", items: { type: "string" }, minItems: 1 },
        note: { oneOf: [{ type: "string" }, { type: "null" }] },
        parent: { oneOf: [{ type: "object", properties: { id: { type: "string" } } }, { type: "null" }] },
        kind: { $ref: "#/$defs/Kind" },
        meta: {
          oneOf: [
            { type: ["string", "number", "boolean", "null"] },
            { type: "array" },
            { type: "object", additionalProperties: true },
          ],
        },
        both: { type: "object", properties: { a: { type: "number" }, b: { type: "boolean" } } },
      },
      required: ["id"],
    });
  });

  it("turns draft-04 tuples into prefixItems and closes them when items is false", () => {
    expect(toGbnfJsonSchema({ type: "array", items: [{ type: "string" }, { type: "number" }] })).toEqual({
      type: "array",
      prefixItems: [{ type: "string" }, { type: "number" }],
    });
    expect(toGbnfJsonSchema({ type: "array", prefixItems: [{ type: "string" }], items: false })).toEqual({
      type: "array",
      prefixItems: [{ type: "string" }],
      maxItems: 1,
    });
  });
});

describe("local provider errors", () => {
  it("names the path of a missing model file", async () => {
    const missing = path.join(os.tmpdir(), "no-such-model-7f3a.gguf");
    const settings = LocalSettingsSchema.parse({ provider: "local", path: missing });
    const err = await createLocalClient(settings, { cacheDir: os.tmpdir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`model file not found: ${missing}`);
  });

  it("turns a missing node-llama-cpp into the install hint", async () => {
    const missing = Object.assign(new Error("Cannot find package 'node-llama-cpp'"), { code: "ERR_MODULE_NOT_FOUND" });
    const err = await importNodeLlamaCpp(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain("needs the optional dependency node-llama-cpp");
    expect((err as Error).message).toContain("npm install node-llama-cpp");
  });

  it("refuses a file that is not a GGUF model", async () => {
    const settings = LocalSettingsSchema.parse({
      provider: "local",
      path: path.resolve(import.meta.dirname, "local.test.ts"),
    });
    const err = await createLocalClient(settings, { cacheDir: os.tmpdir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^cannot load model .*local\.test\.ts: /);
  });
});

// ../shared/models/stories260K.gguf sits beside the checkout here and in CI; elsewhere the
// mechanics below cannot run (the error cases above still do).
describe.skipIf(!existsSync(MODEL))("local provider on stories260K.gguf", () => {
  let dir: string;
  let client: ModelClient;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "smelt-local-"));
    const settings = LocalSettingsSchema.parse({ provider: "local", path: MODEL, context_size: 512, threads: 1 });
    client = await createLocalClient(settings, { cacheDir: dir });
  });
  afterAll(async () => {
    await client?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is named after the model file", () => {
    expect(client.name).toBe("local:stories260K.gguf");
  });

  it("estimates prompt tokens with the model's tokenizer without generating", async () => {
    const est = await client.estimate([request(), request({ user: "A dog ran." })]);
    expect(est.calls).toBe(2);
    expect(est.cached).toBe(0);
    expect(est.prompt_tokens).toBeGreaterThan(20);
    expect(est.completion_tokens).toBe(256);
    expect(est.cost).toBeUndefined();
    expect(client.stats().calls).toBe(0);
  });

  it("returns JSON that satisfies the QA schema, then serves the same request from the cache", async () => {
    const first = await client.complete(request());
    expect(first.error).toBeUndefined();
    expect(first.cached).toBe(false);
    expect(Qa.safeParse(first.json).success).toBe(true);
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage.completion_tokens).toBeGreaterThan(0);
    expect(client.stats()).toMatchObject({ calls: 1, cache_hits: 0, failures: 0 });

    const again = await client.complete(request());
    expect(again).toEqual({ ...first, cached: true });
    expect(client.stats()).toMatchObject({ calls: 1, cache_hits: 1 });
    expect(await client.estimate([request()])).toMatchObject({ calls: 0, cached: 1, prompt_tokens: 0 });
  });

  it("reports a reply cut at max_tokens as an error and keeps its text", async () => {
    const reply = await client.complete(request({ max_tokens: 6 }));
    expect(reply.error).toBe("truncated at max_tokens");
    expect(reply.json).toBeUndefined();
    expect(reply.text.startsWith("{")).toBe(true);
    expect(client.stats()).toMatchObject({ calls: 2, failures: 1 });
    // failed replies are not cached: a re-run tries again
    expect(await client.estimate([request({ max_tokens: 6 })])).toMatchObject({ calls: 1, cached: 0 });
  });

  it("refuses a prompt that cannot fit the context instead of generating", async () => {
    const reply = await client.complete(request({ user: "the cat sat. ".repeat(200) }));
    expect(reply.error).toMatch(/exceed context_size \(512\)/);
    expect(client.stats().calls).toBe(2);
  });
});
