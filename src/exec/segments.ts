import { findOperator } from "../core/registry.js";
import type { OperatorSpec, Recipe } from "../recipe/types.js";

/**
 * A stage is cut into segments at its global operators: a segment runs its batch operators
 * shard by shard in the workers, and when it ends in a global operator the workers also
 * emit that operator's keys. The engine then decides over all shards, and the next segment
 * starts by applying the decision. Each segment's shard outputs are files, so a killed run
 * resumes at shard granularity.
 */
export interface Segment {
  /** Stable name used for the state folder, e.g. `s1-clean.0`. */
  key: string;
  stageIndex: number;
  stageName: string;
  /** Global operator whose decision this segment applies first (from the previous segment). */
  apply?: OperatorSpec;
  /** Batch operators run in order. */
  ops: OperatorSpec[];
  /** Global operator whose keys this segment emits. */
  keyOp?: OperatorSpec;
  /** True for the very first segment: its input is the readers, not a previous segment. */
  reads: boolean;
}

export function planSegments(recipe: Recipe): Segment[] {
  const segments: Segment[] = [];
  let pendingApply: OperatorSpec | undefined;
  recipe.stages.forEach((stage, stageIndex) => {
    let part = 0;
    let current: Segment = newSegment(stage.name, stageIndex, part, pendingApply, segments.length === 0);
    pendingApply = undefined;
    for (const spec of stage.operators) {
      const def = findOperator(spec.op);
      if (def?.global) {
        current.keyOp = spec;
        segments.push(current);
        part++;
        current = newSegment(stage.name, stageIndex, part, spec, false);
      } else {
        current.ops.push(spec);
      }
    }
    // A stage ending in a global operator leaves an apply-only segment; that is what keeps
    // the stage boundary a file of kept records like every other stage's.
    segments.push(current);
  });
  return fuseKeyOnlySegments(segments);
}

/**
 * A segment that would only emit a global operator's keys (a stage that starts with
 * `exact_dedup`, say) changes no record, so its keys are emitted by the segment before it
 * instead: one less pass that parses every record. Its counts are unchanged by this, since
 * such a segment passes every record through.
 */
function fuseKeyOnlySegments(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    const prev = out[out.length - 1];
    const keyOnly = !seg.reads && !seg.apply && seg.ops.length === 0 && seg.keyOp !== undefined;
    if (keyOnly && prev && !prev.keyOp) prev.keyOp = seg.keyOp;
    else out.push(seg);
  }
  return out;
}

function newSegment(
  stageName: string,
  stageIndex: number,
  part: number,
  apply: OperatorSpec | undefined,
  reads: boolean,
): Segment {
  const safe = stageName.replace(/[^A-Za-z0-9_-]/g, "_");
  return { key: `s${stageIndex + 1}-${safe}.${part}`, stageIndex, stageName, apply, ops: [], reads };
}
