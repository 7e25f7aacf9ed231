import { z } from "zod";
import { drop, type RecordOutcome } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import type { Allowlist, Finding } from "./findings.js";
import { applyRedactions } from "./redact/apply.js";
import { listSecretRules } from "./secrets/scan.js";

const regexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => `not a valid regular expression: ${String(issue.input)}` },
);

/** The `allowlist` param shared by detect_secrets, detect_pii and redact. */
export const allowlistParam = z
  .strictObject({
    paths: z
      .array(z.string().min(1))
      .default([])
      .describe("Globs of record paths never reported (e.g. `**/fixtures/**`)."),
    regexes: z.array(regexSource).default([]).describe("Regexes (JavaScript syntax) of values that are not sensitive."),
    values: z
      .array(z.string().min(1))
      .default([])
      .describe("Exact values that are not sensitive (public test keys...)."),
    fingerprints: z
      .array(z.string().regex(/^[0-9a-f]{16}$/, "a fingerprint is 16 hex characters, as findings show it"))
      .default([])
      .describe("Finding fingerprints (from `smelt scan` reports) that are known and accepted."),
  })
  .default({ paths: [], regexes: [], values: [], fingerprints: [] })
  .describe("What is not sensitive: path globs, value regexes, exact values, finding fingerprints.");

export type AllowlistParam = z.infer<typeof allowlistParam>;

export function toAllowlist(p: AllowlistParam): Allowlist {
  return { paths: p.paths, regexes: p.regexes, values: p.values, fingerprints: p.fingerprints };
}

let ruleIds: Set<string> | undefined;
export function secretRuleIds(): Set<string> {
  ruleIds ??= new Set(listSecretRules().map((r) => r.id));
  return ruleIds;
}

const ruleId = z.string().refine((id) => secretRuleIds().has(id), {
  error: (issue) =>
    `unknown secret rule \`${String(issue.input)}\` — \`smelt ops show detect_secrets\` lists the rules`,
});

/** Which secret rules run: all by default, `only` some, or all but `exclude`. */
export const secretRulesParams = {
  only: z.array(ruleId).optional().describe("Run only these secret rules (ids as in the rule list)."),
  exclude: z.array(ruleId).default([]).describe("Skip these secret rules."),
};

/** Findings as short strings for a metadata column: `aws-access-key-id@3:15#1a2b3c4d5e6f7a8b` (never the value). */
export function describeFinding(f: { type: string; line: number; column: number; fingerprint: string }): string {
  return `${f.type}@${f.line}:${f.column}#${f.fingerprint}`;
}

/** `aws-access-key-id 3:15, slack-bot-token 9:2 (+1 more)`: where, never what. */
export function findingsSummary(found: Finding[], max = 3): string {
  const head = found.slice(0, max).map((f) => `${f.type} ${f.line}:${f.column}`);
  return found.length > max ? `${head.join(", ")} (+${found.length - max} more)` : head.join(", ");
}

/**
 * Drop a record for its findings, with its text redacted first: `dropped/` keeps the record for
 * inspection, and it must not keep the values the record was dropped for.
 */
export function dropRedacted(r: SmeltRecord, rule: string, found: Finding[]): RecordOutcome {
  r.text = applyRedactions(r.text, found, () => "redact").text;
  return drop(rule, findingsSummary(found));
}
