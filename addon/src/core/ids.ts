// Owns the ids the client mints for new rows, milestones, commands and check-ins. In a push they are
// fingerprints of what they stand for (the last pull's state, the row, the command), so pushing again
// after a push whose answer was lost sends the very same ids: the server replays what it already applied
// instead of recording it twice. Tests inject readable ids instead.
import type { Board } from '@okr-ledger/api-contract';

export type IdPrefix = 'obj' | 'kr' | 'ini' | 'ms' | 'chk' | 'cmd';

export interface IdSource {
  /** An id: the prefix, "_", then 8–40 url-safe characters; `seed` says what the id stands for. */
  next(prefix: IdPrefix, seed: string): string;
}

function fnv1a(text: string, offsetBasis: number): number {
  let hash = offsetBasis >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** 64 bits of FNV-1a as 14 base-36 characters: not cryptographic, only stable and well spread. */
export function fingerprint(text: string): string {
  const high = fnv1a(text, 0x811c9dc5).toString(36).padStart(7, '0');
  const low = fnv1a(`${text.length}:${text}`, 0x050c5d1f).toString(36).padStart(7, '0');
  return `${high}${low}`;
}

/** What the last pull looked like: changes whenever an applied command changed the board. */
export function boardSignature(board: Board): string {
  const versions = board.objectives.map((objective) => `${objective.id}@${objective.version}`).join(',');
  return fingerprint(`${board.organizationId}|${board.cycle.id}|${board.asOf}|${versions}`);
}

/** Ids that depend only on the last pull and on what they stand for. */
export function fingerprintIds(board: Board): IdSource {
  const signature = boardSignature(board);
  return { next: (prefix, seed) => `${prefix}_${fingerprint(`${signature}|${prefix}|${seed}`)}` };
}
