// Failures DynamoDB Local cannot produce, injected with aws-sdk-client-mock under a real app: a store
// that keeps throttling answers 503 with Retry-After; an unexpected error answers 500 with a request id,
// and neither the response nor the log carries a stack trace or the token.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';

const { doc } = createDynamoClients({ endpoint: 'http://127.0.0.1:9', region: 'local' });
const dynamo = mockClient(doc);
const logs: { level: string; message: unknown; extra: unknown[] }[] = [];
let app: ApiApp;
let issuer: LocalIssuer;

const organizationTip = (email: string, sub: string) => ({
  pk: 'acme#organization',
  sk: 0,
  kind: 'tip',
  org: 'acme',
  streamId: 'organization',
  version: 2,
  snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
  updatedAt: '2026-10-01T00:00:00.000Z',
  snapshot: {
    id: 'acme',
    name: 'Acme',
    timeZone: 'UTC',
    version: 2,
    members: { [email]: { email, role: 'admin', sub } },
  },
});

const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });

beforeAll(async () => {
  issuer = await createLocalIssuer();
  app = createApp({
    store: new EventStore({ client: doc, tableName: 'events', sleep: async () => undefined }),
    views: createViewsReader({ doc, viewsTableName: 'views' }),
    verifyToken: createTokenVerifier({
      keys: issuer.keys,
      issuers: [issuer.issuer],
      audience: issuer.audience,
      allowedHostedDomains: [],
    }),
    clock: () => new Date(),
    logger: {
      info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
      warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
      error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
    },
  });
});

afterEach(() => {
  dynamo.reset();
  logs.length = 0;
});

describe('faults of the store', () => {
  it('given DynamoDB keeps throttling, then 503 problem with Retry-After', async () => {
    // Prepare
    dynamo.on(GetCommand).rejects(throttled());
    const token = await issuer.sign('ada@acme.test');
    // Act
    const response = await app.request('/v1/orgs/acme/me', { headers: { authorization: `Bearer ${token}` } });
    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({
      type: 'https://okr-ledger.dev/problems/unavailable',
      status: 503,
    });
    expect(dynamo.commandCalls(GetCommand).length).toBeGreaterThan(1);
  });

  it('given an unexpected error, then 500 with the request id, and a log line without stack or token', async () => {
    // Prepare
    const token = await issuer.sign('ada@acme.test');
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
    };
    dynamo.on(GetCommand, { TableName: 'events' }).resolves({ Item: organizationTip('ada@acme.test', sub) });
    dynamo.on(GetCommand, { TableName: 'views' }).rejects(new TypeError('cannot read the views pointer'));
    // Act
    const response = await app.request('/v1/orgs/acme/cycles', {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-fault-0001' },
    });
    const body = (await response.json()) as Record<string, unknown>;
    // Assess
    expect(response.status).toBe(500);
    expect(body).toMatchObject({
      type: 'https://okr-ledger.dev/problems/internal',
      requestId: 'req-fault-0001',
    });
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+|cannot read the views pointer/);
    const logged = JSON.stringify(logs);
    expect(logs.find((line) => line.message === 'unexpected error')?.extra[0]).toMatchObject({
      requestId: 'req-fault-0001',
      errorName: 'TypeError',
    });
    expect(logged).not.toMatch(/\.ts:\d+/);
    expect(logged).not.toContain(token.split('.')[2]);
  });
});
