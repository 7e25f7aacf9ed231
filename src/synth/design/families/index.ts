/** Requirement families of offline design samples, each driven by what the repository has. */
import type { Context } from "../context.js";
import type { DesignFamily } from "../requirements.js";
import { computationCandidates } from "./computation.js";
import { configCandidates } from "./config.js";
import { endpointCandidates } from "./endpoint.js";
import { fieldCandidates } from "./field.js";
import { guardCandidates } from "./guard.js";
import { scheduledCandidates } from "./scheduled.js";
import type { Candidate } from "./shared.js";
import { stateCandidates } from "./state.js";

export type { Candidate } from "./shared.js";

export function designCandidates(ctx: Context): Record<DesignFamily, Candidate[]> {
  return {
    state: stateCandidates(ctx),
    endpoint: endpointCandidates(ctx),
    config: configCandidates(ctx),
    guard: guardCandidates(ctx),
    scheduled: scheduledCandidates(ctx),
    computation: computationCandidates(ctx),
    field: fieldCandidates(ctx),
  };
}
