import { z } from "zod";
import { defineOperator, keep } from "../../core/operator.js";
import { detectSensitive } from "./detect.js";
import { compileAllowlist } from "./findings.js";
import { allowlistParam, describeFinding, dropRedacted, toAllowlist } from "./params.js";
import { piiOptionsSchema, toPiiOptions } from "./pii/index.js";

const params = z.strictObject({
  mode: z
    .enum(["score", "filter"])
    .default("score")
    .describe("score: add the fields only; filter: also drop every record with personal data."),
  ...piiOptionsSchema.shape,
  allowlist: allowlistParam,
  max_listed: z.number().int().positive().default(20).describe("At most this many entries in `pii_findings`."),
});

export const detectPii = defineOperator({
  name: "detect_pii",
  kind: "score",
  version: "1.0.0",
  summary:
    "Find personal data (emails, IPs, phone numbers, cards, IBANs, SSNs, checksummed national ids); tag or drop.",
  docs: [
    "Finds emails, public IPv4/IPv6 addresses, phone numbers (libphonenumber-js, valid numbers only, region hints), payment card numbers (Luhn + issuer ranges), IBANs (length table + mod-97), US SSNs (SSA structure rules) and national ids whose checksum makes detection reliable (UK NHS, Canadian SIN, Dutch BSN, Spanish DNI/NIE, French NIR, Italian codice fiscale, Indian Aadhaar). Documentation domains and address ranges, private/loopback addresses, version-like dotted quads and public test card numbers are left alone by default (options below).",
    "Adds `pii_count` (score), `pii_types` (distinct types) and `pii_findings` (`type@line:column#fingerprint`; never the value). mode: filter drops records with personal data (rule `pii`).",
    "Person names and street addresses are not detected: no method available here is reliable enough on code and mixed text (see docs/safety.md). To replace personal data but keep the record, use `redact`.",
  ].join("\n\n"),
  params,
  withholdTextOnError: true,
  create(p) {
    const allowlist = compileAllowlist(toAllowlist(p.allowlist));
    const pii = toPiiOptions(p);
    return (records) => ({
      outcomes: records.map((r) => {
        const found = detectSensitive(r.text, { secrets: false, pii, allowlist, path: r.path });
        r.scores.pii_count = found.length;
        r.meta.pii_types = [...new Set(found.map((f) => f.type))].sort();
        r.meta.pii_findings = found.slice(0, p.max_listed).map(describeFinding);
        if (p.mode === "filter" && found.length > 0) return dropRedacted(r, "pii", found);
        return keep();
      }),
    });
  },
});
