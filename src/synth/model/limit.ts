/**
 * Client-side throttling of the HTTP providers: a token bucket for `requests_per_minute` (every
 * HTTP attempt, retries included, takes a token, since the server counts them all) and a p-limit
 * gate for `concurrency`.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { sleep } from "./retry.js";

export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly perMs: number;

  /**
   * The bucket holds one second's worth of requests (at least one), so a run starts promptly but
   * never bursts a whole minute's quota at once.
   */
  constructor(
    perMinute: number,
    private readonly capacity = Math.max(1, Math.ceil(perMinute / 60)),
  ) {
    if (!(perMinute > 0)) throw new Error(`requests per minute must be positive, got ${perMinute}`);
    this.perMs = perMinute / 60_000;
    this.tokens = capacity;
  }

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - this.tokens) / this.perMs));
    }
  }
}

export interface Throttle {
  /** Runs `fn` once a concurrency slot is free. */
  slot: LimitFunction;
  /** Waits for the rate limit before one HTTP attempt; resolves at once when there is none. */
  beforeRequest(): Promise<void>;
}

export function createThrottle(concurrency: number, requestsPerMinute?: number): Throttle {
  const bucket = requestsPerMinute ? new TokenBucket(requestsPerMinute) : undefined;
  return { slot: pLimit(concurrency), beforeRequest: () => bucket?.take() ?? Promise.resolve() };
}
