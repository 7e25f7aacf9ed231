import { defineOperator } from "../../core/operator.js";
import { createSynth, synthParams } from "./common.js";

export const synthDesign = defineOperator({
  name: "synth_design",
  kind: "generator",
  version: "1.0.0",
  summary: "Turn each repository record into design drafts: a new requirement and a proposal grounded in its code.",
  docs:
    "Like `synth_qa`, but each draft is a realistic new requirement in the repository's domain (a new state, endpoint, " +
    "configurable limit, relaxed rule, job notification, fee, or field) with a proposal (API, domain model, storage, " +
    "workflow, risks) that names the existing components it reuses or extends, with evidence and a reasoning trace. " +
    "Validated like QA drafts, plus: every reused component is an indexed class or method shown by its evidence; names " +
    "the design introduces must be marked new. See docs/synth.md.",
  params: synthParams(20),
  create: (p, ctx) => createSynth("design", p, ctx),
});
