// Owns what a person is told when something fails: every HTTP status, problem+json body and UrlFetch
// exception maps to one kind with a title and a plain message — never a stack trace.

export type FailureKind =
  | 'not_connected'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  | 'quota'
  | 'server_down'
  | 'busy'
  | 'needs_action'
  | 'unexpected';

export interface Failure {
  kind: FailureKind;
  status: number | null;
  /** The server's `detail`, or what went wrong locally. */
  detail: string;
  errors: { path: string; message: string }[];
}

/** A failure on its way to the person: carries its kind so handlers can choose how to show it. */
export class AddonError extends Error {
  override name = 'AddonError';

  constructor(readonly failure: Failure) {
    super(describeFailure(failure).message);
  }
}

export function failure(kind: FailureKind, detail = '', status: number | null = null): Failure {
  return { kind, status, detail, errors: [] };
}

interface ProblemLike {
  detail?: unknown;
  title?: unknown;
  errors?: unknown;
}

function problemErrors(errors: unknown): { path: string; message: string }[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, message } = item as { path?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [];
  });
}

/** A non-2xx response: its status decides the kind, its problem+json body (if any) the detail. */
export function failureFromResponse(status: number, body: unknown): Failure {
  const problem: ProblemLike = typeof body === 'object' && body !== null ? (body as ProblemLike) : {};
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : '';
  const kind: FailureKind =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not_found'
          : status === 409 || status === 412
            ? 'conflict'
            : status === 413
              ? 'too_large'
              : status === 429
                ? 'quota'
                : status === 400 || status === 422
                  ? 'invalid'
                  : status >= 500
                    ? 'server_down'
                    : 'unexpected';
  return { kind, status, detail, errors: problemErrors(problem.errors) };
}

const QUOTA_MESSAGES = /too many times|quota|bandwidth|rate limit/i;

/** UrlFetchApp threw instead of answering: no network, DNS, timeout — or the daily UrlFetch quota. */
export function failureFromException(message: string): Failure {
  const kind: FailureKind = QUOTA_MESSAGES.test(message) ? 'quota' : 'server_down';
  return { kind, status: null, detail: message.replace(/^Exception:\s*/, ''), errors: [] };
}

function withDetail(message: string, detail: string): string {
  return detail === '' ? message : `${message}\n\nThe server said: ${detail}`;
}

/** Title and message for an alert. */
export function describeFailure(f: Failure): { title: string; message: string } {
  switch (f.kind) {
    case 'not_connected':
      return {
        title: 'Not connected',
        message:
          'This spreadsheet is not connected yet. Choose OKR Ledger → Connect and enter the API address and your organization.',
      };
    case 'unauthorized':
      return {
        title: 'Sign-in rejected',
        message: withDetail(
          'The OKR Ledger API did not accept your Google sign-in. Reload the spreadsheet and try again; if it keeps happening, ask your admin to check the add-on’s client id on the server.',
          f.detail,
        ),
      };
    case 'forbidden':
      return {
        title: 'No permission',
        message: withDetail(
          'Your account is not allowed to do this in this organization. Ask an admin of your organization for the editor (or admin) role.',
          f.detail,
        ),
      };
    case 'not_found':
      return {
        title: 'Not found',
        message: withDetail(
          'OKR Ledger could not find what you asked for. Check the cycle id, and the organization in OKR Ledger → Connect.',
          f.detail,
        ),
      };
    case 'conflict':
      return {
        title: 'Changed by someone else',
        message: withDetail(
          'Someone changed this since you last pulled. Pull the cycle again, then retry.',
          f.detail,
        ),
      };
    case 'invalid': {
      const list = f.errors.map((e) => `• ${e.path === '' ? '' : `${e.path}: `}${e.message}`).join('\n');
      return {
        title: 'Not accepted',
        message: withDetail(`The server refused the request.${list === '' ? '' : `\n${list}`}`, f.detail),
      };
    }
    case 'too_large':
      return {
        title: 'Too much at once',
        message: withDetail(
          'The request was too large for the server. Push fewer changes at a time.',
          f.detail,
        ),
      };
    case 'quota':
      return {
        title: 'Try again later',
        message: withDetail(
          'Google or the OKR Ledger API is limiting requests right now (quota: 20,000 requests a day per person). Wait a few minutes and try again; your sheet edits are kept.',
          f.detail,
        ),
      };
    case 'server_down':
      return {
        title: 'Server unreachable',
        message: withDetail(
          'The OKR Ledger API did not answer properly. Check your connection and try again in a few minutes; your sheet edits are kept.',
          f.detail,
        ),
      };
    case 'busy':
      return {
        title: 'Busy',
        message: 'Someone else is syncing this spreadsheet right now. Try again in a moment.',
      };
    case 'needs_action':
      return { title: 'OKR Ledger', message: f.detail };
    case 'unexpected':
      return {
        title: 'Something went wrong',
        message: withDetail(
          'OKR Ledger could not finish. Try again; if it keeps happening, tell your admin.',
          f.detail,
        ),
      };
    default: {
      const unknownKind: never = f.kind;
      return { title: 'Something went wrong', message: String(unknownKind) };
    }
  }
}

/** Something the person must do first ("select a key result row"): shown as it is. */
export function needsAction(message: string): AddonError {
  return new AddonError(failure('needs_action', message));
}

/** Any thrown value as a failure: ours as they are, anything else as "unexpected" with its message only. */
export function toFailure(error: unknown): Failure {
  if (error instanceof AddonError) return error.failure;
  if (typeof error === 'object' && error !== null && 'failure' in error) {
    const candidate = (error as { failure: unknown }).failure;
    if (typeof candidate === 'object' && candidate !== null && 'kind' in candidate)
      return candidate as Failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure('unexpected', message.split('\n')[0] ?? '');
}
