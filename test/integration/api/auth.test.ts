// Authentication and tenancy at the API boundary: every bad token is a 401 problem, an organization you
// are not a member of is indistinguishable from one that does not exist (404), and the first sign-in
// binds your Google account so another account with the same email is refused (403).

import { createViewsReader } from '@okr-ledger/projections';
import { base64url, exportSPKI, importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/api/src/app.js';
import { createLocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { loadOrganization } from '@okr-ledger/command-handling';
import { ACME, createAcme, useApi } from './support.js';

const api = useApi();
const ME = `/v1/orgs/${ACME.org}/me`;

beforeAll(async () => {
  await createAcme(api);
  await api.createOrganization('globex', { 'boss@globex.test': 'admin' });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

async function hs256WithPublicKey(): Promise<string> {
  const jwk = api.issuer.publicJwks.keys[0];
  if (!jwk) throw new Error('the issuer publishes a key');
  const publicKey = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256', { extractable: true });
  const pem = await exportSPKI(publicKey as Parameters<typeof exportSPKI>[0]);
  return new SignJWT({ email: ACME.admin, email_verified: true, sub: 'x' })
    .setProtectedHeader({ alg: 'HS256', kid: jwk.kid })
    .setIssuer(api.issuer.issuer)
    .setAudience(api.issuer.audience)
    .setIssuedAt(now())
    .setExpirationTime(now() + 600)
    .sign(new TextEncoder().encode(pem));
}

function unsigned(): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url.encode(
    JSON.stringify({
      iss: api.issuer.issuer,
      aud: api.issuer.audience,
      sub: 'x',
      email: ACME.admin,
      email_verified: true,
      iat: now(),
      exp: now() + 600,
    }),
  );
  return `${header}.${payload}.`;
}

describe('authentication', () => {
  it('given no token, when a member route is called, then 401 problem+json', async () => {
    // Act
    const reply = await api.call('GET', ME, { as: null });
    // Assess
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({
      type: 'https://okr-ledger.dev/problems/unauthenticated',
      status: 401,
      instance: ME,
    });
    expect(reply.body.requestId).toBe(reply.headers.get('x-request-id'));
  });

  const badTokens: [string, () => Promise<{ authorization: string }>, RegExp][] = [
    ['a malformed header', async () => ({ authorization: 'Bearer not-a-jwt' }), /Bearer <JWT>/],
    ['a non-bearer scheme', async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }), /Bearer <JWT>/],
    [
      'an expired token',
      async () => bearer(await api.issuer.sign(ACME.admin, { iat: now() - 7200, exp: now() - 3600 })),
      /expired/,
    ],
    [
      'a token not valid yet',
      async () => bearer(await api.issuer.sign(ACME.admin, { nbf: now() + 3600 })),
      /not valid yet/,
    ],
    [
      'a token for another audience',
      async () => bearer(await api.issuer.sign(ACME.admin, { aud: 'other-client' })),
      /"aud"/,
    ],
    [
      'a token from another issuer',
      async () => bearer(await api.issuer.sign(ACME.admin, { iss: 'https://evil.example' })),
      /"iss"/,
    ],
    [
      'a token signed by another key',
      async () => bearer(await (await createLocalIssuer()).sign(ACME.admin)),
      /signature|unknown key/,
    ],
    ['an unsigned token (alg none)', async () => bearer(unsigned()), /algorithm|malformed|cannot/],
    ['HS256 signed with the public key', async () => bearer(await hs256WithPublicKey()), /algorithm/],
    [
      'an unverified email',
      async () => bearer(await api.issuer.sign(ACME.admin, { email_verified: false })),
      /not verified/,
    ],
  ];

  it.each(badTokens)('given %s, then 401 with the reason', async (_, token, reason) => {
    // Act
    const reply = await api.call('GET', ME, { as: await token() });
    // Assess
    expect(reply.status).toBe(401);
    expect(String(reply.body.detail)).toMatch(reason);
  });

  it('given an account outside the allowed hosted domains, then 401', async () => {
    // Prepare: the same stack, verifying for the acme.test Workspace domain only
    const restricted = createApp({
      store: api.store,
      views: createViewsReader({ doc: api.tables.doc, viewsTableName: api.tables.viewsTableName }),
      verifyToken: createTokenVerifier({
        keys: api.issuer.keys,
        issuers: [api.issuer.issuer],
        audience: api.issuer.audience,
        allowedHostedDomains: ['acme.test'],
      }),
      clock: () => new Date(),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const inDomain = await api.issuer.sign(ACME.viewer, { hd: 'acme.test' });
    const outside = await api.issuer.sign(ACME.viewer, { hd: 'gmail.com' });
    // Act
    const accepted = await restricted.request(ME, { headers: bearer(inDomain) });
    const refused = await restricted.request(ME, { headers: bearer(outside) });
    // Assess
    expect(accepted.status).toBe(200);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/domain/);
  });

  it('never writes the token into the logs', async () => {
    // Prepare
    const token = await api.issuer.sign(ACME.admin, { aud: 'other-client' });
    // Act
    await api.call('GET', ME, { as: bearer(token) });
    // Assess
    expect(JSON.stringify(api.logs)).not.toContain(token.split('.')[2]);
  });
});

describe('tenancy', () => {
  it('given a member, when they ask who they are, then their email, sub and role', async () => {
    // Act
    const reply = await api.call('GET', ME, { as: ACME.editor });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ organizationId: ACME.org, email: ACME.editor, role: 'editor' });
    expect(reply.body.sub).toMatch(/^local-/);
  });

  it('given an organization the caller is not a member of, then 404 exactly like an unknown one', async () => {
    // Act
    const foreign = await api.call('GET', '/v1/orgs/globex/me', { as: ACME.admin });
    const unknown = await api.call('GET', '/v1/orgs/initech/me', { as: ACME.admin });
    const malformed = await api.call('GET', '/v1/orgs/NOT_AN_ORG/me', { as: ACME.admin });
    // Assess
    for (const reply of [foreign, unknown, malformed]) {
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe('https://okr-ledger.dev/problems/not-found');
      expect(String(reply.body.detail)).toMatch(/no organization '.*' that you are a member of/);
    }
    expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(unknown.body).sort());
  });

  it('given a first sign-in, then the Google sub is bound; another account with that email gets 403', async () => {
    // Prepare
    const first = await api.call('GET', '/v1/orgs/globex/me', { as: 'boss@globex.test' });
    const impostor = await api.issuer.sign('boss@globex.test', { sub: 'another-google-account' });
    // Act
    const refused = await api.call('GET', '/v1/orgs/globex/me', { as: bearer(impostor) });
    const again = await api.call('GET', '/v1/orgs/globex/me', { as: 'boss@globex.test' });
    // Assess
    expect(first.status).toBe(200);
    const organization = await loadOrganization(api.store, 'globex');
    expect(organization?.members['boss@globex.test']?.sub).toBe(first.body.sub);
    expect(refused.status).toBe(403);
    expect(String(refused.body.detail)).toMatch(/bound to another Google account/);
    expect(again.status).toBe(200);
  });
});

describe('unauthenticated routes and unknown paths', () => {
  it('serves /health without a token', async () => {
    const reply = await api.call('GET', '/health', { as: null });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('ok');
  });

  it('answers an unknown path with a 404 problem', async () => {
    const reply = await api.call('GET', '/v2/nothing', { as: null });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
  });
});
