// The per-organization token bucket on its own: burst, refill, the wait it announces, and independence
// between organizations.
import { describe, expect, it } from 'vitest';
import { OrgRateLimiter } from '../../../functions/api/src/http/rate-limit.js';

describe('OrgRateLimiter', () => {
  it('admits a burst, then refuses with the seconds until the next token', () => {
    // Prepare
    let now = 0;
    const limiter = new OrgRateLimiter({ requestsPerSecond: 0.5, burst: 2 }, () => now);

    // Act
    const admissions = [limiter.admit('acme'), limiter.admit('acme'), limiter.admit('acme')];
    now = 1000;
    const halfway = limiter.admit('acme');
    now = 2000;
    const refilled = limiter.admit('acme');

    // Assess
    expect(admissions).toEqual([
      { admitted: true },
      { admitted: true },
      { admitted: false, retryAfterSeconds: 2 },
    ]);
    expect(halfway).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(refilled).toEqual({ admitted: true });
  });

  it('keeps one bucket per organization', () => {
    // Prepare
    const limiter = new OrgRateLimiter({ requestsPerSecond: 1, burst: 1 }, () => 0);

    // Act / Assess
    expect(limiter.admit('acme')).toEqual({ admitted: true });
    expect(limiter.admit('acme').admitted).toBe(false);
    expect(limiter.admit('globex')).toEqual({ admitted: true });
  });

  it('never holds more than the burst, however long an organization was quiet', () => {
    // Prepare
    let now = 0;
    const limiter = new OrgRateLimiter({ requestsPerSecond: 10, burst: 3 }, () => now);
    limiter.admit('acme');
    now = 3_600_000;

    // Act
    const admitted = Array.from({ length: 5 }, () => limiter.admit('acme').admitted);

    // Assess
    expect(admitted).toEqual([true, true, true, false, false]);
  });
});
