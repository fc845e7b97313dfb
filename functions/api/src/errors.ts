// HTTP-facing error classes. Each carries its status, a stable problem `type` and a stable `code` (the
// problem document's `code` member: a domain rule's code, or the type in snake case); the app's single
// `onError` turns any of them, and the store's and command handler's errors, into application/problem+json.
// The taxonomy: 400 malformed or invalid input, 401 no valid token, 403 role, 404 unknown, 409 version
// conflict, 412 failed If-Match, 413 too large, 422 a domain rule (or a reused idempotency key), 429 over
// the organization's budget, 503 the store is busy.

export interface FieldProblem {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldProblem[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export class AuthenticationError extends HttpError {
  constructor(detail: string) {
    super(401, 'unauthenticated', 'Not signed in', detail);
    this.name = 'AuthenticationError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Not allowed', detail);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail);
    this.name = 'NotFoundError';
  }
}

export class ValidationError extends HttpError {
  constructor(detail: string, errors: FieldProblem[]) {
    super(400, 'validation', 'Invalid request', detail, errors);
    this.name = 'ValidationError';
  }
}

export class MalformedRequestError extends HttpError {
  constructor(detail: string) {
    super(400, 'malformed', 'Malformed request', detail);
    this.name = 'MalformedRequestError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(detail: string) {
    super(413, 'too-large', 'Request too large', detail);
    this.name = 'PayloadTooLargeError';
  }
}

export class DomainRuleError extends HttpError {
  constructor(
    code: string,
    detail: string,
    errors: FieldProblem[] = [],
    extensions: Record<string, unknown> = {},
  ) {
    super(422, `domain/${code}`, 'Domain rule broken', detail, errors, { ...extensions, code });
    this.name = 'DomainRuleError';
  }
}

/**
 * The stream moved on since the client read it. The rule for the status: 412 when the client made the
 * write conditional (If-Match) and the condition failed, 409 otherwise (a version in the body, a batch
 * command, a create that found the thing existing).
 */
export class ConflictError extends HttpError {
  constructor(status: 409 | 412, detail: string, extensions: Record<string, unknown>) {
    super(status, 'conflict', status === 412 ? 'Precondition failed' : 'Conflict', detail, undefined, {
      code: status === 412 ? 'precondition_failed' : 'version_conflict',
      ...extensions,
    });
    this.name = 'ConflictError';
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'unavailable', 'Service unavailable', detail);
    this.name = 'ServiceUnavailableError';
  }
}
