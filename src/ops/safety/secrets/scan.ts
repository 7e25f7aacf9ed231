import { createHash } from "node:crypto";
import rulesJson from "./rules.json" with { type: "json" };

/** One secret-detection rule as stored in rules.json (data, not code). */
export interface SecretRule {
  id: string;
  description: string;
  /** JavaScript regex source; `flags` adds flags (g/d are added by the compiler). */
  regex: string;
  flags?: string;
  /** Lowercase substrings; the regex only runs on text that contains one of them. */
  keywords: string[];
  /** Minimum Shannon entropy (bits/char) of the secret. */
  entropy?: number;
  /** Name of a structure/checksum validator in VALIDATORS. */
  validate?: string;
  /** Capture group holding the secret (default: whole match). */
  secretGroup?: number;
  /** The secret may be a bare md5/sha1/sha256-length hex string (otherwise such values are suppressed as hashes). */
  allowHex?: boolean;
  positives: string[];
  negatives: string[];
}

export interface CompiledRule {
  rule: SecretRule;
  re: RegExp;
  keywords: string[];
}

export interface Finding {
  /** Rule id. */
  rule: string;
  /** 1-based line and column of the secret's first character. */
  line: number;
  column: number;
  /** UTF-16 offsets of the secret in the scanned text. */
  start: number;
  end: number;
  /** Masked secret: a few leading chars, "…", and its length. Never the full secret. */
  preview: string;
  /** First 16 hex chars of sha256(rule id + ":" + secret), stable across files for dedup/allow-lists. */
  fingerprint: string;
}

// ---------------------------------------------------------------- validators

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib) of a string's UTF-8 bytes. */
export function crc32(s: string): number {
  let c = 0xffffffff;
  for (const b of Buffer.from(s, "utf8")) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Base62 (0-9A-Za-z) of n, left-padded with "0" to `width`. */
export function base62(n: number, width = 6): string {
  let out = "";
  let v = n;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, "0");
}

/** GitHub token (prefix_ + 30 random + 6 checksum): last 6 chars are base62(crc32(first 30 body chars)). */
export function githubChecksumOk(token: string): boolean {
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30))) === body.slice(30);
}

function jsonObject(b64url: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(b64url, "base64url").toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JWT: header and payload are base64url JSON objects and the header names an `alg`. */
export function jwtOk(token: string): boolean {
  const [h, p, sig] = token.split(".");
  if (!h || !p || !sig) return false;
  const header = jsonObject(h);
  const payload = jsonObject(p);
  if (typeof header?.alg !== "string" || payload === undefined) return false;
  // documented examples, e.g. jwt.io's {"sub":"1234567890","name":"John Doe"}
  const claims = JSON.stringify(payload);
  return (
    !/john doe|jane doe/i.test(claims) &&
    !PLACEHOLDER_MARKERS.test(claims) &&
    !hasSequenceRun(String(payload.sub ?? ""))
  );
}

/** Basic auth: base64 of printable "user:password" with a non-placeholder password. */
function basicAuthOk(b64: string): boolean {
  const s = Buffer.from(b64, "base64").toString("latin1");
  if (!/^[\x21-\x7e]+:[\x20-\x7e]+$/.test(s)) return false;
  return !isPlaceholder(s.slice(s.indexOf(":") + 1));
}

/** Values of generic key=value rules that are words, identifiers, paths or URLs rather than secrets. */
function genericValueOk(raw: string): boolean {
  const v = raw.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (v.length < 8) return false;
  if (/^[A-Za-z]+(?:[_\-. ][A-Za-z]+)*$/.test(v)) return false; // words / identifiers / camelCase / dotted names
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+$/.test(v)) return false; // member paths: config.db.password
  if (
    /^[a-z]+:\/\//i.test(v) ||
    /^\.{0,2}\//.test(v) ||
    /\.(?:js|ts|json|ya?ml|txt|pem|key|crt|html|css|md|py)$/i.test(v)
  )
    return false; // URLs, paths, file names
  if (/^[A-Z0-9_]+$/.test(v) && v.includes("_") && /[A-Z]{3}/.test(v)) return false; // ENV_VAR_NAMES
  if (/^[$%@&*]|[()[\]{};,]/.test(raw)) return false; // variables, format strings, code
  if (!/[0-9]/.test(v) && !/[A-Z].*[a-z]|[a-z].*[A-Z]/.test(v)) return false; // one case, no digits: a word
  return true;
}

const VALIDATORS: Record<string, (secret: string) => boolean> = {
  github_crc32: githubChecksumOk,
  jwt: jwtOk,
  basic_auth: basicAuthOk,
  generic_value: genericValueOk,
};

// ---------------------------------------------------------------- placeholders

