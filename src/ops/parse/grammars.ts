/**
 * Tree-sitter grammars of `parse_code`: which grammar a record's language id maps to, and the
 * per-worker-thread cache that loads each grammar's WASM once, lazily, the first time a record
 * of that language is seen.
 *
 * web-tree-sitter must stay on 0.25.x: newer releases cannot load the (ABI 13/14) grammars
 * prebuilt in tree-sitter-wasms 0.1.13. Left out on purpose: YAML (its WASM fails to load:
 * "resolved is not a function") and Lua (its external scanner keeps state between parses, so
 * every parse after the first in a thread yields spurious ERROR nodes).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Language, Parser } from "web-tree-sitter";

/**
 * Language ids (the `detect_language` scheme: Linguist's name lower-cased, spaces → "-") and a
 * few common aliases, mapped to grammar keys of `LANG_SPECS`.
 */
export const LANG_TO_GRAMMAR: Readonly<Record<string, string>> = {
  python: "python",
  py: "python",
  javascript: "javascript",
  js: "javascript",
  jsx: "javascript",
  typescript: "typescript",
  ts: "typescript",
  tsx: "tsx",
  java: "java",
  go: "go",
  golang: "go",
  rust: "rust",
  rs: "rust",
  c: "c",
  "c++": "cpp",
  cpp: "cpp",
  "c#": "c_sharp",
  csharp: "c_sharp",
  ruby: "ruby",
  rb: "ruby",
  php: "php",
  shell: "bash",
  bash: "bash",
  sh: "bash",
  zsh: "bash",
  css: "css",
  json: "json",
  "json-with-comments": "json",
  toml: "toml",
  html: "html",
  kotlin: "kotlin",
  kt: "kotlin",
  swift: "swift",
  scala: "scala",
};

/** Fallback when a record has no language field: file extension (lower-cased) → grammar key. */
export const EXT_TO_GRAMMAR: Readonly<Record<string, string>> = {
  py: "python",
  pyi: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  java: "java",
  go: "go",
  rs: "rust",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hh: "cpp",
  hpp: "cpp",
  hxx: "cpp",
  cs: "c_sharp",
  rb: "ruby",
  php: "php",
  sh: "bash",
  bash: "bash",
  css: "css",
  json: "json",
  toml: "toml",
  html: "html",
  htm: "html",
  kt: "kotlin",
  kts: "kotlin",
  swift: "swift",
  scala: "scala",
};

/** Grammar key for a language id (case-insensitive), or undefined when there is none. */
export function grammarForLang(lang: string): string | undefined {
  return LANG_TO_GRAMMAR[lang.trim().toLowerCase()];
}

/** Grammar key for a path's extension, or undefined. */
export function grammarForPath(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return EXT_TO_GRAMMAR[base.slice(dot + 1).toLowerCase()];
}

const WASM_DIR = join(dirname(createRequire(import.meta.url).resolve("tree-sitter-wasms/package.json")), "out");

// Per worker thread: the WASM runtime, one Parser, and each grammar once.
let parserReady: Promise<Parser> | undefined;
const languages = new Map<string, Promise<Language>>();
let grammarLoads = 0;

/** The worker's parser (the tree-sitter runtime is initialised on first use). */
export function getParser(): Promise<Parser> {
  parserReady ??= Parser.init().then(() => new Parser());
  return parserReady;
}

/** The grammar `key`, loaded from tree-sitter-wasms on first use and cached for the thread. */
export function getLanguage(key: string): Promise<Language> {
  let lang = languages.get(key);
  if (!lang) {
    lang = getParser().then(() => {
      grammarLoads++;
      return Language.load(join(WASM_DIR, `tree-sitter-${key}.wasm`));
    });
    languages.set(key, lang);
  }
  return lang;
}

/** Test hook: how many grammars this thread has loaded from disk. */
export function grammarLoadCount(): number {
  return grammarLoads;
}
