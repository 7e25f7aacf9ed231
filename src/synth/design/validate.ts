/** Validation of design samples: the QA grounding checks over the proposal, plus real reused components. */
import type { RepoIndex } from "../index/index.js";
import type { DomainMap } from "../map/index.js";
import { checkEvidence, checkIndexes, overlaps, unknownIdentifiers } from "../qa/checks.js";
import { Lines, normalizeWs } from "../qa/text.js";
import { type DesignSample, DesignSampleSchema } from "./types.js";

/**
 * Names the proposal introduces are allowed when declared as such: "new `OrderStatus.ON_HOLD`",
 * "a new method `OrderService.hold`". Anything else must exist in the repository.
 */
const DECLARED_NEW =
  /\bnew (?:(?:class|method|field|column|table|enum value|status|endpoint|event|job|record|type|property|key|function|module) )?`([^`]+)`/g;

/** The proposal's own words: what the identifier and overlap checks run over. */
export function proposalText(s: DesignSample): string {
  const p = s.proposal;
  return [
    p.summary,
    ...p.api_changes,
    ...p.domain_model_changes,
    ...p.storage,
    ...p.workflow,
    ...p.risks,
    ...s.reuses.flatMap((r) => [r.component, r.why]),
  ].join("\n");
}

const qualifiedCache = new WeakMap<RepoIndex, Set<string>>();
/** Indexed qualified names and their dotted suffixes (`ReserveRequest.Line` for `a.ReserveRequest.Line`). */
function indexedNames(index: RepoIndex): Set<string> {
  let s = qualifiedCache.get(index);
  if (!s) {
    s = new Set();
    for (const c of index.chunks) {
      const parts = c.qualified.split(".");
      for (let i = 0; i < parts.length; i++) s.add(parts.slice(i).join("."));
    }
    qualifiedCache.set(index, s);
  }
  return s;
}

/** Reasons the design sample is rejected; empty when it is valid. `map` adds entity fields and config keys. */
export function validateDesign(
  sample: unknown,
  index: RepoIndex,
  root: string = index.root,
  map?: DomainMap,
): string[] {
  const parsed = DesignSampleSchema.safeParse(sample);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `schema: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  const s = parsed.data;
  const n = s.evidence.length;
  const reasons = checkEvidence(s.evidence, new Lines(root));
  for (const t of s.reasoning_trace) reasons.push(...checkIndexes(`reasoning_trace step ${t.step}`, t.evidence, n));
  const names = indexedNames(index);
  s.reuses.forEach((r, i) => {
    reasons.push(...checkIndexes(`reuses[${i}]`, r.evidence, n));
    if (!names.has(r.component)) {
      reasons.push(`reuses[${i}]: ${r.component} is not an indexed class or method`);
      return;
    }
    // The cited lines must show the component: its declaration or a use of it.
    const own = r.component.split(".").at(-1) as string;
    const cited = normalizeWs(
      r.evidence
        .filter((e) => e < n)
        .map((e) => s.evidence[e]?.snippet ?? "")
        .join("\n"),
    );
    if (!new RegExp(`\\b${own}\\b`).test(cited))
      reasons.push(`reuses[${i}]: cited evidence does not show ${r.component}`);
  });
  const text = proposalText(s);
  const declared = new Set([...text.matchAll(DECLARED_NEW)].map((m) => m[1] as string));
  const unknown = unknownIdentifiers(text.replace(DECLARED_NEW, ""), s.evidence, index, map);
  for (const u of unknown) if (!declared.has(u)) reasons.push(`unknown identifier: ${u}`);
  if (!overlaps(text, s.evidence))
    reasons.push("no overlap: no identifier or literal of the proposal appears in the evidence");
  return reasons;
}
