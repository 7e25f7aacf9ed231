/**
 * Step 3 of `smelt synth`: business rules with their evidence — guards, validations, errors,
 * state transitions, computations, transaction boundaries and policy constants — read with
 * tree-sitter from the indexed Java and Python sources (test code left out), plus policy-like
 * configuration values no field binds.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { withTree } from "../index/symbols.js";
import type { IndexedFile, RepoIndex } from "../index/types.js";
import type { ConfigEntry, DomainMap } from "../map/types.js";
import { POLICY_KEY } from "./constants.js";
import { goRules } from "./go.js";
import { javaRules } from "./java.js";
import { pythonRules } from "./python.js";
import { sqlRules } from "./sql.js";
import type { BusinessRule, Evidence, RawRule } from "./types.js";
import { typescriptRules } from "./typescript.js";

export type * from "./types.js";

/**
 * Test sources: `src/test/`, `test(s)/` folders, `*Test.java`, `test_*.py`, `*_test.py`, `*_test.go`,
 * `*.test.ts` / `*.spec.mjs` (any of js, jsx, ts, tsx with an optional m/c module prefix).
 */
export const TEST_PATH =
  /(^|\/)(src\/test|tests?|__tests__|spec)\/|(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go)|[^/]*(Test|Tests|IT)\.java|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/;

/** Source before build output: a rule found in both `src/x.ts` and its compiled `x.js`/`x.cjs` is kept once, from the source. */
const SOURCE_RANK = (p: string) =>
  /\.(ts|tsx|mts|cts)$/.test(p) && !/\.d\.[cm]?ts$/.test(p) ? 0 : /\.(js|jsx)$/.test(p) ? 1 : 2;

const GRAMMAR: Record<string, string> = {
  java: "java",
  python: "python",
  typescript: "typescript",
  tsx: "tsx",
  javascript: "javascript",
  go: "go",
};

const entityNames = new WeakMap<DomainMap, string[]>();

