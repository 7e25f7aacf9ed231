import type { Finding } from "../findings.js";
import { pseudonymFor } from "./pseudonym.js";

/** What to do with one kind of finding. `keep` leaves it (it is still counted). */
export type RedactAction = "redact" | "pseudonymize" | "drop" | "keep";

/** Typed placeholder: `<SECRET:aws_access_key_id>` for secrets, `<EMAIL>` for PII. */
export function placeholderFor(finding: Finding): string {
  return finding.kind === "secret" ? `<SECRET:${finding.type.replace(/-/g, "_")}>` : `<${finding.type.toUpperCase()}>`;
}

/** One change made to the text: where the replacement now is (offsets in the new text), never the value. */
export interface AppliedRedaction {
  kind: Finding["kind"];
  type: string;
  /** What was done: `pseudonymize` falls back to `redact` when no fake exists (multi-line keys). */
  action: "redact" | "pseudonymize";
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  applied: AppliedRedaction[];
}

const QUOTES = new Set(['"', "'", "`"]);

/**
 * End of the finding clamped to the string literal it starts in, so a replacement never eats
 * the closing quote and the code around it still parses. Only single-line spans are clamped
 * (quote state is tracked from the start of the line, escapes honoured).
 */
function clampToLiteral(text: string, start: number, end: number): number {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (text.indexOf("\n", start) !== -1 && text.indexOf("\n", start) < end) return end;
  let quote: string | undefined;
  for (let i = lineStart; i < start; i++) {
    const ch = text[i] as string;
    if (ch === "\\") i++;
    else if (quote === undefined && QUOTES.has(ch)) quote = ch;
    else if (ch === quote) quote = undefined;
  }
  if (quote === undefined) return end;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === quote) return Math.max(i, start + 1);
  }
  return end;
}

/**
 * Apply the actions to the findings of one text (sorted by start, non-overlapping, as
 * detectSensitive returns them). `drop` is the caller's business (the record goes); the value
 * is still redacted here, so a dropped record never holds it. Pseudonymizing needs the salt.
 */
export function applyRedactions(
  text: string,
  findings: Finding[],
  actionOf: (f: Finding) => RedactAction,
  salt?: string,
): RedactionResult {
  const applied: AppliedRedaction[] = [];
  let out = "";
  let from = 0;
  for (const f of findings) {
    const wanted = actionOf(f);
    if (wanted === "keep") continue;
    const end = clampToLiteral(text, f.start, f.end);
    const value = text.slice(f.start, end);
    const fake = wanted === "pseudonymize" && salt !== undefined ? pseudonymFor(f, value, salt) : undefined;
    const replacement = fake ?? placeholderFor(f);
    out += text.slice(from, f.start);
    applied.push({
      kind: f.kind,
      type: f.type,
      action: fake === undefined ? "redact" : "pseudonymize",
      start: out.length,
      end: out.length + replacement.length,
    });
    out += replacement;
    from = end;
  }
  out += text.slice(from);
  return { text: applied.length > 0 ? out : text, applied };
}

/**
 * Provenance entry for the `redactions` column: `secret:aws-access-key-id:redact@120-146` (offsets in
 * the new text), or `pii:email:redact@author:0-7` for a metadata field.
 */
export function describeRedaction(a: AppliedRedaction, field = ""): string {
  return `${a.kind}:${a.type}:${a.action}@${field ? `${field}:` : ""}${a.start}-${a.end}`;
}
