// The views table unreachable while the events table answers (a throttled or timed-out read of the views,
// or the moment of a DynamoDB restart between two reads of one request): routes that read the views must
// answer a retryable 503 problem with Retry-After, like the store's own failures, never a 500.
import { createServer, type Server } from 'node:net';
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { useTestTables } from '../../support/dynamo.js';
import { createOrganization, problemDefect, readReply } from './api-harness.js';

const tables = useTestTables();
const ORG = 'viewsdownco';
const ADMIN = `admin@${ORG}.test`;

/** A loopback port that accepts connections and drops them at once: DynamoDB going away mid-request. */
let droppingServer: Server;
let droppingEndpoint: string;
let issuer: LocalIssuer;

beforeAll(async () => {
  droppingServer = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => droppingServer.listen(0, '127.0.0.1', resolve));
  const address = droppingServer.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  droppingEndpoint = `http://127.0.0.1:${address.port}`;
  issuer = await createLocalIssuer();
  await createOrganization(new EventStore({ client: tables.doc, tableName: tables.eventsTableName }), ORG, {
    [ADMIN]: 'admin',
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => droppingServer.close(() => resolve()));
});

describe('the views table unreachable', () => {
  it('answers every route that reads the views with a retryable 503 problem', async () => {
    // Prepare: the store on the real tables, the views reader on a connection that is always dropped.
    const unreachable = createDynamoClients({ endpoint: droppingEndpoint, ...LOCAL_DYNAMO_SETTINGS });
    const app = createApp({
      store: new EventStore({ client: tables.doc, tableName: tables.eventsTableName }),
      views: createViewsReader({ doc: unreachable.doc, viewsTableName: tables.viewsTableName }),
      verifyToken: createTokenVerifier({
        keys: issuer.keys,
        issuers: [issuer.issuer],
        audience: issuer.audience,
        allowedHostedDomains: [],
      }),
      clock: () => new Date(),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const authorization = `Bearer ${await issuer.sign(ADMIN)}`;
    const requests: [string, string, unknown][] = [
      ['GET', `/v1/orgs/${ORG}/cycles`, undefined],
      ['GET', `/v1/orgs/${ORG}/cycles/2026-Q4/okrs`, undefined],
      ['GET', `/v1/orgs/${ORG}/cycles/2026-Q4/changes`, undefined],
      ['GET', `/v1/orgs/${ORG}/cycles/2026-Q4/grades`, undefined],
      ['GET', `/v1/orgs/${ORG}/key-results/kr_unreachable1/history`, undefined],
    ];

    // Act
    const answers = [];
    for (const [method, path, body] of requests) {
      const reply = await readReply(
        await app.request(path, {
          method,
          headers: { authorization, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      answers.push({
        route: `${method} ${path}`,
        status: reply.status,
        problem: problemDefect(reply) ?? 'ok',
        retryAfter: reply.headers.get('retry-after') !== null,
      });
    }
    // A check-in reads no view (the events table says where its KR lives), so the outage does not reach it.
    const checkIn = await app.request(`/v1/orgs/${ORG}/key-results/kr_unreachable1/check-ins`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 1 }),
    });
    unreachable.client.destroy();

    // Assess
    expect(checkIn.status).toBe(404);
    expect(answers).toEqual(
      requests.map(([method, path]) => ({
        route: `${method} ${path}`,
        status: 503,
        problem: 'ok',
        retryAfter: true,
      })),
    );
  });
});
