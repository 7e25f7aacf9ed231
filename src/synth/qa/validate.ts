/** Validation of QA samples: schema, exact evidence, known identifiers, answer–evidence overlap. */
import type { RepoIndex } from "../index/index.js";
import type { DomainMap } from "../map/index.js";
import { Lines, normalizeWs } from "./text.js";
import { QaSampleSchema } from "./types.js";

const FILE_EXT = /\.(java|ya?ml|sql|py|ts|js|go|md|json|xml|properties|kt)$/;
/** `Class.member` chains starting with a capital, and CamelCase words (two humps at least). */
const DOTTED = /\b[A-Z][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g;
const CAMEL = /\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b/g;
/** Literals and code-ish words: quoted strings, numbers, CONSTANTS, camelCase names. */
const LITERAL = /"([^"]{2,})"|\b\d+(?:[._]\d+)*\b|\b[A-Z][A-Z0-9_]{2,}\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b/g;

interface Known {
  names: Set<string>;
  qualified: Set<string>;
}
const knownCache = new WeakMap<RepoIndex, Known>();

function known(index: RepoIndex, map?: DomainMap): Known {
  let k = map ? undefined : knownCache.get(index);
  if (k) return k;
  k = { names: new Set(), qualified: new Set() };
  for (const c of index.chunks) {
    k.names.add(c.name);
    k.qualified.add(c.qualified);
    const parts = c.qualified.split(".");
    for (let i = 0; i < parts.length - 1; i++) k.qualified.add(parts.slice(i).join("."));
  }
  for (const e of map?.entities ?? []) {
    k.names.add(e.name);
    for (const f of e.fields) {
      k.names.add(f.name);
      k.qualified.add(`${e.name}.${f.name}`);
    }
  }
  for (const c of map?.config ?? []) k.qualified.add(c.key);
  if (!map) knownCache.set(index, k);
  return k;
}

/** Reasons the sample is rejected; empty when it is valid. `map` adds entity fields and config keys. */
export function validateSample(
  sample: unknown,
  index: RepoIndex,
  root: string = index.root,
  map?: DomainMap,
): string[] {
  const parsed = QaSampleSchema.safeParse(sample);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `schema: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  const s = parsed.data;
  const reasons: string[] = [];
  const lines = new Lines(root);
  s.evidence.forEach((e, i) => {
    const actual = lines.slice(e.path, e.start_line, e.end_line);
    if (actual === null) {
      reasons.push(`evidence[${i}]: ${e.path}:${e.start_line}-${e.end_line} is not in the repository`);
    } else if (normalizeWs(actual) !== normalizeWs(e.snippet)) {
      reasons.push(`evidence[${i}]: snippet differs from ${e.path}:${e.start_line}-${e.end_line}`);
    }
  });
  for (const t of s.reasoning_trace) {
    for (const n of t.evidence)
      if (n >= s.evidence.length) reasons.push(`reasoning_trace step ${t.step}: evidence ${n} out of range`);
  }
  const ev = normalizeWs(s.evidence.map((e) => e.snippet).join("\n"));
  const k = known(index, map);
  const unknown = new Set<string>();
  const idents = new Set<string>();
  for (const m of s.answer.matchAll(DOTTED)) {
    const tok = m[0];
    if (FILE_EXT.test(tok)) continue;
    idents.add(tok);
    const parts = tok.split(".");
    const ok =
      k.qualified.has(tok) ||
      ev.includes(tok) ||
      (parts.length > 2 && k.qualified.has(parts.slice(-2).join("."))) ||
      // `Class.CONSTANT` / `Class.field` where the class is indexed and the member is cited in the evidence.
      (k.names.has(parts[0] as string) && new RegExp(`\\b${parts.at(-1)}\\b`).test(ev));
    if (!ok) unknown.add(tok);
  }
  for (const m of s.answer.matchAll(CAMEL)) {
    const tok = m[0];
    const inDotted = [...idents].some((d) => d.split(".").includes(tok));
    idents.add(tok);
    if (inDotted) continue;
    if (!k.names.has(tok) && !new RegExp(`\\b${tok}\\b`).test(ev)) unknown.add(tok);
  }
  for (const u of unknown) reasons.push(`unknown identifier: ${u}`);

  const literals = [...s.answer.matchAll(LITERAL)].map((m) => m[1] ?? m[0]);
  const backticked = [...s.answer.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const candidates = [...idents].flatMap((d) => [d, d.split(".").at(-1) as string]).concat(literals, backticked);
  const last = (c: string) => c.split(".").at(-1) ?? c;
  if (!candidates.some((c) => c.length > 0 && (ev.includes(normalizeWs(c)) || ev.includes(last(c))))) {
    reasons.push("no overlap: no identifier or literal of the answer appears in the evidence");
  }
  return reasons;
}
