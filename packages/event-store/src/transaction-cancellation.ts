// Reads a cancelled TransactWriteItems of an append, action by action (events…, tip, command record): a
// failed condition on the command record is a replay, on the tip (or an event slot) a version conflict,
// and throttling or a transaction conflict is worth another attempt.
import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import { isTransientError, RETRYABLE_CANCELLATION_CODES } from './retry.js';

/** What a cancelled append means; `found` is the item that failed its condition, when DynamoDB returned it. */
export type CancellationOutcome =
  | { kind: 'duplicate'; indexes: number[]; found?: Record<string, AttributeValue> }
  | { kind: 'conflict'; found?: Record<string, AttributeValue> }
  | { kind: 'idTaken'; indexes: number[] }
  | { kind: 'retryable' }
  | { kind: 'other' };

/** How many actions of each kind an append sent, in this order: events, tip, command records, unique look-ups. */
export interface AppendShape {
  events: number;
  commands: number;
  uniqueLookups: number;
}

/** Reads what went wrong in a cancelled transaction, action by action. */
export function classifyCancellation(error: unknown, shape: AppendShape | number): CancellationOutcome {
  if (!isCancellation(error)) return { kind: 'other' };
  const { events, commands, uniqueLookups } =
    typeof shape === 'number' ? { events: shape, commands: 1, uniqueLookups: 0 } : shape;
  const reasons = error.CancellationReasons ?? [];
  const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
  const failedIn = (from: number, count: number) =>
    Array.from({ length: count }, (_, offset) => offset).filter((offset) => failed(from + offset));
  const tipIndex = events;
  const firstCommand = events + 1;
  const firstLookup = firstCommand + commands;
  // A replayed command also fails the tip check (the stream moved on); the command record wins.
  const duplicates = failedIn(firstCommand, commands);
  const firstDuplicate = duplicates[0];
  if (firstDuplicate !== undefined) {
    const reason = reasons[firstCommand + firstDuplicate];
    return reason?.Item === undefined
      ? { kind: 'duplicate', indexes: duplicates }
      : { kind: 'duplicate', indexes: duplicates, found: reason.Item };
  }
  if (failed(tipIndex)) return withFound('conflict', reasons[tipIndex]);
  // An event slot already taken while the tip still matched means a writer raced past the tip check.
  if (reasons.slice(0, events).some((reason) => reason.Code === 'ConditionalCheckFailed')) {
    return { kind: 'conflict' };
  }
  const taken = failedIn(firstLookup, uniqueLookups);
  if (taken.length > 0) return { kind: 'idTaken', indexes: taken };
  if (hasRetryableReason(reasons)) return { kind: 'retryable' };
  return { kind: 'other' };
}

const withFound = (kind: 'conflict', reason: CancellationReason | undefined): CancellationOutcome =>
  reason?.Item === undefined ? { kind } : { kind, found: reason.Item };

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
