/**
 * The `--format sarif` report (SARIF 2.1.0, as GitHub code scanning and other tools read it):
 * one run whose driver lists the rules (every secret rule, and the PII types when --pii is on),
 * one result per finding with its location relative to the scanned root.
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { PII_TYPES } from "../ops/safety/pii/index.js";
import { listSecretRules } from "../ops/safety/secrets/scan.js";
import { smeltVersion } from "../version.js";
import type { ScanResult } from "./run.js";
import { placeOf } from "./text.js";
import type { PlacedFinding } from "./types.js";

const PII_DESCRIPTIONS: Record<string, string> = {
  email: "Email address.",
  ipv4: "Public IPv4 address.",
  ipv6: "Public IPv6 address.",
  phone: "Phone number (libphonenumber-js).",
  credit_card: "Payment card number (Luhn checksum).",
  iban: "International bank account number (mod-97 checksum).",
  us_ssn: "US social security number.",
  uk_nhs: "UK NHS number (mod-11 checksum).",
  ca_sin: "Canadian social insurance number (Luhn checksum).",
  nl_bsn: "Dutch citizen service number (11-test).",
  es_dni: "Spanish DNI (check letter).",
  es_nie: "Spanish NIE (check letter).",
  fr_nir: "French social security number (NIR, key mod 97).",
  it_fiscal_code: "Italian fiscal code (check character).",
  in_aadhaar: "Indian Aadhaar number (Verhoeff checksum).",
};

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: "error" | "warning" };
  properties: { tags: string[] };
}

function rule(id: string, description: string, kind: "secret" | "pii"): SarifRule {
  return {
    id,
    name: id,
    shortDescription: { text: description },
    defaultConfiguration: { level: kind === "secret" ? "error" : "warning" },
    properties: { tags: ["security", kind === "secret" ? "secret" : "pii"] },
  };
}

/** The root's base id: one per scanned PATH. */
function baseId(i: number, count: number): string {
  return count === 1 ? "SRCROOT" : `SRCROOT${i}`;
}

function fileUri(abs: string): string {
  const u = pathToFileURL(abs).href;
  return u.endsWith("/") ? u : `${u}/`;
}

function message(f: PlacedFinding): string {
  const what = f.kind === "secret" ? `Possible secret (${f.type})` : `Personal data (${f.type})`;
  const where = f.record ? ` in ${placeOf(f)}` : "";
  const commit = f.commit ? ` in commit ${f.commit}` : "";
  return `${what}: ${f.preview}${where}${commit}. Fingerprint ${f.fingerprint}.`;
}

export function sarifReport(r: ScanResult, opts: { pii: boolean }): Record<string, unknown> {
  const rules: SarifRule[] = listSecretRules().map((x) => rule(x.id, x.description, "secret"));
  if (opts.pii) for (const t of PII_TYPES) rules.push(rule(t, PII_DESCRIPTIONS[t] ?? `Personal data: ${t}.`, "pii"));
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const results = r.findings.map((f) => {
    let ruleIndex = index.get(f.type);
    if (ruleIndex === undefined) {
      ruleIndex =
        rules.push(rule(f.type, f.kind === "secret" ? `Secret: ${f.type}.` : `Personal data: ${f.type}.`, f.kind)) - 1;
      index.set(f.type, ruleIndex);
    }
    const physical: Record<string, unknown> = {
      artifactLocation: { uri: f.rel, uriBaseId: baseId(f.root, r.roots.length) },
    };
    // A file: the exact spot. A JSONL record: its line (the column is inside the decoded field).
    // A Parquet row has no line: the file only, the row is in the message and properties.
    if (!f.record) physical.region = { startLine: f.line, startColumn: f.column };
    else if (f.record.line !== undefined) physical.region = { startLine: f.record.line };
    const properties: Record<string, unknown> = { kind: f.kind, preview: f.preview };
    if (f.commit) properties.commit = f.commit;
    if (f.record) properties.record = f.record;
    return {
      ruleId: f.type,
      ruleIndex,
      level: f.kind === "secret" ? "error" : "warning",
      message: { text: message(f) },
      locations: [{ physicalLocation: physical }],
      partialFingerprints: {
        "smeltFingerprint/v1": f.fingerprint,
        "smeltLocationFingerprint/v1": createHash("sha256")
          .update(`${f.rel}\u0000${f.fingerprint}`)
          .digest("hex")
          .slice(0, 16),
      },
      properties,
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "smelt",
            semanticVersion: smeltVersion(),
            version: smeltVersion(),
            rules,
          },
        },
        originalUriBaseIds: Object.fromEntries(
          r.roots.map((root, i) => [baseId(i, r.roots.length), { uri: fileUri(root.abs) }]),
        ),
        results,
        properties: { stats: r.stats },
      },
    ],
  };
}

export function renderSarif(r: ScanResult, opts: { pii: boolean }): string {
  return `${JSON.stringify(sarifReport(r, opts), null, 2)}\n`;
}
