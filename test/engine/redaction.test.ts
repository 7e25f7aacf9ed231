import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import { describe, expect, it } from "vitest";
import { inspectOutput } from "../../src/inspect/inspect.js";
import { sqlString } from "../../src/io/duckdb.js";
import { parquetGlob, query, ROOT, runCli, tempDir } from "./helpers.js";

/**
 * The secrets and personal data planted in the bundled examples (examples/README.md lists
 * them). Whole values and distinctive pieces of them (a PEM body line, the password of a URI).
 */
const PLANTED = [
  // inkwell/inkwell/settings.py
  "AKIAQ4VXT7MZ2KHRWB5N",
  "k9Xq2Vb7Lm4Nw8Rt1Zy6Hc3Jf5Pd0Gs7Ua2Ee9Wo",
  "Tr0ub4dor-x9Qp",
  "maria.gonzalez@inkwell-press.net",
  "867-5309",
  "52.14.201.77",
  // orbit/internal/notify/notify.go
  "xoxb-4816202573-8362019475520-Zq8Hx3Lm9Pw2Rk7Tn4Vb6Yc1",
  "sk_live_51HqB8xKz3Lm9Pw2Rk7Tn4Vb6Yc1Df",
  "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",
  // tallyho/test/customer.fixture.ts
  "jordan.ellis@fastmail.com",
  "512-44-7391",
  "4539 1820 7735 2605",
  "DE53 5010 8000 2738 4619 20",
  "7946 0321",
  "billing@ellis-studio.co.uk",
  // ferrous/scripts/sign.sh: every line of the key body
  "MIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Gq8Y4dKx7pWnL0vRb9eHs1cJf6u",
  "Nk3wQzP8tXy5aLm2Vr7bCd4Ef9Gh0Ij1Kl2Mn3Op4Qr5St6Uv7Wx8Yz9Ab0Cd1Ef",
  "Gh2Ij3Kl4Mn5Op6Qr7St8Uv9Wx0Yz1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2W",
  "x3Yz4Ab5Cd6Ef7Gh8Ij9Kl0Mn1Op2Qr3St4Uv5Wx6Yz7Ab8Cd9Ef0Gh1Ij2Kl3M",
  "n4Op5Qr6St7Uv8Wx9Yz0Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4C",
];

/** Every file under root as readable text: Parquet decoded by DuckDB, .gz/.zst decompressed. */
async function everyFileAsText(root: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith(".parquet")) {
        const rows = await query(`SELECT to_json(t)::VARCHAR FROM read_parquet(${sqlString(p)}) t`);
        texts.set(p, rows.map((r) => String(r[0])).join("\n"));
      } else {
        const raw = readFileSync(p);
        const bytes = p.endsWith(".gz") ? gunzipSync(raw) : p.endsWith(".zst") ? zstdDecompress(raw) : raw;
        texts.set(p, Buffer.from(bytes).toString("utf8"));
      }
    }
  };
  await walk(root);
  return texts;
}

describe("redaction end to end on the bundled examples", () => {
  it("the planted values are in the examples and the scanner finds them", () => {
    const corpus = [
      "examples/repos/inkwell/inkwell/settings.py",
      "examples/repos/orbit/internal/notify/notify.go",
      "examples/repos/tallyho/test/customer.fixture.ts",
      "examples/repos/ferrous/scripts/sign.sh",
    ]
      .map((f) => readFileSync(join(ROOT, f), "utf8"))
      .join("\n");
    for (const v of PLANTED) expect(corpus, v).toContain(v);
  });

  it("code-corpus: no planted secret or personal data in the output, dropped records, manifests, work files or logs", async () => {
    const out = join(tempDir("smelt-redact-"), "out");
    const run = await runCli(["run", "code-corpus", "--workers", "2"], { env: { SMELT_OUTPUT: out } });
    expect(run.code, run.stderr).toBe(0);
    const files = await everyFileAsText(out);
    expect([...files.keys()].some((f) => f.includes(`${join("out", "data")}`))).toBe(true);
    expect([...files.keys()].some((f) => f.includes(`${join("out", "dropped")}`))).toBe(true);
    const everything = [...files.entries(), ["stdout", run.stdout] as const, ["stderr", run.stderr] as const];
    for (const value of PLANTED) {
      const leaks = everything.filter(([, text]) => text.includes(value)).map(([name]) => name);
      expect(leaks, `${value} leaked`).toEqual([]);
    }

    // the records are still there, with typed placeholders where the values were
    const rows = await query(
      `SELECT path, text, redactions FROM read_parquet(${parquetGlob(join(out, "data"))}, hive_partitioning = true) WHERE path IN ('inkwell/inkwell/settings.py', 'orbit/internal/notify/notify.go') ORDER BY path`,
    );
    expect(rows.map((r) => r[0])).toEqual(["inkwell/inkwell/settings.py", "orbit/internal/notify/notify.go"]);
    const settings = String(rows[0]?.[1]);
    expect(settings).toContain('AWS_ACCESS_KEY_ID = "<SECRET:aws_access_key_id>"');
    expect(settings).toContain("postgresql://inkwell:<SECRET:postgres_uri_password>@db.inkwell-press.net");
    expect(settings).toContain("<EMAIL>");
    const notify = String(rows[1]?.[1]);
    expect(notify).toContain('githubToken  = "<SECRET:github_pat>"');
    // provenance: offsets point at the placeholders in the new text
    const redactions = rows[0]?.[2] as unknown as { items: string[] } | string[];
    const list = Array.isArray(redactions) ? redactions : redactions.items;
    for (const entry of list) {
      const m = /^(secret|pii):([\w-]+):redact@(\d+)-(\d+)$/.exec(String(entry));
      expect(m, String(entry)).not.toBeNull();
      const [, , , start, end] = m as RegExpExecArray;
      expect(settings.slice(Number(start), Number(end))).toMatch(/^<[A-Z_:0-9a-z]+>$/);
    }
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      stages: Array<{ operators: Array<{ id: string; in: number; out: number }> }>;
    };
    const redactOp = manifest.stages[0]?.operators.find((o) => o.id === "redact");
    expect(redactOp?.in).toBe(redactOp?.out);
    // the private key's whole block is gone, the script around it is not
    const sign = await query(
      `SELECT text FROM read_parquet(${parquetGlob(join(out, "data"))}, hive_partitioning = true) WHERE path = 'ferrous/scripts/sign.sh'`,
    );
    expect(String(sign[0]?.[0])).toContain("openssl dgst -sha256 -sign");

    // `smelt inspect` sums them up by type: 16 planted values, all in kept records
    const summary = (await inspectOutput(out)).redactions;
    expect(summary.reduce((n, r) => n + r.count, 0)).toBe(16);
    expect(summary).toContainEqual({ kind: "secret", type: "private-key", action: "redact", count: 1, records: 1 });
    expect(summary).toContainEqual({ kind: "pii", type: "email", action: "redact", count: 3, records: 2 });
  }, 120_000);
});
