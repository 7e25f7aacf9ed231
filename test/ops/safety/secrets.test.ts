import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import rulesJson from "../../../src/ops/safety/secrets/rules.json" with { type: "json" };
import {
  base62,
  crc32,
  githubChecksumOk,
  isPlaceholder,
  loadRules,
  type SecretRule,
  scanSecrets,
  shannonEntropy,
} from "../../../src/ops/safety/secrets/scan.js";
import { ROOT } from "./helpers.js";

const rules = rulesJson as SecretRule[];
/** A shell/JS template placeholder `${NAME}` (built so the linter does not take it for a template slip). */
const tpl = (name: string) => `$${"{"}${name}}`;

/** A keyword occurs in s: lowercase keywords in any case, keywords with capitals exactly. */
function hasKeyword(rule: SecretRule, s: string): boolean {
  return rule.keywords.some((k) => (k === k.toLowerCase() ? s.toLowerCase().includes(k) : s.includes(k)));
}

/** The secret a rule's regex captures in a positive (the first match), for checking spans and previews. */
function expectedSecret(rule: SecretRule, text: string): string | undefined {
  const m = new RegExp(rule.regex, rule.flags ?? "").exec(text);
  return m?.[rule.secretGroup ?? 0];
}

describe("secrets rules.json", () => {
  it("is well-formed: unique ids, lowercase keywords, 2+ positives and negatives, compiles", () => {
    expect(rules.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.positives.length, r.id).toBeGreaterThanOrEqual(2);
      expect(r.negatives.length, r.id).toBeGreaterThanOrEqual(2);
      for (const k of r.keywords) expect(k, r.id).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(loadRules()).toHaveLength(rules.length);
    expect(loadRules()).toBe(loadRules()); // compiled once
  });

  for (const rule of rules) {
    it(`${rule.id}: positives match exactly this rule, negatives do not`, () => {
      for (const p of rule.positives) {
        // exactly this rule reports the span its regex captures (a positive may hold other secrets too,
        // e.g. the access key id next to an AWS secret key)
        const secret = expectedSecret(rule, p) as string;
        const at = p.indexOf(secret);
        const found = scanSecrets(p).filter((f) => f.start < at + secret.length && f.end > at);
        expect(
          found.map((f) => f.type),
          `${rule.id} positive: ${p}`,
        ).toEqual([rule.id]);
        const f = found[0];
        if (!f) continue;
        // the keyword pre-filter passes: for line-scoped rules a keyword is in the match's first line
        const m = new RegExp(rule.regex, rule.flags ?? "").exec(p);
        const firstLine = (m?.[0] ?? "").split("\n")[0] as string;
        expect(hasKeyword(rule, rule.scope === "text" ? p : firstLine), `${rule.id} keyword`).toBe(true);
        if (rule.scope !== "text")
          expect((m?.[0] ?? "").split("\n").length, `${rule.id} lines`).toBeLessThanOrEqual(rule.lines ?? 1);
        expect(p.slice(f.start, f.end), `${rule.id} secretGroup span`).toBe(secret);
        const lines = p.slice(0, f.start).split("\n");
        expect(f.line).toBe(lines.length);
        expect(f.column).toBe((lines.at(-1) as string).length + 1);
        expect(f.preview.includes(secret), `${rule.id} preview leaks`).toBe(false);
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      }
      for (const n of rule.negatives) {
        expect(
          scanSecrets(n).filter((f) => f.type === rule.id),
          `${rule.id} negative: ${n}`,
        ).toEqual([]);
      }
    });
  }
});

describe("validators", () => {
  it("accepts a correctly checksummed synthetic GitHub token and rejects a flipped char", () => {
    expect(crc32("123456789")).toBe(0xcbf43926); // the CRC-32 check value
    const body = "Q7mZ2kP9xW4vR1tY8nB3cL6dF0gH5j";
    const token = `ghp_${body}${base62(crc32(body))}`;
    expect(token).toHaveLength(40);
    expect(githubChecksumOk(token)).toBe(true);
    const flipped = `${token.slice(0, 10)}${token[10] === "a" ? "b" : "a"}${token.slice(11)}`;
    expect(githubChecksumOk(flipped)).toBe(false);
    expect(scanSecrets(`GITHUB_TOKEN=${token}`).map((f) => f.type)).toEqual(["github-pat"]);
    expect(scanSecrets(`GITHUB_TOKEN=${flipped}`).filter((f) => f.type === "github-pat")).toEqual([]);
  });

  it("jwt needs a JSON header with alg", () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const good = `${enc({ alg: "RS256", kid: "k1" })}.${enc({ sub: "u9", n: 42 })}.QmFzZTY0VXJsU2lnbmF0dXJlWnE3`;
    expect(scanSecrets(good).map((f) => f.type)).toEqual(["jwt"]);
    const noAlg = `${enc({ typ: "JWT", kid: "k1" })}.${enc({ sub: "u9", n: 42 })}.QmFzZTY0VXJsU2lnbmF0dXJlWnE3`;
    expect(scanSecrets(noAlg)).toEqual([]);
  });

  it("shannon entropy", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });
});

