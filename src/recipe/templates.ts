/** Built-in recipe templates: the YAML files shipped in `<package root>/recipes/`. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parse } from "yaml";
import { UserError } from "../core/errors.js";
import { suggestName } from "../core/registry.js";
import { smeltRoot } from "../version.js";

export interface TemplateInfo {
  name: string;
  description: string;
}

/** Folder holding the built-in templates. */
export function templatesDir(): string {
  return join(smeltRoot(), "recipes");
}

function templateFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const f of names.sort()) {
    const ext = extname(f);
    if (ext !== ".yaml" && ext !== ".yml") continue;
    const name = basename(f, ext);
    if (!out.has(name)) out.set(name, join(dir, f));
  }
  return out;
}

function describe(file: string): string {
  try {
    const data = parse(readFileSync(file, "utf8")) as { description?: unknown } | null;
    const d = data?.description;
    return typeof d === "string" ? (d.trim().split("\n")[0] ?? "") : "";
  } catch {
    return "";
  }
}

/** Every built-in template with the first line of its `description`, sorted by name. */
export function listTemplates(dir: string = templatesDir()): TemplateInfo[] {
  return [...templateFiles(dir)].map(([name, file]) => ({ name, description: describe(file) }));
}

function unknownTemplate(name: string, known: string[]): UserError {
  const guess = suggestName(name, known);
  const fix = guess
    ? `did you mean \`${guess}\`?`
    : known.length > 0
      ? `available templates: ${known.join(", ")}`
      : "no templates are installed";
  return new UserError(`unknown template \`${name}\` — ${fix}`);
}

/** Absolute path of a built-in template. UserError (with did-you-mean) when unknown. */
export function templatePath(name: string, dir: string = templatesDir()): string {
  const files = templateFiles(dir);
  const file = files.get(name);
  if (!file) throw unknownTemplate(name, [...files.keys()]);
  return file;
}

/** The raw YAML of a built-in template. */
export function showTemplate(name: string, dir: string = templatesDir()): string {
  return readFileSync(templatePath(name, dir), "utf8");
}

/**
 * What `smelt run <arg>` runs: an existing file is returned as given; otherwise a template
 * name (`quickstart`, or `quickstart.yaml`) gives the template's path. UserError otherwise.
 */
export function resolveRecipeArg(arg: string, dir: string = templatesDir()): string {
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) throw new UserError(`recipe path ${arg} is a folder — pass the recipe .yaml file`);
    return arg;
  }
  const looksLikePath = /[/\\]/.test(arg);
  const files = templateFiles(dir);
  const name = looksLikePath ? undefined : arg.replace(/\.ya?ml$/, "");
  const file = name === undefined ? undefined : files.get(name);
  if (file) return file;
  const known = [...files.keys()];
  if (looksLikePath || /\.ya?ml$/.test(arg)) {
    const guess = name === undefined ? undefined : suggestName(name, known);
    throw new UserError(`recipe file not found: ${arg}${guess ? ` — did you mean the template \`${guess}\`?` : ""}`);
  }
  const guess = suggestName(arg, known);
  const fix = guess
    ? `did you mean \`${guess}\`?`
    : `pass a recipe .yaml file${known.length > 0 ? ` or one of the templates: ${known.join(", ")}` : ""}`;
  throw new UserError(`no recipe file or template named \`${arg}\` — ${fix}`);
}
