// Turns any error into an RFC 9457 problem document. The single place that knows which failure becomes
// which status, so routes throw typed errors and never build error responses themselves.
import { CommandRejectedError, IdempotencyKeyReusedError } from '@okr-ledger/command-handling';
import {
  AppendTooLargeError,
  CommandIdReusedError,
  isTransientError,
  StoreUnavailableError,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import type { DomainError } from '@okr-ledger/okr-domain';
import { HTTPException } from 'hono/http-exception';
import {
  ConflictError,
  DomainRuleError,
  ForbiddenError,
  HttpError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from '../errors.js';

export const PROBLEM_BASE_URI = 'https://okr-ledger.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Seconds a client should wait before repeating a request the store could not serve. */
export const RETRY_AFTER_SECONDS = 2;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/** Joins a field path the way clients show it: `commands.3.definition.target`. */
export const formatPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** Maps a domain rule violation to the status its meaning calls for; most are 422 (a rule was broken). */
export function domainErrorToHttp(error: DomainError, pathPrefix: readonly PropertyKey[] = []): HttpError {
  switch (error.code) {
    case 'not_found':
      return new NotFoundError(error.message);
    case 'forbidden':
      return new ForbiddenError(error.message);
    case 'already_exists':
      return new ConflictError(409, error.message, { code: error.code });
    default:
      return new DomainRuleError(error.code, error.message, [
        { path: formatPath([...pathPrefix, ...error.path]), message: error.message },
      ]);
  }
}

/** Errors from the store and the framework become their HTTP equivalent; anything unknown stays unknown. */
export function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof CommandRejectedError) return domainErrorToHttp(error.error);
  if (error instanceof IdempotencyKeyReusedError) {
    return new DomainRuleError(
      error.code,
      error.message,
      [{ path: 'Idempotency-Key', message: error.message }],
      {
        idempotencyKey: error.key,
      },
    );
  }
  if (error instanceof StreamVersionConflictError) {
    return new ConflictError(409, 'The resource changed since you read it: reload it and try again.', {
      currentVersion: error.currentVersion,
    });
  }
  if (error instanceof AppendTooLargeError) return new PayloadTooLargeError(error.message);
  if (error instanceof StoreUnavailableError) {
    return new ServiceUnavailableError('The store is busy or unreachable: repeat the request in a moment.');
  }
  if (error instanceof CommandIdReusedError) return new DomainRuleError('command_id_reused', error.message);
  if (error instanceof HTTPException) return fromFrameworkException(error);
  // Reads outside the event store (the views) fail the same transient ways: a retryable 503, never a 500.
  if (isTransientError(error)) {
    return new ServiceUnavailableError('The store is busy or unreachable: repeat the request in a moment.');
  }
  return null;
}

function fromFrameworkException(error: HTTPException): HttpError {
  switch (error.status) {
    case 400:
      return new MalformedRequestError(
        /json/i.test(error.message) ? 'The request body is not valid JSON.' : error.message,
      );
    case 413:
      return new PayloadTooLargeError('The request body is too large.');
    case 415:
      return new HttpError(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the body as application/json.',
      );
    default:
      return new HttpError(error.status, 'http', error.message || 'Request failed', error.message);
  }
}

export function problemOf(
  error: HttpError,
  context: { instance: string; requestId: string },
): ProblemDocument {
  return {
    code: error.problemType.replaceAll('-', '_'),
    ...error.extensions,
    type: `${PROBLEM_BASE_URI}${error.problemType}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance: context.instance,
    requestId: context.requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function internalProblem(context: { instance: string; requestId: string }): ProblemDocument {
  return {
    type: `${PROBLEM_BASE_URI}internal`,
    title: 'Internal error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${context.requestId} when reporting it.`,
    instance: context.instance,
    requestId: context.requestId,
  };
}

export function problemResponse(problem: ProblemDocument): Response {
  const headers = new Headers({ 'content-type': PROBLEM_CONTENT_TYPE });
  if (problem.status === 503) headers.set('retry-after', String(RETRY_AFTER_SECONDS));
  // A rate-limited answer knows when the organization's budget refills.
  if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') {
    headers.set('retry-after', String(problem.retryAfterSeconds));
  }
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
