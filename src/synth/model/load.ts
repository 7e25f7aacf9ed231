/**
 * Which model `smelt synth` uses: `offline` (default), a provider chosen by flags, or a named
 * entry of a models YAML (`--models models.yaml`, `${ENV}` interpolated, e.g.
 * `api_key: ${OPENAI_API_KEY}`). Problems name the file, line and key, and the fix. Secret
 * values are registered so they are scrubbed from anything printed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { UserError } from "../../core/errors.js";
import { registerSecrets } from "../../exec/log.js";
import { interpolateDocument, interpolationMessage } from "../../recipe/interpolate.js";
import { Locator } from "../../recipe/problems.js";
import { type ModelSettings, ModelSettingsSchema } from "./settings.js";

export interface ModelFlags {
  model: string;
  models?: string;
  baseUrl?: string;
  modelName?: string;
  apiKeyEnv?: string;
  gguf?: string;
}

function fromFlags(f: ModelFlags, env: NodeJS.ProcessEnv): unknown {
  if (f.model === "offline") return { provider: "offline" };
  if (f.model === "openai") {
    const base_url = f.baseUrl ?? env.OPENAI_BASE_URL;
    const model = f.modelName ?? env.SMELT_OPENAI_MODEL;
    if (!base_url || !model)
      throw new UserError(
        `--model openai needs an endpoint and a model: pass --base-url URL --model-name NAME (or set OPENAI_BASE_URL / SMELT_OPENAI_MODEL), or describe it in --models FILE`,
      );
    const keyEnv = f.apiKeyEnv ?? "OPENAI_API_KEY";
    return { provider: "openai", base_url, model, ...(env[keyEnv] ? { api_key: env[keyEnv] } : {}) };
  }
  if (f.model === "local") {
    const p = f.gguf ?? env.SMELT_GGUF;
    if (!p) throw new UserError(`--model local needs a GGUF file: pass --gguf PATH (or set SMELT_GGUF)`);
    return { provider: "local", path: p };
  }
  throw new UserError(
    `--model ${f.model}: not a provider (offline, openai, local) — to use a named model, describe it in --models FILE`,
  );
}

async function fromFile(file: string, name: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--models ${file}: cannot read it (${code === "ENOENT" ? "no such file" : code})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const loc = new Locator(file, doc, lineCounter);
  const problems: string[] = doc.errors.map((e) =>
    loc.format(loc.problemAtOffset(e.pos[0], `YAML syntax error: ${e.message.split("\n")[0]} — fix the YAML syntax`)),
  );
  const interp = interpolateDocument(doc, env);
  for (const e of interp.errors) {
    problems.push(loc.format(loc.problemAtOffset(e.node.range?.[0] ?? 0, interpolationMessage(e.error))));
  }
  if (problems.length > 0) throw new UserError(problems[0] as string, problems);
  // Every interpolated value of a models file may be a key: none is ever printed.
  registerSecrets(interp.scalars.flatMap((s) => s.refs.filter((r) => r.fromEnv).map((r) => r.value)));
  const data = doc.toJS() as unknown;
  const models =
    data !== null && typeof data === "object" && "models" in data ? (data as { models: unknown }).models : data;
  if (models === null || typeof models !== "object" || Array.isArray(models)) {
    throw new UserError(
      `--models ${file}: expected a map of model names to settings, e.g. models: { gpt: { provider: openai, ... } }`,
    );
  }
  const entry = (models as Record<string, unknown>)[name];
  if (entry === undefined) {
    const names = Object.keys(models);
    throw new UserError(`--model ${name}: not in ${file} (it has: ${names.join(", ") || "nothing"})`);
  }
  const base = "models" in (data as object) ? ["models", name] : [name];
  const parsed = ModelSettingsSchema.safeParse(entry);
  if (parsed.success) return parsed.data;
  const msgs = parsed.error.issues.map((i) => {
    const at = [...base, ...i.path.filter((p): p is string | number => typeof p !== "symbol")];
    const what =
      i.code === "unrecognized_keys" ? `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}` : i.message;
    return loc.format(loc.at(at, `${at.join(".")}: ${what} — see docs/synth.md for the settings`));
  });
  throw new UserError(msgs[0] as string, msgs);
}

/** The settings to run with; relative GGUF paths resolve against the models file's folder. */
export async function resolveModel(f: ModelFlags, env: NodeJS.ProcessEnv = process.env): Promise<ModelSettings> {
  const named = f.models !== undefined && f.model !== "offline" && !(f.model === "openai" && f.baseUrl);
  const raw = named ? await fromFile(f.models as string, f.model, env) : fromFlags(f, env);
  const parsed = ModelSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UserError(`--model ${f.model}: ${i?.path.join(".")}: ${i?.message}`);
  }
  const s = parsed.data;
  if (s.provider === "openai" && s.api_key) registerSecrets([s.api_key]);
  if (s.provider === "local" && named) return { ...s, path: path.resolve(path.dirname(f.models as string), s.path) };
  return s;
}
