// Assembles the HTTP API from injected dependencies: request logging, one error mapper, authentication,
// the per-organization rate limit and membership for /v1/orgs/{org}/*, and the route factories. The
// Lambda, the local stack and the tests all build it here, so they serve the same thing.
import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_BODY_BYTES } from '@okr-ledger/api-contract';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, membership } from './auth/membership.js';
import type { ApiDependencies } from './deps.js';
import { NotFoundError, PayloadTooLargeError } from './errors.js';
import type { ApiEnv } from './http/env.js';
import { SECURITY_SCHEME } from './http/openapi.js';
import { internalProblem, problemOf, problemResponse, toHttpError } from './http/problem.js';
import { orgRateLimit } from './http/rate-limit.js';
import { redactEmails } from './http/redact.js';
import { requestLog } from './http/request-log.js';
import { rejectInvalid } from './http/validation.js';
import { batchRoutes } from './routes/batch.js';
import { boardRoutes } from './routes/board.js';
import { checkInRoutes } from './routes/check-ins.js';
import { cycleRoutes } from './routes/cycles.js';
import { memberRoutes } from './routes/members.js';
import { reportRoutes } from './routes/reports.js';
import { systemRoutes } from './routes/system.js';

export const API_TITLE = 'OKR Ledger API';
export const API_VERSION = '1.0.0';

export type ApiApp = OpenAPIHono<ApiEnv>;

export function createApp(deps: ApiDependencies): ApiApp {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: (result) => rejectInvalid(result) });

  app.use('*', requestLog(deps.logger));
  // One limit for every route, checked on Content-Length and while streaming, before anything is parsed.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(
          `A request body holds at most ${MAX_BODY_BYTES / 1024 / 1024} MB; split a push into several.`,
        );
      },
    }),
  );

  app.onError((error, c) => {
    const context = { instance: c.req.path, requestId: c.get('requestId') ?? 'unknown' };
    // Paths such as /members/{email} and error messages may carry an address: logs get its hash.
    const logged = { ...context, instance: redactEmails(context.instance) };
    const known = toHttpError(error);
    if (known) {
      if (known.status >= 500) deps.logger.warn('request refused', { ...logged, problem: known.problemType });
      return problemResponse(problemOf(known, context));
    }
    // Only the kind and message are logged: stack traces and request headers (tokens) stay out of logs.
    deps.logger.error('unexpected error', {
      ...logged,
      errorName: error instanceof Error ? error.name : typeof error,
      errorMessage: redactEmails(error instanceof Error ? error.message : String(error)),
    });
    return problemResponse(internalProblem(context));
  });

  app.notFound((c) =>
    problemResponse(
      problemOf(new NotFoundError(`No route ${c.req.method} ${c.req.path}.`), {
        instance: c.req.path,
        requestId: c.get('requestId') ?? 'unknown',
      }),
    ),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Google ID token (in the add-on: ScriptApp.getIdentityToken()); locally, `npm run token`.',
  });

  app.route(
    '/',
    systemRoutes(deps.clock, () => openApiDocument(app)),
  );
  app.use('/v1/orgs/:org/*', authenticate(deps));
  if (deps.rateLimiter) app.use('/v1/orgs/:org/*', orgRateLimit(deps.rateLimiter));
  app.use('/v1/orgs/:org/*', membership(deps));
  app.route('/', memberRoutes(deps));
  app.route('/', cycleRoutes(deps));
  app.route('/', boardRoutes(deps));
  app.route('/', batchRoutes(deps));
  app.route('/', checkInRoutes(deps));
  app.route('/', reportRoutes(deps));
  return app;
}

export function openApiDocument(app: ApiApp) {
  return app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description:
        'Event-sourced OKRs for Google Sheets. Every route under /v1/orgs/{org} needs a Google ID token of a ' +
        'member of {org}; errors are application/problem+json (RFC 9457). Each organization has a request ' +
        'budget: beyond it a route answers 429 (type rate-limited) with Retry-After in seconds.',
    },
    servers: [{ url: '/' }],
  });
}
