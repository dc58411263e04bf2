import type { MiddlewareHandler } from 'hono';
import { PresslensError } from '../core/errors.js';
import { peerAddress } from './access.js';

export interface RateLimit {
  /** Requests allowed per client in each window. */
  max: number;
  windowMs: number;
}

/** Bound on remembered clients, so that a flood of addresses cannot grow memory without end. */
const MAX_CLIENTS = 10_000;

/**
 * A token bucket per client address: `max` requests at once, refilled evenly over `windowMs`. Over the
 * limit the request fails with `rate-limited` (429) and a Retry-After.
 */
export function rateLimiter(limit: RateLimit, now: () => number = Date.now): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = limit.max / limit.windowMs;
  return async (c, next) => {
    const client = peerAddress(c) ?? 'unknown';
    const t = now();
    let bucket = buckets.get(client);
    if (bucket) {
      bucket.tokens = Math.min(limit.max, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
    } else {
      if (buckets.size >= MAX_CLIENTS) forgetFullBuckets(buckets, limit.max, refillPerMs, t);
      bucket = { tokens: limit.max, at: t };
      buckets.set(client, bucket);
    }
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      throw new PresslensError('rate-limited', `more than ${limit.max} requests in ${limit.windowMs / 1000} s from this client; retry in ${retryAfterSeconds} s`, { cause: { retryAfterSeconds } });
    }
    bucket.tokens -= 1;
    await next();
  };
}

function forgetFullBuckets(buckets: Map<string, { tokens: number; at: number }>, max: number, refillPerMs: number, t: number): void {
  for (const [client, bucket] of buckets) if (bucket.tokens + (t - bucket.at) * refillPerMs >= max) buckets.delete(client);
  // Everyone is still throttled: drop the oldest half rather than grow.
  if (buckets.size >= MAX_CLIENTS) [...buckets.keys()].slice(0, MAX_CLIENTS / 2).forEach((k) => buckets.delete(k));
}

/** Parses "600/min", "10/s", "5000/hour" or "off". */
export function parseRateLimit(value: string): RateLimit | null {
  if (value === 'off') return null;
  const match = /^(\d+)\/(s|sec|second|min|minute|h|hour)$/.exec(value.trim());
  if (!match || Number(match[1]) < 1) throw new PresslensError('usage', `--rate-limit needs N/s, N/min, N/hour or off, not "${value}"`);
  const unit = match[2]!;
  const windowMs = unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000;
  return { max: Number(match[1]), windowMs };
}
