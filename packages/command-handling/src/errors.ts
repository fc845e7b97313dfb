// Why a command the caller expected to apply did not: the API maps each to its problem document, scripts
// print them. Each carries its HTTP status and a stable code.
import type { DomainError } from '@okr-ledger/okr-domain';

/** `decide` refused the command: a domain rule, with the field it concerns. */
export class CommandRejectedError extends Error {
  override readonly name = 'CommandRejectedError';
  readonly status = 422;

  constructor(readonly error: DomainError) {
    super(error.message);
  }

  get code(): string {
    return this.error.code;
  }
}

/** The idempotency key was used before for another request: the first write stands, this one is refused. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly status = 422;
  readonly code = 'idempotency_key_reused';

  constructor(readonly key: string) {
    super(
      `The idempotency key '${key}' was already used for a different request: send a new key for a new request.`,
    );
  }
}
