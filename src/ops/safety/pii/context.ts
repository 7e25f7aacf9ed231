import type { PiiType } from "./index.js";

/** A detected value: text.slice(start, end), before it becomes a Finding. */
export interface Span {
  type: PiiType;
  start: number;
  end: number;
}

/** scanPii options with every default filled in. */
export interface Resolved {
  types: ReadonlySet<PiiType>;
  keepDocumentationEmails: boolean;
  keepPrivateIps: boolean;
  keepLoopbackIps: boolean;
  keepLinkLocalIps: boolean;
  keepDocumentationIps: boolean;
  keepReservedIps: boolean;
  keepVersionLikeIps: boolean;
  phoneRegions: readonly string[];
  keepTestCards: boolean;
}

/** A detector appends the spans it finds in text to out. */
export type Detector = (text: string, opts: Resolved, out: Span[]) => void;

/**
 * True when `re` matches the text around [start, end): `before` chars before it and `after` chars after it.
 * Used for "a keyword must be nearby" rules (SSN, NHS, SIN, BSN, Aadhaar, bare phone numbers).
 */
export function near(text: string, start: number, end: number, re: RegExp, before = 64, after = 24): boolean {
  return re.test(text.slice(Math.max(0, start - before), Math.min(text.length, end + after)));
}

/** Text of the current line before `offset`, at most `max` chars. */
export function lineBefore(text: string, offset: number, max: number): string {
  const from = Math.max(0, offset - max);
  const nl = text.lastIndexOf("\n", offset - 1);
  return text.slice(Math.max(from, nl + 1), offset);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letter, digit or underscore (a JavaScript \w). */
export function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
