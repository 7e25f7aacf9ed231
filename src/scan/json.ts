/**
 * The `--format json` report. Its shape is a documented contract (docs: "JSON report"), and
 * also the baseline format: bump REPORT_VERSION on any incompatible change.
 *
 * { version: 1, tool: { name, version }, roots: [PATH...],
 *   findings: [{ kind, type, path, line, column, preview, fingerprint, commit?, record? }],
 *   stats: { files, records, bytes, skipped, latin1_files, findings, by_type, baselined, allowlisted, duration_s, threads } }
 */
import { smeltVersion } from "../version.js";
import type { ScanResult, ScanStats } from "./run.js";
import type { PlacedFinding, ScanFinding } from "./types.js";

export const REPORT_VERSION = 1;

export interface JsonReport {
  version: typeof REPORT_VERSION;
  tool: { name: "smelt"; version: string };
  /** The PATH arguments, as given. */
  roots: string[];
  findings: ScanFinding[];
  stats: ScanStats;
}

/** A finding as the report shows it (fixed key order; no internal fields). */
export function publicFinding(f: PlacedFinding): ScanFinding {
  const out: ScanFinding = {
    kind: f.kind,
    type: f.type,
    path: f.path,
    line: f.line,
    column: f.column,
    preview: f.preview,
    fingerprint: f.fingerprint,
  };
  if (f.commit !== undefined) out.commit = f.commit;
  if (f.record !== undefined) out.record = f.record;
  return out;
}

export function jsonReport(r: ScanResult): JsonReport {
  return {
    version: REPORT_VERSION,
    tool: { name: "smelt", version: smeltVersion() },
    roots: r.roots.map((x) => x.arg),
    findings: r.findings.map(publicFinding),
    stats: r.stats,
  };
}

export function renderJson(r: ScanResult): string {
  return `${JSON.stringify(jsonReport(r), null, 2)}\n`;
}
