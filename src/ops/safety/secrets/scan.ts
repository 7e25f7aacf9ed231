import { type Finding, lineStarts, makeFinding } from "../findings.js";
import examplesJson from "./examples.json" with { type: "json" };
import rulesJson from "./rules.json" with { type: "json" };

/** One secret-detection rule as stored in rules.json (data, not code). */
export interface SecretRule {
  id: string;
  description: string;
  /** JavaScript regex source; `flags` adds flags (g/d are added by the compiler). */
  regex: string;
  flags?: string;
  /**
   * Literal substrings of the first line of every match (a lowercase keyword matches in any case, one with
   * capitals only exactly). The regex runs only on the lines holding one of them (see `scope`, `lines`).
   */
  keywords: string[];
  /** "text": the keywords are context, not part of the match; the regex then runs over the whole text. */
  scope?: "line" | "text";
  /** How many lines a match can span, from the keyword's line on (default 1). */
  lines?: number;
  /** Minimum Shannon entropy (bits/char) of the secret. */
  entropy?: number;
  /** Name of a structure/checksum validator in VALIDATORS. */
  validate?: string;
  /** Capture group holding the secret (default: whole match). */
  secretGroup?: number;
  /**
   * The secret may be a bare md5/sha1/sha256/sha512-length hex string even where the match names a hash
   * (otherwise such values are suppressed when the text the rule matched before the secret mentions a hash:
   * `token_sha256 = "…"`, `"secretHash": "…"`).
   */
  allowHex?: boolean;
  /**
   * The secret may be a UUID (suppressed as a placeholder/identifier otherwise): for rules whose key name says the
   * UUID is a credential (`HEROKU_API_KEY=<uuid>`).
   */
  allowUuid?: boolean;
  positives: string[];
  negatives: string[];
}

export type { Finding };

export interface CompiledRule {
  rule: SecretRule;
  /** Position in rules.json. */
  index: number;
  re: RegExp;
  keywords: string[];
  scope: "line" | "text";
  lines: number;
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

/** Every string value in a decoded JSON value (claims), at any depth; keys and JSON syntax are left out. */
function stringValues(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (v !== null && typeof v === "object") for (const x of Object.values(v)) stringValues(x, out);
  return out;
}

/**
 * A documented example JWT: jwt.io's signature, claims naming John/Jane Doe, a claim value holding a placeholder
 * marker (`example`, `test`, `<…>`), or a `sub` like jwt.io's `1234567890`.
 */
function jwtExample(payload: Record<string, unknown>, sig: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(sig)) return true;
  const values = stringValues(payload);
  return (
    values.some((v) => /john doe|jane doe/i.test(v) || PLACEHOLDER_MARKERS.test(v)) ||
    hasSequenceRun(String(payload.sub ?? ""))
  );
}

/** JWT: header and payload are base64url JSON objects, the header names an `alg`, and it is not an example. */
export function jwtOk(token: string): boolean {
  const [h, p, sig] = token.split(".");
  if (!h || !p || !sig) return false;
  const header = jsonObject(h);
  const payload = jsonObject(p);
  if (typeof header?.alg !== "string" || payload === undefined) return false;
  return !jwtExample(payload, sig);
}

const JWT_SHAPE = /^eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{16,}$/;

