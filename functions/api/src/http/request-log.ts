// One structured log line per request (request id, org, route, status, latency, the member as a hash)
// and the request id on every response, so a user quoting an error's request id leads straight to its
// log line. Member emails appear only hashed (paths such as /members/{email} included).
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ApiLogger } from '../deps.js';
import type { ApiEnv } from './env.js';
import { hashEmail, redactEmails } from './redact.js';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

export function requestLog(logger: ApiLogger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const offered = c.req.header(REQUEST_ID_HEADER);
    const requestId =
      offered && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : (lambdaRequestId(c.env) ?? randomUUID());
    c.set('requestId', requestId);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
    const status = c.res.status;
    const identity = c.get('identity');
    const entry = {
      requestId,
      method: c.req.method,
      // The last matched entry is the route that answered (earlier ones are middleware).
      route: routePath(c, -1),
      path: redactEmails(c.req.path),
      org: c.get('caller')?.organizationId ?? organizationInPath(c.req.path),
      member: identity === undefined ? null : hashEmail(identity.email),
      status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error('request failed', entry);
    else logger.info('request', entry);
  };
}

const organizationInPath = (path: string): string | null => /^\/v1\/orgs\/([^/]+)/.exec(path)?.[1] ?? null;

/** In Lambda (hono/aws-lambda), the invocation's request id ties the log line to the platform's own logs. */
function lambdaRequestId(env: unknown): string | undefined {
  const context = (env as { lambdaContext?: { awsRequestId?: unknown } } | undefined)?.lambdaContext;
  return typeof context?.awsRequestId === 'string' ? context.awsRequestId : undefined;
}
