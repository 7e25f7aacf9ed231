/** QA samples of `smelt synth qa` (step 4): question, answer, evidence spans and a reasoning trace. */
import { z } from "zod";

export const QA_KINDS = ["rule", "flow", "entity", "config"] as const;
export type QaKind = (typeof QA_KINDS)[number];

export const QaEvidenceSchema = z.object({
  path: z.string().min(1),
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  snippet: z.string(),
});

export const QaSampleSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  answer: z.string().min(1),
  evidence: z.array(QaEvidenceSchema).min(1),
  reasoning_trace: z
    .array(
      z.object({ step: z.number().int().min(1), text: z.string().min(1), evidence: z.array(z.number().int().min(0)) }),
    )
    .min(1),
  metadata: z.object({
    domain: z.string(),
    kind: z.enum(QA_KINDS),
    difficulty: z.enum(["easy", "medium", "hard"]),
    source_id: z.string().min(1),
  }),
});

export type QaEvidence = z.infer<typeof QaEvidenceSchema>;
export type QaSample = z.infer<typeof QaSampleSchema>;

export interface QaOptions {
  /** Samples to produce (default 60; fewer when the repository has less material). */
  count?: number;
  /** Seed of the template and selection choices: same seed, same samples. */
  seed: number;
}