/** A JWT-shaped value (found by any rule, e.g. after `Bearer`) that decodes to a documented example. */
function isExampleJwt(value: string): boolean {
  if (!JWT_SHAPE.test(value)) return false;
  const [h, p, sig] = value.split(".") as [string, string, string];
  const payload = jsonObject(p);
  return jsonObject(h) !== undefined && payload !== undefined && jwtExample(payload, sig);
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
  // member paths (config.db.password, settings.SECRET_KEY2): identifier segments with digits only at the end, and
  // nothing else: a value with a symbol before or after it (`Falcon.harbor39+`, `Quartz.harbor69.`) is a password
  if (/^[A-Za-z_][A-Za-z_]*\d*(?:\.[A-Za-z_][A-Za-z_]*\d*)+$/.test(raw)) return false;
  if (/&[\w.]+=/.test(v)) return false; // a query string, not one value
  // snake_case / kebab-case names (sodium_crypto_secretstream_xchacha20poly1305_init_pull): few digits
  if (/^[a-z][a-z0-9]*(?:[_-][a-z0-9]+){2,}$/.test(v) && (v.match(/[0-9]/g)?.length ?? 0) <= v.length / 5) return false;
  if (
    /^[a-z]+:\/\//i.test(v) ||
    /^(?:~|\.{1,2})?\/|^[A-Za-z]:\\/.test(raw) ||
    /\.(?:js|ts|json|ya?ml|txt|pem|key|crt|html|css|md|py)$/i.test(v)
  )
    return false; // URLs, paths, file names
  if (/^[A-Z0-9_]+$/.test(v) && v.includes("_") && /[A-Z]{3}/.test(v)) return false; // ENV_VAR_NAMES
  if (/^[$%@&*]|[()[\]{};,]/.test(raw)) return false; // variables, format strings, code
  if (!/[0-9]/.test(v) && !/[A-Z].*[a-z]|[a-z].*[A-Z]/.test(v)) return false; // one case, no digits: a word
  return true;
}

/** Azure SAS signature: URL-encoded base64 of an HMAC-SHA256 (32 bytes). */
function sasSignatureOk(sig: string): boolean {
  let raw: string;
  try {
    raw = decodeURIComponent(sig);
  } catch {
    return false;
  }
  return /^[A-Za-z0-9+/]{43}=$/.test(raw);
}

const VALIDATORS: Record<string, (secret: string) => boolean> = {
  github_crc32: githubChecksumOk,
  jwt: jwtOk,
  basic_auth: basicAuthOk,
  generic_value: genericValueOk,
  sas_signature: sasSignatureOk,
};

// ---------------------------------------------------------------- placeholders

