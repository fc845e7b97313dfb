// Turns zod failures into 400 problems that name each offending field, the same way for the body, the
// query, the path and headers.
import type { ZodError } from 'zod';
import { type FieldProblem, ValidationError } from '../errors.js';
import { formatPath } from './problem.js';

const LOCATION_PREFIX: Record<string, string> = {
  json: '',
  query: 'query.',
  param: 'path.',
  header: 'header.',
  form: '',
  cookie: 'cookie.',
};

export function fieldProblems(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: `${prefix}${formatPath(issue.path)}` || prefix.replace(/\.$/, '') || '(body)',
    message: issue.message,
  }));
}

export function validationErrorOf(error: ZodError, target: string): ValidationError {
  const errors = fieldProblems(error, LOCATION_PREFIX[target] ?? `${target}.`);
  const fields = errors.map((problem) => problem.path).join(', ');
  return new ValidationError(`The request has invalid fields: ${fields}.`, errors);
}

/** The OpenAPIHono default hook: a failed validation becomes a thrown ValidationError for onError. */
export function rejectInvalid(result: { success: boolean; target: string; error?: ZodError }): void {
  if (!result.success && result.error) throw validationErrorOf(result.error, result.target);
}

/** A query's `from`…`to` window, when both are given, must not run backwards (400 naming `query.from`). */
export function assertOrdered(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) {
    throw new ValidationError('`from` must not be after `to`.', [
      { path: 'query.from', message: 'must not be after `to`' },
    ]);
  }
}
