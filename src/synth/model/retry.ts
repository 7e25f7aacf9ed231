/**
 * Backoff policy of the HTTP providers: which failures are worth another attempt and how long to
 * wait before it. Transient failures (rate limits, overloaded or restarting servers, dropped
 * sockets, timeouts) are retried; anything that would fail the same way again is not.
 */

/** Statuses a server uses for "not now": rate limited, or a gateway/backend briefly down. */
const RETRY_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

/** Socket-level failures that a fresh connection usually gets past. */
const RETRY_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUSES.has(status);
}

/** The `code` of a fetch failure: undici wraps the socket error in `TypeError("fetch failed")`. */
export function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableNetworkError(err: unknown): boolean {
  const code = networkErrorCode(err);
  // A bare "fetch failed" without a code is almost always the peer closing mid-response.
  return code ? RETRY_CODES.has(code) : err instanceof TypeError;
}

/**
 * Delay before retry number `attempt` (0 = first retry): `base * 2^attempt`, capped, with "equal
 * jitter" (half fixed, half random) so a burst of 429s does not come back as one synchronized burst.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** `Retry-After` in milliseconds (delta-seconds or HTTP date), capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, capMs: number, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(capMs, Math.max(0, ms));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
