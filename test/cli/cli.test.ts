import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../engine/helpers.js";

/** User mistakes: one clear message naming file:line:col (or the flag) and the fix, exit 2, no stack. */
describe("CLI user errors", () => {
  let dir: string;
  const recipe = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };
  const base = (stage: string, input = "data") => `name: bad
inputs:
  - id: docs
    type: folder
    path: ${input}
stages:
  - name: clean
    operators:
${stage}
output:
  path: out
`;

  beforeAll(() => {
    dir = tempDir("smelt-cli-");
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "a.txt"), "hello world");
  });

  const expectUserError = (r: { code: number | null; stderr: string; stdout: string }) => {
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe("");
  };

  it("names an unknown operator with file:line:col and a suggestion", async () => {
    const file = recipe("unknown-op.yaml", base("      - id: short\n        op: lenght_filter"));
    for (const cmd of ["validate", "run"]) {
      const r = await runCli([cmd, file], { cwd: dir });
      expectUserError(r);
      expect(r.stderr).toContain(
        "unknown-op.yaml:10:13: unknown operator `lenght_filter` — did you mean `length_filter`?",
      );
    }
  });

  it("names a mistyped parameter and shows the fix", async () => {
    const file = recipe(
      "bad-param.yaml",
      base('      - id: short\n        op: length_filter\n        params:\n          min_chars: "ten"'),
    );
    const r = await runCli(["validate", file], { cwd: dir });
    expectUserError(r);
    expect(r.stderr).toMatch(/bad-param\.yaml:12:22: .*min_chars.*expected a number/);
  });

  it("names a missing input path", async () => {
    const file = recipe("missing.yaml", base("      - id: short\n        op: length_filter", "nowhere/at/all"));
    const r = await runCli(["run", file], { cwd: dir });
    expectUserError(r);
    expect(r.stderr).toMatch(/missing\.yaml:5:11: input `docs`: path nowhere\/at\/all does not exist/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names a missing recipe file and a bad flag", async () => {
    const missing = await runCli(["run", join(dir, "nope.yaml")], { cwd: dir });
    expectUserError(missing);
    expect(missing.stderr).toMatch(/nope\.yaml/);
    const flag = await runCli(["run", "quickstart", "--wrokers", "2"], { cwd: dir });
    expectUserError(flag);
    expect(flag.stderr).toMatch(/unknown option '--wrokers'.*--workers/s);
    const value = await runCli(["run", "quickstart", "--workers", "two"], { cwd: dir });
    expectUserError(value);
    expect(value.stderr).toMatch(/--workers takes a whole number/);
  });

  it("refuses to write into a folder Smelt did not create", async () => {
    const file = recipe("ok.yaml", base("      - id: short\n        op: length_filter"));
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "precious.txt"), "mine");
    const r = await runCli(["run", file, "--fresh"], { cwd: dir });
    expectUserError(r);
    expect(r.stderr).toMatch(/was not written by Smelt/);
  });

  it("has --help on every command", async () => {
    for (const args of [
      [],
      ["run"],
      ["validate"],
      ["recipes"],
      ["recipes", "show"],
      ["ops"],
      ["ops", "show"],
      ["inspect"],
    ]) {
      const r = await runCli([...args, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: smelt/);
    }
  });

  it("lists and shows templates and operators", async () => {
    const list = await runCli(["recipes", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/quickstart/);
    const show = await runCli(["recipes", "show", "quickstart"]);
    expect(show.stdout).toMatch(/^name: quickstart$/m);
    const ops = await runCli(["ops", "list"]);
    for (const name of ["length_filter", "regex_filter", "set_field", "exact_dedup"])
      expect(ops.stdout).toContain(name);
    const op = await runCli(["ops", "show", "length_filter"]);
    expect(op.stdout).toMatch(/min_chars\s+integer\s+1\s+Drop records with fewer characters/);
    const typo = await runCli(["ops", "show", "lenght_filter"]);
    expectUserError(typo);
    expect(typo.stderr).toMatch(/did you mean `length_filter`/);
  });
});

