// The API as the load and fault tests drive it: built with createApp over given tables, tokens from a
// local issuer checked by the real verifier, answers read into a plain shape (status, headers, JSON), and
// optionally served over real HTTP on the loopback interface.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { EventStore, type RetryPolicy } from '@okr-ledger/event-store';
import type { Role } from '@okr-ledger/okr-domain';
import { createViewsReader } from '@okr-ledger/projections';
import { type ApiApp, createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { runOrganizationCommand } from '../../../functions/api/src/commands/streams.js';
import type { ApiLogger } from '../../../functions/api/src/deps.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: unknown;
  extra: unknown[];
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: unknown;
}

export interface RequestOptions {
  /** An email to sign a valid token for, or a raw Authorization value, or null for none. */
  as?: string | { authorization: string } | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface LoadApi {
  app: ApiApp;
  store: EventStore;
  issuer: LocalIssuer;
  /** Every line the API logged, so a test can show what an unexpected answer was about. */
  logs: LogLine[];
  authorization(email: string): Promise<string>;
  /** A request in process (no socket). */
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
}

export interface LoadApiOptions {
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  viewsTableName: string;
  /** How the store retries transient DynamoDB failures before answering 503. */
  retry?: RetryPolicy;
}

export async function createLoadApi(options: LoadApiOptions): Promise<LoadApi> {
  const logs: LogLine[] = [];
  const logger: ApiLogger = {
    info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
    warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
    error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
  };
  const issuer = await createLocalIssuer();
  const store = new EventStore({
    client: options.doc,
    tableName: options.eventsTableName,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  const app = createApp({
    store,
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
  // Signing is slow next to a request; one token per person lasts the whole test.
  const tokens = new Map<string, Promise<string>>();
  const authorization = (email: string): Promise<string> => {
    const known = tokens.get(email);
    if (known) return known;
    const signed = issuer.sign(email).then((token) => `Bearer ${token}`);
    tokens.set(email, signed);
    return signed;
  };

  return {
    app,
    store,
    issuer,
    logs,
    authorization,
    async request(method, path, requestOptions = {}) {
      const init = await requestInit(method, requestOptions, authorization);
      return readReply(await app.request(path, init));
    },
  };
}

async function requestInit(
  method: string,
  options: RequestOptions,
  authorization: (email: string) => Promise<string>,
): Promise<RequestInit> {
  const headers = new Headers(options.headers);
  const as = options.as === undefined ? null : options.as;
  if (typeof as === 'string') headers.set('authorization', await authorization(as));
  else if (as !== null) headers.set('authorization', as.authorization);
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return { method, headers, ...(body === undefined ? {} : { body }) };
}

export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface HttpServer {
  baseUrl: string;
  /** A request over the socket, with the same options as the in-process one. */
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1 on a port the system picks, as the local stack does. */
export async function serveOverHttp(api: LoadApi): Promise<HttpServer> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    baseUrl,
    async request(method, path, options = {}) {
      const init = await requestInit(method, options, api.authorization);
      return readReply(await fetch(`${baseUrl}${path}`, init));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections of the test's fetch would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
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

/** A problem document as RFC 9457 and the API's contract describe it, or the reason it is not one. */
export function problemDefect(reply: Reply): string | null {
  const contentType = reply.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/problem+json')) return `content-type ${contentType}`;
  const body = reply.body as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object') return 'body is not a JSON object';
  for (const field of ['type', 'title', 'detail'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return `${field} missing`;
  }
  if (body.status !== reply.status) return `status ${String(body.status)} in a ${reply.status} answer`;
  return null;
}
