/**
 * Loading a recipe: YAML parse -> env interpolation -> structural + reader + operator
 * validation -> resolved Recipe. Every problem is collected and reported at once.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { UserError } from "../core/errors.js";
import { findOperator, listOperators, suggestName } from "../core/registry.js";
import { builtinReaders, findReader } from "../io/readers/index.js";
import { interpolateDocument, interpolationMessage, isSecretEnvName } from "./interpolate.js";
import { type IssueContext, issueProblems, Locator, type Problem } from "./problems.js";
import { COMPRESSIONS, recipeSchema } from "./schema.js";
import { getAt, type RecipePath, redactPaths, secretPaths } from "./secrets.js";
import type { InputSpec, OperatorSpec, Recipe } from "./types.js";

export interface LoadOptions {
  /** Environment for `${VAR}` interpolation (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ParseOptions extends LoadOptions {
  /** Folder relative paths resolve against (default: the recipe file's folder, or cwd). */
  baseDir?: string;
  /** Name of the file in messages (default: `file` relative to cwd when inside it). */
  displayName?: string;
}

export interface LoadedRecipe {
  recipe: Recipe;
  /** Secret values (interpolated or written in secret params), for scrubbing logs. Longest first. */
  secrets: string[];
  /** The recipe with secret values replaced by "***", for manifests. */
  redacted: unknown;
}

/** Reads, interpolates and validates a recipe file. Throws UserError listing every problem. */
export async function loadRecipe(file: string, opts: LoadOptions = {}): Promise<LoadedRecipe> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await readFile(abs, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new UserError(`recipe file not found: ${file}`);
    if (code === "EISDIR") throw new UserError(`recipe path ${file} is a folder — pass the recipe .yaml file`);
    throw new UserError(`cannot read recipe file ${file}: ${(err as Error).message}`);
  }
  return parseRecipe(text, abs, opts);
}

/** How a file is named in messages: relative to cwd when it is inside cwd, else absolute. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/**
 * Parses recipe text. `file` is the recipe's path (absolute or relative to cwd) or a label
 * such as `<template:quickstart>` (then relative paths resolve against `opts.baseDir` or cwd).
 */
export function parseRecipe(text: string, file: string, opts: ParseOptions = {}): LoadedRecipe {
  const env = opts.env ?? process.env;
  const isLabel = file.startsWith("<");
  const absFile = isLabel ? file : resolve(file);
  const baseDir = resolve(opts.baseDir ?? (isLabel ? process.cwd() : dirname(absFile)));
  const display = opts.displayName ?? (isLabel ? file : displayPath(absFile));

  const lineCounter = new LineCounter();
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const loc = new Locator(display, doc, lineCounter);
  const problems: Problem[] = [];

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const what = e.message.split("\n")[0]?.replace(/\.$/, "") ?? "invalid YAML";
      const fix =
        e.code === "DUPLICATE_KEY"
          ? "remove or rename the repeated key"
          : "fix the YAML syntax (check indentation, quotes, brackets and `key: value` spacing)";
      problems.push(loc.problemAtOffset(e.pos[0], `YAML syntax error: ${what} — ${fix}`));
    }
    fail(display, loc, problems);
  }

  // ${VAR} interpolation, in place on the document so positions stay exact.
  const interp = interpolateDocument(doc, env);
  for (const e of interp.errors) {
    problems.push(loc.problemAtOffset(e.node.range?.[0] ?? 0, interpolationMessage(e.error)));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    problems.push(loc.problemAtOffset(0, `cannot read the YAML: ${(err as Error).message} — simplify anchors/aliases`));
    fail(display, loc, problems);
  }
  const found: Problem[] = [];
  const validated = validate(data, baseDir, loc, found);
  // A value whose interpolation failed is still the raw `${...}` text: other complaints about
  // it (bad name, unknown operator...) would only be noise.
  const broken = new Set(interp.errors.map((e) => JSON.stringify(e.path)));
  problems.push(...found.filter((p) => !p.path || !broken.has(JSON.stringify(p.path))));
  if (problems.length > 0 || !validated) fail(display, loc, problems);

  const recipe: Recipe = { ...validated, file: absFile, baseDir };

  // Secrets: secret-named params / declared secretParams, plus any value built from a
  // secret-looking environment variable (OPENAI_API_KEY, HF_TOKEN...).
  const paths = secretPaths(recipe);
  const secrets = new Set<string>();
  const key = (p: RecipePath) => JSON.stringify(p);
  const secretKeys = new Set(paths.map(key));
  for (const s of interp.scalars) {
    const envSecret = s.refs.some((r) => r.fromEnv && isSecretEnvName(r.name));
    if (envSecret && !secretKeys.has(key(s.path))) {
      paths.push(s.path);
      secretKeys.add(key(s.path));
    }
    if (secretKeys.has(key(s.path))) for (const r of s.refs) if (r.fromEnv) add(r.value);
  }
  for (const p of paths) {
    const v = getAt(recipe, p);
    if (typeof v === "string" || typeof v === "number") add(String(v));
  }
  function add(v: string) {
    if (v !== "") secrets.add(v);
  }

  return {
    recipe,
    secrets: [...secrets].sort((a, b) => b.length - a.length),
    redacted: redactPaths(recipe, paths),
  };
}

