import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/ops/safety/findings.js";
import rulesJson from "../../../src/ops/safety/secrets/rules.json" with { type: "json" };
import {
  acceptSecret,
  type Kept,
  keepSpan,
  keptFindings,
  listSecretRules,
  loadRules,
  type SecretRule,
  scanSecrets,
} from "../../../src/ops/safety/secrets/scan.js";
import { ROOT } from "./helpers.js";

const rules = rulesJson as SecretRule[];
const NM = join(ROOT, "node_modules");

/** The straightforward scan (every keyword-gated rule's regex over the whole text), to compare the fast path with. */
function naiveScan(text: string): Finding[] {
  const lower = text.toLowerCase();
  const kept: Kept[] = [];
  for (const { rule, re, keywords } of loadRules()) {
    if (!keywords.some((k) => lower.includes(k.toLowerCase()))) continue;
    const g = rule.secretGroup ?? 0;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const secret = m[g];
      if (!secret) continue;
      const start = g === 0 ? (m.index as number) : (m.indices?.[g]?.[0] as number);
      if (acceptSecret(rule, text, start, secret, m[0].slice(0, start - (m.index as number))))
        keepSpan(kept, rule, start, start + secret.length);
    }
  }
  return keptFindings(text, kept);
}

const spans = (fs: Finding[]) => fs.map((f) => `${f.type}@${f.start}-${f.end}`);

/** A synthetic GitHub PAT with a valid checksum is not needed here: Stripe/Slack shapes have no checksum. */
const STRIPE = "sk_live_Zq81Pa0LmN2xR7Kd4Vb9Tw5y";
const SLACK = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";

/** ~2 MB of real node_modules text: every k-th source file (sorted), ≤ 1 MB, no minified bundles. */
async function realSample(targetBytes = 2_000_000): Promise<{ path: string; text: string }[]> {
  const files = (
    await glob(["**/*.{js,mjs,cjs,ts,json,md,yml}"], { cwd: NM, followSymbolicLinks: false, ignore: ["**/.cache/**"] })
  ).sort();
  const out: { path: string; text: string }[] = [];
  let bytes = 0;
  for (let i = 0; i < files.length && bytes < targetBytes; i += 7) {
    const path = files[i] as string;
    if (/\.min\.[cm]?js$/.test(path) || statSync(join(NM, path)).size > 1_000_000) continue;
    const text = readFileSync(join(NM, path), "utf8");
    if (/\.[cm]?[jt]s$/.test(path) && text.length > 4096 && text.length / text.split("\n").length > 300) continue;
    out.push({ path, text });
    bytes += Buffer.byteLength(text);
  }
  return out;
}

