import { z } from "zod";
import { type Finding, lineStarts, makeFinding } from "../findings.js";
import { detectCards } from "./card.js";
import type { Detector, Resolved, Span } from "./context.js";
import { detectEmails } from "./email.js";
import { detectIbans } from "./iban.js";
import { detectIpv4, detectIpv6 } from "./ip.js";
import {
  detectAadhaar,
  detectBsn,
  detectCnId,
  detectCpf,
  detectDni,
  detectFiscalCode,
  detectNhs,
  detectNie,
  detectNir,
  detectSin,
} from "./national.js";
import { detectPhones } from "./phone.js";
import { detectSsn } from "./ssn.js";

export type { Finding } from "../findings.js";
export type { Span } from "./context.js";

/** Every kind of personal data the PII detectors know. */
export type PiiType =
  | "email"
  | "ipv4"
  | "ipv6"
  | "phone"
  | "credit_card"
  | "iban"
  | "us_ssn"
  | "uk_nhs"
  | "ca_sin"
  | "nl_bsn"
  | "es_dni"
  | "es_nie"
  | "fr_nir"
  | "it_fiscal_code"
  | "in_aadhaar"
  | "br_cpf"
  | "cn_resident_id";

export const PII_TYPES: readonly PiiType[] = [
  "email",
  "ipv4",
  "ipv6",
  "phone",
  "credit_card",
  "iban",
  "us_ssn",
  "uk_nhs",
  "ca_sin",
  "nl_bsn",
  "es_dni",
  "es_nie",
  "fr_nir",
  "it_fiscal_code",
  "in_aadhaar",
  "br_cpf",
  "cn_resident_id",
];

/** Options of scanPii (camelCase; the operator params use the snake_case piiOptionsSchema). */
export interface PiiOptions {
  /** Types to detect (default: all of PII_TYPES). */
  types?: readonly PiiType[];
  /** Leave emails at documentation/reserved domains alone: example.com/.net/.org, *.example, *.test, *.invalid, *.localhost, localhost (default true). */
  keepDocumentationEmails?: boolean;
  /** Leave private addresses alone: 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7 (default true). */
  keepPrivateIps?: boolean;
  /** Leave loopback addresses alone: 127/8, ::1 (default true). */
  keepLoopbackIps?: boolean;
  /** Leave link-local addresses alone: 169.254/16, fe80::/10 (default true). */
  keepLinkLocalIps?: boolean;
  /** Leave documentation ranges alone: 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 (default true). */
  keepDocumentationIps?: boolean;
  /** Leave unspecified, broadcast, multicast and reserved addresses alone: 0/8, 224/4, 240/4, ::, ff00::/8 (default true). */
  keepReservedIps?: boolean;
  /** Leave dotted quads that read as version numbers alone (default true). */
  keepVersionLikeIps?: boolean;
  /** ISO 3166 regions used to read phone numbers written without a +country prefix (default ["US"]). */
  phoneRegions?: readonly string[];
  /** Leave well-known public test card numbers alone (4111 1111 1111 1111, 4242 4242 4242 4242, ...) (default true). */
  keepTestCards?: boolean;
}

/** Operator params shape (snake_case) for the PII options: embed `piiOptionsSchema.shape` in an operator's params. */
export const piiOptionsSchema = z.strictObject({
  types: z
    .array(z.enum(PII_TYPES as [PiiType, ...PiiType[]]))
    .default([...PII_TYPES])
    .describe(
      "PII types to detect: email, ipv4, ipv6, phone, credit_card, iban, us_ssn and checksummed national ids (uk_nhs, ca_sin, nl_bsn, es_dni, es_nie, fr_nir, it_fiscal_code, in_aadhaar, br_cpf, cn_resident_id). Default: all.",
    ),
  keep_documentation_emails: z
    .boolean()
    .default(true)
    .describe(
      "Do not report emails at reserved documentation domains (RFC 2606/6761: example.com/.net/.org, *.example, *.test, *.invalid, *.localhost, localhost).",
    ),
  keep_private_ips: z
    .boolean()
    .default(true)
    .describe(
      "Do not report private addresses (RFC 1918 10/8, 172.16/12, 192.168/16; RFC 6598 100.64/10; RFC 4193 fc00::/7): they identify no one outside a network.",
    ),
  keep_loopback_ips: z.boolean().default(true).describe("Do not report loopback addresses (127/8, ::1)."),
  keep_link_local_ips: z
    .boolean()
    .default(true)
    .describe("Do not report link-local addresses (169.254/16, fe80::/10)."),
  keep_documentation_ips: z
    .boolean()
    .default(true)
    .describe(
      "Do not report documentation ranges (RFC 5737 192.0.2/24, 198.51.100/24, 203.0.113/24; RFC 3849 2001:db8::/32).",
    ),
  keep_reserved_ips: z
    .boolean()
    .default(true)
    .describe(
      "Do not report unspecified, broadcast, multicast and reserved addresses (0/8, 224/4, 240/4, ::, ff00::/8).",
    ),
  keep_version_like_ips: z
    .boolean()
    .default(true)
    .describe(
      "Do not report dotted quads that read as version numbers (after v/version/@, in a version field, or inside a longer dotted number).",
    ),
  phone_regions: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .default(["US"])
    .describe(
      "ISO 3166-1 alpha-2 regions tried, in order, for phone numbers written without +country code; numbers with + are read in any region.",
    ),
  keep_test_cards: z
    .boolean()
    .default(true)
    .describe("Do not report well-known public test card numbers (4111 1111 1111 1111, 4242 4242 4242 4242, ...)."),
});

