// Reads a cancelled TransactWriteItems of an append, action by action (events…, tip, command record): a
// failed condition on the command record is a replay, on the tip (or an event slot) a version conflict,
// and throttling or a transaction conflict is worth another attempt.
import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import { isTransientError, RETRYABLE_CANCELLATION_CODES } from './retry.js';

/** What a cancelled append means; `found` is the item that failed its condition, when DynamoDB returned it. */
export type CancellationOutcome =
  | { kind: 'duplicate'; found?: Record<string, AttributeValue> }
  | { kind: 'conflict'; found?: Record<string, AttributeValue> }
  | { kind: 'retryable' }
  | { kind: 'other' };

/** Reads what went wrong in a cancelled transaction, action by action (events…, tip, command record). */
export function classifyCancellation(error: unknown, eventCount: number): CancellationOutcome {
  if (!isCancellation(error)) return { kind: 'other' };
  const reasons = error.CancellationReasons ?? [];
  const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
  const tipIndex = eventCount;
  const commandIndex = eventCount + 1;
  // A replayed command also fails the tip check (the stream moved on); the command record wins.
  if (failed(commandIndex)) return withFound('duplicate', reasons[commandIndex]);
  if (failed(tipIndex)) return withFound('conflict', reasons[tipIndex]);
  // An event slot already taken while the tip still matched means a writer raced past the tip check.
  if (reasons.slice(0, eventCount).some((reason) => reason.Code === 'ConditionalCheckFailed')) {
    return { kind: 'conflict' };
  }
  if (hasRetryableReason(reasons)) return { kind: 'retryable' };
  return { kind: 'other' };
}

const withFound = (
  kind: 'duplicate' | 'conflict',
  reason: CancellationReason | undefined,
): CancellationOutcome => (reason?.Item === undefined ? { kind } : { kind, found: reason.Item });

const hasRetryableReason = (reasons: CancellationReason[]): boolean =>
  reasons.some((reason) => reason.Code !== undefined && RETRYABLE_CANCELLATION_CODES.has(reason.Code));

/** Throttled or conflicting transactions may pass later; a failed condition never will. */
function isRetryableCancellation(error: unknown): boolean {
  if (!isCancellation(error)) return false;
  const reasons = error.CancellationReasons ?? [];
  return !reasons.some((reason) => reason.Code === 'ConditionalCheckFailed') && hasRetryableReason(reasons);
}

function isCancellation(
  error: unknown,
): error is { name: 'TransactionCanceledException'; CancellationReasons?: CancellationReason[] } {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'TransactionCanceledException'
  );
}

/** Whether a failed request may succeed if sent again unchanged. */
export const isRetryable = (error: unknown): boolean =>
  isTransientError(error) || isRetryableCancellation(error);