describe("scanSecrets options", () => {
  const text = `STRIPE_KEY=${STRIPE}\nSLACK_TOKEN=${SLACK}\n`;

  it("reports findings built by findings.ts: kind secret, rule id as type", () => {
    const found = scanSecrets(text);
    expect(found.map((f) => [f.kind, f.type, f.line, f.column])).toEqual([
      ["secret", "stripe-secret-key", 1, 12],
      ["secret", "slack-bot-token", 2, 13],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.type === "slack-bot-token" ? SLACK : STRIPE);
  });

  it("only runs the named rules", () => {
    expect(scanSecrets(text, { only: ["slack-bot-token"] }).map((f) => f.type)).toEqual(["slack-bot-token"]);
    expect(scanSecrets(text, { only: [] })).toEqual([]);
  });

  it("exclude skips rules, and a more generic rule may then report the span", () => {
    expect(scanSecrets(text, { exclude: ["slack-bot-token"] }).map((f) => f.type)).toEqual([
      "stripe-secret-key",
      "env-secret",
    ]);
    expect(
      scanSecrets(text, { only: ["stripe-secret-key", "slack-bot-token"], exclude: ["stripe-secret-key"] }).map(
        (f) => f.type,
      ),
    ).toEqual(["slack-bot-token"]);
  });

  it("rejects unknown rule ids instead of silently scanning nothing", () => {
    expect(() => scanSecrets(text, { only: ["no-such-rule"] })).toThrow(/unknown rule id no-such-rule/);
    expect(() => scanSecrets(text, { exclude: ["nope"] })).toThrow(/unknown rule id nope/);
  });

  it("listSecretRules gives every rule id and description in rule order", () => {
    const list = listSecretRules();
    expect(list.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(list.length).toBeGreaterThanOrEqual(60);
    for (const r of list) expect(r.description.length, r.id).toBeGreaterThan(10);
  });
});

describe("fast path (keyword automaton + line windows)", () => {
  const real = readFileSync(join(NM, "yaml/dist/compose/composer.js"), "utf8");

  it("finds a secret far from the start of a large text, on the right line", () => {
    const big = real.repeat(Math.ceil(3_000_000 / real.length));
    const lines = big.split("\n").length;
    const text = `${big}\nconst stripe = "${STRIPE}";\n${real}`;
    const found = scanSecrets(text);
    expect(found.map((f) => [f.type, f.line])).toEqual([["stripe-secret-key", lines + 1]]);
    expect(text.slice(found[0]?.start, found[0]?.end)).toBe(STRIPE);
  });

  it("finds a secret on the last line without a trailing newline", () => {
    for (const tail of [`token: ${SLACK}`, `DB_PASSWORD=hT9kq2Lm4xZp`, `password: Ww9mK2pLq7xQ`]) {
      const text = `${real}\n${tail}`;
      const found = scanSecrets(text);
      expect(found, tail).toHaveLength(1);
      expect(found[0]?.line).toBe(text.split("\n").length);
      expect(text.endsWith(text.slice(found[0]?.start, found[0]?.end))).toBe(true);
    }
  });

  it("handles CRLF line endings like LF ones", () => {
    const lf = [
      "# settings",
      "DB_PASSWORD=hT9kq2Lm4xZp",
      `SLACK_TOKEN=${SLACK}`,
      "spring:",
      "  password: Ww9mK2pLq7xQ",
      "",
    ];
    const crlf = lf.join("\r\n");
    const found = scanSecrets(crlf);
    expect(found.map((f) => [f.type, f.line, crlf.slice(f.start, f.end)])).toEqual([
      ["env-password", 2, "hT9kq2Lm4xZp"],
      ["slack-bot-token", 3, SLACK],
      ["yaml-password", 5, "Ww9mK2pLq7xQ"],
    ]);
    expect(spans(found)).toEqual(spans(naiveScan(crlf)));
    expect(scanSecrets(lf.join("\n")).map((f) => f.type)).toEqual(found.map((f) => f.type));
  });

  it("finds a value on the line after its keyword (rules with lines: 2)", () => {
    const cases: [string, string][] = [
      ['db_password =\n    "hT9#kq2Lm!x4"\n', "code-password-assignment"],
      ['const apiKey =\n  "RZnkf7eFnY7KqBJ76B2S";\n', "code-secret-assignment"],
      ["aws_secret_access_key =\n  Zq8mTn2pW4xR7vK1yB3cL6dF0gH5jQ9sA2eU8iO4\n", "aws-secret-access-key"],
      ['{\n  "client_secret":\n    "e7mV5Teb1p75uIYYNQ0Kx2"\n}', "json-secret"],
      ["curl -H 'Authorization:\n  Bearer p7xB0p4OIEWuPNJIt4zhY9jeHU9xIRlrs' https://api.internal", "bearer-token"],
    ];
    for (const [text, rule] of cases) {
      const found = scanSecrets(`${real}\n${text}`);
      // the value's line: the keyword's line + 1
      const keywordLine = text.split("\n").findIndex((l) => /password|apikey|secret|authorization/i.test(l));
      expect(
        found.map((f) => [f.type, f.line]),
        text,
      ).toEqual([[rule, real.split("\n").length + keywordLine + 2]]);
    }
  });

  it("finds the same spans as the straightforward scan on real text with every rule's positives planted", async () => {
    const sample = (await realSample(600_000)).map((f) => f.text);
    const positives = rules.flatMap((r) => r.positives);
    for (let i = 0; i < sample.length; i++) {
      const lines = (sample[i] as string).split("\n");
      const at = (i * 7919) % (lines.length + 1);
      const planted = [...lines.slice(0, at), positives[i % positives.length] as string, ...lines.slice(at)].join(
        i % 3 === 0 ? "\r\n" : "\n",
      );
      expect(spans(scanSecrets(planted)), `sample ${i}`).toEqual(spans(naiveScan(planted)));
    }
  });

  it("keywords with capitals match exactly (Twilio SK…), lowercase ones in any case", () => {
    const sid = "SKb2a3c4d5e6f708192a3b4c5d6e7f8091";
    expect(scanSecrets(`TWILIO_KEY_SID=${sid}`).map((f) => f.type)).toEqual(["twilio-api-key"]);
    expect(scanSecrets(`x = "${sid.replace("SK", "sk")}"`)).toEqual([]);
    expect(scanSecrets(`X-${STRIPE.toUpperCase()}`)).toEqual([]);
  });
});

describe("real node_modules text", () => {
  it("~2 MB of library code: no findings outside the reviewed credential-shaped list", async () => {
    const reviewed: { fingerprint: string; rule: string; path: string; verdict: string }[] = JSON.parse(
      readFileSync(join(ROOT, "bench/fixtures/secrets/reviewed.json"), "utf8"),
    );
    const shaped = new Set(
      reviewed.filter((r) => r.verdict === "credential-shaped").map((r) => `${r.fingerprint} ${r.rule} ${r.path}`),
    );
    const sample = await realSample();
    const bytes = sample.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
    expect(bytes).toBeGreaterThan(1_900_000);
    expect(new Set(sample.map((f) => f.path.split("/")[0])).size).toBeGreaterThan(20);
    const unexpected: string[] = [];
    for (const f of sample)
      for (const x of scanSecrets(f.text))
        if (!shaped.has(`${x.fingerprint} ${x.type} ${f.path}`))
          unexpected.push(`${x.type} ${x.preview} ${f.path}:${x.line}:${x.column}`);
    expect(unexpected).toEqual([]);
  });
});
