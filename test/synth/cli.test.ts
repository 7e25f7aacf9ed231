import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexRepository, type RepoIndex } from "../../src/synth/index/index.js";
import { validateSample } from "../../src/synth/qa/index.js";
import { ROOT, runCli, tempDir } from "../engine/helpers.js";
import { type FakeOpenAi, type FakeRequest, startFakeOpenAi } from "./fakeOpenAi.js";

/**
 * `smelt synth` through the built CLI (a child process): offline on the shopfloor fixture, and
 * the `openai` path against a local server that speaks the protocol — a "model" that answers
 * from the excerpts it is shown (copying snippets with their line-number prefixes, as models
 * do), one that answers garbage, malformed JSON, 429 and 500.
 */
const SHOP = path.join(ROOT, "examples/services/shopfloor");
const tmp = tempDir("smelt-synth-cli-");

const jsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

interface Manifest {
  tool: string;
  counts: {
    planned: number;
    kept: number;
    rejected: number;
    kept_by_kind: Record<string, number>;
    rejected_by_stage: Record<string, number>;
    rejected_by_reason: Record<string, number>;
  };
  model: { provider: string; stats: { calls: number; cache_hits: number; retries: number } | null };
  outputs: string[];
}
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** What a competent model does with our prompt: restate the facts and cite the excerpts shown. */
function groundedReply(body: { messages: { role: string; content: string }[] }): Record<string, unknown> {
  const user = body.messages.find((m) => m.role === "user")?.content ?? "";
  const fact = /Facts found by static analysis \(true\):\n- (.*)/.exec(user)?.[1] ?? "";
  const evidence = [...user.matchAll(/^\[\d+\] (\S+) lines (\d+)-(\d+)\n((?:\s*\d+\| .*(?:\n|$))+)/gm)].map((m) => ({
    path: m[1],
    start_line: Number(m[2]),
    end_line: Number(m[3]),
    snippet: (m[4] as string).replace(/\n$/, ""),
  }));
  return {
    question: `In this repository, ${fact.split(" ").slice(0, 8).join(" ")} — what exactly does the code do?`,
    answer: fact,
    evidence,
    reasoning_trace: [{ text: "Read the first excerpt.", evidence: [0] }],
    difficulty: "easy",
  };
}

/** The same for a design request: the planner's requirement, summary and components, cited. */
function groundedDesignReply(body: { messages: { role: string; content: string }[] }): Record<string, unknown> {
  const user = body.messages.find((m) => m.role === "user")?.content ?? "";
  const base = groundedReply(body);
  const evidence = base.evidence as { snippet: string }[];
  const facts = [...user.matchAll(/^- (.*)$/gm)].map((m) => m[1] as string);
  const reuses = facts
    .slice(1)
    .map((f) => /^([A-Z][\w.]*): (.*)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const last = (m[1] as string).split(".").at(-1) as string;
      const at = evidence.findIndex((e) => e.snippet.includes(last));
      return { component: m[1], how: "reuse", why: m[2], evidence: [Math.max(at, 0)] };
    });
  return {
    requirement: /A product owner asks: "(.*)"/.exec(user)?.[1] ?? "",
    proposal: {
      summary: facts[0] ?? "",
      api_changes: [],
      domain_model_changes: [],
      storage: [],
      workflow: [],
      risks: ["Existing checks must keep passing."],
    },
    reuses,
    evidence: base.evidence,
    reasoning_trace: [{ text: "Read the excerpts.", evidence: [0] }],
    difficulty: "medium",
  };
}

let index: RepoIndex;
beforeAll(async () => {
  index = await indexRepository(SHOP);
}, 60_000);

