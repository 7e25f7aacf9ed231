/**
 * The license a repository's package manifest declares: package.json, Cargo.toml,
 * pyproject.toml, setup.cfg, setup.py, composer.json, *.gemspec (root files only). Parsed with
 * small line-level readers, not full TOML/INI/Ruby parsers: only the `license` keys and
 * trove classifiers are needed.
 */
import type { RepoFiles } from "../../core/repoFiles.js";
import { classifierLicense, type Expression, resolveLicenseName } from "./spdx.js";

export interface ManifestLicense {
  expression: Expression;
  /** The manifest it came from. */
  file: string;
  /** `field` (an explicit license key) or `classifier` (PyPI trove classifiers only). */
  from: "field" | "classifier";
}

/** Several licenses a manifest lists (npm `licenses`, composer arrays, gemspec) are alternatives. */
function anyOf(values: string[]): Expression | undefined {
  const parsed = values.map((v) => resolveLicenseName(v));
  if (parsed.length === 0 || parsed.some((p) => p === undefined)) return undefined;
  const exprs = [...new Set((parsed as Expression[]).map((p) => p.expression))];
  if (exprs.length === 1) return parsed[0];
  return {
    expression: exprs.map((e) => (/\s/.test(e) ? `(${e})` : e)).join(" OR "),
    ids: (parsed as Expression[]).flatMap((p) => p.ids),
    unknown: [],
  };
}

function packageJson(text: string): Expression | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof pkg !== "object" || pkg === null) return undefined;
  const { license, licenses } = pkg as { license?: unknown; licenses?: unknown };
  if (typeof license === "string") return resolveLicenseName(license);
  // Legacy forms: {"type": "MIT", "url": ...} and "licenses": [{"type": ...}, ...].
  const typeOf = (v: unknown) =>
    typeof v === "string" ? v : typeof v === "object" && v !== null ? (v as { type?: unknown }).type : undefined;
  const legacy = license !== undefined ? [license] : Array.isArray(licenses) ? licenses : [];
  const names = legacy.map(typeOf).filter((t): t is string => typeof t === "string");
  return names.length === legacy.length ? anyOf(names) : undefined;
}

function composerJson(text: string): Expression | undefined {
  try {
    const { license } = JSON.parse(text) as { license?: unknown };
    if (typeof license === "string") return resolveLicenseName(license);
    if (Array.isArray(license) && license.every((l) => typeof l === "string")) return anyOf(license as string[]);
  } catch {
    // not JSON: no verdict
  }
  return undefined;
}

/** `key = "value"` (or `'value'`, or `{ text = "value" }`) inside the given TOML tables. */
function tomlLicense(text: string, tables: string[]): string | undefined {
  let table = "";
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = (header[1] as string).trim();
      continue;
    }
    if (!tables.includes(table)) continue;
    const plain = /^\s*license\s*=\s*(["'])(.*?)\1/.exec(line);
    if (plain) return plain[2];
    const inline = /^\s*license\s*=\s*\{[^}]*\btext\s*=\s*(["'])(.*?)\1/.exec(line);
    if (inline) return inline[2];
  }
  return undefined;
}

/** `key = value` inside an INI section (setup.cfg). */
function iniValue(text: string, section: string, key: string): string | undefined {
  let current = "";
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      current = (header[1] as string).trim();
      continue;
    }
    if (current !== section) continue;
    const m = new RegExp(`^${key}\\s*[=:]\\s*(.+?)\\s*$`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Trove classifiers anywhere in the file (quoted in TOML/setup.py, bare lines in setup.cfg). */
function classifiers(text: string): Expression | undefined {
  const found = [...text.matchAll(/License\s*::[^"'\n\r,\]]+/g)].map((m) => m[0].trim());
  const resolved = found.map(classifierLicense).filter((e): e is Expression => e !== undefined);
  if (resolved.length === 0) return undefined;
  return anyOf(resolved.map((e) => e.expression));
}

type Reader = (text: string) => Expression | { field?: Expression; classifier?: Expression } | undefined;

const READERS: Array<{ match: (name: string) => boolean; read: Reader }> = [
  { match: (n) => n === "package.json", read: packageJson },
  {
    match: (n) => n === "Cargo.toml",
    read: (t) => resolveOrUndefined(tomlLicense(t, ["package", "workspace.package"])),
  },
  {
    match: (n) => n === "pyproject.toml",
    read: (t) => ({
      field: resolveOrUndefined(tomlLicense(t, ["project", "tool.poetry"])),
      classifier: classifiers(t),
    }),
  },
  {
    match: (n) => n === "setup.cfg",
    read: (t) => ({ field: resolveOrUndefined(iniValue(t, "metadata", "license")), classifier: classifiers(t) }),
  },
  {
    match: (n) => n === "setup.py",
    read: (t) => ({
      field: resolveOrUndefined(/\blicense\s*=\s*(["'])([^"'\n]+)\1/.exec(t)?.[2]),
      classifier: classifiers(t),
    }),
  },
  { match: (n) => n === "composer.json", read: composerJson },
  {
    match: (n) => n.endsWith(".gemspec"),
    read: (t) => {
      const m = /\.licenses?\s*=\s*(\[[^\]]*\]|%w[[(][^\])]*[\])]|(["'])[^"'\n]*\2)/.exec(t);
      if (!m) return undefined;
      const v = m[1] as string;
      const names = v.startsWith("%w")
        ? v.slice(3, -1).trim().split(/\s+/)
        : [...v.matchAll(/(["'])([^"'\n]*)\1/g)].map((x) => x[2] as string);
      return anyOf(names);
    },
  },
];

function resolveOrUndefined(v: string | undefined): Expression | undefined {
  return v === undefined ? undefined : resolveLicenseName(v);
}

/**
 * The first manifest (in the order above) that declares a resolvable license. An explicit
 * `license` key wins over trove classifiers in the same file.
 */
export function manifestLicense(repo: RepoFiles): ManifestLicense | undefined {
  const names = repo.list();
  for (const { match, read } of READERS) {
    for (const file of names.filter(match)) {
      const text = repo.read(file);
      if (text === undefined) continue;
      const got = read(text);
      if (!got) continue;
      if ("expression" in got) return { expression: got, file, from: "field" };
      if (got.field) return { expression: got.field, file, from: "field" };
      if (got.classifier) return { expression: got.classifier, file, from: "classifier" };
    }
  }
  return undefined;
}
