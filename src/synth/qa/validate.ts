/** Validation of QA samples: schema, exact evidence, known identifiers, answer–evidence overlap. */
import type { RepoIndex } from "../index/index.js";
import type { DomainMap } from "../map/index.js";
import { checkEvidence, checkIndexes, overlaps, unknownIdentifiers } from "./checks.js";
import { Lines } from "./text.js";
import { QaSampleSchema } from "./types.js";

/** Reasons the sample is rejected; empty when it is valid. `map` adds entity fields and config keys. */
export function validateSample(
  sample: unknown,
  index: RepoIndex,
  root: string = index.root,
  map?: DomainMap,
): string[] {
  const parsed = QaSampleSchema.safeParse(sample);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `schema: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  const s = parsed.data;
  const reasons = checkEvidence(s.evidence, new Lines(root));
  for (const t of s.reasoning_trace)
    reasons.push(...checkIndexes(`reasoning_trace step ${t.step}`, t.evidence, s.evidence.length));
  for (const u of unknownIdentifiers(s.answer, s.evidence, index, map)) reasons.push(`unknown identifier: ${u}`);
  if (!overlaps(s.answer, s.evidence))
    reasons.push("no overlap: no identifier or literal of the answer appears in the evidence");
  return reasons;
}
