// Which failure becomes which status and problem type: the one mapping every route relies on.
import {
  AppendTooLargeError,
  CommandIdReusedError,
  StoreUnavailableError,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import type { DomainErrorCode } from '@okr-ledger/okr-domain';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import {
  domainErrorToHttp,
  problemOf,
  problemResponse,
  toHttpError,
} from '../../../functions/api/src/http/problem.js';

function mapped(error: unknown) {
  const known = toHttpError(error);
  if (!known) throw new Error(`expected ${String(error)} to be mapped`);
  return known;
}

const context = { instance: '/v1/orgs/demo/cycles', requestId: 'req-12345678' };

describe('mapping errors to problems', () => {
  it.each<[DomainErrorCode, number]>([
    ['not_found', 404],
    ['forbidden', 403],
    ['already_exists', 409],
    ['cycle_closed', 422],
    ['reason_required', 422],
    ['direction_contradicts_numbers', 422],
    ['wrong_measurement', 422],
  ])('a domain rejection %s answers %i', (code, status) => {
    // Act
    const error = domainErrorToHttp({ code, message: 'nope', path: ['definition', 'target'] });
    // Assess
    expect(error.status).toBe(status);
  });

  it('a broken domain rule names its code and the field path', () => {
    // Act
    const problem = problemOf(
      domainErrorToHttp({
        code: 'reason_required',
        message: 'a mid-cycle change needs a reason',
        path: ['reason'],
      }),
      context,
    );
    // Assess
    expect(problem).toMatchObject({
      type: 'https://okr-ledger.dev/problems/domain/reason_required',
      status: 422,
      code: 'reason_required',
      errors: [{ path: 'reason', message: 'a mid-cycle change needs a reason' }],
      requestId: 'req-12345678',
      instance: '/v1/orgs/demo/cycles',
    });
  });

  it.each([
    [new StreamVersionConflictError('objective-obj_12345678', 3, 5, null), 409],
    [new AppendTooLargeError('actions', 120, 100), 413],
    [new StoreUnavailableError('GetItem', 6), 503],
    [new CommandIdReusedError('cmd-12345678', 'objective-a', 'objective-b'), 422],
    [new HTTPException(400, { message: 'Malformed JSON in request body' }), 400],
    [new HTTPException(415, { message: 'Unsupported Media Type' }), 415],
  ])('%s answers %i', (error, status) => {
    expect(toHttpError(error)?.status).toBe(status);
  });

  it('a conflict carries the current version', () => {
    // Act
    const problem = problemOf(
      mapped(new StreamVersionConflictError('objective-obj_12345678', 3, 5, null)),
      context,
    );
    // Assess
    expect(problem.currentVersion).toBe(5);
  });

  it('an unknown error is not mapped (it becomes a 500 with a request id)', () => {
    expect(toHttpError(new TypeError('boom'))).toBeNull();
  });

  it('a 503 tells the client when to retry', async () => {
    // Act
    const response = problemResponse(problemOf(mapped(new StoreUnavailableError('GetItem', 6)), context));
    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 503,
      type: 'https://okr-ledger.dev/problems/unavailable',
    });
  });
});
