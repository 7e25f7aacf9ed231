/** Offline design generation: requirements and proposals built only from the map, the rules and cited lines. */
import type { RepoIndex } from "../index/index.js";
import type { DomainMap } from "../map/index.js";
import { Lines, rng, shuffle } from "../qa/text.js";
import type { BusinessRule } from "../rules/index.js";
import { Context, EvidenceSet } from "./context.js";
import { type Candidate, designCandidates } from "./families/index.js";
import type { DesignFamily } from "./requirements.js";
import type { DesignOptions, DesignSample } from "./types.js";
import { validateDesign } from "./validate.js";

const MAX_REUSES = 5;
const MAX_STEPS = 6;

const difficulty = (components: number): DesignSample["metadata"]["difficulty"] =>
  components <= 2 ? "easy" : components === 3 ? "medium" : "hard";

function toSample(c: Candidate, r: () => number, ctx: Context, turn: number): DesignSample | undefined {
  const ev = new EvidenceSet(ctx.lines);
  const body = c.build(r, ctx, ev, turn);
  if (!body || body.reuses.length === 0 || ev.items.length === 0) return undefined;
  const reuses = body.reuses.slice(0, MAX_REUSES);
  const trace = body.trace.filter((t) => t.evidence.length > 0).slice(0, MAX_STEPS);
  if (trace.length === 0) return undefined;
  return {
    id: `design:${c.family}:${c.source_id}`,
    requirement: body.requirement,
    proposal: body.proposal,
    reuses,
    evidence: ev.items,
    reasoning_trace: trace.map((t, i) => ({ step: i + 1, ...t })),
    metadata: { domain: c.domain, kind: "design", difficulty: difficulty(reuses.length), source_id: c.source_id },
  };
}

/**
 * Grounded design samples without a model. Families take turns (in a seeded order) so that a small
 * count still mixes kinds of requirements; a draft that fails validateDesign is dropped, never emitted.
 * Two samples never change the same target, and the samples of one wording take turns through its
 * templates (from a seeded start), so that near-duplicate removal has little left to drop.
 */
export function generateDesignOffline(
  index: RepoIndex,
  map: DomainMap,
  rules: BusinessRule[],
  opts: DesignOptions,
): DesignSample[] {
  const count = opts.count ?? 20;
  const r = rng(opts.seed);
  const ctx = new Context(index, map, rules, new Lines(index.root));
  const pools = designCandidates(ctx);
  const families = shuffle(Object.keys(pools) as DesignFamily[], r);
  for (const f of families) pools[f] = shuffle(pools[f], r);
  const out: DesignSample[] = [];
  const targets = new Set<string>();
  const turns = new Map<string, number>();
  while (out.length < count && families.some((f) => pools[f].length > 0)) {
    for (const f of families) {
      const c = pools[f].shift();
      if (!c || out.length >= count) continue;
      const target = `${c.family}:${c.target ?? c.source_id}`;
      if (targets.has(target)) continue;
      const wording = c.wording ?? c.family;
      const turn = turns.get(wording) ?? Math.floor(r() * 1000);
      const s = toSample(c, r, ctx, turn);
      if (!s || validateDesign(s, index, index.root, map).length > 0) continue;
      out.push(s);
      targets.add(target);
      turns.set(wording, turn + 1);
    }
  }
  return out;
}
