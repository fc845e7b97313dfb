// What operating the API shared by many organizations needs, on DynamoDB Local: a per-organization rate
// limit that answers 429 problem+json with Retry-After before any store request and leaves the other
// organizations alone; member emails only hashed in the logs; and token audiences as a list, with the
// authorized party (`azp`) checked when a token names several.
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApp } from '../../../functions/api/src/app.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { OrgRateLimiter } from '../../../functions/api/src/http/rate-limit.js';
import { hashEmail } from '../../../functions/api/src/http/redact.js';
import { ACME, createAcme, useApi } from './support.js';

const api = useApi();
const GLOBEX = { org: 'globex', admin: 'admin@globex.test' } as const;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  await createAcme(api);
  await api.createOrganization(GLOBEX.org, { [GLOBEX.admin]: 'admin' });
});

describe('the per-organization rate limit', () => {
  let app: ApiApp;
  let clockMs = 0;
  let dynamoRequests = 0;

  beforeAll(() => {
    // Prepare: the API over its own client, which counts every request it sends to DynamoDB, with a
    // budget of 1 request/s and bursts of 3 on a clock the test moves.
    const { doc } = createDynamoClients({ endpoint: api.tables.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    doc.middlewareStack.add(
      (next) => async (args) => {
        dynamoRequests += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    app = createApp({
      store: new EventStore({ client: doc, tableName: api.tables.eventsTableName }),
      views: createViewsReader({ doc, viewsTableName: api.tables.viewsTableName, pointerCacheMs: 0 }),
      verifyToken: createTokenVerifier({
        keys: api.issuer.keys,
        issuers: [api.issuer.issuer],
        audience: api.issuer.audience,
        allowedHostedDomains: [],
      }),
      clock: () => new Date(),
      logger: quiet,
      rateLimiter: new OrgRateLimiter({ requestsPerSecond: 1, burst: 3 }, () => clockMs),
    });
  });

  const me = async (org: string, email: string) =>
    app.request(`/v1/orgs/${org}/me`, { headers: bearer(await api.issuer.sign(email)) });

  it('answers 429 problem+json with Retry-After once an organization spends its burst, without a store request', async () => {
    // Prepare
    const within = [];
    for (let request = 0; request < 3; request += 1) within.push((await me(ACME.org, ACME.admin)).status);
    const requestsBefore = dynamoRequests;

    // Act
    const refused = await me(ACME.org, ACME.admin);

    // Assess
    expect(within).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      type: 'https://okr-ledger.dev/problems/rate-limited',
      status: 429,
      retryAfterSeconds: 1,
      detail: expect.stringContaining("'acme'"),
    });
    expect(dynamoRequests).toBe(requestsBefore);
  });

  it('leaves another organization its whole budget', async () => {
    // Act
    const statuses = [];
    for (let request = 0; request < 3; request += 1)
      statuses.push((await me(GLOBEX.org, GLOBEX.admin)).status);

    // Assess
    expect(statuses).toEqual([200, 200, 200]);
    expect((await me(ACME.org, ACME.admin)).status).toBe(429);
  });

  it('does not count requests without a valid token against an organization', async () => {
    // Prepare: acme's bucket refills one request.
    clockMs += 1000;

    // Act
    const anonymous = await app.request(`/v1/orgs/${ACME.org}/me`);
    const signedIn = await me(ACME.org, ACME.admin);

    // Assess
    expect(anonymous.status).toBe(401);
    expect(signedIn.status).toBe(200);
  });

  it('admits the organization again as its bucket refills', async () => {
    // Prepare
    expect((await me(ACME.org, ACME.admin)).status).toBe(429);

    // Act
    clockMs += 2000;
    const statuses = [(await me(ACME.org, ACME.admin)).status, (await me(ACME.org, ACME.admin)).status];

    // Assess
    expect(statuses).toEqual([200, 200]);
    expect((await me(ACME.org, ACME.admin)).status).toBe(429);
  });
});

describe('member emails in the logs', () => {
  it('appear only as hashes, in the path and as the caller', async () => {
    // Prepare
    const newcomer = 'Grace.Hopper@acme.test';
    api.logs.length = 0;

    // Act
    const put = await api.call('PUT', `/v1/orgs/${ACME.org}/members/${encodeURIComponent(newcomer)}`, {
      body: { role: 'viewer' },
    });
    const plain = await api.call('GET', `/v1/orgs/${ACME.org}/members/${newcomer.toLowerCase()}`);

    // Assess
    expect([put.status, plain.status]).toEqual([200, 200]);
    const written = JSON.stringify(api.logs);
    expect(written).not.toMatch(/grace\.hopper/i);
    expect(written).not.toContain(ACME.admin);
    const lines = api.logs.map((line) => line.extra[0] as { path: string; member: string });
    expect(lines.map((line) => line.path)).toEqual([
      `/v1/orgs/${ACME.org}/members/${hashEmail(newcomer)}`,
      `/v1/orgs/${ACME.org}/members/${hashEmail(newcomer)}`,
    ]);
    expect(lines.map((line) => line.member)).toEqual([hashEmail(ACME.admin), hashEmail(ACME.admin)]);
    expect(hashEmail(newcomer)).toMatch(/^email:[0-9a-f]{16}$/);
  });
});

describe('token audiences', () => {
  const BOUND_SCRIPT = '210987654321-bound0script.apps.googleusercontent.com';
  let app: ApiApp;

  beforeAll(() => {
    // Prepare: the stage accepts the add-on's client and a bound script's.
    app = createApp({
      store: api.store,
      views: createViewsReader({ doc: api.tables.doc, viewsTableName: api.tables.viewsTableName }),
      verifyToken: createTokenVerifier({
        keys: api.issuer.keys,
        issuers: [api.issuer.issuer],
        audience: [api.issuer.audience, BOUND_SCRIPT],
        allowedHostedDomains: [],
      }),
      clock: () => new Date(),
      logger: quiet,
    });
  });

  const meWith = async (claims: Record<string, unknown>) => {
    const response = await app.request(`/v1/orgs/${ACME.org}/me`, {
      headers: bearer(await api.issuer.sign(ACME.viewer, claims)),
    });
    return { status: response.status, body: (await response.json()) as { detail?: string } };
  };

  it('accepts a token for any listed client id', async () => {
    expect((await meWith({})).status).toBe(200);
    expect((await meWith({ aud: BOUND_SCRIPT })).status).toBe(200);
  });

  it('refuses a token for another client', async () => {
    const reply = await meWith({ aud: '999-foreign.apps.googleusercontent.com' });
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toMatch(/"aud"/);
  });

  it('with several audiences, accepts only an authorized party (azp) among the listed ids', async () => {
    // Prepare
    const audiences = ['999-foreign.apps.googleusercontent.com', BOUND_SCRIPT];

    // Act
    const ours = await meWith({ aud: audiences, azp: BOUND_SCRIPT });
    const theirs = await meWith({ aud: audiences, azp: '999-foreign.apps.googleusercontent.com' });
    const none = await meWith({ aud: audiences });

    // Assess
    expect(ours.status).toBe(200);
    expect([theirs.status, none.status]).toEqual([401, 401]);
    expect(theirs.body.detail).toMatch(/azp/);
    expect(none.body.detail).toMatch(/azp/);
  });
});
