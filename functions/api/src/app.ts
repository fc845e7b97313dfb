// Assembles the HTTP API from injected dependencies: the shell (app-shell.ts: logging, errors,
// authentication, rate limit, membership) around every organization route, and the OpenAPI document's
// title and contract. The Lambda, the local stack and the tests all build it here, so they serve the same.
import type { ApiDependencies } from './deps.js';
import { type ApiApp, createAppShell, type OrganizationRoutes } from './app-shell.js';
import { alignmentRoutes } from './routes/alignment.js';
import { attentionRoutes } from './routes/attention.js';
import { batchRoutes } from './routes/batch.js';
import { boardRoutes } from './routes/board.js';
import { carryOverRoutes } from './routes/carry-over.js';
import { checkInRoutes } from './routes/check-ins.js';
import { cycleRoutes } from './routes/cycles.js';
import { memberRoutes } from './routes/members.js';
import { reportRoutes } from './routes/reports.js';
import { settingsRoutes } from './routes/settings.js';
import { teamRoutes } from './routes/teams.js';

export { type ApiApp, createAppShell, type OrganizationRoutes } from './app-shell.js';

export const API_TITLE = 'OKR Ledger API';
export const API_VERSION = '1.0.0';

/** Every route under /v1/orgs/{org}, in the order they are matched. */
export const ORGANIZATION_ROUTES: readonly OrganizationRoutes[] = [
  memberRoutes,
  settingsRoutes,
  teamRoutes,
  alignmentRoutes,
  carryOverRoutes,
  cycleRoutes,
  boardRoutes,
  attentionRoutes,
  batchRoutes,
  checkInRoutes,
  reportRoutes,
];

export function createApp(deps: ApiDependencies): ApiApp {
  return createAppShell(deps, ORGANIZATION_ROUTES, openApiDocument);
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