describe("errors that quote a secret", () => {
  it("mask it, and a failed planning step leaves a folder --fresh can reuse", async () => {
    const dir = tempDir("smelt-cli-secret-");
    const token = "ghp_smeltTestToken1234567890";
    const file = join(dir, "clone.yaml");
    // Port 9 on loopback refuses at once: the clone fails and git quotes the URL.
    writeFileSync(
      file,
      `name: clone-fail
inputs:
  - id: remote
    type: git
    path: "http://user:\${SMELT_GH_TOKEN}@127.0.0.1:9/repo.git"
stages:
  - name: s
    operators:
      - { id: f, op: length_filter }
output:
  path: out
`,
    );
    const env = { SMELT_GH_TOKEN: token, GIT_TERMINAL_PROMPT: "0" };
    const first = await runCli(["run", file], { cwd: dir, env });
    expect(first.code).not.toBe(0);
    expect(first.stderr).not.toContain(token);
    expect(first.stderr).toContain("***");
    const again = await runCli(["run", file, "--fresh"], { cwd: dir, env });
    expect(again.stderr).not.toMatch(/not written by Smelt/);
    expect(again.stderr).not.toContain(token);
  });
});

describe("progress and summary", () => {
  it("logs plain progress lines when stderr is not a terminal, and prints the summary table", async () => {
    const out = join(tempDir("smelt-cli-progress-"), "out");
    const r = await runCli(["run", "quickstart", "--output", out, "--workers", "2"]);
    expect(r.code).toBe(0);
    // Not a TTY here: one plain line per phase, with rate and throughput, and no bar characters.
    expect(r.stderr).toMatch(/^\[clean\] \d+\/\d+ shards, \d+ records, \d+ rec\/s, [\d.]+ MB\/s, done in [\d.]+s$/m);
    expect(r.stderr).not.toMatch(/\u2588|\u2591/);
    expect(r.stdout).toMatch(/^stage\s+operator\s+op\s+in\s+out\s+dropped\s+errored\s+top drop rule$/m);
    expect(r.stdout).toMatch(/^records: 142 in -> 123 kept, 15 dropped, 4 errored$/m);
    const inspect = await runCli(["inspect", out]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/top drop reasons:/);
    expect(inspect.stdout).toMatch(/^lang\s+rows$/m);
  });
});

describe("a user mistake found inside a worker", () => {
  it("is still reported as a usage error (exit 2), not as a crash", async () => {
    const dir = tempDir("smelt-cli-worker-");
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "a.txt"), "some text that is long enough to matter here");
    // It exists (so the recipe validates) but is not JSON lines: only the worker finds out.
    mkdirSync(join(dir, "bench"));
    writeFileSync(join(dir, "bench", "humaneval.jsonl"), "this is not json\n");
    const file = join(dir, "decon.yaml");
    writeFileSync(
      file,
      `name: decon
inputs:
  - { id: docs, type: folder, path: data }
stages:
  - name: s
    operators:
      - { id: decon, op: decontaminate, params: { benchmarks: [bench/humaneval.jsonl] } }
output:
  path: out
`,
    );
    const r = await runCli(["run", file], { cwd: dir });
    // Once (2026-11-22, loaded CI-like run) this child ended with no exit code: say how, if again.
    expect(r.code, `signal ${r.signal}; stderr: ${r.stderr}`).toBe(2);
    expect(r.stderr).toMatch(/humaneval\.jsonl: line 1 is not valid JSON/);
    expect(r.stderr).not.toMatch(/report it as a bug|\n\s+at /);
  });
});

describe("operator checks at validation time", () => {
  it("reports a missing benchmark file with file:line before any work", async () => {
    const dir = tempDir("smelt-cli-check-");
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "a.txt"), "text");
    const file = join(dir, "check.yaml");
    writeFileSync(
      file,
      `name: check
inputs:
  - { id: docs, type: folder, path: data }
stages:
  - name: s
    operators:
      - id: decon
        op: decontaminate
        params: { benchmarks: [nowhere/mbpp.jsonl] }
output:
  path: out
`,
    );
    const r = await runCli(["validate", file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/check\.yaml:9:\d+: .*benchmark nowhere\/mbpp\.jsonl not found/);
  });
});
