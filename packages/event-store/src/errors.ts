// Typed failures of the event store. Each carries the HTTP status the API answers with, so the API's single
// error mapper needs no knowledge of DynamoDB.

/** Common base so callers can tell store failures from programming errors with one `instanceof`. */
export abstract class EventStoreError extends Error {
  /** The HTTP status this failure means to a client (the API's problem mapper reads it). */
  abstract readonly status: number;
  /** Stable, for clients and logs. */
  abstract readonly code: string;
}

/** The stream moved on since the caller read it: the client must look at the current state and decide again. */
export class StreamVersionConflictError extends EventStoreError {
  override readonly name = 'StreamVersionConflictError';
  readonly status = 409;
  readonly code = 'version_conflict';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
    /** The stream's current folded state (null when the stream does not exist). */
    readonly currentSnapshot: unknown,
    /** Shape version of `currentSnapshot` (null when the stream does not exist). */
    readonly currentSnapshotSchemaVersion: number | null = null,
    /** When the stream last changed, as the tip says (null when unknown). */
    readonly currentUpdatedAt: string | null = null,
  ) {
    super(
      `Stream ${streamId} is at version ${currentVersion}, not ${expectedVersion}: reload and try again.`,
    );
  }
}

/**
 * The command id was already recorded. Never escapes `EventStore.append`: a duplicate is answered with the
 * first result (idempotency), so this only travels between the transaction parser and the replay path.
 */
export class DuplicateCommandError extends EventStoreError {
  override readonly name = 'DuplicateCommandError';
  readonly status = 409;
  readonly code = 'command_already_recorded';

  constructor(readonly commandId: string) {
    super(`Command ${commandId} was already applied.`);
  }
}

/** A command id was reused for another stream: the first command's result cannot answer this one. */
export class CommandIdReusedError extends EventStoreError {
  override readonly name = 'CommandIdReusedError';
  readonly status = 422;
  readonly code = 'idempotency_key_reused';

  constructor(
    readonly commandId: string,
    readonly recordedStreamId: string,
    readonly requestedStreamId: string,
  ) {
    super(
      `Command id ${commandId} was already used for ${recordedStreamId}; use a new id for ${requestedStreamId}.`,
    );
  }
}

/**
 * Some command records of a multi-command append already exist (a retry raced this one): nothing was
 * written, and the caller reads the records to answer each command.
 */
export class CommandAlreadyRecordedError extends EventStoreError {
  override readonly name = 'CommandAlreadyRecordedError';
  readonly status = 409;
  readonly code = 'command_already_recorded';

  constructor(readonly commandIds: string[]) {
    super(`Commands already recorded: ${commandIds.join(', ')}.`);
  }
}

/** An id the append would create is already taken in the organization (`LookupEntry.unique`). */
export class IdTakenError extends EventStoreError {
  override readonly name = 'IdTakenError';
  readonly status = 422;
  readonly code = 'id_taken';

  constructor(readonly keys: string[]) {
    super(`Already taken in this organization: ${keys.join(', ')}.`);
  }
}

export type AppendLimit = 'actions' | 'transactionBytes' | 'itemBytes';

/** The append would break a DynamoDB transaction limit; it was refused before anything was sent. */
export class AppendTooLargeError extends EventStoreError {
  override readonly name = 'AppendTooLargeError';
  readonly status = 413;
  readonly code = 'too_large';

  constructor(
    readonly limit: AppendLimit,
    readonly actual: number,
    readonly maximum: number,
  ) {
    super(AppendTooLargeError.describe(limit, actual, maximum));
  }

  private static describe(limit: AppendLimit, actual: number, maximum: number): string {
    switch (limit) {
      case 'actions':
        return `The append needs ${actual} transaction actions; at most ${maximum} fit in one transaction.`;
      case 'transactionBytes':
        return `The append writes about ${actual} bytes; one transaction holds at most ${maximum}.`;
      case 'itemBytes':
        return `One item of the append is about ${actual} bytes; DynamoDB items hold at most ${maximum}.`;
    }
  }
}

/** DynamoDB kept refusing or failing after every retry; the request may be repeated later as it is. */
export class StoreUnavailableError extends EventStoreError {
  override readonly name = 'StoreUnavailableError';
  readonly status = 503;
  readonly code = 'store_unavailable';

  constructor(
    readonly operation: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`The event store is unavailable (${operation} failed ${attempts} times): try again.`, options);
  }
}
