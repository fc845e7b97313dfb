// Verifies Google ID tokens (or, locally, tokens of the local issuer) and turns them into an identity.
// One code path for both: only the key set and the accepted issuer differ, so there is no bypass.
import { type JWTPayload, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { BoundedMap } from '@okr-ledger/okr-domain';
import { AuthenticationError } from '../errors.js';

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

export interface Identity {
  sub: string;
  email: string;
  hostedDomain: string | null;
}

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuers: string[];
  /**
   * The accepted OAuth client ids (the Marketplace project's, bound scripts'): `aud` must hold one, and a
   * token naming several audiences must name one of these as its authorized party (`azp`).
   */
  audience: string | readonly string[];
  /** When non-empty, only accounts of these Google Workspace domains (`hd` claim) are accepted. */
  allowedHostedDomains: string[];
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  clockToleranceSeconds?: number;
  currentDate?: () => Date;
}

export type TokenVerifier = (authorizationHeader: string | undefined) => Promise<Identity>;

/** Verified tokens a container remembers: a sidebar sends the same token for up to an hour. */
const VERIFIED_TOKENS_KEPT = 1_000;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const tolerance = options.clockToleranceSeconds ?? 30;
  // A token verified once is the same token on its next request: only its expiry is checked again, which
  // spares the RSA signature check (the costliest step of a check-in outside DynamoDB).
  const verified = new BoundedMap<string, { identity: Identity; expiresAt: number }>(VERIFIED_TOKENS_KEPT);
  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    const now = Math.floor((options.currentDate?.() ?? new Date()).getTime() / 1000);
    const known = verified.get(token);
    if (known !== undefined) {
      if (now <= known.expiresAt + tolerance) return known.identity;
      verified.delete(token);
    }
    const payload = await verifySignatureAndClaims(token, options, tolerance);
    checkAuthorizedParty(payload, options.audience);
    const identity = identityOf(payload, options, tolerance);
    if (typeof payload.exp === 'number') {
      verified.set(token, { identity, expiresAt: payload.exp });
    }
    return identity;
  };
}

function bearerToken(header: string | undefined): string {
  if (!header)
    throw new AuthenticationError('An Authorization: Bearer <Google ID token> header is required.');
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match?.[1]) throw new AuthenticationError('The Authorization header must be "Bearer <JWT>".');
  return match[1];
}

async function verifySignatureAndClaims(
  token: string,
  options: TokenVerifierOptions,
  tolerance: number,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, options.keys, {
      issuer: options.issuers,
      audience: typeof options.audience === 'string' ? options.audience : [...options.audience],
      // Google signs ID tokens with RS256; naming it refuses `none`, HS256-with-public-key and other confusions.
      algorithms: ['RS256'],
      clockTolerance: tolerance,
      requiredClaims: ['sub', 'exp', 'iat', 'iss', 'aud'],
      ...(options.currentDate ? { currentDate: options.currentDate() } : {}),
    });
    return payload;
  } catch (error) {
    throw new AuthenticationError(describeJoseError(error));
  }
}

/**
 * OpenID Connect Core 3.1.3.7: with several audiences, the party the token was issued to (`azp`) must be
 * one of ours; otherwise a token minted for another client that merely lists ours would be accepted.
 */
function checkAuthorizedParty(payload: JWTPayload, audience: string | readonly string[]): void {
  if (!Array.isArray(payload.aud) || payload.aud.length < 2) return;
  const accepted = typeof audience === 'string' ? [audience] : audience;
  if (typeof payload.azp !== 'string' || !accepted.includes(payload.azp)) {
    throw new AuthenticationError(
      'The token names several audiences and was not issued to an accepted client (azp).',
    );
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    if (error.claim === 'iat') return 'The token was issued in the future.';
    return `The token's "${error.claim}" claim is not accepted.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm that is not accepted.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token is signed with an unknown key.';
  if (error instanceof joseErrors.JOSEError) return 'The token is malformed or cannot be verified.';
  return 'The token cannot be verified.';
}

function identityOf(payload: JWTPayload, options: TokenVerifierOptions, tolerance: number): Identity {
  const now = Math.floor((options.currentDate?.() ?? new Date()).getTime() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now + tolerance) {
    throw new AuthenticationError('The token was issued in the future.');
  }
  const email = payload.email;
  if (typeof email !== 'string' || email.length === 0) {
    throw new AuthenticationError('The token carries no email; request the email scope.');
  }
  if (payload.email_verified !== true && payload.email_verified !== 'true') {
    throw new AuthenticationError('The email address of this account is not verified.');
  }
  const hostedDomain = typeof payload.hd === 'string' ? payload.hd : null;
  if (options.allowedHostedDomains.length > 0 && !options.allowedHostedDomains.includes(hostedDomain ?? '')) {
    throw new AuthenticationError('Accounts of this domain are not allowed to sign in.');
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new AuthenticationError('The token carries no subject.');
  }
  return { sub: payload.sub, email: email.toLowerCase(), hostedDomain };
}