describe("placeholder suppression", () => {
  const cases = [
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    'password = "xxxxxxxxxxxx"',
    'password = "changeme123"',
    "SECRET_KEY=<your-secret-key>",
    `api_key: "${tpl("API_KEY")}"`,
    "password: {{ vault_password }}",
    "const token = process.env.GITHUB_TOKEN_VALUE_FOR_CI;",
    'db_password = os.environ["DB_PASSWORD"]',
    'secret = "example-secret-value-1"',
    'apiKey = "dummy_api_key_9f8e7d"',
    'token = "test_token_Zx81Qa0P"',
    'client_secret = "fake-Zx81Qa0PmN2"',
    'password = "aaaaaaaaaaaaaaaa"',
    'token = "1234567890123456"',
    'secret = "abcdefghijklmnop"',
    'api_key = "550e8400-e29b-41d4-a716-446655440000"',
    'secret_hash = "d41d8cd98f00b204e9800998ecf8427e"',
    'token_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
    'token = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="',
    "postgres://user:password@localhost:5432/app",
    `https://user:${tpl("PASSWORD")}@example.org/`,
    // jwt.io's documented example token
    'jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"',
    // ordinary code seen in vite/vitest bundles: identifiers, not secrets
    'nextLastSignificantToken = "?NonExpressionParenEnd";',
    'const tokenType = "refresh_token";',
    'passwordField: "input[type=password]"',
  ];
  for (const c of cases) {
    it(`does not flag: ${c.slice(0, 60)}`, () => {
      expect(scanSecrets(c)).toEqual([]);
    });
  }
  it("isPlaceholder direct cases", () => {
    expect(isPlaceholder("d41d8cd98f00b204e9800998ecf8427e")).toBe(true);
    expect(isPlaceholder("9e107d9d372bb6826bd81d3542a419d6", true)).toBe(false);
    expect(isPlaceholder("Zq81Pa0LmN2xR7")).toBe(false);
  });
});

describe("in context", () => {
  it("finds every rule's first positive planted in the middle of a real source file", () => {
    const real = readFileSync(join(ROOT, "node_modules/yaml/dist/compose/composer.js"), "utf8");
    const lines = real.split("\n");
    const mid = lines.length >> 1;
    for (const rule of rules) {
      const planted = [...lines.slice(0, mid), rule.positives[0] as string, ...lines.slice(mid)].join("\n");
      const hits = scanSecrets(planted).filter((f) => f.line >= mid + 1);
      expect(hits[0]?.type, rule.id).toBe(rule.id);
      const pos = rule.positives[0] as string;
      const before = pos.slice(0, pos.indexOf(expectedSecret(rule, pos) as string));
      expect(hits[0]?.line, rule.id).toBe(mid + 1 + before.split("\n").length - 1);
    }
  });

  it("stays linear on pathological inputs (no catastrophic backtracking)", () => {
    const b64 = Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7919) % 251)).toString("base64");
    const inputs = [
      "password".repeat(50000),
      '"api_key_password_token":'.repeat(16000),
      "secret_token_api_key_".repeat(20000),
      "https://a:".repeat(40000),
      `<img src="data:image/png;base64,${b64}">`,
      `-----BEGIN PRIVATE KEY-----\nProc-Type: ${"\\n ".repeat(50000)}`,
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      expect(scanSecrets(text)).toEqual([]);
      expect(performance.now() - t0, text.slice(0, 30)).toBeLessThan(2000);
    }
  });
});

describe("a realistic config file", () => {
  it("reports each secret once, with the specific rule and exact line/column", () => {
    const body = "Zq81Pa0LmN2xR7Kd4Vb9";
    const cfg = [
      "# app settings",
      "DEBUG=true",
      `DATABASE_URL=postgres://app:${body}@db.internal:5432/app`,
      `SECRET_KEY=${body}Hc3`,
      `API_KEY=${tpl("API_KEY")}`,
      `STRIPE_SECRET_KEY=sk_live_${body}Tw5y`,
    ].join("\n");
    const found = scanSecrets(cfg);
    expect(found.map((f) => [f.type, f.line, f.column])).toEqual([
      ["postgres-uri-password", 3, 29],
      ["env-secret", 4, 12],
      ["stripe-secret-key", 6, 19],
    ]);
    for (const f of found) expect(f.preview).not.toContain(body);
  });
});

describe("previews", () => {
  it("never contain the full secret, even for short ones", () => {
    const found = scanSecrets("mysql://svc:Zq8@db.internal/app\nredis://:Zq81Pa@cache.internal:6379");
    expect(found.map((f) => f.type)).toEqual(["mysql-uri-password", "redis-uri-password"]);
    expect(found[0]?.preview).toBe("Z…(3 chars)");
    expect(found[1]?.preview).toBe("Zq…(6 chars)");
    expect(found[1]?.line).toBe(2);
  });
});

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(?:c|m)?[jt]s$/.test(name)) out.push(p);
  }
  return out;
}

describe("negatives sweep over real code (zod, yaml)", () => {
  it("finds (almost) nothing in code nobody here wrote", () => {
    const files = [...walk(join(ROOT, "node_modules/zod"), []), ...walk(join(ROOT, "node_modules/yaml"), [])];
    let bytes = 0;
    let ms = 0;
    const findings: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      bytes += Buffer.byteLength(text);
      const t0 = performance.now();
      const found = scanSecrets(text);
      ms += performance.now() - t0;
      for (const x of found) findings.push(`${x.type} ${x.preview} ${f.slice(ROOT.length + 1)}:${x.line}:${x.column}`);
    }
    const mb = bytes / 1e6;
    console.log(
      `secrets sweep: ${files.length} files, ${mb.toFixed(2)} MB, ${findings.length} findings, ${(mb / (ms / 1000)).toFixed(1)} MB/s`,
    );
    for (const line of findings) console.log(`  ${line}`);
    expect(files.length).toBeGreaterThan(100);
    expect(findings.length).toBeLessThanOrEqual(3);
  });
});
