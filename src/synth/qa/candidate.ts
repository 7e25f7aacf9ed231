/** What the offline QA generator plans before reading any lines: a question source with its spans and a rank. */
import type { Known } from "./checks.js";
import type { QaEvidence, QaKind, QaSample } from "./types.js";

export type Span = { path: string; start_line: number; end_line: number };
export type Difficulty = QaSample["metadata"]["difficulty"];

export interface Draft {
  question: string;
  answer: string;
  trace: { text: string; evidence: number[] }[];
  difficulty: Difficulty;
}

export interface Candidate {
  kind: QaKind;
  /** Finer than kind, for the mix: guard, error, computation, constant, flow, config... */
  topic: string;
  /** Class (or file) the sample is about: at most a few samples per owner. */
  owner: string;
  /** What the question is about; one sample per subject (compiled twins of a source file share it). */
  subject?: string;
  source_id: string;
  domain: string;
  spans: Span[];
  /** How much the sample teaches: bare constants rank low, multi-branch checks and flows high. */
  score: number;
  draft: (r: () => number, ev: QaEvidence[]) => Draft;
}

/** Writes a symbol for a question or answer; `path` (its file) names module-level functions apart. */
export type Name = (symbol: string, path?: string) => string;

/** Long spans are cut to their first lines: the snippet stays exactly the file's text. */
export const MAX_SPAN = 30;

export const q = (s: string) => `\`${s}\``;
export const list = (xs: string[]) =>
  xs.length < 2 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;
export const capitalize = (s: string) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;

/**
 * How to write a symbol so the validator can check it: as is when the index knows it, else
 * (members of nested classes, which the index does not chunk) as "`m` in `Outer`'s nested class `Inner`".
 */
export function namer(k: Known): Name {
  return (symbol, path) => {
    const parts = symbol.split(".");
    // Module-level functions share names across files (`_parse`, `get`): say which file.
    if (parts.length === 1 && path !== undefined) return `${q(symbol)} in ${q(path.split("/").slice(-2).join("/"))}`;
    // `Timestamp.Timestamp`: a constructor.
    if (parts.length === 2 && parts[0] === parts[1]) return `the ${q(parts[0] as string)} constructor`;
    if (parts.length <= 2 || k.qualified.has(symbol) || k.qualified.has(parts.slice(-2).join("."))) return q(symbol);
    const [outer, ...inner] = parts.slice(0, -1);
    const member = q(parts.at(-1) as string);
    // The validator checks CamelCase names against the index: unknown nested names stay unsaid.
    const sayable = inner.length === 1 && inner.every((n) => k.names.has(n) || !/^[A-Z][a-z0-9]+[A-Z]/.test(n));
    return sayable
      ? `${member} of ${q(outer as string)}'s nested class ${q(inner.join("."))}`
      : `${member} (in a class nested in ${q(outer as string)})`;
  };
}
