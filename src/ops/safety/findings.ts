import { createHash } from "node:crypto";
import picomatch from "picomatch";

/**
 * One sensitive span found in a text: a secret (rule id as `type`) or personal data (`email`, `ipv4`, ...).
 * Shared by the secret rules, the PII detectors, the operators, redaction and `smelt scan`.
 * The value itself is never stored here: only where it is, a masked preview and a fingerprint.
 */
export interface Finding {
  kind: "secret" | "pii";
  /** Secret rule id (`aws-access-key-id`) or PII type (`email`, `ipv4`, `ipv6`, `phone`, `credit_card`, `iban`, `us_ssn`...). */
  type: string;
  /** 1-based line and column (UTF-16 code units) of the value's first character. */
  line: number;
  column: number;
  /** UTF-16 offsets of the value in the scanned text: text.slice(start, end) is the value. */
  start: number;
  end: number;
  /** Masked value: a few leading chars, "…", and its length. Never the full value. */
  preview: string;
  /** First 16 hex chars of sha256(type + ":" + value): stable across files, for baselines and allowlists. */
  fingerprint: string;
}

/** Masked preview: up to 4 leading chars (never more than a third of the value), "…", and the length. */
export function maskValue(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 3));
  return `${value.slice(0, shown)}…(${value.length} chars)`;
}

export function fingerprintOf(type: string, value: string): string {
  return createHash("sha256").update(`${type}:${value}`).digest("hex").slice(0, 16);
}

/** Offsets of every line start, for turning offsets into line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset, given lineStarts(text). */
export function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/** Build a Finding for text.slice(start, end). */
export function makeFinding(
  kind: Finding["kind"],
  type: string,
  text: string,
  start: number,
  end: number,
  starts: number[],
): Finding {
  const value = text.slice(start, end);
  return {
    kind,
    type,
    ...lineColumn(starts, start),
    start,
    end,
    preview: maskValue(value),
    fingerprint: fingerprintOf(type, value),
  };
}

/**
 * What a user says is not sensitive: files by glob, values by regex, exact values, and fingerprints
 * (from a baseline or a report). Applied after detection, so allowlisted values are still never logged.
 */
export interface Allowlist {
  /** Globs matched against the record/file path (e.g. `**\/test/fixtures/**`). */
  paths?: string[];
  /** Regexes (JavaScript syntax) tested against the found value. */
  regexes?: string[];
  /** Exact values that are known not to be secrets (public test keys, the project's own contact address). */
  values?: string[];
  /** Finding fingerprints to ignore. */
  fingerprints?: string[];
}

export interface CompiledAllowlist {
  pathAllowed(path: string | undefined): boolean;
  findingAllowed(finding: Finding, value: string): boolean;
}

/** Compile an allowlist once (globs and regexes), then test paths and findings cheaply. */
export function compileAllowlist(list: Allowlist | undefined): CompiledAllowlist {
  const pathMatch = list?.paths?.length ? picomatch(list.paths, { dot: true }) : undefined;
  const regexes = (list?.regexes ?? []).map((r) => new RegExp(r));
  const values = new Set(list?.values ?? []);
  const prints = new Set(list?.fingerprints ?? []);
  return {
    pathAllowed: (path) => (pathMatch && path ? pathMatch(path) : false),
    findingAllowed: (f, value) =>
      values.has(value) || prints.has(f.fingerprint) || regexes.some((re) => re.test(value)),
  };
}
