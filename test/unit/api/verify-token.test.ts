// The token verifier against every way a token can be wrong: each must end in a 401 with a reason.
import { base64url, exportSPKI, importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, type LocalIssuer } from '../../../functions/api/src/auth/local-issuer.js';
import { createTokenVerifier, type TokenVerifier } from '../../../functions/api/src/auth/verify-token.js';
import { AuthenticationError } from '../../../functions/api/src/errors.js';

let issuer: LocalIssuer;
let verify: TokenVerifier;
let verifyForDomain: TokenVerifier;

beforeAll(async () => {
  issuer = await createLocalIssuer();
  const base = { keys: issuer.keys, issuers: [issuer.issuer], audience: issuer.audience };
  verify = createTokenVerifier({ ...base, allowedHostedDomains: [] });
  verifyForDomain = createTokenVerifier({ ...base, allowedHostedDomains: ['example.com'] });
});

async function expectRejected(promise: Promise<unknown>, reason: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as AuthenticationError).status).toBe(401);
  expect((error as AuthenticationError).message).toMatch(reason);
}

describe('verifying ID tokens', () => {
  it('accepts a well-formed token and keys the person on sub, with the email lower-cased', async () => {
    // Prepare
    const token = await issuer.sign('Ada@Example.com', { hd: 'example.com' });
    // Act
    const identity = await verifyForDomain(`Bearer ${token}`);
    // Assess
    expect(identity.email).toBe('ada@example.com');
    expect(identity.sub).toMatch(/^local-[0-9a-f]{20}$/);
    expect(identity.hostedDomain).toBe('example.com');
  });

  it('checks the signature of a token once, then only its expiry, and refuses it once it has expired', async () => {
    // Prepare: a key set that counts its look-ups (one per signature check), and a clock we move
    let keyLookups = 0;
    let now = new Date();
    const counting = createTokenVerifier({
      keys: (header, token) => {
        keyLookups += 1;
        return issuer.keys(header, token);
      },
      issuers: [issuer.issuer],
      audience: issuer.audience,
      allowedHostedDomains: [],
      currentDate: () => now,
    });
    const token = await issuer.sign('ada@example.com', {}, 600);

    // Act
    const first = await counting(`Bearer ${token}`);
    const again = await counting(`Bearer ${token}`);
    now = new Date(now.getTime() + 3_600_000);
    const late = counting(`Bearer ${token}`);

    // Assess
    expect(again).toEqual(first);
    await expectRejected(late, /expired/);
    expect(keyLookups).toBe(2);
  });

  it('refuses a missing header', async () => {
    await expectRejected(verify(undefined), /Authorization/);
  });

  it('refuses a header that is not a bearer JWT', async () => {
    await expectRejected(verify('Basic dXNlcjpwYXNz'), /Bearer <JWT>/);
    await expectRejected(verify('Bearer not-a-jwt'), /Bearer <JWT>/);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = await issuer.sign('ada@example.com', { iat: past, exp: past + 3600 });
    await expectRejected(verify(`Bearer ${token}`), /expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await issuer.sign('ada@example.com', { nbf: Math.floor(Date.now() / 1000) + 3600 });
    await expectRejected(verify(`Bearer ${token}`), /not valid yet/);
  });

  it('refuses a token issued in the future', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    const token = await issuer.sign('ada@example.com', { iat: future, exp: future + 3600 });
    await expectRejected(verify(`Bearer ${token}`), /future/);
  });

  it('refuses a token for another audience', async () => {
    const token = await issuer.sign('ada@example.com', { aud: 'someone-elses-client-id' });
    await expectRejected(verify(`Bearer ${token}`), /"aud"/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await issuer.sign('ada@example.com', { iss: 'https://evil.example' });
    await expectRejected(verify(`Bearer ${token}`), /"iss"/);
  });

  it('refuses a token signed by another key', async () => {
    const stranger = await createLocalIssuer();
    const token = await stranger.sign('ada@example.com');
    await expectRejected(verify(`Bearer ${token}`), /signature|unknown key/);
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const token = await issuer.sign('ada@example.com');
    const [header, , signature] = token.split('.');
    const forged = base64url.encode(JSON.stringify({ email: 'root@example.com', email_verified: true }));
    await expectRejected(verify(`Bearer ${header}.${forged}.${signature}`), /signature|malformed|cannot/);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({
        iss: issuer.issuer,
        aud: issuer.audience,
        sub: 'x',
        email: 'ada@example.com',
        email_verified: true,
        iat: now,
        exp: now + 600,
      }),
    );
    await expectRejected(verify(`Bearer ${header}.${payload}.`), /algorithm|malformed|cannot/);
  });

  it('refuses a token signed with HS256 using the public key as the secret', async () => {
    // The classic confusion attack: the verifier's own public key used as an HMAC secret.
    const jwk = issuer.publicJwks.keys[0];
    if (!jwk) throw new Error('the local issuer publishes one key');
    const publicKey = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256', { extractable: true });
    const pem = await exportSPKI(publicKey as Parameters<typeof exportSPKI>[0]);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ email: 'ada@example.com', email_verified: true, sub: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid: jwk?.kid })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(pem));
    await expectRejected(verify(`Bearer ${token}`), /algorithm/);
  });

  it('refuses an account whose email is not verified', async () => {
    const token = await issuer.sign('ada@example.com', { email_verified: false });
    await expectRejected(verify(`Bearer ${token}`), /not verified/);
  });

  it('refuses a token without an email', async () => {
    const token = await issuer.sign('ada@example.com', { email: undefined });
    await expectRejected(verify(`Bearer ${token}`), /no email/);
  });

  it('refuses an account outside the allowed hosted domains', async () => {
    const other = await issuer.sign('eve@other.org', { hd: 'other.org' });
    const consumer = await issuer.sign('eve@gmail.com');
    await expectRejected(verifyForDomain(`Bearer ${other}`), /domain/);
    await expectRejected(verifyForDomain(`Bearer ${consumer}`), /domain/);
  });
});
