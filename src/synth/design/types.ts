/** Design samples of `smelt synth design`: a new requirement and a proposal grounded in existing code. */
import { z } from "zod";
import { QaEvidenceSchema } from "../qa/types.js";

export const TraceStepSchema = z.object({
  step: z.number().int().min(1),
  text: z.string().min(1),
  /** Indexes into the sample's `evidence`. */
  evidence: z.array(z.number().int().min(0)),
});

export const DesignSampleSchema = z.object({
  id: z.string().min(1),
  /** A realistic new requirement in the repository's domain, as a product owner would write it. */
  requirement: z.string().min(1),
  proposal: z.object({
    /** One paragraph: what changes and why this shape. */
    summary: z.string().min(1),
    api_changes: z.array(z.string().min(1)),
    domain_model_changes: z.array(z.string().min(1)),
    storage: z.array(z.string().min(1)),
    workflow: z.array(z.string().min(1)),
    risks: z.array(z.string().min(1)).min(1),
  }),
  /** Existing components the proposal reuses or extends; `evidence` indexes the sample's evidence. */
  reuses: z
    .array(
      z.object({
        component: z.string().min(1),
        how: z.enum(["reuse", "extend"]),
        why: z.string().min(1),
        evidence: z.array(z.number().int().min(0)).min(1),
      }),
    )
    .min(1),
  evidence: z.array(QaEvidenceSchema).min(1),
  reasoning_trace: z.array(TraceStepSchema).min(1),
  metadata: z.object({
    domain: z.string(),
    kind: z.literal("design"),
    difficulty: z.enum(["easy", "medium", "hard"]),
    source_id: z.string().min(1),
  }),
});

export type DesignSample = z.infer<typeof DesignSampleSchema>;

export interface DesignOptions {
  /** Samples to produce (default 20; fewer when the repository has less material). */
  count?: number;
  seed: number;
}
