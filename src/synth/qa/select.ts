/**
 * Which candidates become samples: a spread over topics (guards, flows, computations... each
 * with a quota by weight), at most a few per class or file, best-ranked first with a seeded
 * jitter so another seed picks other samples of similar worth.
 */
import type { Candidate } from "./candidate.js";

/** Share of the samples a topic may take when every topic has material. */
const TOPIC_WEIGHT: Record<string, number> = {
  guard: 3,
  flow: 3,
  computation: 2,
  state_transition: 2,
  config: 2,
  error: 1.5,
  validation: 1.5,
  entity: 1.5,
  transaction: 1,
  constant: 1,
  field: 0.5,
};
const PER_OWNER = 3;

/** Up to `count` candidates, best first. */
export function selectCandidates(candidates: Candidate[], count: number, r: () => number): Candidate[] {
  const ranked = candidates
    .map((c) => ({ c, key: c.score + r() * 0.8 }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.c);
  const topics = new Set(ranked.map((c) => c.topic));
  const total = [...topics].reduce((s, t) => s + (TOPIC_WEIGHT[t] ?? 1), 0);
  const quota = (t: string) => Math.max(1, Math.ceil((count * (TOPIC_WEIGHT[t] ?? 1)) / total));
  const perOwner = new Map<string, number>();
  const perTopic = new Map<string, number>();
  const chosen = new Set<Candidate>();
  const subjects = new Set<string>();
  const take = (limitOwner: number, useQuota: boolean, minScore = 0) => {
    for (const c of ranked) {
      if (chosen.size >= count) return;
      if (chosen.has(c) || (perOwner.get(c.owner) ?? 0) >= limitOwner || c.score < minScore) continue;
      if (c.subject !== undefined && subjects.has(c.subject)) continue;
      if (useQuota && (perTopic.get(c.topic) ?? 0) >= quota(c.topic)) continue;
      chosen.add(c);
      if (c.subject !== undefined) subjects.add(c.subject);
      perOwner.set(c.owner, (perOwner.get(c.owner) ?? 0) + 1);
      perTopic.set(c.topic, (perTopic.get(c.topic) ?? 0) + 1);
    }
  };
  // Relax step by step: quotas first, then the per-owner cap, so small repositories still fill —
  // but never with a class's tenth type code: fewer samples beat ones that teach nothing.
  take(PER_OWNER, true);
  take(PER_OWNER, false);
  take(PER_OWNER * 2, false, 1);
  take(Number.POSITIVE_INFINITY, false, 1.5);
  return ranked.filter((c) => chosen.has(c));
}
