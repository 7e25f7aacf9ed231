import type { CompiledAllowlist, Finding } from "./findings.js";
import { type PiiOptions, scanPii } from "./pii/index.js";
import { scanSecrets } from "./secrets/scan.js";

export interface DetectOptions {
  /** Look for secrets (default true). */
  secrets?: boolean;
  /** Secret rule ids to use exclusively / to skip. */
  secretRules?: { only?: string[]; exclude?: string[] };
  /** Look for personal data: false (default), true (all types, defaults) or options. */
  pii?: boolean | PiiOptions;
  /** What the user says is not sensitive. */
  allowlist?: CompiledAllowlist;
  /** Path of the scanned file or record, for path allowlists. */
  path?: string;
}

/**
 * Every secret and piece of personal data in a text, sorted by start, without overlaps.
 * Secrets win over PII on overlapping spans (an email inside a database URI is part of a
 * credential, and redacting the credential redacts it too). The one entry point shared by
 * the operators and `smelt scan`, so both always agree on what is sensitive.
 */
export function detectSensitive(text: string, options: DetectOptions = {}): Finding[] {
  if (options.allowlist?.pathAllowed(options.path)) return [];
  const secrets = options.secrets === false ? [] : scanSecrets(text, options.secretRules);
  const pii = options.pii ? scanPii(text, options.pii === true ? {} : options.pii) : [];
  let found = secrets;
  if (pii.length > 0) {
    // keep PII that overlaps no secret; both lists are sorted by start and non-overlapping
    const kept: Finding[] = [];
    let s = 0;
    for (const p of pii) {
      while (s < secrets.length && (secrets[s] as Finding).end <= p.start) s++;
      const next = secrets[s];
      if (next && next.start < p.end) continue;
      kept.push(p);
    }
    found = [...secrets, ...kept].sort((a, b) => a.start - b.start);
  }
  const allow = options.allowlist;
  return allow ? found.filter((f) => !allow.findingAllowed(f, text.slice(f.start, f.end))) : found;
}
