/**
 * What the `openai` and `local` providers are asked. The offline generator plans each sample
 * (which rule, flow, entity or design change, and which lines prove it); the model only words
 * it, from the excerpts it is shown. Replies must cite those excerpts exactly, so validation can
 * throw out anything the model made up.
 */
import type { DesignSample } from "../design/types.js";
import type { QaEvidence, QaSample } from "../qa/types.js";
import type { JsonSchema, ModelRequest } from "./types.js";

/** A planned sample: the facts and the lines the model must stay within. */
export interface Seed {
  task: "qa" | "design";
  kind: QaSample["metadata"]["kind"] | "design";
  source_id: string;
  domain: string;
  evidence: QaEvidence[];
  /** True statements from static analysis (the offline answer, or the offline proposal's summary). */
  facts: string[];
  /** design: the requirement the offline planner chose (the model may sharpen it). */
  requirement?: string;
}

const strictObject = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: "object",
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const str: JsonSchema = { type: "string" };
const strList: JsonSchema = { type: "array", maxItems: 8, items: str };
const intList: JsonSchema = { type: "array", maxItems: 3, items: { type: "integer" } };

const EVIDENCE_SCHEMA: JsonSchema = {
  type: "array",
  minItems: 1,
  maxItems: 4,
  items: strictObject({ path: str, start_line: { type: "integer" }, end_line: { type: "integer" }, snippet: str }),
};
const TRACE_SCHEMA: JsonSchema = {
  type: "array",
  minItems: 1,
  maxItems: 4,
  items: strictObject({ text: str, evidence: intList }),
};
const DIFFICULTY: JsonSchema = { type: "string", enum: ["easy", "medium", "hard"] };

/** OpenAI strict structured output: every key required, no extra keys. */
export const QA_REPLY_SCHEMA: JsonSchema = strictObject({
  question: str,
  answer: str,
  evidence: EVIDENCE_SCHEMA,
  reasoning_trace: TRACE_SCHEMA,
  difficulty: DIFFICULTY,
});

export const DESIGN_REPLY_SCHEMA: JsonSchema = strictObject({
  requirement: str,
  proposal: strictObject({
    summary: str,
    api_changes: strList,
    domain_model_changes: strList,
    storage: strList,
    workflow: strList,
    risks: strList,
  }),
  reuses: {
    type: "array",
    items: strictObject({
      component: str,
      how: { type: "string", enum: ["reuse", "extend"] },
      why: str,
      evidence: intList,
    }),
  },
  evidence: EVIDENCE_SCHEMA,
  reasoning_trace: TRACE_SCHEMA,
  difficulty: DIFFICULTY,
});

const SYSTEM = [
  "You write supervised fine-tuning data that teaches a model one software repository.",
  "Use only the code excerpts in the message. Every class, method, field, constant and configuration key you name must appear in them.",
  "Cite evidence by copying a path, a line range inside one excerpt, and the exact text of those lines (without the line-number prefixes).",
  "Reply with a single JSON object that matches the schema, nothing else.",
].join(" ");

function excerpts(evidence: readonly QaEvidence[]): string {
  return evidence
    .map((e, i) => {
      const numbered = e.snippet
        .split("\n")
        .map((l, k) => `${String(e.start_line + k).padStart(5)}| ${l}`)
        .join("\n");
      return `[${i}] ${e.path} lines ${e.start_line}-${e.end_line}\n${numbered}`;
    })
    .join("\n\n");
}

const QA_TASK: Record<string, string> = {
  rule: "a business rule the code enforces",
  flow: "how a request or job travels through the layers",
  entity: "a domain entity and what it holds",
  config: "a configuration value and what reads it",
};

export function requestFor(seed: Seed, repo: string): ModelRequest {
  const facts = seed.facts.map((f) => `- ${f}`).join("\n");
  const common = `Repository: ${repo}\nDomain: ${seed.domain || "(whole repository)"}\n\nFacts found by static analysis (true):\n${facts}\n\nExcerpts (numbers are the file's line numbers):\n${excerpts(seed.evidence)}\n\n`;
  if (seed.task === "qa") {
    return {
      task: "qa",
      system: SYSTEM,
      user: `${common}Write one question a developer new to this repository would ask about ${QA_TASK[seed.kind] ?? "this code"}, and an answer of two to five sentences that states it with the concrete names, conditions and values of the excerpts. List the evidence you used, then two to four reasoning steps; each step's \`evidence\` holds indexes (from 0) into your evidence list. difficulty: easy when one excerpt answers it, medium for two or three, hard for a flow across layers.`,
      schema: QA_REPLY_SCHEMA,
      schema_name: "qa_sample",
    };
  }
  return {
    task: "design",
    system: SYSTEM,
    user: `${common}A product owner asks: "${seed.requirement ?? "extend this part of the system"}"\nWrite the requirement as one or two sentences, then a design proposal that builds on the components in the excerpts: summary, API changes, domain-model changes, storage changes, workflow steps in order, and risks (name the guards, transactions and state transitions the change touches). Anything new the design introduces must be written as new, e.g. new enum value \`OrderStatus.ON_HOLD\` or new \`OrderService.holdAll\`; every other name must be an existing one from the excerpts. In \`reuses\`, list two to five existing components (Class or Class.method as they appear in the excerpts), whether the design reuses or extends each, why, and the evidence indexes that show it. List the evidence you used and three to six reasoning steps citing it.`,
    schema: DESIGN_REPLY_SCHEMA,
    schema_name: "design_sample",
  };
}

export function seedFromQa(s: QaSample): Seed {
  return {
    task: "qa",
    kind: s.metadata.kind,
    source_id: s.metadata.source_id,
    domain: s.metadata.domain,
    evidence: s.evidence,
    facts: [s.answer],
  };
}

export function seedFromDesign(s: DesignSample): Seed {
  return {
    task: "design",
    kind: "design",
    source_id: s.metadata.source_id,
    domain: s.metadata.domain,
    evidence: s.evidence,
    facts: [s.proposal.summary, ...s.reuses.map((r) => `${r.component}: ${r.why}`)],
    requirement: s.requirement,
  };
}

const NUMBERED = /^\s*\d+\| ?/;

/**
 * The model's JSON → a sample (raw → cleaned): ids, step numbers and metadata come from the
 * seed; line-number prefixes copied into snippets are removed. Everything else is left for
 * validation to judge.
 */
export function sampleFromReply(seed: Seed, json: unknown): unknown {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const j = json as Record<string, unknown>;
  const evidence = Array.isArray(j.evidence)
    ? j.evidence.map((e) => {
        if (e === null || typeof e !== "object") return e;
        const ev = e as Record<string, unknown>;
        if (typeof ev.snippet !== "string") return ev;
        const lines = ev.snippet.split("\n");
        const cleaned = lines.every((l) => NUMBERED.test(l)) ? lines.map((l) => l.replace(NUMBERED, "")) : lines;
        return { ...ev, snippet: cleaned.join("\n") };
      })
    : j.evidence;
  const trace = Array.isArray(j.reasoning_trace)
    ? j.reasoning_trace.map((t, i) => (t !== null && typeof t === "object" ? { step: i + 1, ...t } : t))
    : j.reasoning_trace;
  const { difficulty, ...rest } = j;
  return {
    id: `${seed.task}:${seed.kind}:${seed.source_id}`,
    ...rest,
    evidence,
    reasoning_trace: trace,
    metadata: { domain: seed.domain, kind: seed.kind, difficulty, source_id: seed.source_id },
  };
}
