import { z } from "zod";
import { defineOperator, keep } from "../../core/operator.js";
import { detectSensitive } from "./detect.js";
import { compileAllowlist } from "./findings.js";
import { allowlistParam, describeFinding, dropRedacted, secretRulesParams, toAllowlist } from "./params.js";
import { listSecretRules } from "./secrets/scan.js";

const params = z.strictObject({
  mode: z
    .enum(["score", "filter"])
    .default("score")
    .describe("score: add the fields only; filter: also drop every record with a secret."),
  ...secretRulesParams,
  allowlist: allowlistParam,
  max_listed: z.number().int().positive().default(20).describe("At most this many entries in `secret_findings`."),
});

export const detectSecrets = defineOperator({
  name: "detect_secrets",
  kind: "score",
  version: "1.0.0",
  summary:
    "Find credentials (100+ rules: cloud, source hosting, registries, SaaS, AI providers, keys, passwords); tag or drop.",
  docs: [
    `Scans the text with the secret rule set (src/ops/safety/secrets/rules.json: ${listSecretRules().length} rules, each a regex with pre-filter keywords, an optional entropy floor and a checksum or structure check — GitHub's CRC32, JWT header/payload — plus placeholder suppression: \`\${VAR}\`, process.env, changeme, xxxx, documented example keys, hashes, UUIDs, data: URIs).`,
    "Adds `secret_count` (score), `secret_types` (distinct rule ids) and `secret_findings` (`rule@line:column#fingerprint`; never the value). mode: filter drops records with at least one secret (rule `secret`, reason naming the rules and positions).",
    "To remove secrets but keep the code, use `redact` instead. `smelt scan` runs the same rules outside a recipe.",
    `Rules: ${listSecretRules()
      .map((r) => r.id)
      .join(", ")}.`,
  ].join("\n\n"),
  params,
  withholdTextOnError: true,
  create(p) {
    const allowlist = compileAllowlist(toAllowlist(p.allowlist));
    const secretRules = { only: p.only, exclude: p.exclude };
    return (records) => ({
      outcomes: records.map((r) => {
        const found = detectSensitive(r.text, { secrets: true, secretRules, allowlist, path: r.path });
        r.scores.secret_count = found.length;
        r.meta.secret_types = [...new Set(found.map((f) => f.type))].sort();
        r.meta.secret_findings = found.slice(0, p.max_listed).map(describeFinding);
        if (p.mode === "filter" && found.length > 0) return dropRedacted(r, "secret", found);
        return keep();
      }),
    });
  },
});