function fail(display: string, loc: Locator, problems: Problem[]): never {
  const sorted = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map(({ p }) => loc.format(p));
  const lines = [...new Set(sorted)];
  const message =
    lines.length === 1
      ? (lines[0] as string)
      : `${display}: ${lines.length} problems\n${lines.map((l) => `  ${l}`).join("\n")}`;
  throw new UserError(message, lines);
}

type Validated = Omit<Recipe, "file" | "baseDir">;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function validate(data: unknown, baseDir: string, loc: Locator, problems: Problem[]): Validated | undefined {
  // One problem per recipe path: the structural schema and a reader schema may both
  // complain about an input's `id`, for instance.
  const seen = new Set<string>();
  const report = (issues: readonly z.core.$ZodIssue[], ctx: IssueContext) => {
    for (const issue of issues) {
      const rel = issue.path.filter((p): p is string | number => typeof p !== "symbol");
      const id = JSON.stringify([...ctx.base, ...rel, issue.code === "unrecognized_keys" ? issue.keys : null]);
      if (seen.has(id)) continue;
      seen.add(id);
      problems.push(...issueProblems(issue, ctx, loc));
    }
  };
  const readerTypes = builtinReaders.map((r) => r.type);

  const top = recipeSchema.safeParse(data, { reportInput: true });
  if (!top.success) {
    report(top.error.issues, {
      data,
      base: [],
      schema: recipeSchema,
      missingExample: (k) =>
        (
          ({
            name: "my_recipe",
            inputs: "[{ id: docs, type: jsonl, path: ./data.jsonl }]",
            stages: "[{ name: clean, operators: [...] }]",
            output: "{ path: ./out }",
            path: "./out",
            type: readerTypes.length > 0 ? readerTypes.join(" | ") : "<reader type>",
            op: "<operator name>",
            id: "<unique id>",
            operators: "[{ id: ..., op: ..., params: {...}, where: {...} }]",
          }) as Record<string, string>
        )[k],
      missingHint: (k) =>
        k === "op" ? "(see `smelt ops list`)" : k === "output" ? "(where the results are written)" : undefined,
    });
  }
  const root = isRecord(data) ? data : {};

  // Inputs: each validated by its reader's own strict schema.
  const inputs: InputSpec[] = [];
  const rawInputs = Array.isArray(root.inputs) ? root.inputs : [];
  const inputIds = new Map<string, RecipePath>();
  rawInputs.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const path: RecipePath = ["inputs", i];
    const label = typeof raw.id === "string" ? `input \`${raw.id}\`` : `inputs[${i}]`;
    if (typeof raw.id === "string") {
      const first = inputIds.get(raw.id);
      if (first) {
        problems.push(
          loc.at(
            [...path, "id"],
            `duplicate input id \`${raw.id}\` (first used at ${where(loc, first)}) — give each input a unique id`,
          ),
        );
      } else {
        inputIds.set(raw.id, [...path, "id"]);
      }
    }
    if (typeof raw.type !== "string") return;
    const reader = findReader(raw.type);
    if (!reader) {
      const guess = suggestName(raw.type, readerTypes);
      const fix = guess
        ? `did you mean \`${guess}\`?`
        : readerTypes.length > 0
          ? `use one of: ${readerTypes.join(", ")}`
          : "no input readers are available in this build";
      problems.push(loc.at([...path, "type"], `${label}: unknown input type \`${raw.type}\` — ${fix}`));
      return;
    }
    const parsed = reader.params.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      report(parsed.error.issues, { data, base: path, schema: reader.params });
      return;
    }
    inputs.push(parsed.data as InputSpec);
    // Local paths must exist (URLs, globs and remote specs are the reader's business).
    const p = raw.path;
    if (typeof p === "string" && p !== "" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !/^[^/\\]+@[^/\\]+:/.test(p)) {
      if (!/[*?[\]{}]/.test(p)) {
        const abs = resolve(baseDir, p);
        if (!existsSync(abs)) {
          problems.push(
            loc.at(
              [...path, "path"],
              `${label}: path ${p} does not exist (resolved to ${abs}) — fix the path or create the file`,
            ),
          );
        }
      }
    }
  });

  // Stages and operators.
  const stageNames = new Map<string, RecipePath>();
  const opIds = new Map<string, RecipePath>();
  const opNames = listOperators().map((o) => o.name);
  const stages: Validated["stages"] = [];
  const rawStages = Array.isArray(root.stages) ? root.stages : [];
  rawStages.forEach((rawStage, s) => {
    if (!isRecord(rawStage)) return;
    const stagePath: RecipePath = ["stages", s];
    if (typeof rawStage.name === "string") {
      const first = stageNames.get(rawStage.name);
      if (first) {
        problems.push(
          loc.at(
            [...stagePath, "name"],
            `duplicate stage name \`${rawStage.name}\` (first used at ${where(loc, first)}) — give each stage a unique name`,
          ),
        );
      } else {
        stageNames.set(rawStage.name, [...stagePath, "name"]);
      }
    }
    const operators: OperatorSpec[] = [];
    const rawOps = Array.isArray(rawStage.operators) ? rawStage.operators : [];
    rawOps.forEach((rawOp, o) => {
      if (!isRecord(rawOp)) return;
      const opPath: RecipePath = [...stagePath, "operators", o];
      if (typeof rawOp.id === "string") {
        const first = opIds.get(rawOp.id);
        if (first) {
          problems.push(
            loc.at(
              [...opPath, "id"],
              `duplicate operator id \`${rawOp.id}\` (first used at ${where(loc, first)}) — give each operator a unique id`,
            ),
          );
        } else {
          opIds.set(rawOp.id, [...opPath, "id"]);
        }
      }
      if (typeof rawOp.op !== "string" || rawOp.op === "") return;
      const def = findOperator(rawOp.op);
      if (!def) {
        const guess = suggestName(rawOp.op, opNames);
        const fix = guess
          ? `did you mean \`${guess}\`?`
          : `run \`smelt ops list\` to see the operators (${opNames.join(", ")})`;
        problems.push(loc.at([...opPath, "op"], `unknown operator \`${rawOp.op}\` — ${fix}`));
        return;
      }
      const rawParams = rawOp.params ?? {};
      if (!isRecord(rawParams)) return; // reported by the structural schema
      const parsed = def.params.safeParse(rawParams, { reportInput: true });
      if (!parsed.success) {
        report(parsed.error.issues, {
          data,
          base: [...opPath, "params"],
          schema: def.params,
          keyNoun: "param",
          keyHint: `(see \`smelt ops show ${def.name}\`)`,
        });
        return;
      }
      for (const message of def.check?.(parsed.data, { baseDir }) ?? []) {
        problems.push(loc.at([...opPath, "params"], message));
      }
      if (typeof rawOp.id === "string") {
        const where = isRecord(rawOp.where) ? (rawOp.where as OperatorSpec["where"]) : undefined;
        operators.push({
          id: rawOp.id,
          op: def.name,
          params: parsed.data as Record<string, unknown>,
          ...(where ? { where } : {}),
        });
      }
    });
    if (typeof rawStage.name === "string") stages.push({ name: rawStage.name, operators });
  });

  // Output compression depends on the format.
  const rawOut = isRecord(root.output) ? root.output : {};
  const format = rawOut.format ?? "parquet";
  let compression: string | undefined;
  if (format === "parquet" || format === "jsonl") {
    const allowed: readonly string[] = COMPRESSIONS[format];
    compression = typeof rawOut.compression === "string" ? rawOut.compression : allowed[0];
    if (compression !== undefined && !allowed.includes(compression)) {
      const guess = suggestName(compression, allowed);
      problems.push(
        loc.at(
          ["output", "compression"],
          `output.compression: \`${compression}\` is not available for ${format} output — ${
            guess ? `did you mean \`${guess}\`?` : `use one of ${allowed.join(", ")}`
          }`,
        ),
      );
    }
  }

  if (!top.success || problems.length > 0) return undefined;
  const r = top.data;
  return {
    name: r.name,
    ...(r.description !== undefined ? { description: r.description } : {}),
    seed: r.seed,
    inputs,
    stages,
    output: {
      path: resolve(baseDir, r.output.path),
      format: r.output.format,
      partition_by: r.output.partition_by,
      compression: compression as string,
      max_file_bytes: r.output.max_file_bytes,
      keep_dropped: r.output.keep_dropped,
    },
  };
}

/** `recipe.yaml:10:13` of a path (for "first used at"). */
function where(loc: Locator, path: RecipePath): string {
  const p = loc.at(path, "");
  return `${loc.display}:${p.line}:${p.col}`;
}
