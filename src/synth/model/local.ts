/**
 * The `local` model provider: an embedded GGUF model run on the CPU through node-llama-cpp, with
 * the reply forced into the request's JSON Schema by a GBNF grammar. node-llama-cpp is an
 * optional dependency, so it is imported only when this provider is chosen; its absence, like a
 * missing model file, is a UserError with one line to act on.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type {
  GbnfJsonSchema,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
} from "node-llama-cpp";
import pLimit from "p-limit";
import { errorMessage, UserError } from "../../core/errors.js";
import { cacheKey, ResponseCache } from "./cache.js";
import { emptyStats, tallyRequests } from "./estimate.js";
import type { LocalSettings } from "./settings.js";
import type { CostEstimate, JsonSchema, ModelClient, ModelReply, ModelRequest, ModelStats } from "./types.js";

type NodeLlamaCpp = typeof import("node-llama-cpp");

/**
 * Imports node-llama-cpp, turning its absence into the install hint. `load` is a seam for tests:
 * the package is installed in this repository, so the missing case can only be simulated.
 */
export async function importNodeLlamaCpp(
  load: () => Promise<NodeLlamaCpp> = () => import("node-llama-cpp"),
): Promise<NodeLlamaCpp> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
      throw new UserError(
        "the model provider `local` needs the optional dependency node-llama-cpp — install it with `npm install node-llama-cpp`",
      );
    throw new UserError(`the model provider \`local\` could not load node-llama-cpp: ${errorMessage(err)}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** The only string formats node-llama-cpp turns into a grammar; any other format is dropped (plain string). */
const GBNF_FORMATS = new Set(["date-time", "time", "date"]);
/** node-llama-cpp reads a schema with no recognised keyword as `null`, so "anything" must be spelled out. */
const ANY_JSON: JsonSchema = {
  oneOf: [
    { type: ["string", "number", "boolean", "null"] },
    { type: "array" },
    { type: "object", additionalProperties: true },
  ],
};

/** allOf parts folded into one schema: properties and required are unioned, other keywords last-wins. */
function mergeAllOf(base: Obj, parts: unknown[]): Obj {
  const out: Obj = { ...base };
  delete out.allOf;
  for (const part of parts) {
    if (!isObj(part)) continue;
    const props = {
      ...(isObj(out.properties) ? out.properties : {}),
      ...(isObj(part.properties) ? part.properties : {}),
    };
    const required = [
      ...(Array.isArray(out.required) ? out.required : []),
      ...(Array.isArray(part.required) ? part.required : []),
    ];
    Object.assign(out, part, { properties: props, required: [...new Set(required)] });
  }
  if (isObj(out.properties) && Object.keys(out.properties).length === 0) delete out.properties;
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  return out;
}

function convertDefs(node: Obj): Obj | undefined {
  const defs = { ...(isObj(node.definitions) ? node.definitions : {}), ...(isObj(node.$defs) ? node.$defs : {}) };
  const names = Object.keys(defs);
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, convert(defs[name])]));
}

function convert(node: unknown): JsonSchema {
  if (!isObj(node)) return ANY_JSON; // `true` (and the unsatisfiable `false`, which no grammar can express)
  if (Array.isArray(node.allOf)) return convert(mergeAllOf(node, node.allOf));
  const out: Obj = {};
  if (typeof node.description === "string") out.description = node.description;
  const defs = convertDefs(node);
  if (defs) out.$defs = defs;

  if (typeof node.$ref === "string") {
    const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref);
    return m ? { ...out, $ref: `#/$defs/${m[1]}` } : ANY_JSON;
  }
  if (node.const !== undefined) return isPrimitive(node.const) ? { ...out, const: node.const } : ANY_JSON;
  if (Array.isArray(node.enum)) return node.enum.every(isPrimitive) ? { ...out, enum: node.enum } : ANY_JSON;
  // A grammar only generates, it never has to match two branches at once, so anyOf reads as oneOf.
  const alternatives = node.oneOf ?? node.anyOf;
  if (Array.isArray(alternatives)) return { ...out, oneOf: alternatives.map(convert) };

  let type = node.type;
  if (Array.isArray(type)) {
    // node-llama-cpp's type lists cover scalars only; a list with object/array becomes alternatives.
    if (type.length === 1) type = type[0];
    else if (type.some((t) => t === "object" || t === "array"))
      return {
        ...out,
        oneOf: type.map((t) => convert({ ...node, type: t, $defs: undefined, definitions: undefined })),
      };
    else return { ...out, type };
  }
  if (type === undefined) type = isObj(node.properties) ? "object" : node.items !== undefined ? "array" : undefined;

  switch (type) {
    case "string":
      if (typeof node.format === "string" && GBNF_FORMATS.has(node.format))
        return { ...out, type, format: node.format };
      for (const k of ["minLength", "maxLength"]) if (typeof node[k] === "number") out[k] = node[k];
      return { ...out, type };
    case "object": {
      const props = isObj(node.properties) ? node.properties : undefined;
      if (props) out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v)]));
      const extra = node.additionalProperties;
      // JSON Schema allows extra keys by default, node-llama-cpp forbids them: keep that default
      // for declared properties (extra keys are noise there) but let a bare object hold anything.
      if (typeof extra === "boolean") out.additionalProperties = extra;
      else if (isObj(extra)) out.additionalProperties = convert(extra);
      else if (!props) out.additionalProperties = true;
      if (Array.isArray(node.required)) out.required = node.required.filter((k) => props && k in props);
      for (const k of ["minProperties", "maxProperties"]) if (typeof node[k] === "number") out[k] = node[k];
      return { ...out, type };
    }
    case "array": {
      // Draft-04 tuples (`items: [...]`) are 2020-12 `prefixItems`.
      const prefix = Array.isArray(node.items) ? node.items : node.prefixItems;
      if (Array.isArray(prefix)) out.prefixItems = prefix.map(convert);
      if (isObj(node.items) || node.items === true) out.items = convert(node.items);
      else if (Array.isArray(node.items) && isObj(node.additionalItems)) out.items = convert(node.additionalItems);
      for (const k of ["minItems", "maxItems"]) if (typeof node[k] === "number") out[k] = node[k];
      if (node.items === false && Array.isArray(prefix)) out.maxItems = prefix.length;
      return { ...out, type };
    }
    case "number":
    case "integer":
    case "boolean":
    case "null":
      return { ...out, type };
    default:
      return out.$defs ? { ...ANY_JSON, $defs: out.$defs } : ANY_JSON;
  }
}

