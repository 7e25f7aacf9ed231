/** The turns of one sample as text: user prompt and assistant answer (QA answer or design proposal). */
import type { DesignSample } from "../design/types.js";
import type { QaEvidence } from "../qa/types.js";
import type { SynthSample } from "./types.js";

export const isDesign = (s: SynthSample): s is DesignSample => s.metadata.kind === "design";

export interface RenderOptions {
  include_reasoning: boolean;
  include_citations: boolean;
  /** Appended to the user turn (the alpaca `input` carries it instead). */
  context?: string;
}

export const cite = (e: Pick<QaEvidence, "path" | "start_line" | "end_line">) =>
  `${e.path}:${e.start_line}-${e.end_line}`;

export const userText = (s: SynthSample): string => (isDesign(s) ? s.requirement : s.question);

/** Matches how LLaMA-Factory joins alpaca `instruction` and `input`, so every format says the same. */
export const userTurn = (s: SynthSample, context?: string): string =>
  context ? `${userText(s)}\n${context}` : userText(s);

function section(title: string, items: readonly string[]): string {
  return `## ${title}\n\n${items.length ? items.map((i) => `- ${i}`).join("\n") : "None."}`;
}

/** A design proposal as markdown sections; reused components name the code they rely on. */
export function renderDesign(s: DesignSample): string {
  const p = s.proposal;
  const reuses = s.reuses.map((r) => {
    const where = r.evidence
      .map((i) => s.evidence[i])
      .filter((e): e is QaEvidence => e !== undefined)
      .map(cite);
    return `\`${r.component}\` (${r.how}) — ${r.why}${where.length ? ` [${where.join(", ")}]` : ""}`;
  });
  return [
    `## Summary\n\n${p.summary}`,
    section("API changes", p.api_changes),
    section("Domain model changes", p.domain_model_changes),
    section("Storage", p.storage),
    section("Workflow", p.workflow),
    section("Risks", p.risks),
    section("Reuses existing components", reuses),
  ].join("\n\n");
}

/** Reasoning steps (optional), then the answer, then the cited spans (optional). */
export function assistantText(s: SynthSample, opts: RenderOptions): string {
  const parts: string[] = [];
  if (opts.include_reasoning) {
    const steps = [...s.reasoning_trace].sort((a, b) => a.step - b.step);
    parts.push(`Reasoning:\n${steps.map((t, i) => `${i + 1}. ${t.text}`).join("\n")}`);
  }
  parts.push(isDesign(s) ? renderDesign(s) : s.answer);
  if (opts.include_citations) parts.push(`Sources: ${[...new Set(s.evidence.map(cite))].join(", ")}`);
  return parts.join("\n\n");
}
