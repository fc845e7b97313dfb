// The API as the load and fault tests drive it: built with createApp over given tables, tokens from a
// local issuer checked by the real verifier, answers read into a plain shape (status, headers, JSON), and
// optionally served over real HTTP on the loopback interface.
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { EventStore, type RetryPolicy } from '@okr-ledger/event-store';
import type { ApiApp } from '../../../functions/api/src/app.js';
import type { LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import {
  buildTestApp,
  type LogLine,
  type Reply,
  type RequestOptions,
  readReply,
  requestInit,
} from '../../support/api-app.js';

export type { LogLine, Reply, RequestOptions } from '../../support/api-app.js';
export { createOrganization, readReply } from '../../support/api-app.js';

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
  const store = new EventStore({
    client: options.doc,
    tableName: options.eventsTableName,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  const { app, issuer } = await buildTestApp({
    store,
    doc: options.doc,
    viewsTableName: options.viewsTableName,
    logs,
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