describe("smelt synth offline", () => {
  it("map prints the domain map", async () => {
    const r = await runCli(["synth", "map", "--repo", SHOP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("6 entities, 6 tables, 19 service operations");
    expect(r.stdout).toMatch(/POST \/orders +OrderController\.placeOrder → OrderService\.placeOrder/);
  });

  it("qa writes valid samples, rejected ones with reasons, exports and a manifest that adds up", async () => {
    const out = path.join(tmp, "qa");
    const r = await runCli(["synth", "qa", "--repo", SHOP, "--out", out, "--count", "60", "--seed", "3"]);
    expect(r.code).toBe(0);
    // Off a terminal, progress is plain log lines, one per step.
    expect(r.stderr).toMatch(/^\[synth\] indexed 58 files, \d+ symbols, 0 skipped/m);
    expect(r.stderr).toMatch(/^\[synth read\] 51\/51, [\d.]+\/s, done in /m);
    for (const line of r.stderr.trim().split("\n")) expect(line).toMatch(/^\[synth( read)?\] /);
    const m = manifest(out);
    expect(m.counts.planned).toBe(60);
    expect(m.counts.kept + m.counts.rejected).toBe(m.counts.planned);
    expect(sum(m.counts.kept_by_kind)).toBe(m.counts.kept);
    expect(Object.keys(m.counts.kept_by_kind).sort()).toEqual(["config", "entity", "flow", "rule"]);
    const kept = jsonl(path.join(out, "samples.jsonl"));
    const rejected = jsonl(path.join(out, "rejected.jsonl"));
    expect(kept.length).toBe(m.counts.kept);
    expect(rejected.length).toBe(m.counts.rejected);
    for (const x of rejected) expect(x.reasons.length).toBeGreaterThan(0);
    // A reader opens the file at the cited lines and finds the snippet.
    for (const s of kept) {
      expect(validateSample(s, index, SHOP)).toEqual([]);
      for (const e of s.evidence) {
        const lines = readFileSync(path.join(SHOP, e.path), "utf8").split("\n");
        expect(lines.slice(e.start_line - 1, e.end_line).join("\n")).toBe(e.snippet);
      }
    }
    for (const f of m.outputs) expect(existsSync(path.join(out, f))).toBe(true);
    const train = jsonl(path.join(out, "export/train.messages.jsonl"));
    const validation = jsonl(path.join(out, "export/validation.messages.jsonl"));
    expect(train.length + validation.length).toBe(kept.length);
    expect(readFileSync(path.join(out, "README.md"), "utf8")).toMatch(/^---\n/);
    // `smelt inspect` reads a synth folder too.
    const seen = await runCli(["inspect", out, "-n", "1"]);
    expect(seen.code).toBe(0);
    expect(seen.stdout).toMatch(
      new RegExp(`samples: 60 planned -> ${m.counts.kept} kept, ${m.counts.rejected} rejected`),
    );
    expect(seen.stdout).toMatch(/^flow +\d+$/m);
    expect(seen.stdout).toMatch(/evidence: \S+:\d+-\d+/);
    // Same seed, same samples; a rerun into its own folder is allowed.
    const again = await runCli(["synth", "qa", "--repo", SHOP, "--out", out, "--count", "60", "--seed", "3"]);
    expect(again.code).toBe(0);
    expect(jsonl(path.join(out, "samples.jsonl"))).toEqual(kept);
  }, 120_000);

  it("design writes valid design samples", async () => {
    const out = path.join(tmp, "design");
    const r = await runCli(["synth", "design", "--repo", SHOP, "--out", out, "--count", "12"]);
    expect(r.code).toBe(0);
    const m = manifest(out);
    expect(m.counts.kept).toBeGreaterThanOrEqual(8);
    expect(m.counts.kept_by_kind).toEqual({ design: m.counts.kept });
    for (const s of jsonl(path.join(out, "samples.jsonl"))) {
      expect(s.proposal.risks.length).toBeGreaterThan(0);
      expect(s.reuses.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it("user mistakes get one clear line and exit 2", async () => {
    const foreign = path.join(tmp, "foreign");
    mkdirSync(foreign, { recursive: true });
    writeFileSync(path.join(foreign, "notes.txt"), "mine");
    const cases: [string[], RegExp][] = [
      [["synth", "qa", "--repo", path.join(tmp, "nope"), "--out", path.join(tmp, "x")], /--repo .*no such folder/],
      [["synth", "qa", "--repo", SHOP, "--out", foreign], /holds files smelt synth did not write .* --force/],
      [["synth", "qa", "--repo", SHOP, "--out", path.join(tmp, "y"), "--count", "0"], /--count takes a whole number/],
      [["synth", "qa", "--repo", SHOP, "--out", path.join(tmp, "y"), "--model", "gpt"], /--model gpt: not a provider/],
      [["synth", "qa", "--repo", SHOP, "--out", path.join(tmp, "y"), "--model", "openai"], /--model openai needs/],
      [
        ["synth", "qa", "--repo", SHOP, "--out", path.join(tmp, "y"), "--validation", "2"],
        /--validation takes a fraction/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(args, { env: { OPENAI_BASE_URL: "", SMELT_OPENAI_MODEL: "" } });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(readFileSync(path.join(foreign, "notes.txt"), "utf8")).toBe("mine");
  }, 60_000);
});

describe("smelt synth with an OpenAI-compatible endpoint", () => {
  let server: FakeOpenAi;
  let script: (req: FakeRequest) => ReturnType<Parameters<typeof startFakeOpenAi>[0] & object>;
  const KEY = "sk-test-synth-0123456789abcdef";
  beforeAll(async () => {
    server = await startFakeOpenAi((req) => script(req));
  });
  afterAll(async () => server.close());

  const modelsFile = (extra = "") => {
    const f = path.join(tmp, `models-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      f,
      `models:\n  fake:\n    provider: openai\n    base_url: ${server.url}\n    model: fake-1\n    api_key: \${SYNTH_TEST_KEY}\n    max_retries: 2\n    price: { input_per_million: 0.15, output_per_million: 0.6 }\n${extra}`,
    );
    return f;
  };
  const run = (out: string, models: string, more: string[] = []) =>
    runCli(
      ["synth", "qa", "--repo", SHOP, "--out", out, "--count", "12", "--model", "fake", "--models", models, ...more],
      {
        env: { SYNTH_TEST_KEY: KEY },
      },
    );

  it("dry run estimates calls, tokens and cost without calling", async () => {
    const before = server.requests.length;
    const out = path.join(tmp, "dry");
    const r = await run(out, modelsFile(), ["--dry-run"]);
    expect(r.code).toBe(0);
    const m =
      /(\d+) calls \((\d+) answered by the cache\), ~(\d+) prompt tokens, ≤ (\d+) completion tokens, estimated cost ([\d.]+)/.exec(
        r.stdout,
      );
    expect(m).not.toBeNull();
    const [calls, , prompt, completion, cost] = (m as RegExpExecArray).slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    expect(calls).toBe(12);
    expect(prompt).toBeGreaterThan(12 * 100);
    expect(completion).toBe(12 * 1024);
    expect(cost).toBeCloseTo((prompt * 0.15 + completion * 0.6) / 1e6, 4);
    expect(server.requests.length).toBe(before);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("keeps grounded replies, rejects malformed JSON and ungrounded ones, retries 429, and a rerun calls nothing", async () => {
    let seen = 0;
    script = (req) => {
      const i = seen++;
      if (i === 1) return { content: '{"question": "unterminated' };
      if (i === 2) return { status: 429, retryAfter: 0 };
      if (i === 4)
        return { json: { ...groundedReply(req.body), answer: "`OrderService.refundEverything` refunds every order." } };
      return { json: groundedReply(req.body) };
    };
    const before = server.requests.length;
    const out = path.join(tmp, "openai");
    const models = modelsFile();
    const r = await run(out, models);
    expect(r.code).toBe(0);
    const first = server.requests.slice(before);
    expect(first.length).toBe(13); // 12 requests + one retry after the 429
    expect(first[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect((first[0]?.body as { response_format?: { type: string } } | undefined)?.response_format?.type).toBe(
      "json_schema",
    );
    const m = manifest(out);
    expect(m.counts.kept + m.counts.rejected).toBe(12);
    expect(m.counts.rejected_by_reason["model: malformed JSON"]).toBe(1);
    expect(m.counts.rejected_by_reason["unknown identifier"]).toBeGreaterThanOrEqual(1);
    expect(m.counts.kept).toBeGreaterThanOrEqual(9);
    expect(m.model.stats?.retries).toBe(1);
    const kept = jsonl(path.join(out, "samples.jsonl"));
    for (const s of kept) expect(validateSample(s, index, SHOP)).toEqual([]);
    // raw → cleaned: the model copied the excerpts with their line-number prefixes; the kept
    // sample has them removed, raw.jsonl keeps what the model said (or its text when unparsed).
    const raw = jsonl(path.join(out, "raw.jsonl"));
    expect(raw.length).toBe(12);
    const rawOfKept = raw.find((x) => x.id === kept[0].id);
    expect(rawOfKept.raw.evidence[0].snippet).toMatch(/^\s*\d+\| /);
    expect(kept[0].evidence[0].snippet).not.toMatch(/^\s*\d+\| /);
    expect(raw.filter((x) => x.raw_text !== undefined).map((x) => x.raw_text)).toEqual(['{"question": "unterminated']);
    // The key is never written or printed.
    for (const f of m.outputs.concat("manifest.json"))
      expect(readFileSync(path.join(out, f), "utf8")).not.toContain(KEY);
    expect(r.stdout + r.stderr).not.toContain(KEY);

    const again = await run(out, models);
    expect(again.code).toBe(0);
    expect(server.requests.length).toBe(before + 13);
    expect(manifest(out).model.stats?.cache_hits).toBe(12);
    expect(manifest(out).counts).toEqual(m.counts);
  }, 120_000);

  it("design samples worded by the model are validated like the offline ones", async () => {
    script = (req) => ({ json: groundedDesignReply(req.body) });
    const out = path.join(tmp, "openai-design");
    const r = await runCli(
      ["synth", "design", "--repo", SHOP, "--out", out, "--count", "6", "--model", "fake", "--models", modelsFile()],
      { env: { SYNTH_TEST_KEY: KEY } },
    );
    expect(r.code, r.stderr).toBe(0);
    const m = manifest(out);
    expect(m.counts.planned).toBe(6);
    expect(m.counts.kept).toBeGreaterThanOrEqual(4);
    const last = server.requests.at(-1)?.body as { response_format: { json_schema: { name: string } } };
    expect(last.response_format.json_schema.name).toBe("design_sample");
    for (const x of jsonl(path.join(out, "samples.jsonl"))) {
      expect(x.metadata.kind).toBe("design");
      expect(x.reuses.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it("a server that keeps failing ends in rejections with reasons, not a crash", async () => {
    script = () => ({ status: 500, body: '{"error":{"message":"boom"}}' });
    const out = path.join(tmp, "failing");
    const r = await run(out, modelsFile(), ["--count", "3"]);
    expect(r.code).toBe(0);
    const m = manifest(out);
    expect(m.counts).toMatchObject({ planned: 3, kept: 0, rejected: 3 });
    expect(m.counts.rejected_by_reason["model: http error"]).toBe(3);
    expect(jsonl(path.join(out, "rejected.jsonl"))[0].reasons[0]).toMatch(/^model: http 500 after 3 attempts/);
  }, 120_000);
});

describe("smelt synth with an embedded GGUF model", () => {
  const GGUF = path.resolve(ROOT, "../shared/models/stories260K.gguf");

  it.skipIf(!existsSync(GGUF))(
    "the tiny model's grammar-constrained JSON reaches validation, which rejects its ungrounded claims",
    async () => {
      const models = path.join(tmp, "local-models.yaml");
      writeFileSync(
        models,
        `models:\n  tiny:\n    provider: local\n    path: ${GGUF}\n    threads: 1\n    max_tokens: 1500\n    context_size: 4096\n`,
      );
      const out = path.join(tmp, "local");
      const args = ["synth", "qa", "--repo", SHOP, "--out", out, "--count", "3", "--model", "tiny", "--models", models];
      const r = await runCli(args);
      expect(r.code).toBe(0);
      const m = manifest(out);
      expect(m.model.provider).toBe("local");
      expect(m.counts.planned).toBe(3);
      expect(m.counts.kept + m.counts.rejected).toBe(3);
      const rejected = jsonl(path.join(out, "rejected.jsonl"));
      // Replies that parsed have the reply schema's shape (the grammar saw to it); validation judged them.
      const judged = rejected.filter((x) => x.stage === "validate");
      expect(judged.length).toBeGreaterThan(0);
      for (const x of judged) {
        expect(typeof x.sample.question).toBe("string");
        expect(Array.isArray(x.sample.evidence) && x.sample.evidence.length > 0).toBe(true);
        expect(x.reasons.length).toBeGreaterThan(0);
      }
      // The rerun is answered by the cache for every reply that parsed.
      const again = await runCli(args);
      expect(again.code).toBe(0);
      expect(manifest(out).model.stats?.cache_hits).toBe(3 - (m.counts.rejected_by_stage.model ?? 0));
    },
    180_000,
  );
});
