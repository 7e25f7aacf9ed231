import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SmeltRecord } from "../../../src/core/record.js";
import { parseCode } from "../../../src/ops/parse/parse_code.js";
import { detectSensitive } from "../../../src/ops/safety/detect.js";
import { detectPii } from "../../../src/ops/safety/detect_pii.js";
import { detectSecrets } from "../../../src/ops/safety/detect_secrets.js";
import { redact } from "../../../src/ops/safety/redact.js";
import { loadRecipe } from "../../../src/recipe/load.js";
import { runYaml, tempDir, writeFiles } from "../../writers/helpers.js";
import { rows as outputRows, ROOT, reason, runOp } from "../helpers.js";

const SALT = "a-test-salt-of-enough-length";

const example = (rel: string) => readFileSync(join(ROOT, "examples", "repos", rel), "utf8");
const SETTINGS = example("inkwell/inkwell/settings.py");
const NOTIFY = example("orbit/internal/notify/notify.go");
const FIXTURE = example("tallyho/test/customer.fixture.ts");

const AWS_KEY = "AKIAQ4VXT7MZ2KHRWB5N";
const EMAIL = "maria.gonzalez@inkwell-press.net";

async function parses(text: string, path: string): Promise<boolean> {
  const { records } = await runOp(parseCode, {}, [{ text, path }]);
  return (records[0] as SmeltRecord).meta.parse_ok === true;
}

