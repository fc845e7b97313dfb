// Typed domain rule violations. `decide` returns them rather than throwing, so callers (API, sheet) can
// map each code to a status and show it on the field it concerns.

export type DomainErrorCode =
  | 'not_found'
  | 'already_exists'
  | 'cycle_closed'
  | 'cycle_not_active'
  | 'invalid_transition'
  | 'reason_required'
  | 'direction_contradicts_numbers'
  | 'start_equals_target'
  | 'invalid_definition'
  | 'unknown_key_result'
  | 'key_result_removed'
  | 'wrong_measurement'
  | 'objective_archived'
  | 'too_many_key_results'
  | 'too_many_initiatives'
  | 'unknown_check_in'
  | 'already_corrected'
  | 'forbidden'
  | 'no_change'
  | 'id_taken'
  | 'parent_not_found'
  | 'parent_loop'
  | 'effective_at_out_of_range'
  | 'not_linked'
  | 'invalid_settings'
  | 'digest_already_claimed'
  | 'parent_cycle_mismatch'
  | 'team_not_found'
  | 'team_loop'
  | 'team_name_taken';

export interface DomainError {
  code: DomainErrorCode;
  message: string;
  /** Path of the offending field in the command, e.g. ['definition', 'target']. */
  path: (string | number)[];
}

export type Decision<E> = { ok: true; events: E[] } | { ok: false; error: DomainError };

export const accept = <E>(...events: E[]): Decision<E> => ({ ok: true, events });
/** A rule violation as a value: what guards return and `reject` carries. */
export const domainError = (
  code: DomainErrorCode,
  message: string,
  path: (string | number)[] = [],
): DomainError => ({ code, message, path });

/** The one way a decider refuses: with an error a guard found, or with a new one. */
export function reject<E>(error: DomainError): Decision<E>;
export function reject<E>(code: DomainErrorCode, message: string, path?: (string | number)[]): Decision<E>;
export function reject<E>(
  codeOrError: DomainErrorCode | DomainError,
  message = '',
  path: (string | number)[] = [],
): Decision<E> {
  return {
    ok: false,
    error: typeof codeOrError === 'string' ? domainError(codeOrError, message, path) : codeOrError,
  };
}