export type PiiParams = z.infer<typeof piiOptionsSchema>;

/** Operator params (snake_case, defaults applied) to scanPii options. */
export function toPiiOptions(p: Partial<PiiParams>): PiiOptions {
  return {
    types: p.types,
    keepDocumentationEmails: p.keep_documentation_emails,
    keepPrivateIps: p.keep_private_ips,
    keepLoopbackIps: p.keep_loopback_ips,
    keepLinkLocalIps: p.keep_link_local_ips,
    keepDocumentationIps: p.keep_documentation_ips,
    keepReservedIps: p.keep_reserved_ips,
    keepVersionLikeIps: p.keep_version_like_ips,
    phoneRegions: p.phone_regions,
    keepTestCards: p.keep_test_cards,
  };
}

const DETECTORS: readonly [readonly PiiType[], Detector][] = [
  [["email"], detectEmails],
  [["ipv4"], detectIpv4],
  [["ipv6"], detectIpv6],
  [["credit_card"], detectCards],
  [["iban"], detectIbans],
  [["us_ssn"], detectSsn],
  [["uk_nhs"], detectNhs],
  [["ca_sin"], detectSin],
  [["nl_bsn"], detectBsn],
  [["es_dni"], detectDni],
  [["es_nie"], detectNie],
  [["fr_nir"], detectNir],
  [["it_fiscal_code"], detectFiscalCode],
  [["in_aadhaar"], detectAadhaar],
  [["br_cpf"], detectCpf],
  [["cn_resident_id"], detectCnId],
  [["phone"], detectPhones],
];

/**
 * Which finding wins when two overlap: checksummed numbers first (they are the most certain), then SSNs,
 * emails and addresses, phone numbers last (their validity check is the loosest). Ties go to the longer span.
 */
const RANK: Record<PiiType, number> = {
  credit_card: 9,
  iban: 9,
  cn_resident_id: 8,
  it_fiscal_code: 8,
  fr_nir: 8,
  br_cpf: 8,
  es_dni: 8,
  es_nie: 8,
  uk_nhs: 7,
  ca_sin: 7,
  nl_bsn: 7,
  in_aadhaar: 7,
  us_ssn: 7,
  email: 6,
  ipv6: 6,
  ipv4: 5,
  phone: 4,
};

const ALL = new Set<PiiType>(PII_TYPES);

/** Fill in defaults. */
export function resolvePiiOptions(o: PiiOptions = {}): Resolved {
  return {
    types: o.types ? new Set(o.types) : ALL,
    keepDocumentationEmails: o.keepDocumentationEmails ?? true,
    keepPrivateIps: o.keepPrivateIps ?? true,
    keepLoopbackIps: o.keepLoopbackIps ?? true,
    keepLinkLocalIps: o.keepLinkLocalIps ?? true,
    keepDocumentationIps: o.keepDocumentationIps ?? true,
    keepReservedIps: o.keepReservedIps ?? true,
    keepVersionLikeIps: o.keepVersionLikeIps ?? true,
    phoneRegions: o.phoneRegions?.length ? o.phoneRegions : ["US"],
    keepTestCards: o.keepTestCards ?? true,
  };
}

/** Keep the best of overlapping spans (RANK, then length), return them sorted by start. */
function resolveOverlaps(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  // Clusters of chained overlaps are small (usually one span): resolve each greedily by priority.
  for (let i = 0; i < spans.length; ) {
    let j = i + 1;
    let end = (spans[i] as Span).end;
    while (j < spans.length && (spans[j] as Span).start < end) end = Math.max(end, (spans[j++] as Span).end);
    if (j === i + 1) out.push(spans[i] as Span);
    else {
      const byPriority = spans
        .slice(i, j)
        .sort((a, b) => RANK[b.type] - RANK[a.type] || b.end - b.start - (a.end - a.start) || a.start - b.start);
      const kept: Span[] = [];
      for (const s of byPriority) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
      out.push(...kept.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  return out;
}

/** Spans of personal data (no Finding built): for callers that only need offsets and types. */
export function scanPiiSpans(text: string, options: PiiOptions | Resolved = {}): Span[] {
  const o =
    "types" in options && options.types instanceof Set
      ? (options as Resolved)
      : resolvePiiOptions(options as PiiOptions);
  const spans: Span[] = [];
  const hasDigits = /\d/.test(text); // every detector but email/ipv6/codice fiscale needs digits
  for (const [types, detect] of DETECTORS) {
    if (!types.some((t) => o.types.has(t))) continue;
    if (types[0] !== "email" && types[0] !== "ipv6" && types[0] !== "it_fiscal_code" && !hasDigits) continue;
    detect(text, o, spans);
  }
  return resolveOverlaps(spans);
}

/**
 * Find personal data in a text. Findings (kind "pii", type = PiiType) are sorted by start; where two
 * detectors claim overlapping text the more certain one wins (see RANK).
 */
export function scanPii(text: string, options: PiiOptions = {}): Finding[] {
  const spans = scanPiiSpans(text, options);
  if (spans.length === 0) return [];
  const starts = lineStarts(text);
  return spans.map((s) => makeFinding("pii", s.type, text, s.start, s.end, starts));
}
