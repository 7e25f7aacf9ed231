import type { CostEstimate, ModelRequest, ModelStats } from "./types.js";

/** Counters of a provider, all zero. */
export function emptyStats(): ModelStats {
  return { calls: 0, cache_hits: 0, retries: 0, failures: 0, prompt_tokens: 0, completion_tokens: 0 };
}

/** Calls and tokens of a batch of requests, without calling: what the cache answers is free. */
export async function tallyRequests(
  reqs: readonly ModelRequest[],
  cost: {
    cached(req: ModelRequest): Promise<boolean>;
    promptTokens(req: ModelRequest): number;
    maxTokens(req: ModelRequest): number;
  },
): Promise<CostEstimate> {
  const est: CostEstimate = { calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 };
  for (const req of reqs) {
    if (await cost.cached(req)) {
      est.cached++;
      continue;
    }
    est.calls++;
    est.prompt_tokens += cost.promptTokens(req);
    est.completion_tokens += cost.maxTokens(req);
  }
  return est;
}
