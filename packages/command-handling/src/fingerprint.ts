// What makes two requests "the same request" for idempotency: the command as sent (its id aside), the stream
// it addresses and who sent it, in one canonical JSON form (keys sorted, absent fields dropped), hashed.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted and `undefined` members dropped, so equal commands give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

export interface FingerprintInput {
  streamId: string;
  /** The sender's stable id (Google `sub`): another person's request with the same key is another request. */
  callerSub: string;
  command: { commandId: string } & Record<string, unknown>;
}

export function fingerprintOf({ streamId, callerSub, command }: FingerprintInput): string {
  const { commandId: _id, ...body } = command;
  return createHash('sha256').update(canonicalJson({ streamId, callerSub, body })).digest('base64url');
}
