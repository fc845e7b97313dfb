// The API as the API specifications and the load/fault tests both build it: createApp over given tables,
// tokens from a local issuer checked by the real verifier, every log line kept for the test to read, and
// answers read into a plain shape (status, headers, text, parsed JSON).
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventStore } from '@okr-ledger/event-store';
import type { Role } from '@okr-ledger/okr-domain';
import { createViewsReader } from '@okr-ledger/projections';
import { type ApiApp, createApp } from '../../functions/api/src/app.js';
import { createLocalIssuer, type LocalIssuer } from '../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../functions/api/src/auth/verify-token.js';
import { runOrganizationCommand } from '@okr-ledger/command-handling';
import type { ApiLogger } from '../../functions/api/src/deps.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: unknown;
  extra: unknown[];
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (null when the body is not JSON). */
  body: T;
}

export interface RequestOptions {
  /** An email (a valid token is signed for it), a raw Authorization header value, or null for none. */
  as?: string | { authorization: string } | null;
  /** Sent as JSON. */
  body?: unknown;
  /** A raw body, sent as it is (for malformed JSON and size limits). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: ApiApp;
  issuer: LocalIssuer;
}

/** The app over `store` and the views table, logging into `logs`; views read without a pointer cache. */
export async function buildTestApp(options: {
  store: EventStore;
  doc: DynamoDBDocumentClient;
  viewsTableName: string;
  logs: LogLine[];
}): Promise<TestApp> {
  const { logs } = options;
  const logger: ApiLogger = {
    info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
    warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
    error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
  };
  const issuer = await createLocalIssuer();
  const app = createApp({
    store: options.store,
    views: createViewsReader({ doc: options.doc, viewsTableName: options.viewsTableName, pointerCacheMs: 0 }),
    verifyToken: createTokenVerifier({
      keys: issuer.keys,
      issuers: [issuer.issuer],
      audience: issuer.audience,
      allowedHostedDomains: [],
    }),
    clock: () => new Date(),
    logger,
  });
  return { app, issuer };
}

/**
 * A request as `options` describe it; `as` defaults to `defaultAs` (null: no Authorization header), and an
 * email is turned into a header by `authorization`.
 */
export async function requestInit(
  method: string,
  options: RequestOptions,
  authorization: (email: string) => Promise<string>,
  defaultAs: string | null = null,
): Promise<RequestInit> {
  const headers = new Headers(options.headers);
  const as = options.as === undefined ? defaultAs : options.as;
  if (typeof as === 'string') headers.set('authorization', await authorization(as));
  else if (as !== null) headers.set('authorization', as.authorization);
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return { method, headers, ...(body === undefined ? {} : { body }) };
}

export async function readReply<T = unknown>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body: body as T };
}

/** Creates an organization with its members straight through the store, as `npm run create-org` does. */
export async function createOrganization(
  store: EventStore,
  org: string,
  members: Record<string, Role>,
): Promise<void> {
  const first = Object.entries(members).find(([, role]) => role === 'admin')?.[0];
  if (first === undefined) throw new Error('an organization needs an admin');
  const writer = { store, org, actor: { sub: 'bootstrap', email: first }, role: 'admin' as const };
  const clock = () => new Date();
  await runOrganizationCommand(
    { ...writer, clock },
    {
      type: 'CreateOrganization',
      commandId: `org-${randomUUID()}`,
      organizationId: org,
      name: org,
      timeZone: 'Europe/Berlin',
      firstAdminEmail: first,
    },
  );
  for (const [email, role] of Object.entries(members)) {
    if (email === first) continue;
    await runOrganizationCommand(
      { ...writer, clock },
      { type: 'PutMember', commandId: `member-${randomUUID()}`, email, role },
    );
  }
}