function domainOf(owner: string, file: string, map: DomainMap): string {
  const cls = owner.split(".")[0] ?? "";
  // A table's rules belong to the entity mapped to it (`orders` → Order).
  const mapped = map.entities.find((e) => e.table !== undefined && e.table.toLowerCase() === cls.toLowerCase());
  if (mapped !== undefined) return mapped.name;
  let names = entityNames.get(map);
  if (names === undefined) {
    names = map.entities.map((e) => e.name).sort((a, b) => b.length - a.length);
    entityNames.set(map, names);
  }
  const hit = names.find((n) => cls === n || cls.startsWith(n));
  if (hit !== undefined) return hit;
  const mod = map.modules
    .filter((m) => m.path === "." || file === m.path || file.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return mod?.name ?? "";
}

/** The grammar a file's rules are read with, or undefined: test sources and other languages have none. */
export function ruleGrammar(file: IndexedFile): string | undefined {
  return TEST_PATH.test(file.path) ? undefined : GRAMMAR[file.lang];
}

/** The configuration rules bind to (Java's @Value / @ConfigurationProperties): test configuration left out. */
export const ruleConfig = (config: readonly ConfigEntry[]): ConfigEntry[] =>
  config.filter((c) => !TEST_PATH.test(c.path));

/** Code rules of one source file from its tree in grammar `key` (its `ruleGrammar`); `config` from `ruleConfig`. */
export function fileRules(path: string, key: string, root: Node, config: readonly ConfigEntry[]): RawRule[] {
  if (key === "java") return javaRules(path, root, config);
  if (key === "python") return pythonRules(path, root);
  if (key === "go") return goRules(path, root);
  return typescriptRules(path, root);
}

/**
 * Extract the business rules of an indexed, mapped repository. `codeRules`: the `fileRules` of
 * every indexed file with a `ruleGrammar` and symbols, in file order, when already read (while
 * indexing); else each such file is parsed here.
 */
export async function extractRules(
  index: RepoIndex,
  map: DomainMap,
  root: string = index.root,
  codeRules?: readonly RawRule[],
): Promise<BusinessRule[]> {
  const abs = path.resolve(root);
  const config = ruleConfig(map.config);
  const texts = new Map<string, string[]>();
  const lines = async (p: string) => {
    let l = texts.get(p);
    if (l === undefined) {
      l = (await readFile(path.join(abs, p), "utf8")).split("\n");
      texts.set(p, l);
    }
    return l;
  };
  const raw: RawRule[] = codeRules === undefined ? [] : [...codeRules];
  if (codeRules === undefined) {
    const chunked = new Set(index.chunks.map((c) => c.path));
    for (const f of index.files) {
      const key = ruleGrammar(f);
      if (key === undefined || !chunked.has(f.path)) continue;
      const text = (await lines(f.path)).join("\n");
      const found = await withTree(text, key, (tree) => fileRules(f.path, key, tree.rootNode, config));
      raw.push(...(found ?? []));
    }
  }
  for (const t of map.tables) if (!TEST_PATH.test(t.path)) raw.push(...sqlRules(t, await lines(t.path)));
  // Policy-like config values that no field binds.
  const bound = new Set(raw.map((r) => r.config_key).filter((k) => k !== undefined));
  for (const c of config) {
    if (bound.has(c.key) || !/^-?\d+(\.\d+)?$/.test(c.value) || !POLICY_KEY.test(c.key)) continue;
    if (/^(server|logging|management|spring)\./.test(c.key)) continue;
    raw.push({
      kind: "policy_constant",
      owner: "",
      symbol: c.key,
      summary: `Configuration sets ${c.key} = ${c.value} (${c.path.replace(/^.*\//, "")})`,
      spans: [{ path: c.path, start_line: c.line, end_line: c.line }],
      value: c.value,
      config_key: c.key,
    });
  }

  // One rule per location, and one file per content: packages ship the same code as src/*.ts,
  // *.js and *.cjs (and browser/ copies), which would otherwise repeat every rule two to four
  // times. Lines of one file (overloads, repeated checks) all stay.
  const twinKey = (r: RawRule) =>
    `${r.kind}|${r.symbol}|${r.summary}|${(r.spans[0]?.path ?? "").replace(/^.*\//, "").replace(/\..*$/, "")}`;
  const home = new Map<string, string>();
  for (const r of raw) {
    const p = r.spans[0]?.path;
    if (p === undefined) continue;
    const prev = home.get(twinKey(r));
    if (prev === undefined || (SOURCE_RANK(p) - SOURCE_RANK(prev) || p.length - prev.length || (p < prev ? -1 : 0)) < 0)
      home.set(twinKey(r), p);
  }
  const seen = new Map<string, BusinessRule>();
  for (const r of raw) {
    const first = r.spans[0];
    if (first === undefined || home.get(twinKey(r)) !== first.path) continue;
    const id = `${r.kind}:${r.symbol}:${first.path}:${first.start_line}`;
    if (seen.has(id)) continue;
    const evidence: Evidence[] = [];
    for (const s of r.spans) {
      const l = await lines(s.path);
      evidence.push({ ...s, snippet: l.slice(s.start_line - 1, s.end_line).join("\n") });
    }
    const { owner, spans, ...rest } = r;
    const rule: BusinessRule = { id, ...rest, domain: domainOf(owner || r.symbol, first.path, map), evidence };
    for (const k of Object.keys(rule) as (keyof BusinessRule)[]) if (rule[k] === undefined) delete rule[k];
    seen.set(id, rule);
  }
  return [...seen.values()].sort((a, b) => {
    const pa = a.evidence[0]?.path ?? "";
    const pb = b.evidence[0]?.path ?? "";
    if (pa !== pb) return pa < pb ? -1 : 1;
    const d = (a.evidence[0]?.start_line ?? 0) - (b.evidence[0]?.start_line ?? 0);
    return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
