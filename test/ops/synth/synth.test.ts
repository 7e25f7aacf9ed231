import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../../engine/helpers.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../synth/fakeOpenAi.js";
import { readJsonlFile, runYaml, tempDir } from "../../writers/helpers.js";

/**
 * synth_qa / synth_design / synth_check in a real recipe: the repositories reader, the
 * generators, the filter and minhash_dedup on the prompt, with the engine's accounting.
 */
const SERVICES = path.join(ROOT, "examples/services");

type OpCounts = { id: string; in: number; out: number; dropped: number; errored: number; generated: number };
const opCounts = (m: unknown): Record<string, OpCounts> =>
  Object.fromEntries(
    (m as { stages: { operators: OpCounts[] }[] }).stages.flatMap((s) => s.operators).map((o) => [o.id, o]),
  );
const dataRows = (out: string) =>
  readdirSync(path.join(out, "data"))
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readJsonlFile(path.join(out, "data", f)));

describe("repo-sft operators", () => {
  it("offline: every draft is accounted for, kept samples carry evidence that matches the files", async () => {
    const dir = tempDir("smelt-synth-ops-");
    const ran = await runYaml(
      dir,
      `name: t
seed: 5
inputs:
  - { id: repos, type: repositories, path: ${SERVICES}, layout: children }
stages:
  - name: s
    operators:
      - { id: qa, op: synth_qa, params: { count: 30, keep_repository: true } }
      - { id: design, op: synth_design, params: { count: 8 } }
      - { id: checked, op: synth_check }
      - { id: dups, op: minhash_dedup, params: { field: prompt, unit: word, ngram: 2, threshold: 0.85, verify: exact } }
output: { path: ${path.join(dir, "out")}, format: jsonl, compression: none }
`,
    );
    const c = opCounts(ran.manifest);
    const repos = readdirSync(SERVICES, { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    expect(repos).toBeGreaterThanOrEqual(2); // shopfloor (Java), parcel (TypeScript)
    expect(c.qa?.in).toBe(repos);
    expect(c.qa?.dropped).toBe(0);
    expect(c.qa?.generated).toBeGreaterThanOrEqual(50);
    expect(c.design?.generated).toBeGreaterThanOrEqual(12);
    expect(c.design?.dropped).toBe(repos); // the repository records, consumed
    const rows = dataRows(ran.out) as Record<string, unknown>[];
    expect(rows.length).toBe(c.dups?.out);
    const tasks = new Set(rows.map((r) => r.task));
    expect([...tasks].sort()).toEqual(["design", "qa"]);
    expect(new Set(rows.map((r) => r.repo))).toEqual(new Set(["shopfloor", "parcel"]));
    for (const r of rows) {
      expect(r.synth_reasons).toEqual([]);
      for (const e of JSON.parse(r.evidence as string) as {
        path: string;
        start_line: number;
        end_line: number;
        snippet: string;
      }[]) {
        const lines = readFileSync(path.join(SERVICES, r.path as string, e.path), "utf8").split("\n");
        expect(lines.slice(e.start_line - 1, e.end_line).join("\n")).toBe(e.snippet);
      }
      expect(r.text).toContain(r.prompt as string);
    }
  }, 120_000);

  it("the repo-sft template runs on the bundled services", async () => {
    const out = path.join(tempDir("smelt-repo-sft-"), "out");
    const r = await runCli(["run", "repo-sft", "-o", out, "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = dataRows(out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(60);
    expect(new Set(rows.map((x) => x.task))).toEqual(new Set(["qa", "design"]));
  }, 120_000);

  describe("with a model", () => {
    let server: FakeOpenAi;
    beforeAll(async () => {
      // Answers that parse but cite nothing real, every other one malformed.
      server = await startFakeOpenAi((req) =>
        req.n % 2 === 0
          ? { content: "not json at all" }
          : {
              json: {
                question: "What is it?",
                answer: "`Nothing.happens` here.",
                evidence: [{ path: "nope.java", start_line: 1, end_line: 2, snippet: "x" }],
                reasoning_trace: [{ text: "Look.", evidence: [0] }],
                difficulty: "easy",
              },
            },
      );
    });
    afterAll(async () => server.close());

    it("synth_check drops rejected drafts with their reasons; the key never reaches the output", async () => {
      const dir = tempDir("smelt-synth-ops-");
      const ran = await runYaml(
        dir,
        `name: t
inputs:
  - { id: repos, type: repositories, path: ${SERVICES}, layout: children }
stages:
  - name: s
    operators:
      - id: qa
        op: synth_qa
        params:
          count: 6
          cache_dir: cache
          model: { provider: openai, base_url: "${server.url}", model: m, api_key: "\${TEST_SYNTH_KEY}", max_retries: 0 }
      - { id: checked, op: synth_check }
output: { path: ${path.join(dir, "out")}, format: jsonl, compression: none, keep_dropped: true }
`,
        { env: { TEST_SYNTH_KEY: "sk-synth-ops-secret-123456" } },
      );
      const c = opCounts(ran.manifest);
      expect(c.qa).toMatchObject({ in: 2, generated: 12, dropped: 2 });
      expect(c.checked).toMatchObject({ in: 12, out: 0, dropped: 12 });
      const text = JSON.stringify(ran.manifest);
      expect(text).toContain("invalid_model");
      expect(text).toContain("invalid_validate");
      expect(text).not.toContain("sk-synth-ops-secret-123456");
      expect(server.requests.length).toBe(12);
      expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-synth-ops-secret-123456");
    }, 120_000);
  });
});
