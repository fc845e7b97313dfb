// The API around its routes: request logging, one error mapper, authentication, the per-organization rate
// limit and membership for /v1/orgs/{org}/*, then the organization routes it is given. app.ts gives it all
// of them; the bench builds it with the check-in route alone, to measure what splitting per route saves.
import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_BODY_BYTES } from '@okr-ledger/api-contract';
import { loadOutputLint } from '@okr-ledger/okr-domain';
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
import { systemRoutes } from './routes/system.js';

export type ApiApp = OpenAPIHono<ApiEnv>;
/** A route factory under /v1/orgs/{org}: the routes of one resource, built over the API's dependencies. */
export type OrganizationRoutes = (deps: ApiDependencies) => OpenAPIHono<ApiEnv>;

const CHECK_IN_PATH = /^\/v1\/orgs\/[^/]+\/key-results\/[^/]+\/check-ins$/;
const BATCH_PATH = /^\/v1\/orgs\/[^/]+\/cycles\/[^/]+\/commands$/;
/** The routes that read the organization in the same batch as what they write (see their modules). */
const readsOrganizationItself = (path: string, method: string) =>
  method === 'POST' && (CHECK_IN_PATH.test(path) || BATCH_PATH.test(path));

/**
 * The API around the given organization routes: request log, body limit, one error mapper, the system
 * routes (health, OpenAPI, reference), and for /v1/orgs/{org}/* the KR lint's loading, authentication, the
 * rate limit and membership. `describe` builds the OpenAPI document when the deps carry no built one.
 */
export function createAppShell(
  deps: ApiDependencies,
  routes: readonly OrganizationRoutes[],
  describe: (app: ApiApp) => unknown,
): ApiApp {
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

  app.route('/', systemRoutes(deps.clock, deps.openApiDocument ?? (() => describe(app))));
  // The KR lint's grammar is loaded by the first request that may lint (at once outside the Lambda bundle).
  app.use('/v1/orgs/:org/*', async (_, next) => {
    await loadOutputLint();
    await next();
  });
  app.use('/v1/orgs/:org/*', authenticate(deps));
  if (deps.rateLimiter) app.use('/v1/orgs/:org/*', orgRateLimit(deps.rateLimiter));
  // The check-in and batch routes read the organization in the same batch as the streams they write.
  app.use('/v1/orgs/:org/*', membership(deps, { deferred: readsOrganizationItself }));
  for (const organizationRoutes of routes) app.route('/', organizationRoutes(deps));
  return app;
}
