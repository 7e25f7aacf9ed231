import { z } from "zod";
import { defineOperator, drop, keep } from "../../core/operator.js";
import { detectSensitive } from "./detect.js";
import { compileAllowlist, type Finding } from "./findings.js";
import { allowlistParam, findingsSummary, secretRuleIds, secretRulesParams, toAllowlist } from "./params.js";
import { PII_TYPES, type PiiType, piiOptionsSchema, toPiiOptions } from "./pii/index.js";
import { applyRedactions, describeRedaction, type RedactAction } from "./redact/apply.js";

const ACTIONS = ["redact", "pseudonymize", "drop", "keep"] as const;

/** How a recipe passes the salt from the environment (recipe syntax, not a JS template). */
const SALT_FROM_ENV = ["`salt: $", "{SMELT_REDACT_SALT}`"].join("");

const params = z
  .strictObject({
    secrets: z.boolean().default(true).describe("Look for secrets (the detect_secrets rule set)."),
    ...secretRulesParams,
    pii: z.boolean().default(true).describe("Look for personal data (the detect_pii detectors)."),
    ...piiOptionsSchema.shape,
    actions: z
      .record(z.string(), z.enum(ACTIONS))
      .default({})
      .describe(
        "What to do per finding: keys `secret` (every secret), `pii` (all personal data), a PII type (`email`, `ipv4`...) or a secret rule id (`aws-access-key-id`) — the most specific key wins; values redact | pseudonymize | drop | keep. Default: redact everything.",
      ),
    salt: z
      .string()
      .min(16)
      .optional()
      .describe(
        `Secret key for pseudonymize (at least 16 characters; set it from the environment: ${SALT_FROM_ENV}). Same salt + same value → same fake.`,
      ),
    metadata: z
      .boolean()
      .default(true)
      .describe(
        "Also clean string metadata fields (columns an input carried along: title, url, author...); their entries in `redactions` name the field (`...@url:8-30`).",
      ),
    allowlist: allowlistParam,
  })
  .superRefine((p, ctx) => {
    const rules = secretRuleIds();
    for (const key of Object.keys(p.actions)) {
      if (key === "secret" || key === "pii" || PII_TYPES.includes(key as PiiType) || rules.has(key)) continue;
      ctx.addIssue({
        code: "custom",
        path: ["actions", key],
        message: `unknown finding type \`${key}\` — use secret, pii, a PII type (${PII_TYPES.join(", ")}) or a secret rule id`,
      });
    }
    if (Object.values(p.actions).includes("pseudonymize") && p.salt === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["salt"],
        message: `pseudonymize needs a secret salt — add ${SALT_FROM_ENV} and set that variable`,
      });
    }
  });

type Params = z.infer<typeof params>;

function actionResolver(p: Params): (f: Finding) => RedactAction {
  return (f) => p.actions[f.type] ?? p.actions[f.kind] ?? "redact";
}

export const redact = defineOperator({
  name: "redact",
  kind: "refiner",
  version: "1.0.0",
  summary: "Replace secrets and personal data with typed placeholders or consistent fakes, or drop the record.",
  docs: [
    "Finds secrets (detect_secrets' rule set) and personal data (detect_pii's detectors) and acts per finding type: `redact` replaces the value with a typed placeholder (`<SECRET:aws_access_key_id>`, `<EMAIL>`, `<IPV4>`); `pseudonymize` replaces it with a realistic fake that is the same for the same value everywhere (HMAC-SHA256 keyed by `salt`): emails at example.com/.org/.net, IPv4 in 10/8, IPv6 in fd00::/8, phone numbers with the same layout and country code, Luhn-valid cards of the same issuer digit, IBANs of the same country with valid check digits, SSNs in the never-issued 9xx area, tokens with the same prefix and character classes (multi-line keys are always redacted); `drop` removes the record (its text is still fully redacted, so dropped/ never holds the value); `keep` leaves it.",
    'Only the value is replaced — the span a rule captures, clamped to the string literal it starts in — so quotes, keys and the code around stay and the file still parses (`password = "<SECRET:code_password_assignment>"`).',
    "String metadata fields (columns an input carried along: title, url, author...) are cleaned the same way unless `metadata: false`.",
    "Provenance: `redactions` lists `kind:type:action@start-end` with offsets of the replacement in the new text (`@field:start-end` for a metadata field; never the value) and `scores.redactions` counts them. A record whose text changed lists this operator in `refined_by`.",
    "Defaults follow BigCode's StarCoder PII pipeline (Li et al. 2023: emails, IPs and keys replaced by placeholders) but keep the type in the placeholder so a model learns where a credential goes without seeing one. Put it first in a recipe: records dropped by later operators are written to dropped/ as they were at that point.",
  ].join("\n\n"),
  params,
  withholdTextOnError: true,
  secretParams: ["salt"],
  // `actions` keys are finding types (`secret`, `aws-secret-access-key`), not credentials
  plainParams: ["actions"],
  outputSecretParams: ["salt"],
  create(p) {
    const allowlist = compileAllowlist(toAllowlist(p.allowlist));
    const secretRules = { only: p.only, exclude: p.exclude };
    const pii = p.pii ? toPiiOptions(p) : false;
    const actionOf = actionResolver(p);
    const options = { secrets: p.secrets, secretRules, pii, allowlist };
    return (records) => ({
      outcomes: records.map((r) => {
        // every string of the record: its text, and string metadata fields (columns an input carried
        // along: titles, URLs, authors), which reach the output as well
        const values: Array<{ where: string; value: string; set: (v: string) => void }> = [
          { where: "", value: r.text, set: (v) => (r.text = v) },
        ];
        if (p.metadata) {
          for (const [key, value] of Object.entries(r.meta)) {
            if (key === "redactions") continue;
            if (typeof value === "string") values.push({ where: key, value, set: (v) => (r.meta[key] = v) });
            else if (Array.isArray(value)) {
              value.forEach((item, i) => {
                // a new array, so the engine sees the field changed (refined_by)
                const set = (v: string) => {
                  r.meta[key] = (r.meta[key] as string[]).map((old, j) => (j === i ? v : old));
                };
                values.push({ where: `${key}[${i}]`, value: item, set });
              });
            }
          }
        }
        const found = values.map((x) => detectSensitive(x.value, { ...options, path: r.path }));
        const dropFor = found.flat().filter((f) => actionOf(f) === "drop");
        // a record that is dropped is redacted in full: dropped/ must not hold the values either
        const act = dropFor.length > 0 ? () => "redact" as const : actionOf;
        const entries: string[] = [];
        values.forEach((x, i) => {
          const f = found[i] as Finding[];
          if (f.length === 0) return;
          const result = applyRedactions(x.value, f, act, p.salt);
          x.set(result.text);
          for (const applied of result.applied) entries.push(describeRedaction(applied, x.where));
        });
        r.scores.redactions = entries.length;
        if (entries.length > 0) r.meta.redactions = entries;
        if (dropFor.length > 0) return drop((dropFor[0] as Finding).kind, findingsSummary(dropFor));
        return keep();
      }),
    });
  },
});
