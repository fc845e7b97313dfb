// Member emails never reach the logs in clear: a log line carries a short SHA-256 of the address, which
// still lets one follow a person's requests (hash the address you look for) without storing it.
import { createHash } from 'node:crypto';

/** `email:` and the first 16 hex digits of the SHA-256 of the lower-cased address. */
export const hashEmail = (email: string): string =>
  `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16)}`;

// Plain or percent-encoded (`%40`), as paths such as /members/{email} carry it.
const EMAIL = /[A-Za-z0-9._%+-]+?(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Replaces every email address in a text (a path, an error message) with its hash. */
export const redactEmails = (text: string): string =>
  text.replace(EMAIL, (match) => hashEmail(decoded(match.replace(/%40/gi, '@'))));

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
