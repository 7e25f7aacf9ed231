/**
 * Grounding checks shared by the QA and design validators: exact evidence, known identifiers,
 * and overlap between generated text and the cited lines.
 */
import type { RepoIndex } from "../index/index.js";
import type { DomainMap } from "../map/index.js";
import { type Lines, normalizeWs } from "./text.js";
import type { QaEvidence } from "./types.js";

const FILE_EXT = /\.(java|ya?ml|sql|py|ts|js|go|md|json|xml|properties|kt)$/;
/** `Class.member` chains starting with a capital, and CamelCase words (two humps at least). */
const DOTTED = /\b[A-Z][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g;
const CAMEL = /\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b/g;
/** Literals and code-ish words: quoted strings, numbers, CONSTANTS, camelCase names. */
const LITERAL = /"([^"]{2,})"|\b\d+(?:[._]\d+)*\b|\b[A-Z][A-Z0-9_]{2,}\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b/g;

export interface Known {
  /** Symbol, entity and field names. */
  names: Set<string>;
  /** Qualified names and every dotted suffix of them, entity fields, config keys. */
  qualified: Set<string>;
}
/** Per index, then per map (or none): building the sets costs ~8 ms on a big repository, per sample. */
const knownCache = new WeakMap<RepoIndex, { plain?: Known; byMap: WeakMap<DomainMap, Known> }>();

/** Names the text may use: the index's symbols, plus entity fields and config keys with a map. */
export function known(index: RepoIndex, map?: DomainMap): Known {
  let entry = knownCache.get(index);
  if (!entry) {
    entry = { byMap: new WeakMap() };
    knownCache.set(index, entry);
  }
  let k = map ? entry.byMap.get(map) : entry.plain;
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
  if (map) entry.byMap.set(map, k);
  else entry.plain = k;
  return k;
}

/** Reasons an evidence span is not exactly the file's text at its lines. */
export function checkEvidence(evidence: QaEvidence[], lines: Lines, label = "evidence"): string[] {
  const reasons: string[] = [];
  evidence.forEach((e, i) => {
    const actual = lines.slice(e.path, e.start_line, e.end_line);
    if (actual === null) {
      reasons.push(`${label}[${i}]: ${e.path}:${e.start_line}-${e.end_line} is not in the repository`);
    } else if (normalizeWs(actual) !== normalizeWs(e.snippet)) {
      reasons.push(`${label}[${i}]: snippet differs from ${e.path}:${e.start_line}-${e.end_line}`);
    }
  });
  return reasons;
}

/** Reasons an evidence index list points past the sample's evidence. */
export function checkIndexes(owner: string, indexes: number[], evidenceCount: number): string[] {
  return indexes.filter((n) => n >= evidenceCount).map((n) => `${owner}: evidence ${n} out of range`);
}

const evidenceText = (evidence: QaEvidence[]) => normalizeWs(evidence.map((e) => e.snippet).join("\n"));

/** The identifier-like tokens of a text: `Class.member` chains (file names excluded) and CamelCase words. */
function identifiers(text: string): { dotted: string[]; camel: string[] } {
  const dotted = [...new Set([...text.matchAll(DOTTED)].map((m) => m[0]))].filter((t) => !FILE_EXT.test(t));
  const camel = [...new Set([...text.matchAll(CAMEL)].map((m) => m[0]))];
  return { dotted, camel };
}

/** Identifiers of the text that are neither in the index/map nor in the cited snippets. */
export function unknownIdentifiers(text: string, evidence: QaEvidence[], index: RepoIndex, map?: DomainMap): string[] {
  const ev = evidenceText(evidence);
  const k = known(index, map);
  const unknown = new Set<string>();
  const { dotted, camel } = identifiers(text);
  for (const tok of dotted) {
    const parts = tok.split(".");
    const ok =
      k.qualified.has(tok) ||
      ev.includes(tok) ||
      (parts.length > 2 && k.qualified.has(parts.slice(-2).join("."))) ||
      // `Class.CONSTANT` / `Class.field` where the class is indexed and the member is cited in the evidence.
      (k.names.has(parts[0] as string) && new RegExp(`\\b${parts.at(-1)}\\b`).test(ev));
    if (!ok) unknown.add(tok);
  }
  for (const tok of camel) {
    if (dotted.some((d) => d.split(".").includes(tok))) continue;
    if (!k.names.has(tok) && !new RegExp(`\\b${tok}\\b`).test(ev)) unknown.add(tok);
  }
  return [...unknown];
}

/** Whether some identifier, literal or backticked phrase of the text appears in the cited snippets. */
export function overlaps(text: string, evidence: QaEvidence[]): boolean {
  const ev = evidenceText(evidence);
  const { dotted, camel } = identifiers(text);
  // A message template (`catalog: {err}`) matches through its literal pieces (`"catalog: %w"`).
  const literals = [...text.matchAll(LITERAL)]
    .map((m) => m[1] ?? m[0])
    .flatMap((l) =>
      l.includes("{")
        ? l
            .split(/\{[^}]*\}/)
            .map((p) => p.trim())
            .filter((p) => p.length >= 4)
        : [l],
    );
  const backticked = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const candidates = [...dotted, ...camel]
    .flatMap((d) => [d, d.split(".").at(-1) as string])
    .concat(literals, backticked);
  const last = (c: string) => c.split(".").at(-1) ?? c;
  return candidates.some((c) => c.length > 0 && (ev.includes(normalizeWs(c)) || ev.includes(last(c))));
}
