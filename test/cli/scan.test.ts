import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { closeDuck, openDuck, sqlString } from "../../src/io/duckdb.js";
import { runScan } from "../../src/scan/run.js";
import { tempDir } from "../engine/helpers.js";

/**
 * `smelt scan` end to end, in-process through the real CLI entry (`main`), on planted
 * credentials of real documented shapes. The values are generated here (seeded), so no
 * credential-shaped literal sits in the repository, and every output is checked for them.
 */

/** mulberry32: a small seeded generator, so the planted values are the same on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}
const pick = prng(20251122);
const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;
const DIGITS = "0123456789";

/** An AWS access key id: AKIA + 16 base32 characters (not the documented AKIAIOSFODNN7EXAMPLE). */
const awsKey = () => `AKIA${pick(UPPER32, 16)}`;
const slackToken = () => `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`;
const pemBody = Array.from({ length: 5 }, () => pick(B64, 64));
const pem = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody.join("\n")}\n-----END RSA PRIVATE KEY-----\n`;

const AWS = awsKey();
const SLACK = slackToken();
const IGNORED_AWS = awsKey(); // only in a .gitignore'd file
const BINARY_AWS = awsKey(); // only in a binary file
const HISTORY_AWS = awsKey(); // committed, then removed
const NEW_AWS = awsKey(); // added after the baseline
const JSONL_SLACK = slackToken();
const PARQUET_AWS = awsKey();
const EMAIL = `${pick("abcdefghijklmnopqrstuvwxyz", 8)}.${pick("abcdefghijklmnopqrstuvwxyz", 6)}@mailbox-corp.de`;
const PLANTED = [
  AWS,
  SLACK,
  IGNORED_AWS,
  BINARY_AWS,
  HISTORY_AWS,
  NEW_AWS,
  JSONL_SLACK,
  PARQUET_AWS,
  EMAIL,
  ...pemBody,
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every output any test produced, checked at the end for planted values. */
const allOutputs: string[] = [];

async function scan(args: string[], cwd?: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(["node", "smelt", "scan", ...args]);
    allOutputs.push(stdout, stderr);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    out.mockRestore();
    err.mockRestore();
  }
}

function readReport(file: string): string {
  const text = readFileSync(file, "utf8");
  allOutputs.push(text);
  return text;
}

let dir: string;
let proj: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Smelt Test", "-c", "user.email=test@smelt.invalid", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

beforeAll(() => {
  dir = tempDir("smelt-scan-");
  proj = join(dir, "proj");
  mkdirSync(join(proj, "src"), { recursive: true });
  mkdirSync(join(proj, "keys"));
  writeFileSync(join(proj, "src", "config.js"), `const region = "us-east-1";\nconst key = "${AWS}";\n`);
  writeFileSync(join(proj, "src", "notify.py"), `# posts to the team channel\nSLACK_TOKEN = "${SLACK}"\n`);
  writeFileSync(join(proj, "keys", "deploy.pem"), pem);
  writeFileSync(
    join(proj, "README.md"),
    "# proj\nNothing secret here: AKIAIOSFODNN7EXAMPLE is AWS's documented example.\n",
  );
  writeFileSync(join(proj, ".gitignore"), "local.env\n");
  writeFileSync(join(proj, "local.env"), `AWS_ACCESS_KEY_ID=${IGNORED_AWS}\n`);
  writeFileSync(join(proj, "logo.bin"), Buffer.concat([Buffer.from([0x89, 0, 1, 2, 0]), Buffer.from(BINARY_AWS)]));
});

afterAll(() => {
  // Whatever was printed or written, by any test: no planted value, only previews and fingerprints.
  const everything = allOutputs.join("\n");
  for (const v of PLANTED) expect(everything).not.toContain(v);
});

