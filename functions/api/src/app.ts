// Assembles the HTTP API from injected dependencies: request logging, one error mapper, authentication,
// the per-organization rate limit and membership for /v1/orgs/{org}/*, and the route factories. The
// Lambda, the local stack and the tests all build it here, so they serve the same thing.
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
import { batchRoutes } from './routes/batch.js';
import { attentionRoutes } from './routes/attention.js';
import { boardRoutes } from './routes/board.js';
import { settingsRoutes } from './routes/settings.js';
import { checkInRoutes } from './routes/check-ins.js';
import { cycleRoutes } from './routes/cycles.js';
import { memberRoutes } from './routes/members.js';
import { reportRoutes } from './routes/reports.js';
import { systemRoutes } from './routes/system.js';
import { teamRoutes } from './routes/teams.js';
import { alignmentRoutes } from './routes/alignment.js';
import { carryOverRoutes } from './routes/carry-over.js';

export const API_TITLE = 'OKR Ledger API';
export const API_VERSION = '1.0.0';

export type ApiApp = OpenAPIHono<ApiEnv>;

const CHECK_IN_PATH = /^\/v1\/orgs\/[^/]+\/key-results\/[^/]+\/check-ins$/;
const BATCH_PATH = /^\/v1\/orgs\/[^/]+\/cycles\/[^/]+\/commands$/;
/** The routes that read the organization in the same batch as what they write (see their modules). */
const readsOrganizationItself = (path: string, method: string) =>
  method === 'POST' && (CHECK_IN_PATH.test(path) || BATCH_PATH.test(path));

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

  app.route('/', systemRoutes(deps.clock, deps.openApiDocument ?? (() => openApiDocument(app))));
  // The KR lint's grammar is loaded by the first request that may lint (at once outside the Lambda bundle).
  app.use('/v1/orgs/:org/*', async (_, next) => {
    await loadOutputLint();
    await next();
  });
  app.use('/v1/orgs/:org/*', authenticate(deps));
  if (deps.rateLimiter) app.use('/v1/orgs/:org/*', orgRateLimit(deps.rateLimiter));
  // The check-in and batch routes read the organization in the same batch as the streams they write.
  app.use('/v1/orgs/:org/*', membership(deps, { deferred: readsOrganizationItself }));
  app.route('/', memberRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', teamRoutes(deps));
  app.route('/', alignmentRoutes(deps));
  app.route('/', carryOverRoutes(deps));
  app.route('/', cycleRoutes(deps));
  app.route('/', boardRoutes(deps));
  app.route('/', attentionRoutes(deps));
  app.route('/', batchRoutes(deps));
  app.route('/', checkInRoutes(deps));
  app.route('/', reportRoutes(deps));
  return app;
}

/** The rules a client relies on when it repeats a write, as the reference states them. */
export const IDEMPOTENCY_CONTRACT = [
  [
    "**Idempotency.** Every write has a command id: the `Idempotency-Key` header, else the body's",
    "`commandId` (in a batch, each command's `commandId`), else one the server mints (the request is then",
    'not safely repeatable). A key covers one request: the route, the stream it changes (objective,',
    'cycle, organization), the body (the command id aside, fields compared after normalisation) and the',
    'caller. Sent again with the same request, it answers the first answer (`replayed: true` where the',
    'response has it) and writes nothing. Sent with anything else (another value, another KR, another',
    'member, another person), it is refused with 422 `idempotency_key_reused` naming the key, and the',
    'first write stays as it was. Keys are kept for as long as the ledger: a key is never free again. In',
    'a batch each command has its own record, so a retried push with more commands applies only the new',
    'ones.',
  ].join(' '),
  [
    '**Ids** of objectives, KRs, initiatives and check-ins are unique in an organization: one already',
    "used anywhere in it is refused with `id_taken`. **Dates:** a check-in's `effectiveAt` is at most 5",
    'minutes ahead of the server and at least 31 days before its cycle starts',
    '(`effective_at_out_of_range`); a closed cycle takes no check-in (`cycle_closed`: reopen it first).',
    '**Text:** titles, names, units and reasons refuse control characters and bidirectional',
    'override/isolate characters (U+202A–U+202E, U+2066–U+2069); notes and descriptions may also hold',
    'tabs and line breaks. **Parents** must be objectives of the same organization and must not close a',
    'loop (`parent_not_found`, `parent_loop`). **Bodies** are at most 1 MB on every route (413, checked',
    'before parsing).',
  ].join(' '),
].join('\n\n');

export function openApiDocument(app: ApiApp) {
  return app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description:
        'Event-sourced OKRs for Google Sheets. Every route under /v1/orgs/{org} needs a Google ID token of a ' +
        'member of {org}; errors are application/problem+json (RFC 9457). Each organization has a request ' +
        'budget: beyond it a route answers 429 (type rate-limited) with Retry-After in seconds.\n\n' +
        IDEMPOTENCY_CONTRACT,
    },
    servers: [{ url: '/' }],
  });
}
