// When and how long to wait before repeating a DynamoDB call. Exponential backoff with full jitter spreads
// the retries of many writers so they do not collide again in lock step.

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 25, maxDelayMs: 2_000 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a uniformly random wait up to the exponential ceiling of this attempt (1-based). */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'TransactionConflictException',
  'LimitExceededException',
  'InternalServerError',
  'ReplicatedWriteConflictException',
  'ServiceUnavailable',
]);
const TIMEOUT_ERRORS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** Cancellation reasons of a transaction that say "not now" rather than "not allowed". */
export const RETRYABLE_CANCELLATION_CODES = new Set([
  'ThrottlingError',
  'TransactionConflict',
  'ProvisionedThroughputExceeded',
]);

interface ErrorFacts {
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Throttling, server faults, timeouts and dropped connections: the same request may succeed later. */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const facts = error as ErrorFacts;
  if (
    typeof facts.name === 'string' &&
    (THROTTLING_ERRORS.has(facts.name) || TIMEOUT_ERRORS.has(facts.name))
  ) {
    return true;
  }
  if (typeof facts.code === 'string' && NETWORK_ERROR_CODES.has(facts.code)) return true;
  if (facts.$retryable !== undefined) return true;
  const status = facts.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}
