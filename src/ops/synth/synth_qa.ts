import { defineOperator } from "../../core/operator.js";
import { createSynth, synthParams } from "./common.js";

export const synthQa = defineOperator({
  name: "synth_qa",
  kind: "generator",
  version: "1.0.0",
  summary: "Turn each repository record into grounded question/answer drafts with evidence (offline or a model).",
  docs:
    "Reads the whole repository of each record from the `repositories` reader: indexes it with tree-sitter, builds its " +
    "domain map (entities, tables, flows, config), extracts business rules, plans `count` questions about rules, flows, " +
    "entities and configuration, words them offline or with the `model`, and validates every draft against the code " +
    "(snippets equal the cited lines, names exist, answer and evidence overlap). Emits one record per draft with " +
    "`prompt`, `response`, `evidence` and the whole `sample` as JSON; rejected drafts carry `synth_reasons` for " +
    "`synth_check` to drop. The repository record itself is dropped as `synthesized`. See docs/synth.md.",
  params: synthParams(60),
  create: (p, ctx) => createSynth("qa", p, ctx),
});