describe("smelt scan on a folder", () => {
  it("reports planted secrets by file with masked previews, skips ignored and binary files, exits 1", async () => {
    const r = await scan([proj]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const at = (file: string) => lines.find((l) => l.startsWith(`${proj}/${file}:`)) ?? "";
    expect(at("src/config.js")).toMatch(/:2:14\s+aws-access-key-id\s+AKIA…\(20 chars\)\s+[0-9a-f]{16}$/);
    expect(at("src/notify.py")).toMatch(/:2:16\s+slack-bot-token\s+xoxb…\(56 chars\)\s+[0-9a-f]{16}$/);
    expect(at("keys/deploy.pem")).toMatch(/:2:1\s+private-key\s+/);
    expect(r.stdout).not.toContain("local.env"); // .gitignore'd
    expect(r.stdout).not.toContain("logo.bin"); // binary
    expect(r.stdout).not.toContain("README.md"); // the documented example key is not a finding
    expect(r.stdout).toMatch(/^scanned 5 files \([\d.]+ [kM]?B\) in [\d.]+s on the main thread; skipped 1 binary$/m);
    expect(r.stdout).toMatch(/^3 findings: aws-access-key-id 1, private-key 1, slack-bot-token 1$/m);
    expect(r.stderr).toBe(""); // no progress bar: stderr is not a terminal here
  });

  it("shows paths as given, relative to the working folder", async () => {
    const r = await scan(["proj/src"], dir);
    expect(r.stdout).toMatch(/^proj\/src\/config\.js:2:14 /m);
    const single = await scan(["proj/src/config.js"], dir);
    expect(single.stdout).toMatch(/^proj\/src\/config\.js:2:14 /m);
    expect(single.stdout).toMatch(/^scanned 1 file /m);
  });

  it("skips and counts files over --max-file-bytes", async () => {
    const r = await scan([proj, "--max-file-bytes", "200"]);
    expect(r.stdout).toMatch(/skipped 1 binary, 1 too large/);
    expect(r.stdout).not.toContain("deploy.pem"); // the key file is not read, so nothing is found there
    expect(r.stdout).toMatch(/^2 findings: /m);
  });

  it("exits 0 on a clean folder", async () => {
    const clean = join(dir, "clean");
    mkdirSync(clean);
    writeFileSync(join(clean, "main.go"), 'package main\n\nfunc main() { println("hello") }\n');
    const r = await scan([clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scanned 1 file .*\nno findings$/m);
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect((await scan([empty])).code).toBe(0);
  });
});

describe("user errors exit 2 with one line", () => {
  it("names a missing path, even next to a good one, before scanning anything", async () => {
    const r = await scan([proj, join(dir, "nowhere")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`error: ${join(dir, "nowhere")}: no such file or folder\n`);
  });

  it("names a bad flag or value", async () => {
    const flag = await scan([proj, "--fromat", "json"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--fromat'.*--format/s);
    const value = await scan([proj, "--format", "xml"]);
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/Allowed choices are text, json, sarif/);
    const pii = await scan([proj, "--pii-types", "email,shoe_size"]);
    expect(pii.code).toBe(2);
    expect(pii.stderr).toMatch(/unknown PII type "shoe_size"/);
    const both = await scan([proj, "--history", "--rev", "HEAD"]);
    expect(both.code).toBe(2);
    for (const r of [value, pii, both]) expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names an unreadable or malformed baseline file", async () => {
    const missing = await scan([proj, "--baseline", join(dir, "no-baseline.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: --baseline ${join(dir, "no-baseline.json")}: cannot read it (no such file)\n`);
    const bad = join(dir, "bad-baseline.json");
    writeFileSync(bad, "{ not json");
    const r = await scan([proj, "--baseline", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: --baseline ${bad}: not JSON`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("report formats", () => {
  it("--format json has the documented schema", async () => {
    const r = await scan([proj, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(["version", "tool", "roots", "findings", "stats"]);
    expect(report.version).toBe(1);
    expect(report.roots).toEqual([proj]);
    expect(report.findings).toHaveLength(3);
    const aws = report.findings.find((f: { type: string }) => f.type === "aws-access-key-id");
    expect(aws).toEqual({
      kind: "secret",
      type: "aws-access-key-id",
      path: `${proj}/src/config.js`,
      line: 2,
      column: 14,
      preview: "AKIA…(20 chars)",
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(report.stats).toMatchObject({
      files: 5,
      records: 0,
      skipped: { binary: 1, too_large: 0, unreadable: 0, bad_records: 0 },
      findings: 3,
      by_type: { "aws-access-key-id": 1, "private-key": 1, "slack-bot-token": 1 },
      baselined: 0,
      allowlisted: 0,
    });
    // The summary still reaches the person reading the log, on stderr.
    expect(r.stderr).toMatch(/^3 findings: /m);
  });

  it("--format sarif is SARIF 2.1.0 with rules for every result and root-relative locations", async () => {
    const r = await scan(["--format", "sarif", "."], proj);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    const ruleIds: string[] = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds.length).toBeGreaterThanOrEqual(60);
    expect(run.results).toHaveLength(3);
    for (const res of run.results) {
      expect(ruleIds).toContain(res.ruleId);
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(res.message.text).toMatch(/^Possible secret/);
      expect(res.partialFingerprints["smeltFingerprint/v1"]).toMatch(/^[0-9a-f]{16}$/);
    }
    const aws = run.results.find((x: { ruleId: string }) => x.ruleId === "aws-access-key-id");
    expect(aws.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/config.js", uriBaseId: "SRCROOT" },
      region: { startLine: 2, startColumn: 14 },
    });
    expect(run.originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/.*\/proj\/$/);
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === "aws-access-key-id");
    expect(rule.shortDescription.text).toMatch(/AWS access key/);
  });

  it("--output writes the report and refuses to overwrite it without --force", async () => {
    const file = join(dir, "report.sarif");
    const first = await scan([proj, "--format", "sarif", "--output", file]);
    expect(first.code).toBe(1);
    expect(JSON.parse(readReport(file)).version).toBe("2.1.0");
    expect(first.stdout).toMatch(/^3 findings: .*\nreport: .*report\.sarif$/m);
    const again = await scan([proj, "--format", "sarif", "--output", file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--output .*report\.sarif exists — .* --force/);
    const forced = await scan([proj, "--output", file, "--force"]);
    expect(forced.code).toBe(1);
    expect(readReport(file)).toMatch(/aws-access-key-id/);
  });
});

describe("baseline and allowlist", () => {
  it("a baseline hides known findings; a new one still fails", async () => {
    const base = join(dir, "baseline.json");
    expect((await scan([proj, "--format", "json", "--output", base])).code).toBe(1);
    readReport(base);
    const same = await scan([proj, "--baseline", base]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^no findings \(3 baselined not shown\)$/m);

    const grown = join(dir, "grown");
    execFileSync("cp", ["-r", proj, grown]);
    // Same paths below the root, so scan from inside both folders for comparable paths.
    const baseHere = join(dir, "baseline-rel.json");
    await scan([".", "--format", "json", "--output", baseHere], proj);
    writeFileSync(join(grown, "src", "aws.ts"), `export const accessKeyId = "${NEW_AWS}";\n`);
    const r = await scan([".", "--baseline", baseHere, "--format", "json"], grown);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { path: string }) => f.path)).toEqual(["src/aws.ts"]);
    expect(report.stats.baselined).toBe(3);
  });

  it("an allowlist skips paths and values, and names a bad key", async () => {
    const allow = join(dir, "allow.yaml");
    writeFileSync(allow, `# known and accepted\npaths: ["keys/**"]\nvalues: ["${AWS}"]\n`);
    const r = await scan([proj, "--allowlist", allow, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { type: string }) => f.type)).toEqual(["slack-bot-token"]);
    expect(report.stats.allowlisted).toBe(1); // the AWS key; the key file was never scanned

    const byPrint = join(dir, "allow-fp.yaml");
    writeFileSync(byPrint, `fingerprints:\n  - ${report.findings[0].fingerprint}\nregexes: ["^AKIA"]\n`);
    const r2 = await scan([join(proj, "src"), "--allowlist", byPrint]);
    expect(r2.code).toBe(0);

    const bad = join(dir, "bad-allow.yaml");
    writeFileSync(bad, "value: [x]\n");
    const r3 = await scan([proj, "--allowlist", bad]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toBe(
      `error: --allowlist ${bad}: unknown key \`value\` (allowed: paths, regexes, values, fingerprints)\n`,
    );
    writeFileSync(bad, 'regexes: ["(unclosed"]\n');
    const r4 = await scan([proj, "--allowlist", bad]);
    expect(r4.stderr).toMatch(/--allowlist .*bad-allow\.yaml: key regexes\[0\]: not a valid regular expression/);
  });
});

describe("git repositories", () => {
  let repo: string;
  let addCommit: string;

  beforeAll(() => {
    repo = join(dir, "repo");
    mkdirSync(repo);
    git(repo, "-c", "init.defaultBranch=main", "init", "-q");
    writeFileSync(join(repo, "app.py"), "print('hello')\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "init");
    writeFileSync(join(repo, "settings.py"), `AWS_ACCESS_KEY_ID = "${HISTORY_AWS}"\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "add settings");
    addCommit = git(repo, "rev-parse", "HEAD");
    git(repo, "rm", "-q", "settings.py");
    writeFileSync(join(repo, "settings.py.example"), "AWS_ACCESS_KEY_ID = <your access key id>\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "remove the key");
  });

  it("the working tree is clean once the secret is removed", async () => {
    const r = await scan([repo]);
    expect(r.code).toBe(0);
  });

  it("--history finds the removed secret and names the commit that added it", async () => {
    const r = await scan([repo, "--history", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      type: "aws-access-key-id",
      path: `${repo}/settings.py`,
      line: 1,
      column: 22,
      commit: addCommit,
    });
    // Each blob once: app.py, settings.py, settings.py.example (same content in several commits is read once).
    expect(report.stats.files).toBe(3);
    const text = await scan(["--history", "."], repo);
    expect(text.stdout).toMatch(new RegExp(`^settings\\.py:1:22 .* commit ${addCommit.slice(0, 12)}$`, "m"));
  });

  it("--rev scans one revision", async () => {
    const r = await scan([repo, "--rev", "HEAD~1", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ path: `${repo}/settings.py`, commit: addCommit });
    const bad = await scan([repo, "--rev", "no-such-branch"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rev no-such-branch: not found/);
    const notRepo = await scan([proj, "--history"]);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toBe(`error: ${proj}: not a git repository (--history needs one)\n`);
  });
});

describe("datasets", () => {
  let jsonl: string;
  let parquet: string;

  beforeAll(async () => {
    jsonl = join(dir, "corpus.jsonl");
    const rows = [
      { id: "doc-1", text: "An ordinary paragraph." },
      { id: "doc-2", text: `config:\n  slack: ${JSONL_SLACK}\n`, lang: "yaml" },
      { id: 3, content: "no text field" },
    ];
    writeFileSync(jsonl, `${rows.map((x) => JSON.stringify(x)).join("\n")}\n\nnot json\n`);
    writeFileSync(`${jsonl}.gz`, gzipSync(readFileSync(jsonl)));
    parquet = join(dir, "corpus.parquet");
    const conn = await openDuck();
    try {
      const text = sqlString(`first line\nkey = ${PARQUET_AWS}`);
      await conn.run(
        `COPY (SELECT * FROM (VALUES (10, 'nothing here'), (11, ${text}), (12, NULL)) t(id, text)) TO ${sqlString(parquet)} (FORMAT parquet)`,
      );
    } finally {
      closeDuck(conn);
    }
  });

  it("scans the text field of JSONL records and names line and id", async () => {
    const r = await scan([jsonl, `${jsonl}.gz`, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(2);
    for (const [i, name] of ["corpus.jsonl", "corpus.jsonl.gz"].entries()) {
      expect(report.findings[i]).toMatchObject({
        type: "slack-bot-token",
        path: `${dir}/${name}`,
        line: 2,
        column: 10,
        record: { line: 2, id: "doc-2", field: "text" },
      });
    }
    expect(report.stats).toMatchObject({ files: 2, records: 4, skipped: { bad_records: 4 } });
    expect(r.stderr).toMatch(/corpus\.jsonl: 2 record\(s\) without a string field "text" or not valid \(line 3, 5\)/);
    const text = await scan([jsonl]);
    expect(text.stdout).toMatch(/corpus\.jsonl line 2 \(id doc-2\) text:2:10\s+slack-bot-token\s+xoxb…/);
  });

  it("scans the text column of Parquet rows and names row and id", async () => {
    const r = await scan([parquet, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({
        type: "aws-access-key-id",
        line: 2,
        column: 7,
        record: { row: 1, id: "11", field: "text" },
      }),
    ]);
    const sarif = JSON.parse((await scan([parquet, "--format", "sarif"])).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("corpus.parquet");
    expect(sarif.runs[0].results[0].properties.record).toEqual({ row: 1, id: "11", field: "text" });
  });

  it("scans Parquet files inside a folder row by row (an output folder is not silently clean)", async () => {
    const out = join(dir, "output-folder");
    mkdirSync(join(out, "data", "lang=en"), { recursive: true });
    writeFileSync(join(out, "data", "lang=en", "part-0.parquet"), readFileSync(parquet));
    writeFileSync(join(out, "notes.jsonl"), readFileSync(jsonl)); // JSONL in a folder: a text file, all fields
    const r = await scan([out, "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { type: string; path: string }) => [f.path.slice(out.length + 1), f.type])).toEqual([
      ["data/lang=en/part-0.parquet", "aws-access-key-id"],
      ["notes.jsonl", "slack-bot-token"],
    ]);
    expect(report.findings[0].record).toEqual({ row: 1, id: "11", field: "text" });
    // a Parquet file without the text column in a folder is a warning, not a usage error
    const conn = await openDuck();
    try {
      await conn.run(
        `COPY (SELECT 1 AS cluster_id, 'x' AS kept_id) TO ${sqlString(join(out, "clusters.parquet"))} (FORMAT parquet)`,
      );
    } finally {
      closeDuck(conn);
    }
    const again = await scan([out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/clusters\.parquet: has no column "text"/);
  });

  it("--field names the text field, and a field no record has is a user error", async () => {
    const content = await scan([jsonl, "--field", "content"]);
    expect(content.code).toBe(0);
    expect(content.stdout).toMatch(/scanned 1 file, 1 record/);
    const none = await scan([parquet, "--field", "body"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /corpus\.parquet: has no column "body" \(columns: id, text\) — name the text field with --field/,
    );
    const noneJsonl = await scan([jsonl, "--field", "body"]);
    expect(noneJsonl.code).toBe(2);
    expect(noneJsonl.stderr).toMatch(/corpus\.jsonl: no record has a string field "body"/);
  });
});

describe("worker pool", () => {
  it("finds the same as the main thread when a scan is spread over worker threads", async () => {
    const big = join(dir, "many");
    mkdirSync(big);
    // ~6 MB in 60 files: two tasks at the 4 MB shard size.
    const filler = "const x = 1; // ordinary code that is not secret at all\n".repeat(1800);
    for (let i = 0; i < 60; i++) writeFileSync(join(big, `f${i}.js`), i === 42 ? `${filler}key = "${AWS}"\n` : filler);
    const detect = { secrets: true, pii: false as const };
    const one = await runScan([big], { detect, workers: 1 });
    const two = await runScan([big], { detect, workers: 2, poolMinBytes: 0 });
    expect(two.stats.threads).toBe("2 worker threads");
    expect(one.stats.threads).toBe("main thread");
    expect(two.findings).toEqual(one.findings);
    expect(two.findings.map((f) => f.path)).toEqual([`${big}/f42.js`]);
    expect(two.stats.files).toBe(60);
  });
});

describe("personal data", () => {
  it("is only reported with --pii (or --pii-types), as kind pii, and as SARIF warnings", async () => {
    const people = join(dir, "people");
    mkdirSync(people);
    writeFileSync(join(people, "CONTRIBUTORS"), `Maintainer: ${EMAIL}\nSupport: help@example.com\n`);
    expect((await scan([people])).code).toBe(0);
    const r = await scan([people, "--pii", "--format", "json"]);
    expect(r.code).toBe(1);
    // The documentation domain example.com is left alone by default.
    expect(JSON.parse(r.stdout).findings).toEqual([
      expect.objectContaining({ kind: "pii", type: "email", path: `${people}/CONTRIBUTORS`, line: 1, column: 13 }),
    ]);
    const onlyIps = await scan([people, "--pii-types", "ipv4,ipv6"]);
    expect(onlyIps.code).toBe(0);
    const sarif = JSON.parse((await scan([people, "--pii", "--format", "sarif"])).stdout);
    const run = sarif.runs[0];
    expect(run.results[0]).toMatchObject({ ruleId: "email", level: "warning" });
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(["email", "ipv4", "phone", "credit_card", "iban"]),
    );
  });
});

describe("help", () => {
  it("has --help with examples", async () => {
    const r = await scan(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: smelt scan \[options\] <paths\.\.\.>/);
    expect(r.stdout).toMatch(/Examples:\n {2}smelt scan \./);
    expect(r.stdout).toMatch(/--baseline <file>/);
  });
});