/** Example credentials printed in provider docs and RFCs (examples.json): never reported. */
const DOCUMENTED_EXAMPLES = new Set((examplesJson as { value: string; source: string }[]).map((e) => e.value));
const PLACEHOLDER_MARKERS =
  /example|dummy|fake|test|sample|placeholder|changeme|change_me|change-me|redacted|your[_-]?(?:own|api|secret|token|key|pass)|xxxx|\*\*\*|\.\.\.|…|<|>|\$\{|\{\{|\}\}|%\(|#\{|\$\(|process\.env|os\.environ|getenv|insert|replace_?me|todo|notreal|not_real|secret_here|key_here|token_here/i;
/** The word markers alone: what still marks a placeholder in a long random value full of symbols. */
const PLACEHOLDER_WORD_MARKERS =
  /example|dummy|fake|test|sample|placeholder|changeme|change_me|change-me|redacted|your[_-]?(?:own|api|secret|token|key|pass)|xxxx|process\.env|os\.environ|getenv|replace_?me|todo|notreal|not_real|secret_here|key_here|token_here/i;
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

/**
 * A long value of many symbols that reads as random (Django/WordPress keys: `…%(x@^…`, `…<{[…`): template
 * syntax such as `%(`, `$(`, `<`, `{{` occurs in it by chance, so only the word markers say "placeholder".
 */
function randomWithSymbols(value: string): boolean {
  return value.length >= 40 && value.length <= 256 && !/[\r\n\t]/.test(value) && shannonEntropy(value) >= 4.5;
}

/** True when a captured value is a placeholder, template, documented example or obviously not a secret. */
export function isPlaceholder(value: string, allowHex = false, allowUuid = false): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  // a long key body holds "test" or "todo" by chance: look for markers in its first line only
  const markers = randomWithSymbols(value) ? PLACEHOLDER_WORD_MARKERS : PLACEHOLDER_MARKERS;
  if (markers.test(value.length > 256 ? value.slice(0, 64) : value)) return true;
  // the word itself, or the word and trailing digits/symbols: password123, Admin@2024!
  if (PLACEHOLDER_WORDS.has(value.toLowerCase().replace(/[\d\W_]+$/, ""))) return true;
  if (/^(.)\1*$/.test(value)) return true; // all the same char
  if (hasSequenceRun(value)) return true; // 123456…, abcdef…
  if (!allowUuid && UUID.test(value)) return true;
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
  compiled = rules.map((rule, index) => {
    if (ids.has(rule.id)) throw new Error(`secrets: duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    if (rule.validate && !VALIDATORS[rule.validate])
      throw new Error(`secrets: rule ${rule.id} names unknown validator ${rule.validate}`);
    if (rule.keywords.length === 0) throw new Error(`secrets: rule ${rule.id} has no keywords`);
    const flags = `g${rule.secretGroup ? "d" : ""}${(rule.flags ?? "").replace(/[gd]/g, "")}`;
    return {
      rule,
      index,
      re: new RegExp(rule.regex, flags),
      keywords: rule.keywords,
      scope: rule.scope ?? "line",
      lines: Math.max(1, rule.lines ?? 1),
    };
  });
  return compiled;
}

function inDataUri(text: string, start: number): boolean {
  const from = Math.max(0, start - 4096);
  const before = text.slice(from, start);
  const at = before.lastIndexOf("data:");
  return at >= 0 && /^data:[\w.+-]+\/[\w.+-]+(?:;[\w-]+=[^;,]*)*;base64,[A-Za-z0-9+/=\s]*$/.test(before.slice(at));
}

/** Characters of a token (base64, base64url, JWT, dotted keys): what a span found inside a longer token is part of. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 45 ||
    c === 46 ||
    c === 43 ||
    c === 47 ||
    c === 61
  );
}

/**
 * A span that is part of a longer token which is a documented example (jwt.io's sample token, an RFC example
 * credential): a rule that matched only a piece of it (the JWT's header segment after `token:`) reports the
 * example all the same, so the documented-example exclusion applies to the whole token around the span.
 */
function insideExampleToken(text: string, start: number, end: number): boolean {
  let s = start;
  let e = end;
  const lo = Math.max(0, start - 4096);
  const hi = Math.min(text.length, end + 4096);
  // `=` only pads the end of a base64 token: going left it is an assignment (`TOKEN=eyJ…`), not part of the token
  while (s > lo && isTokenChar(text.charCodeAt(s - 1)) && text.charCodeAt(s - 1) !== 61) s--;
  while (e < hi && isTokenChar(text.charCodeAt(e))) e++;
  if (s === start && e === end) return false;
  const token = text.slice(s, e).replace(/^[.\-/+]+|[.\-/+]+$/g, "");
  return DOCUMENTED_EXAMPLES.has(token) || isExampleJwt(token);
}

/** Why a rule's regex match is not reported, or undefined when it is. */
export type RejectReason = "entropy" | "placeholder" | "public" | "key-name" | "validator" | "data-uri";

/** Words naming a digest in the text before a value: `token_sha256 = …`, `"secretHash": …`, `key_fingerprint: …`. */
const HASH_CONTEXT = /hash|sha\d*|md5|digest|checksum|fingerprint|integrity|etag|commit|revision/i;

/**
 * Keys that are public by design, meant for browsers and apps: Mapbox public tokens (`pk.eyJ…`), Stripe and
 * Clerk publishable keys (`pk_live_`/`pk_test_`), Supabase publishable keys (`sb_publishable_`), PostHog
 * project keys (`phc_`). Found under `accessToken`/`apiKey`-like names, they are not secrets.
 */
const PUBLIC_KEY_PREFIX = /^(?:pk\.eyJ|pk_(?:live|test)_|sb_publishable_|phc_)/;

/** Entropy bar for hex values: 16 symbols give at most 4 bits/char (a random 32-hex token has about 3.6). */
const HEX_ENTROPY = 3;
/** Hex (letters and digits both present), optionally dash-grouped, 20+ chars: the values HEX_ENTROPY applies to. */
const HEX_VALUE = /^(?=[^a-f]*[a-f])(?=\D*\d)[0-9a-f][0-9a-f-]{18,}[0-9a-f]$/i;

/** The key name the text before a value ends with: `"passwordField":"` → `passwordField`. */
const KEY_NAME = /([A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*)[^A-Za-z0-9]*$/;

/**
 * Whether a rule's regex match is reported: the entropy threshold, placeholder/example/hash suppression,
 * the rule's validator, and data: URIs. `start` is the secret's offset in `text`; `context` is the part of
 * the match before the secret (the key name and operator; "" when the secret is the whole match).
 * A bare hex digest-length value is a hash when the context says so (or has no key name at all).
 */
export function rejectReason(
  rule: SecretRule,
  text: string,
  start: number,
  secret: string,
  context = "",
): RejectReason | undefined {
  if (rule.entropy !== undefined) {
    const bar = HEX_VALUE.test(secret) ? Math.min(rule.entropy, HEX_ENTROPY) : rule.entropy;
    if (shannonEntropy(secret) < bar) return "entropy";
  }
  const allowHex = rule.allowHex === true || (context !== "" && !HASH_CONTEXT.test(context));
  if (isPlaceholder(secret, allowHex, rule.allowUuid === true)) return "placeholder";
  if (PUBLIC_KEY_PREFIX.test(secret)) return "public";
  // a value that repeats its (compound) key name is a name derived from it: CSS-module class names
  // ("passwordField": "Login_passwordField__1KuBA"), i18n ids, form field ids
  const key = context === "" ? undefined : KEY_NAME.exec(context)?.[1];
  if (key !== undefined && key.length >= 8 && secret.toLowerCase().includes(key.toLowerCase())) return "key-name";
  if (rule.validate && !(VALIDATORS[rule.validate] as (s: string) => boolean)(secret)) return "validator";
  if (rule.validate !== "jwt" && isExampleJwt(secret)) return "placeholder";
  if (insideExampleToken(text, start, start + secret.length)) return "placeholder";
  return inDataUri(text, start) ? "data-uri" : undefined;
}

export function acceptSecret(rule: SecretRule, text: string, start: number, secret: string, context = ""): boolean {
  return rejectReason(rule, text, start, secret, context) === undefined;
}

/** A reported span; `kept` lists are sorted by start and non-overlapping. */
export interface Kept {
  rule: SecretRule;
  start: number;
  end: number;
}

/** Insert a span unless it overlaps one already kept (an earlier, more specific rule owns the span). */
export function keepSpan(kept: Kept[], rule: SecretRule, start: number, end: number): void {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((kept[mid] as Kept).start < start) lo = mid + 1;
    else hi = mid;
  }
  if ((kept[lo] && (kept[lo] as Kept).start < end) || (lo > 0 && (kept[lo - 1] as Kept).end > start)) return;
  kept.splice(lo, 0, { rule, start, end });
}

/** Kept spans as findings (line/column, masked preview, fingerprint). */
export function keptFindings(text: string, kept: Kept[]): Finding[] {
  if (kept.length === 0) return [];
  const starts = lineStarts(text);
  return kept.map(({ rule, start, end }) => makeFinding("secret", rule.id, text, start, end, starts));
}

/** Run a rule's regex over text.slice(from, to) (`from` is a line start, `to` a line end or the text end). */
function matchRule(r: CompiledRule, text: string, from: number, to: number, kept: Kept[]): void {
  const { rule, re } = r;
  const sub = from === 0 && to === text.length ? text : text.slice(from, to);
  const g = rule.secretGroup ?? 0;
  re.lastIndex = 0;
  for (let m = re.exec(sub); m !== null; m = re.exec(sub)) {
    if (m[0].length === 0) re.lastIndex++;
    const secret = m[g];
    if (!secret) continue;
    const at = g === 0 ? m.index : (m.indices?.[g]?.[0] as number);
    const context = g === 0 ? "" : m[0].slice(0, at - m.index);
    const start = from + at;
    if (!acceptSecret(rule, text, start, secret, context)) continue;
    keepSpan(kept, rule, start, start + secret.length);
  }
}

export interface SecretScanOptions {
  /** Run only these rule ids. */
  only?: string[];
  /** Skip these rule ids. */
  exclude?: string[];
}

/** Rule ids and descriptions, in rule order (docs, `smelt scan` rule metadata in SARIF). */
export function listSecretRules(): { id: string; description: string }[] {
  return loadRules().map(({ rule }) => ({ id: rule.id, description: rule.description }));
}

const selections = new Map<string, Uint8Array>();

/** Which rules run (1 = enabled), by rule index; cached per distinct only/exclude. */
function selectRules(options: SecretScanOptions | undefined): Uint8Array {
  const rules = loadRules();
  const key = options?.only || options?.exclude ? JSON.stringify([options.only ?? null, options.exclude ?? []]) : "";
  const cached = selections.get(key);
  if (cached) return cached;
  const known = new Set(rules.map((r) => r.rule.id));
  for (const id of [...(options?.only ?? []), ...(options?.exclude ?? [])])
    if (!known.has(id)) throw new Error(`secrets: unknown rule id ${id}`);
  const only = options?.only ? new Set(options.only) : undefined;
  const exclude = new Set(options?.exclude ?? []);
  const enabled = new Uint8Array(rules.length);
  for (const r of rules) enabled[r.index] = (!only || only.has(r.rule.id)) && !exclude.has(r.rule.id) ? 1 : 0;
  if (selections.size < 64) selections.set(key, enabled);
  return enabled;
}

// ---------------------------------------------------------------- keyword automaton

/**
 * All rules' keywords in one Aho–Corasick automaton over case-folded ASCII, compiled to a DFA:
 * one pass over the text (no lowercased copy) finds every keyword occurrence.
 */
interface KeywordAutomaton {
  /** UTF-16 code unit → character class (0 = a char no keyword contains; A-Z folded onto a-z). */
  classOf: Uint8Array;
  classes: number;
  /**
   * The DFA, for the scan loop: step[state * classes + class] is the next state times `classes`,
   * bit-inverted (negative) when keywords end there.
   */
  step: Int32Array;
  /** Keywords ending at a state (including shorter suffixes): entries outIndex[outStart[s] .. outStart[s + 1]). */
  outStart: Int32Array;
  outIndex: Int32Array;
  /** Per keyword entry: its text, whether its case must match exactly, and the rules it gates. */
  entries: { text: string; exact: boolean; rules: number[] }[];
}

let automaton: KeywordAutomaton | undefined;

function keywordAutomaton(): KeywordAutomaton {
  if (automaton) return automaton;
  const rules = loadRules();
  // one entry per distinct keyword text (a lowercase keyword matches in any case, one with capitals exactly)
  const byText = new Map<string, { text: string; exact: boolean; rules: number[] }>();
  for (const r of rules) {
    for (const k of r.keywords) {
      let e = byText.get(k);
      if (!e) {
        e = { text: k, exact: k !== k.toLowerCase(), rules: [] };
        byText.set(k, e);
      }
      if (!e.rules.includes(r.index)) e.rules.push(r.index);
    }
  }
  const entries = [...byText.values()];
  const classOf = new Uint8Array(65536);
  let classes = 1;
  for (const e of entries) {
    for (const ch of e.text.toLowerCase()) {
      const c = ch.charCodeAt(0);
      if (c >= 128) throw new Error(`secrets: keyword ${e.text} is not ASCII`);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
  }
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32] as number; // fold A-Z onto a-z
  // trie
  const next: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  entries.forEach((e, i) => {
    let s = 0;
    for (const ch of e.text.toLowerCase()) {
      const cls = classOf[ch.charCodeAt(0)] as number;
      let t = next[s]?.get(cls);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        own.push([]);
        next[s]?.set(cls, t);
      }
      s = t;
    }
    own[s]?.push(i);
  });
  // breadth-first: failure links, full transitions and inherited outputs
  const n = next.length;
  const delta = new Int32Array(n * classes);
  const fail = new Int32Array(n);
  const outs: number[][] = own.map((o) => [...o]);
  const queue: number[] = [];
  for (let c = 0; c < classes; c++) {
    const t = next[0]?.get(c);
    if (t !== undefined) {
      delta[c] = t;
      queue.push(t);
    }
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi] as number;
    const f = fail[s] as number;
    (outs[s] as number[]).push(...(outs[f] as number[]));
    for (let c = 0; c < classes; c++) {
      const t = next[s]?.get(c);
      if (t === undefined) delta[s * classes + c] = delta[f * classes + c] as number;
      else {
        fail[t] = delta[f * classes + c] as number;
        delta[s * classes + c] = t;
        queue.push(t);
      }
    }
  }
  const outStart = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) outStart[s + 1] = (outStart[s] as number) + (outs[s] as number[]).length;
  const outIndex = Int32Array.from(outs.flat());
  const step = new Int32Array(n * classes);
  for (let i = 0; i < step.length; i++) {
    const t = delta[i] as number;
    step[i] = (outs[t] as number[]).length > 0 ? ~(t * classes) : t * classes;
  }
  automaton = { classOf, classes, step, outStart, outIndex, entries };
  return automaton;
}

// Per-thread scratch buffers, reused across calls (grown when a text has more keyword hits).
let hitPos = new Int32Array(4096);
let hitState = new Int32Array(4096);

/** Offsets (of the last char) and DFA states of every keyword occurrence in text; returns the count. */
function findKeywords(text: string, a: KeywordAutomaton): number {
  const { classOf, step, classes } = a;
  let pos = hitPos;
  let states = hitState;
  const n = text.length;
  let s = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    s = step[s + (classOf[text.charCodeAt(i)] as number)] as number;
    if (s < 0) {
      s = ~s;
      if (hits === pos.length) {
        const p = new Int32Array(hits * 2);
        p.set(pos);
        hitPos = pos = p;
        const q = new Int32Array(hits * 2);
        q.set(states);
        hitState = states = q;
      }
      pos[hits] = i;
      states[hits] = s / classes;
      hits++;
    }
  }
  return hits;
}

/** End of the line `count - 1` lines after the line ending at `lineEnd` (a "\n" offset or text.length). */
function lineEndAfter(text: string, lineEnd: number, count: number): number {
  let end = lineEnd;
  for (let k = 1; k < count && end < text.length; k++) {
    const nl = text.indexOf("\n", end + 1);
    end = nl < 0 ? text.length : nl;
  }
  return end;
}

/**
 * Find secrets in text. Placeholders, examples, hashes, UUIDs and data: URIs are suppressed before reporting.
 *
 * One keyword pass tells which rules can match and where. A rule with `scope: "text"` then runs over the
 * whole text; every other rule runs only on the lines holding one of its keywords (plus `lines - 1` following
 * lines): its keyword is part of the first line of every match, so nothing outside these windows can match.
 */
export function scanSecrets(text: string, options?: SecretScanOptions): Finding[] {
  const rules = loadRules();
  const enabled = selectRules(options);
  const a = keywordAutomaton();
  const hits = findKeywords(text, a);
  if (hits === 0) return [];
  const nRules = rules.length;
  // per rule: whole-text flag, or a list of merged [from, to) windows
  const whole = new Uint8Array(nRules);
  const windows: (number[] | undefined)[] = new Array(nRules);
  let lineStart = 0;
  let lineEnd = -1;
  for (let h = 0; h < hits; h++) {
    const pos = hitPos[h] as number;
    const s = hitState[h] as number;
    for (let o = a.outStart[s] as number; o < (a.outStart[s + 1] as number); o++) {
      const e = a.entries[a.outIndex[o] as number] as KeywordAutomaton["entries"][number];
      if (e.exact && !text.startsWith(e.text, pos - e.text.length + 1)) continue;
      for (const ri of e.rules) {
        if (enabled[ri] === 0 || whole[ri] === 1) continue;
        const r = rules[ri] as CompiledRule;
        if (r.scope === "text") {
          whole[ri] = 1;
          continue;
        }
        if (pos > lineEnd) {
          lineStart = text.lastIndexOf("\n", pos) + 1;
          const nl = text.indexOf("\n", pos);
          lineEnd = nl < 0 ? text.length : nl;
        }
        let w = windows[ri];
        if (w === undefined) {
          w = [];
          windows[ri] = w;
        }
        const last = w.length - 1;
        if (last > 0 && lineStart <= (w[last] as number)) {
          if (lineStart === w[last - 1] || (r.lines === 1 && lineEnd <= (w[last] as number))) continue;
          w[last] = Math.max(w[last] as number, lineEndAfter(text, lineEnd, r.lines));
        } else w.push(lineStart, lineEndAfter(text, lineEnd, r.lines));
      }
    }
  }
  const kept: Kept[] = [];
  for (let ri = 0; ri < nRules; ri++) {
    const r = rules[ri] as CompiledRule;
    if (whole[ri] === 1) matchRule(r, text, 0, text.length, kept);
    else {
      const w = windows[ri];
      if (w) for (let i = 0; i < w.length; i += 2) matchRule(r, text, w[i] as number, w[i + 1] as number, kept);
    }
  }
  return keptFindings(text, kept);
}
