/**
 * Lookup tables over GitHub Linguist's language data (the `linguist-languages` package: one
 * object per language with its name, type, extensions, filenames, interpreters and aliases).
 * Built once per worker thread on first use: importing the 833 language modules costs ~0.2 s,
 * so the tables load lazily in `create()` rather than when the operator registry is imported.
 */
import type { Language } from "linguist-languages";

export type LangType = "programming" | "data" | "markup" | "prose";

export interface LangInfo {
  /** Linguist's name, e.g. "C++", "Objective-C", "JSON with Comments". */
  name: string;
  /** Stable lowercase id: the name lowercased with spaces replaced by `-` ("c++", "json-with-comments"). */
  id: string;
  type: LangType;
  /** Extensions exactly as Linguist lists them, primary first. */
  extensions: readonly string[];
}

export interface LinguistTables {
  byName: ReadonlyMap<string, LangInfo>;
  byId: ReadonlyMap<string, LangInfo>;
  /** Exact file names (`Makefile`, `.bashrc`, `CMakeLists.txt`). */
  filenames: ReadonlyMap<string, LangInfo[]>;
  /** The same file names lowercased, for `MAKEFILE`-style spellings. */
  filenamesLower: ReadonlyMap<string, LangInfo[]>;
  /** Lowercased extensions with the leading dot (`.h`, `.d.ts` is not one, `.h.in` is). */
  extensions: ReadonlyMap<string, LangInfo[]>;
  /** Interpreter names from shebangs (`python3`, `node`, `bash`). */
  interpreters: ReadonlyMap<string, LangInfo[]>;
  /** Names a modeline may use: lowercased names, aliases, interpreters, extensions without the dot. */
  modeNames: ReadonlyMap<string, LangInfo>;
}

/** Linguist's name to this project's stable lowercase id. */
export function langId(name: string): string {
  return name.toLowerCase().replace(/\s+/g, "-");
}

/**
 * Popularity order used to break ties Linguist leaves to its Bayesian classifier (an extension
 * or interpreter shared by several languages with no heuristic match). Roughly GitHub's usage
 * ranking; languages not listed come after, programming before markup/data/prose, then by name.
 */
const POPULAR = [
  "JavaScript",
  "Python",
  "Java",
  "TypeScript",
  "C#",
  "C++",
  "PHP",
  "Shell",
  "C",
  "Ruby",
  "Go",
  "Kotlin",
  "Swift",
  "Rust",
  "Objective-C",
  "Scala",
  "Dart",
  "R",
  "Perl",
  "Lua",
  "MATLAB",
  "Haskell",
  "HTML",
  "CSS",
  "Markdown",
  "JSON",
  "YAML",
  "XML",
  "SQL",
  "TeX",
  "Text",
  "Vim script",
  "PowerShell",
  "Makefile",
  "Dockerfile",
  "Assembly",
  "Unix Assembly",
  "Elixir",
  "Erlang",
  "Clojure",
  "Groovy",
  "Julia",
  "F#",
  "OCaml",
  "Fortran",
  "Visual Basic .NET",
  "VBA",
  "Common Lisp",
  "Scheme",
  "Emacs Lisp",
  "Pascal",
  "Prolog",
  "Verilog",
  "VHDL",
  "Tcl",
  "Puppet",
  "Roff",
  "INI",
  "TOML",
  "Batchfile",
  "CoffeeScript",
  "Nix",
  "Zig",
  "Elm",
  "Crystal",
  "Nim",
  "D",
  "GLSL",
  "Cuda",
  "Solidity",
  "Smalltalk",
  "Forth",
  "Raku",
];
const TYPE_ORDER: Record<LangType, number> = { programming: 0, markup: 1, data: 2, prose: 3 };
const popularRank = new Map(POPULAR.map((n, i) => [n, i]));

/** The names used for tie-breaking (exported for tests: each must be a Linguist name). */
export const POPULAR_NAMES: readonly string[] = POPULAR;

/** Deterministic preference among candidates: popularity, then type, then name. */
export function comparePreference(a: LangInfo, b: LangInfo): number {
  const ra = popularRank.get(a.name) ?? Number.POSITIVE_INFINITY;
  const rb = popularRank.get(b.name) ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function preferred(cands: readonly LangInfo[]): LangInfo | undefined {
  return [...cands].sort(comparePreference)[0];
}

function push<K>(map: Map<K, LangInfo[]>, key: K, info: LangInfo): void {
  const list = map.get(key);
  if (!list) map.set(key, [info]);
  else if (!list.includes(info)) list.push(info);
}

export function buildTables(languages: Iterable<Language>): LinguistTables {
  const byName = new Map<string, LangInfo>();
  const byId = new Map<string, LangInfo>();
  const filenames = new Map<string, LangInfo[]>();
  const filenamesLower = new Map<string, LangInfo[]>();
  const extensions = new Map<string, LangInfo[]>();
  const interpreters = new Map<string, LangInfo[]>();
  const all: Array<[Language, LangInfo]> = [];
  for (const l of languages) {
    const info: LangInfo = {
      name: l.name,
      id: langId(l.name),
      type: l.type as LangType,
      extensions: l.extensions ?? [],
    };
    byName.set(info.name, info);
    byId.set(info.id, info);
    all.push([l, info]);
    for (const f of l.filenames ?? []) {
      push(filenames, f, info);
      push(filenamesLower, f.toLowerCase(), info);
    }
    for (const e of l.extensions ?? []) push(extensions, e.toLowerCase(), info);
    for (const i of l.interpreters ?? []) push(interpreters, i, info);
  }
  for (const list of [...extensions.values(), ...interpreters.values(), ...filenames.values()]) {
    list.sort(comparePreference);
  }
  // Modeline names: earlier sources win (a language's own name beats another's alias).
  const modeNames = new Map<string, LangInfo>();
  const add = (key: string, info: LangInfo) => {
    if (!modeNames.has(key)) modeNames.set(key, info);
  };
  const sorted = [...all].sort((a, b) => comparePreference(a[1], b[1]));
  for (const [l, info] of sorted) add(l.name.toLowerCase(), info);
  for (const [, info] of sorted) add(info.id, info);
  for (const [l, info] of sorted) for (const a of l.aliases ?? []) add(a.toLowerCase(), info);
  for (const [l, info] of sorted) for (const i of l.interpreters ?? []) add(i.toLowerCase(), info);
  for (const [l, info] of sorted) for (const e of l.extensions ?? []) add(e.slice(1).toLowerCase(), info);
  return { byName, byId, filenames, filenamesLower, extensions, interpreters, modeNames };
}

let cache: Promise<LinguistTables> | undefined;

/** The tables, built once per worker thread. */
export function linguistTables(): Promise<LinguistTables> {
  cache ??= import("linguist-languages").then((mod) => buildTables(Object.values(mod) as Language[]));
  return cache;
}
