// The local stack's token issuer: an RSA key pair created on first use and kept in a file, so tokens
// printed by `npm run token` stay valid across restarts. Tokens look like Google ID tokens and go
// through the very same verifier; only the issuer and key set differ.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';

export const LOCAL_ISSUER = 'https://issuer.okr-ledger.localhost';
export const LOCAL_AUDIENCE = 'okr-ledger-local-addon';

interface StoredKeys {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  publicJwks: { keys: JWK[] };
  /** Signs an ID token for `email`; extra claims override the defaults (tests craft bad tokens this way). */
  sign(email: string, overrides?: Record<string, unknown>, lifetimeSeconds?: number): Promise<string>;
}

/** A stable `sub` per email, so the same person signs in as the same subject every time. */
export const localSubjectOf = (email: string) =>
  `local-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 20)}`;

export async function createLocalIssuer(options: { keyFile?: string } = {}): Promise<LocalIssuer> {
  const stored = options.keyFile ? readKeys(options.keyFile) : null;
  const keys = stored ?? (await generateKeys());
  if (!stored && options.keyFile) {
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, JSON.stringify(keys), { mode: 0o600 });
  }
  const privateKey = await importJWK(keys.privateJwk, 'RS256');
  const publicJwks = { keys: [{ ...keys.publicJwk, kid: keys.kid, alg: 'RS256', use: 'sig' }] };
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    keys: createLocalJWKSet(publicJwks),
    publicJwks,
    async sign(email, overrides = {}, lifetimeSeconds = 3600) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        email: email.toLowerCase(),
        email_verified: true,
        iss: LOCAL_ISSUER,
        aud: LOCAL_AUDIENCE,
        sub: localSubjectOf(email),
        iat: now,
        exp: now + lifetimeSeconds,
        ...overrides,
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
        .sign(privateKey);
    },
  };
}

function readKeys(file: string): StoredKeys | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
  } catch {
    return null;
  }
}

async function generateKeys(): Promise<StoredKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = createHash('sha256').update(JSON.stringify(publicJwk)).digest('hex').slice(0, 16);
  return { kid, privateJwk: await exportJWK(privateKey), publicJwk };
}