/**
 * Rewrites a JSON Schema into the subset node-llama-cpp compiles to a grammar: anyOf → oneOf,
 * allOf merged, `definitions` → `$defs`, mixed type lists split, and keywords it ignores or
 * misreads (pattern, minimum, uniqueItems, title, $schema, other string formats…) dropped.
 * The grammar then generates a superset of the original schema; the caller's validation has the
 * last word. Note node-llama-cpp emits every declared property, optional or not.
 */
export function toGbnfJsonSchema(schema: JsonSchema): JsonSchema {
  return convert(schema);
}

export interface LocalClientOptions {
  cacheDir: string;
  log?: (line: string) => void;
}

async function checkModelFile(file: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`model file is not a file: ${file}`);
    await access(file, constants.R_OK);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as { code?: unknown }).code;
    throw new UserError(
      code === "ENOENT" ? `model file not found: ${file}` : `cannot read model file ${file}: ${code}`,
    );
  }
}

export async function createLocalClient(settings: LocalSettings, opts: LocalClientOptions): Promise<ModelClient> {
  const file = path.resolve(settings.path);
  const fileInfo = await checkModelFile(file);
  const lib = await importNodeLlamaCpp();
  const log = opts.log;
  const started = performance.now();
  let llama: Llama;
  try {
    llama = await lib.getLlama({
      gpu: false,
      build: "never", // a user's `smelt synth` must never start a C++ build
      ...(settings.threads !== undefined ? { maxThreads: settings.threads } : {}),
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level, message) => log?.(`node-llama-cpp ${level}: ${message.trim()}`),
    });
  } catch (err) {
    throw new UserError(`the model provider \`local\` could not start node-llama-cpp: ${errorMessage(err)}`);
  }
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: file });
  } catch (err) {
    await llama.dispose();
    throw new UserError(`cannot load model ${file}: ${errorMessage(err)}`);
  }
  const fileName = path.basename(file);
  log?.(
    `local: loaded ${fileName} (${(fileInfo.size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`,
  );

  const cache = new ResponseCache(opts.cacheDir);
  const stats: ModelStats = emptyStats();
  // One context, one sequence: generations must take turns.
  const queue = pLimit(1);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let context: Promise<{ ctx: LlamaContext; sequence: LlamaContextSequence }> | undefined;

  const modelId = { file: fileName, size: fileInfo.size, mtime: fileInfo.mtimeMs };
  const params = (req: ModelRequest) => ({
    temperature: req.temperature ?? settings.temperature,
    max_tokens: req.max_tokens ?? settings.max_tokens,
    seed: settings.seed,
  });
  const keyOf = (req: ModelRequest) =>
    cacheKey({
      provider: "local",
      model: modelId,
      task: req.task,
      system: req.system,
      user: req.user,
      schema: req.schema,
      ...params(req),
    });
  const promptTokens = (req: ModelRequest) => model.tokenize(req.system).length + model.tokenize(req.user).length;

  function grammarFor(schema: JsonSchema): Promise<LlamaGrammar> {
    const gbnf = toGbnfJsonSchema(schema);
    const key = cacheKey(gbnf);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema<GbnfJsonSchema>(gbnf as GbnfJsonSchema);
      grammars.set(key, grammar);
    }
    return grammar;
  }

  async function generate(req: ModelRequest, key: string): Promise<ModelReply> {
    const { temperature, max_tokens, seed } = params(req);
    const prompt_tokens = promptTokens(req);
    // The chat template adds tokens on top, so this only catches prompts that cannot fit at all;
    // past that, node-llama-cpp would silently shift the prompt's start out of the context.
    if (prompt_tokens + max_tokens > settings.context_size) {
      stats.failures++;
      const error = `prompt (${prompt_tokens} tokens) + max_tokens (${max_tokens}) exceed context_size (${settings.context_size})`;
      return { json: undefined, text: "", usage: { prompt_tokens, completion_tokens: 0 }, cached: false, error };
    }
    stats.calls++;
    let text = "";
    let completion_tokens = 0;
    try {
      const grammar = await grammarFor(req.schema);
      // Created on first use: a dry run (estimate) needs the tokenizer only.
      context ??= model
        .createContext({
          contextSize: settings.context_size,
          // node-llama-cpp's CPU default is at least 4 threads; on a smaller machine they spin
          // against each other (a 2-core box ran 80x slower), so default to the math cores.
          threads: settings.threads ?? llama.cpuMathCores,
        })
        .then((ctx) => ({ ctx, sequence: ctx.getSequence() }));
      const { sequence } = await context;
      // A fresh session per request: no earlier question or answer leaks into this one.
      const session = new lib.LlamaChatSession({ contextSequence: sequence, systemPrompt: req.system });
      try {
        const res = await session.promptWithMeta(req.user, {
          grammar,
          maxTokens: max_tokens,
          temperature,
          seed,
          onToken: (tokens) => {
            completion_tokens += tokens.length;
          },
        });
        text = res.responseText;
        stats.prompt_tokens += prompt_tokens;
        stats.completion_tokens += completion_tokens;
        const usage = { prompt_tokens, completion_tokens };
        try {
          const json: unknown = JSON.parse(text);
          await cache.put(key, { text, ...usage });
          return { json, text, usage, cached: false };
        } catch (err) {
          stats.failures++;
          // The grammar keeps every token valid, so a reply that does not parse was cut short.
          const error =
            res.stopReason === "maxTokens" ? "truncated at max_tokens" : `malformed JSON: ${errorMessage(err)}`;
          return { json: undefined, text, usage, cached: false, error };
        }
      } finally {
        // The sequence stays: its cached tokens let the next request reuse a shared prompt prefix.
        session.dispose({ disposeSequence: false });
      }
    } catch (err) {
      stats.failures++;
      const usage = { prompt_tokens, completion_tokens };
      return { json: undefined, text, usage, cached: false, error: `generation failed: ${errorMessage(err)}` };
    }
  }

  return {
    name: `local:${fileName}`,

    async complete(req) {
      const key = keyOf(req);
      const hit = await cache.get(key);
      if (hit) {
        try {
          const json: unknown = JSON.parse(hit.text);
          stats.cache_hits++;
          const usage = { prompt_tokens: hit.prompt_tokens, completion_tokens: hit.completion_tokens };
          return { json, text: hit.text, usage, cached: true };
        } catch {
          // only parsed replies are cached, so a bad entry is damage: generate again
        }
      }
      return queue(() => generate(req, key));
    },

    async estimate(reqs): Promise<CostEstimate> {
      return tallyRequests(reqs, {
        cached: (req) => cache.has(keyOf(req)),
        promptTokens,
        maxTokens: (req) => params(req).max_tokens,
      });
    },

    stats: () => ({ ...stats }),

    async close() {
      await queue(async () => {
        if (context) await (await context.catch(() => undefined))?.ctx.dispose();
        await model.dispose();
        await llama.dispose();
      });
    },
  };
}