const AWS_EXAMPLES = new Set(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]);
const PLACEHOLDER_MARKERS =
  /example|dummy|fake|test|sample|placeholder|changeme|change_me|change-me|redacted|your[_-]?(?:own|api|secret|token|key|pass)|xxxx|\*\*\*|\.\.\.|…|<|>|\$\{|\{\{|\}\}|%\(|#\{|\$\(|process\.env|os\.environ|getenv|insert|replace_?me|todo|notreal|not_real|secret_here|key_here|token_here/i;
const PLACEHOLDER_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "secret",
  "token",
  "apikey",
  "api_key",
  "admin",
  "root",
  "guest",
  "user",
  "username",
  "none",
  "null",
  "undefined",
  "empty",
  "default",
]);
const SEQUENCE = "0123456789abcdefghijklmnopqrstuvwxyz";
const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hasSequenceRun(v: string, run = 6): boolean {
  const s = v.toLowerCase();
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const a = SEQUENCE.indexOf(s[i - 1] as string);
    const b = SEQUENCE.indexOf(s[i] as string);
    up = a >= 0 && b === a + 1 ? up + 1 : 1;
    down = a >= 0 && b === a - 1 && b >= 0 ? down + 1 : 1;
    if (up >= run || down >= run) return true;
  }
  return false;
}

/** True when a captured value is a placeholder, template, documented example or obviously not a secret. */
export function isPlaceholder(value: string, allowHex = false): boolean {
  if (AWS_EXAMPLES.has(value)) return true;
  if (PLACEHOLDER_MARKERS.test(value)) return true;
  if (PLACEHOLDER_WORDS.has(value.toLowerCase())) return true;
  if (/^(.)\1*$/.test(value)) return true; // all the same char
  if (hasSequenceRun(value)) return true; // 123456…, abcdef…
  if (UUID.test(value)) return true;
  if (!allowHex && HEX_HASH.test(value)) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

// ---------------------------------------------------------------- rules

let compiled: CompiledRule[] | undefined;

/** The rule set, compiled once per thread (module-level cache). Order matters: earlier (specific) rules win overlaps. */
export function loadRules(): CompiledRule[] {
  if (compiled) return compiled;
  const rules = rulesJson as SecretRule[];
  const ids = new Set<string>();
  compiled = rules.map((rule) => {
    if (ids.has(rule.id)) throw new Error(`secrets: duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    if (rule.validate && !VALIDATORS[rule.validate])
      throw new Error(`secrets: rule ${rule.id} names unknown validator ${rule.validate}`);
    const flags = `g${rule.secretGroup ? "d" : ""}${(rule.flags ?? "").replace(/[gd]/g, "")}`;
    return { rule, re: new RegExp(rule.regex, flags), keywords: rule.keywords.map((k) => k.toLowerCase()) };
  });
  return compiled;
}

/** Masked preview: up to 4 leading chars (never more than a third of the secret), "…", and the length. */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 3));
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}

function inDataUri(text: string, start: number): boolean {
  const from = Math.max(0, start - 4096);
  const before = text.slice(from, start);
  const at = before.lastIndexOf("data:");
  return at >= 0 && /^data:[\w.+-]+\/[\w.+-]+(?:;[\w-]+=[^;,]*)*;base64,[A-Za-z0-9+/=\s]*$/.test(before.slice(at));
}

interface Kept {
  rule: SecretRule;
  start: number;
  end: number;
  secret: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Find secrets in text. Placeholders, examples, hashes, UUIDs and data: URIs are suppressed before reporting. */
export function scanSecrets(text: string): Finding[] {
  const rules = loadRules();
  const lower = text.toLowerCase();
  const kept: Kept[] = [];
  for (const { rule, re, keywords } of rules) {
    if (!keywords.some((k) => lower.includes(k))) continue;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const g = rule.secretGroup ?? 0;
      const secret = m[g];
      if (!secret) continue;
      const start = g === 0 ? (m.index as number) : (m.indices?.[g]?.[0] as number);
      const end = start + secret.length;
      if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
      if (isPlaceholder(secret, rule.allowHex)) continue;
      if (rule.validate && !(VALIDATORS[rule.validate] as (s: string) => boolean)(secret)) continue;
      if (inDataUri(text, start)) continue;
      // an earlier, more specific rule owns an overlapping span; kept is sorted by start and non-overlapping
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((kept[mid] as Kept).start < start) lo = mid + 1;
        else hi = mid;
      }
      if ((kept[lo] && (kept[lo] as Kept).start < end) || (lo > 0 && (kept[lo - 1] as Kept).end > start)) continue;
      kept.splice(lo, 0, { rule, start, end, secret });
    }
  }
  if (kept.length === 0) return [];
  const starts = lineStarts(text);
  return kept.map(({ rule, start, end, secret }) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= start) lo = mid;
      else hi = mid - 1;
    }
    return {
      rule: rule.id,
      line: lo + 1,
      column: start - (starts[lo] as number) + 1,
      start,
      end,
      preview: maskSecret(secret),
      fingerprint: createHash("sha256").update(`${rule.id}:${secret}`).digest("hex").slice(0, 16),
    };
  });
}