describe("redact", () => {
  it("replaces values with typed placeholders inside their string literals", async () => {
    const { outcomes, records } = await runOp(redact, {}, [{ text: SETTINGS, path: "settings.py" }]);
    expect(reason(outcomes[0])).toBe("kept");
    const text = (records[0] as SmeltRecord).text;
    expect(text).toContain('AWS_ACCESS_KEY_ID = "<SECRET:aws_access_key_id>"');
    expect(text).toContain('AWS_SECRET_ACCESS_KEY = "<SECRET:aws_secret_access_key>"');
    expect(text).toContain("postgresql://inkwell:<SECRET:postgres_uri_password>@db.inkwell-press.net:5432");
    expect(text).toContain("Maintainer: Maria Gonzalez <<EMAIL>>");
    expect(text).not.toContain(AWS_KEY);
    expect(text).not.toContain(EMAIL);
    // everything outside the values is untouched
    expect(text).toContain('PREVIEW_PORT = int(os.environ.get("PREVIEW_PORT", "8080"))');
  });

  it("records provenance: types, actions and where each replacement is in the new text", async () => {
    const { records } = await runOp(redact, {}, [{ text: NOTIFY, path: "notify.go" }]);
    const r = records[0] as SmeltRecord;
    const list = r.meta.redactions as string[];
    expect(list.map((e) => e.replace(/@.*/, ""))).toEqual([
      "secret:slack-bot-token:redact",
      "secret:stripe-secret-key:redact",
      "secret:github-pat:redact",
    ]);
    for (const e of list) {
      const [, start, end] = /@(\d+)-(\d+)$/.exec(e) as RegExpExecArray;
      expect(r.text.slice(Number(start), Number(end))).toMatch(/^<SECRET:[a-z_]+>$/);
    }
    expect(r.scores.redactions).toBe(3);
  });

  it("keeps code parseable: Python, Go and TypeScript still parse after redaction", async () => {
    for (const [text, path] of [
      [SETTINGS, "settings.py"],
      [NOTIFY, "notify.go"],
      [FIXTURE, "customer.fixture.ts"],
    ] as const) {
      expect(await parses(text, path), `${path} before`).toBe(true);
      for (const actions of [{}, { secret: "pseudonymize", pii: "pseudonymize" }]) {
        const { records } = await runOp(redact, { actions, salt: SALT }, [{ text, path }]);
        const after = (records[0] as SmeltRecord).text;
        expect(after).not.toBe(text);
        expect(await parses(after, path), `${path} after ${JSON.stringify(actions)}`).toBe(true);
      }
    }
  });

  it("stays inside the literal even when a rule's span runs past the closing quote", async () => {
    // a generic assignment rule may capture up to the end of the line; the quote must survive
    const code = 'client = Client(password="Zx9kQ2mW7pL4vR8t", region="eu-west-1")\n';
    const { records } = await runOp(redact, { pii: false }, [{ text: code, path: "client.py" }]);
    const after = (records[0] as SmeltRecord).text;
    expect(after).not.toContain("Zx9kQ2mW7pL4vR8t");
    expect(after).toMatch(/password="<SECRET:[a-z_]+>", region="eu-west-1"\)/);
  });

  it("pseudonymize: the same value gets the same fake in every record, another salt another fake", async () => {
    const texts = [`contact ${EMAIL} now`, `mail ${EMAIL}, or call`, "ip 52.14.201.77 and 52.14.201.77"];
    const run = async (salt: string) =>
      (await runOp(redact, { actions: { pii: "pseudonymize" }, salt }, texts)).records.map((r) => r.text);
    const [a, b, c] = await run(SALT);
    const fake = /contact (\S+) now/.exec(a as string)?.[1] as string;
    expect(fake).toMatch(/^[a-z]+\.[a-z]+\d*@example\.(com|org|net)$/);
    expect(b).toBe(`mail ${fake}, or call`);
    const [ip1, ip2] = (c as string).match(/10\.\d+\.\d+\.\d+/g) as string[];
    expect(ip1).toBe(ip2);
    expect(c).not.toContain("52.14.201.77");
    const [other] = await run("another-salt-of-enough-length");
    expect(other).not.toBe(a);
    // fakes are chosen not to be found again
    expect(detectSensitive(`${a} ${c}`, { pii: true })).toEqual([]);
  });

  it("pseudonymize keeps the shape: card stays Luhn-valid, IBAN keeps its country and valid check digits, SSN moves to 9xx", async () => {
    const { records } = await runOp(redact, { actions: { pii: "pseudonymize" }, salt: SALT }, [FIXTURE]);
    const after = (records[0] as SmeltRecord).text;
    const card = /card: "([\d ]+)"/.exec(after)?.[1] as string;
    expect(card).toMatch(/^4\d{3} \d{4} \d{4} \d{4}$/);
    expect(card).not.toBe("4539 1820 7735 2605");
    const digits = card.replace(/ /g, "");
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    expect(sum % 10).toBe(0);
    const iban = /iban: "([A-Z0-9 ]+)"/.exec(after)?.[1] as string;
    expect(iban).toMatch(/^DE\d{2} \d{4} \d{4} \d{4} \d{4} \d{2}$/);
    const numeric = `${iban.replace(/ /g, "").slice(4)}DE00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
    const check = 98 - Number(BigInt(numeric) % 97n);
    expect(iban.slice(2, 4)).toBe(String(check).padStart(2, "0"));
    expect(/ssn: "(\d{3})-\d{2}-\d{4}"/.exec(after)?.[1]).toMatch(/^9\d\d$/);
  });

  it("drop: the record goes, its text in dropped/ is redacted too, and reasons name no value", async () => {
    const dir = tempDir("smelt-redact-");
    writeFiles(join(dir, "src"), { "settings.py": SETTINGS, "clean.py": "def add(a, b):\n    return a + b\n" });
    const { out, manifest } = await runYaml(
      dir,
      [
        "name: drop-secrets",
        "inputs: [{ id: src, type: folder, path: src }]",
        "stages:",
        "  - name: s",
        "    operators:",
        "      - { id: redact, op: redact, params: { actions: { secret: drop } } }",
        "output: { path: out, format: jsonl, compression: none, keep_dropped: true }",
      ].join("\n"),
    );
    const kept = outputRows(out, "data");
    expect(kept.map((r) => r.path)).toEqual(["clean.py"]);
    const dropped = outputRows(out, "dropped");
    expect(dropped.map((r) => r.path)).toEqual(["settings.py"]);
    const row = dropped[0] as Record<string, unknown>;
    expect(row.dropped_by).toBe("redact");
    expect(String(row.drop_reason)).toMatch(/^secret aws-access-key-id 9:22, aws-secret-access-key 10:26/);
    expect(String(row.text)).toContain("<SECRET:aws_access_key_id>");
    expect(String(row.text)).toContain("<EMAIL>");
    expect(JSON.stringify(row)).not.toContain(AWS_KEY);
    expect(JSON.stringify(manifest)).not.toContain(AWS_KEY);
    // `actions` keys name finding types: `secret: drop` is not a credential to mask
    expect(JSON.stringify(manifest)).toContain('"actions":{"secret":"drop"}');
    expect(manifest.recipe.name).toBe("drop-secrets");
    expect(manifest.stages[0]?.operators.find((o) => o.id === "redact")?.drop_rules).toEqual({ secret: 1 });
    expect(readFileSync(join(out, "README.md"), "utf8")).toContain(
      "- `redact` (redact 1.0.0): secrets and personal data — secret: drop; 1 record(s) dropped.",
    );
  });

  it("cleans metadata fields an input carried along, and says which field in the provenance", async () => {
    const dir = tempDir("smelt-redact-");
    const rows = [
      {
        id: "a1",
        text: "Release notes for 2.0. Nothing sensitive in here at all.",
        url: "https://deploy:Zx9kQ2mW7pL4vR8t@ci.shop-internal.net/job/1",
        authors: ["Ann <ann.lee@fastmail.com>", "Bob"],
      },
      { id: "a2", text: "Plain text, plain metadata.", url: "https://docs.shop-internal.net/", authors: ["Cy"] },
    ];
    writeFiles(dir, { "in.jsonl": rows.map((x) => JSON.stringify(x)).join("\n") });
    const recipe = (metadata: boolean) =>
      [
        "name: meta",
        "inputs: [{ id: docs, type: jsonl, path: in.jsonl, id_field: id }]",
        "stages:",
        "  - name: s",
        "    operators:",
        `      - { id: redact, op: redact, params: { metadata: ${metadata} } }`,
        "output: { path: out, format: jsonl, compression: none }",
      ].join("\n");
    const { out } = await runYaml(dir, recipe(true));
    const [a1, a2] = outputRows(out, "data").sort((x, y) => String(x.id).localeCompare(String(y.id)));
    expect(a1?.url).toBe("https://deploy:<SECRET:url_credentials>@ci.shop-internal.net/job/1");
    expect(a1?.authors).toEqual(["Ann <<EMAIL>>", "Bob"]);
    expect(a1?.redactions).toEqual(["secret:url-credentials:redact@url:15-39", "pii:email:redact@authors[0]:5-12"]);
    expect(a1?.refined_by).toEqual(["redact"]);
    expect(a2?.redactions ?? null).toBeNull();
    expect(a2?.refined_by).toEqual([]);
    rmSync(join(dir, "out"), { recursive: true });
    const off = outputRows((await runYaml(dir, recipe(false))).out, "data");
    expect(off.find((r) => r.id === "a1")?.url).toContain("Zx9kQ2mW7pL4vR8t");
  });

  it("keep and per-type actions: the most specific key wins", async () => {
    const { records } = await runOp(redact, { actions: { pii: "keep", email: "redact" } }, [SETTINGS]);
    const after = (records[0] as SmeltRecord).text;
    expect(after).toContain("<EMAIL>");
    expect(after).toContain("52.14.201.77"); // ipv4 kept
    expect(after).not.toContain(AWS_KEY); // secrets still redacted by default
  });

  it("allowlist: values, regexes, fingerprints and paths", async () => {
    const fp = detectSensitive(SETTINGS, {}).find((f) => f.type === "aws-access-key-id")?.fingerprint as string;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ values: [AWS_KEY] }, AWS_KEY],
      [{ regexes: ["^AKIAQ4"] }, AWS_KEY],
      [{ fingerprints: [fp] }, AWS_KEY],
      [{ values: [EMAIL] }, EMAIL],
    ];
    for (const [allowlist, survives] of cases) {
      const { records } = await runOp(redact, { allowlist }, [SETTINGS]);
      expect((records[0] as SmeltRecord).text, JSON.stringify(allowlist)).toContain(survives);
      expect((records[0] as SmeltRecord).text).toContain("<SECRET:aws_secret_access_key>");
    }
    const { records } = await runOp(redact, { allowlist: { paths: ["**/fixtures/**"] } }, [
      { text: SETTINGS, path: "tests/fixtures/settings.py" },
      { text: SETTINGS, path: "app/settings.py" },
    ]);
    expect(records[0]?.text).toBe(SETTINGS);
    expect(records[1]?.text).not.toContain(AWS_KEY);
  });

  it("recipe errors: pseudonymize without a salt, unknown action keys, named with file:line", async () => {
    const dir = tempDir("smelt-redact-");
    writeFiles(dir, { "src/a.py": "x = 1\n" });
    const file = join(dir, "recipe.yaml");
    writeFiles(dir, {
      "recipe.yaml": [
        "name: bad",
        "inputs: [{ id: src, type: folder, path: src }]",
        "stages:",
        "  - name: s",
        "    operators:",
        "      - id: redact",
        "        op: redact",
        "        params:",
        "          actions: { email: pseudonymize, emial: drop }",
        "output: { path: out }",
      ].join("\n"),
    });
    const err = await loadRecipe(file).then(
      () => undefined,
      (e: unknown) => e as { problems: string[] },
    );
    const text = (err?.problems ?? []).join("\n");
    expect(text).toMatch(/recipe\.yaml:\d+:\d+: .*pseudonymize needs a secret salt/);
    expect(text).toMatch(/unknown finding type `emial`/);
  });
});

describe("detect_secrets and detect_pii", () => {
  it("score mode tags positions and fingerprints, never values", async () => {
    const { outcomes, records } = await runOp(detectSecrets, {}, [NOTIFY, "def add(a, b):\n    return a + b\n"]);
    expect(outcomes.map(reason)).toEqual(["kept", "kept"]);
    const r = records[0] as SmeltRecord;
    expect(r.scores.secret_count).toBe(3);
    expect(r.meta.secret_types).toEqual(["github-pat", "slack-bot-token", "stripe-secret-key"]);
    expect((r.meta.secret_findings as string[])[0]).toMatch(/^slack-bot-token@13:18#[0-9a-f]{16}$/);
    expect(JSON.stringify(r.meta)).not.toContain("xoxb-");
    expect(records[1]?.scores.secret_count).toBe(0);
  });

  it("filter mode drops with the rules and positions; only/exclude choose rules", async () => {
    const dropped = await runOp(detectSecrets, { mode: "filter" }, [NOTIFY]);
    expect(reason(dropped.outcomes[0])).toBe("secret slack-bot-token 13:18, stripe-secret-key 14:18, github-pat 15:18");
    // the dropped record goes to dropped/ without the values it was dropped for
    expect(dropped.records[0]?.text).toContain('slackToken   = "<SECRET:slack_bot_token>"');
    expect(dropped.records[0]?.text).not.toContain("xoxb-");
    const only = await runOp(detectSecrets, { only: ["github-pat"] }, [NOTIFY]);
    expect(only.records[0]?.meta.secret_types).toEqual(["github-pat"]);
    const excluded = await runOp(detectSecrets, { exclude: ["github-pat"] }, [NOTIFY]);
    const types = excluded.records[0]?.meta.secret_types as string[];
    expect(types).not.toContain("github-pat");
    expect(types).toContain("slack-bot-token");
    expect(() => detectSecrets.params.parse({ only: ["githbu-pat"] })).toThrow(/unknown secret rule/);
  });

  it("detect_pii finds the fixture's personal data by type", async () => {
    const { records, outcomes } = await runOp(detectPii, { phone_regions: ["US", "GB"] }, [FIXTURE]);
    expect(reason(outcomes[0])).toBe("kept");
    expect(records[0]?.meta.pii_types).toEqual(["credit_card", "email", "iban", "phone", "us_ssn"]);
    const filtered = await runOp(detectPii, { mode: "filter", types: ["email"] }, [FIXTURE, "no personal data here"]);
    expect(outcomes.length).toBe(1);
    expect(filtered.outcomes.map(reason)).toEqual(["pii email 5:11, email 9:72", "kept"]);
    expect(filtered.records[0]?.text).not.toContain("jordan.ellis@fastmail.com");
  });
});
