// Per-token rate limiting: a token bucket per monitor token, in this process's memory. With
// several receiver processes behind one proxy each keeps its own buckets (so the effective limit
// is per process); the limit is a brake on a runaway client, not an accounting.

export interface RateLimitOptions {
  /** Requests a token may make at once. */
  burst: number;
  /** Requests per second a token regains. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 60, perSecond: 1 };

export interface RateLimiter {
  /** Takes one request for `key`: undefined when allowed, else the seconds to wait (≥ 1). */
  take(key: string, nowMs?: number): number | undefined;
}

/** A token-bucket limiter. */
export function createRateLimiter(options: RateLimitOptions = DEFAULT_RATE_LIMIT): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, nowMs = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: nowMs };
      bucket.tokens = Math.min(
        options.burst,
        bucket.tokens + ((nowMs - bucket.at) / 1000) * options.perSecond,
      );
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond));
    },
  };
}
