import { z } from "zod";
import { defineOperator, drop, keep } from "../../core/operator.js";

export const synthCheck = defineOperator({
  name: "synth_check",
  kind: "filter",
  version: "1.0.0",
  summary: "Drop synthesized drafts that failed validation or the model call, with their reasons.",
  docs:
    "Reads `synth_reasons`, set by `synth_qa`/`synth_design` on every draft: a draft with reasons is dropped with rule " +
    "`invalid_<stage>` (model or validate) and the reasons as the drop detail, e.g. `unknown identifier: " +
    "OrderService.refundEverything; no overlap: ...`. Records without the field pass.",
  params: z.strictObject({}),
  create() {
    return (records) => ({
      outcomes: records.map((r) => {
        const reasons = r.meta.synth_reasons;
        if (!Array.isArray(reasons) || reasons.length === 0) return keep();
        return drop(`invalid_${String(r.meta.synth_stage ?? "validate")}`, reasons.join("; "));
      }),
    });
  },
});
