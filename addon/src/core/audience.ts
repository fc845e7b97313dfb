// Owns telling a person which OAuth client the add-on signs in as: the `aud` and `azp` of the Google ID
// token ScriptApp.getIdentityToken() returns, read without verifying (the API verifies; this only names
// the client), and the exact line an admin adds to the stage so the API accepts it. The default Apps
// Script project shows no client id anywhere, so reading it from the token is the one reliable way.

export interface TokenAudience {
  /** The audience: the OAuth client id the token was issued for. */
  aud: string;
  /** The authorized party, when Google sets it (the client that asked for the token). */
  azp: string | null;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url → UTF-8 text; null when it is not base64url. */
function decodeBase64Url(text: string): string | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.replace(/=+$/, '')) {
    const value = BASE64URL.indexOf(char === '+' ? '-' : char === '/' ? '_' : char);
    if (value < 0) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  try {
    return decodeURIComponent(bytes.map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return null;
  }
}

export function decodeTokenAudience(token: string): TokenAudience | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  const json = decodeBase64Url(payload);
  if (json === null) return null;
  try {
    const claims = JSON.parse(json) as { aud?: unknown; azp?: unknown };
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (typeof aud !== 'string' || aud === '') return null;
    return { aud, azp: typeof claims.azp === 'string' && claims.azp !== '' ? claims.azp : null };
  } catch {
    return null;
  }
}

/** The client ids the API must accept for this add-on: the audience, and the authorized party if other. */
export function clientIdsOf(audience: TokenAudience): string[] {
  return audience.azp === null || audience.azp === audience.aud
    ? [audience.aud]
    : [audience.aud, audience.azp];
}

/** What an admin adds to the stage's deployment: the ids already accepted plus this add-on's. */
export function audienceConfigLine(audience: TokenAudience): string {
  return `npx cdk deploy -c stage=<stage> -c googleClientIds=<ids already accepted>,${clientIdsOf(audience).join(',')}`;
}

export function describeAudience(audience: TokenAudience | null): string {
  if (audience === null) return 'Google gave no readable identity token, so the client id is unknown.';
  const party =
    audience.azp !== null && audience.azp !== audience.aud ? ` (authorized party ${audience.azp})` : '';
  return [
    `This add-on signs in to the API as the OAuth client ${audience.aud}${party}.`,
    'If the API refuses the sign-in, an admin adds it to the accepted client ids of the stage:',
    audienceConfigLine(audience),
  ].join('\n');
}
