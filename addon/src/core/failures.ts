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
  | 'not_member'
  | 'timeout'
  | 'server_down'
  | 'busy'
  | 'needs_action'
  | 'unexpected';

export interface Failure {
  kind: FailureKind;
  status: number | null;
  /** The server's `detail`, or what went wrong locally. */
  detail: string;
  /** The problem+json `title` the server gave, e.g. "Domain rule broken". */
  title?: string;
  /** The problem+json's stable `code`, e.g. "idempotency_key_reused": what code decides on, never the text. */
  code?: string;
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
  code?: unknown;
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
  const title = typeof problem.title === 'string' ? problem.title : undefined;
  const detail = typeof problem.detail === 'string' ? problem.detail : (title ?? '');
  // The API answers 404 for an organization the caller is not a member of (it never reveals it exists).
  const notMember = status === 404 && /member of/i.test(detail);
  const kind: FailureKind =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : notMember
          ? 'not_member'
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
                    : status === 504
                      ? 'timeout'
                      : status >= 500
                        ? 'server_down'
                        : 'unexpected';
  return {
    kind,
    status,
    detail,
    errors: problemErrors(problem.errors),
    ...(title === undefined ? {} : { title }),
    ...(typeof problem.code === 'string' ? { code: problem.code } : {}),
  };
}

const QUOTA_MESSAGES = /too many times|quota|bandwidth|rate limit/i;
const TIMEOUT_MESSAGES = /^(Exception:\s*)?Timeout\b|timed out/i;

/** UrlFetchApp threw instead of answering: no network, DNS, timeout — or the daily UrlFetch quota. */
export function failureFromException(message: string): Failure {
  const kind: FailureKind = QUOTA_MESSAGES.test(message)
    ? 'quota'
    : TIMEOUT_MESSAGES.test(message)
      ? 'timeout'
      : 'server_down';
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
        title: 'Sign-in expired or refused',
        message: withDetail(
          'The OKR Ledger API did not accept your Google sign-in: it expired, or it was issued for a client id the API does not list. Reload the spreadsheet (Google issues a fresh one) and try again. If it keeps happening, ask your admin to add this add-on’s client id to the API (Connect → Help shows it).',
          f.detail,
        ),
      };
    case 'not_member':
      return {
        title: 'Not a member',
        message: withDetail(
          'Your Google account is not a member of this organization. Ask an admin of the organization to add your email address, or check the organization id in OKR Ledger → Connect.',
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
        title: f.title === undefined ? 'Not accepted' : `Not accepted: ${f.title}`,
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
      return f.status === null
        ? {
            title: 'Daily quota used up',
            message: withDetail(
              'Google limits how many web requests an add-on may make for you each day: 20,000 for a consumer (gmail.com) account, 100,000 for a Google Workspace account. The quota resets 24 hours after the first request; your sheet edits are kept.',
              f.detail,
            ),
          }
        : {
            title: 'Too many requests',
            message: withDetail(
              'The OKR Ledger API is limiting requests right now. Wait a minute and try again; your sheet edits are kept.',
              f.detail,
            ),
          };
    case 'timeout':
      return {
        title: 'No answer in time',
        message: withDetail(
          'The OKR Ledger API took too long to answer. It may still have saved what you sent: trying again is safe, nothing is recorded twice. Your sheet edits are kept.',
          f.detail,
        ),
      };
    case 'server_down':
      return {
        title: 'Server unreachable',
        message: withDetail(
          f.status === null
            ? 'The OKR Ledger API could not be reached (no network, a wrong address, or the server is down). Check the address in OKR Ledger → Connect and try again in a few minutes; your sheet edits are kept.'
            : `The OKR Ledger API failed (HTTP ${f.status}). Try again in a few minutes; your sheet edits are kept.`,
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
