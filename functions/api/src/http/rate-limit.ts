// Per-organization request rate limit: a token bucket per organization, kept in the container's memory
// so it adds no DynamoDB request to any call. Each container limits on its own; the gateway's stage
// throttle bounds the sum. It runs after the token check (junk never drains an organization's budget)
// and before membership, the first store read, so a refused request costs the store nothing.
import { BoundedMap } from '@okr-ledger/okr-domain';
import type { MiddlewareHandler } from 'hono';
import type { RateLimitSettings } from '../config.js';
import { HttpError } from '../errors.js';
import type { ApiEnv } from './env.js';

/** An organization went over its request budget; `Retry-After` says when a request will be accepted. */
export class TooManyRequestsError extends HttpError {
  constructor(
    organizationId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      429,
      'rate-limited',
      'Too many requests',
      `Organization '${organizationId}' is sending requests faster than its limit: retry in ${retryAfterSeconds} s.`,
      undefined,
      { retryAfterSeconds },
    );
    this.name = 'TooManyRequestsError';
  }
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** Buckets beyond this many are dropped oldest first, so made-up organization ids cannot grow memory. */
const MAX_BUCKETS = 10_000;

export class OrgRateLimiter {
  private readonly buckets = new BoundedMap<string, Bucket>(MAX_BUCKETS);

  constructor(
    readonly settings: RateLimitSettings,
    /** Milliseconds from a monotonic clock. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  admit(organizationId: string): Admission {
    const { requestsPerSecond: rate, burst } = this.settings;
    const now = this.now();
    const bucket = this.buckets.get(organizationId) ?? { tokens: burst, refilledAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    // Set again so the least recently used bucket is the one dropped.
    this.buckets.set(organizationId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { admitted: true };
    }
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
  }
}

export function orgRateLimit(limiter: OrgRateLimiter): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const org = c.req.param('org') ?? '';
    const admission = limiter.admit(org);
    if (!admission.admitted) throw new TooManyRequestsError(org, admission.retryAfterSeconds);
    await next();
  };
}
