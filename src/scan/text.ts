/**
 * The human report: findings grouped by file (`path:line:col  type  preview  fingerprint`,
 * plus the commit or record when there is one), then a summary of what was scanned.
 */
import { formatBytes } from "../core/format.js";
import type { ScanResult, ScanStats } from "./run.js";
import type { PlacedFinding } from "./types.js";

/** Where a finding is, as a person looks for it. */
export function placeOf(f: PlacedFinding): string {
  const r = f.record;
  if (!r) return `${f.path}:${f.line}:${f.column}`;
  const which = r.line !== undefined ? `line ${r.line}` : `row ${r.row}`;
  return `${f.path} ${which}${r.id !== undefined ? ` (id ${r.id})` : ""} ${r.field}:${f.line}:${f.column}`;
}

function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, c] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  }
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd(),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function renderSummary(s: ScanStats): string {
  const what = [plural(s.files, "file")];
  if (s.records > 0) what.push(plural(s.records, "record"));
  const skipped = [
    s.skipped.binary ? `${s.skipped.binary} binary` : "",
    s.skipped.too_large ? `${s.skipped.too_large} too large` : "",
    s.skipped.unreadable ? `${s.skipped.unreadable} unreadable` : "",
    s.skipped.bad_records ? `${plural(s.skipped.bad_records, "record")} without text` : "",
  ].filter(Boolean);
  const lines = [
    `scanned ${what.join(", ")} (${formatBytes(s.bytes)}) in ${s.duration_s.toFixed(2)}s on the ${s.threads}` +
      (skipped.length ? `; skipped ${skipped.join(", ")}` : "") +
      (s.latin1_files ? `; ${s.latin1_files} not UTF-8 (read as Latin-1)` : ""),
  ];
  const left = [
    s.baselined ? `${s.baselined} baselined` : "",
    s.allowlisted ? `${s.allowlisted} allowlisted` : "",
  ].filter(Boolean);
  const tail = left.length ? ` (${left.join(", ")} not shown)` : "";
  if (s.findings === 0) lines.push(`no findings${tail}`);
  else {
    const types = Object.entries(s.by_type).map(([t, n]) => `${t} ${n}`);
    lines.push(`${plural(s.findings, "finding")}: ${types.join(", ")}${tail}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderText(r: ScanResult): string {
  const out: string[] = [];
  let group: PlacedFinding[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const rows = group.map((f) => {
      const row = [placeOf(f), f.type, f.preview, f.fingerprint];
      if (f.commit) row.push(`commit ${f.commit.slice(0, 12)}`);
      return row;
    });
    out.push(...columns(rows), "");
    group = [];
  };
  for (const f of r.findings) {
    if (group.length > 0 && (group[0] as PlacedFinding).path !== f.path) flush();
    group.push(f);
  }
  flush();
  return `${out.join("\n")}${out.length ? "\n" : ""}${renderSummary(r.stats)}`;
}
