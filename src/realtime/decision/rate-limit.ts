/**
 * Per-key token buckets for the decision handler.
 *
 * @module
 */

/** A token bucket's refill rate and size. @category Realtime */
export interface RateLimit {
  /** Tokens added per second (requests per second sustained), > 0. */
  readonly perSecond: number;
  /** Bucket size (the largest burst), an integer ≥ 1. */
  readonly burst: number;
}

/**
 * Token buckets keyed by API key id (a fixed set: one bucket per configured key, so memory is
 * bounded by the configuration, not by traffic). A bucket starts full; a request takes one token;
 * tokens come back at `perSecond`, up to `burst`.
 */
export function createBuckets(now: () => number) {
  const buckets = new Map<string, { tokens: number; last: number }>();
  return {
    /** Takes a token: 0 when granted, or the whole seconds to wait before one is available. */
    take(keyId: string, limit: RateLimit): number {
      const t = now();
      let b = buckets.get(keyId);
      if (b === undefined) {
        b = { tokens: limit.burst, last: t };
        buckets.set(keyId, b);
      }
      // a clock that goes backwards adds nothing
      const elapsed = Math.max(0, t - b.last) / 1000;
      b.tokens = Math.min(limit.burst, b.tokens + elapsed * limit.perSecond);
      b.last = Math.max(b.last, t);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
  };
}
