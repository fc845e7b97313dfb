// Backoff bounds and the classification of errors worth repeating.
import { backoffDelay, isTransientError, type RetryPolicy } from '@okr-ledger/event-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('backoffDelay', () => {
  it('stays within [0, min(max, base·2^(attempt−1))) for any attempt and jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (baseDelayMs, maxDelayMs, attempt, jitter) => {
          const policy: RetryPolicy = { maxAttempts: 100, baseDelayMs, maxDelayMs };
          const delay = backoffDelay(policy, attempt, () => jitter);
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it('doubles its ceiling per attempt up to the cap', () => {
    const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 300 };
    const ceilings = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 0.999_999) + 1);
    expect(ceilings).toEqual([50, 100, 200, 300, 300]);
  });
});

describe('isTransientError', () => {
  it.each([
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'ProvisionedThroughputExceededException' }, true],
    [{ name: 'RequestLimitExceeded' }, true],
    [{ name: 'TransactionConflictException' }, true],
    [{ name: 'TransactionInProgressException' }, true],
    [{ name: 'TimeoutError' }, true],
    [{ name: 'Error', code: 'ECONNRESET' }, true],
    [{ name: 'Error', code: 'ETIMEDOUT' }, true],
    [{ name: 'UnknownError', $metadata: { httpStatusCode: 503 } }, true],
    [{ name: 'SomethingThrottled', $retryable: { throttling: true } }, true],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 }, $retryable: undefined }, false],
    [{ name: 'ResourceNotFoundException' }, false],
    [{ name: 'ConditionalCheckFailedException' }, false],
    [{ name: 'TransactionCanceledException' }, false],
    ['a string', false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });
});
