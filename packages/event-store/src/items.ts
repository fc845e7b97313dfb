// The item formats of the events table. The projector reads these from the DynamoDB stream, so they are a
// contract: change them only together with the projector. Keys carry the organization so no query can
// cross tenants.
import type { DomainEvent, EventMetadata } from '@okr-ledger/okr-domain';

/** Anything shaped like a domain event: the store is generic over the streams it holds. */
export interface EventLike {
  type: string;
  data: unknown;
}

/** An event as read back: the fact plus its position in the stream and its metadata. */
export type StoredEvent<E extends EventLike = DomainEvent> = E & {
  streamId: string;
  version: number;
  metadata: EventMetadata;
};

export const streamKey = (org: string, streamId: string): string => `${org}#${streamId}`;
export const commandKey = (org: string, commandId: string): string => `${org}#cmd#${commandId}`;
export const cycleKey = (org: string, cycleId: string): string => `${org}#${cycleId}`;
/** Point look-ups written with the events, e.g. `keyResult:{id}` → the objective that holds the KR. */
export const lookupKey = (org: string, key: string): string => `${org}#lookup#${key}`;

/** `sk` of a stream's tip and of a command record; events use 1, 2, … */
export const TIP_SK = 0;

export interface EventItem {
  pk: string;
  sk: number;
  kind: 'event';
  org: string;
  streamId: string;
  version: number;
  eventType: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: string;
  cycleId?: string;
}

export interface TipItem {
  pk: string;
  sk: 0;
  kind: 'tip';
  org: string;
  streamId: string;
  version: number;
  /**
   * The folded state, gzipped JSON: write units are paid per kilobyte of the whole tip on every command,
   * and the state's repetitive JSON compresses several-fold.
   */
  snapshotGzip?: Uint8Array;
  /** The folded state as a map, as tips were written before compression; read, never written. */
  snapshot?: unknown;
  snapshotSchemaVersion: number;
  updatedAt: string;
  /** Only on objective streams: feeds the sparse `byCycle` index. */
  cyclePk?: string;
}

export interface CommandItem {
  pk: string;
  sk: 0;
  kind: 'command';
  org: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  /** Digest of the command as first sent and of its sender: the same key with another digest is refused. */
  fingerprint?: string;
  /** Which append wrote the record: lets a writer whose answer was lost recognise its own write. */
  appendId?: string;
  /** What a replay answers, gzipped JSON (older records hold it as a plain map in `response`). */
  responseGzip?: Uint8Array;
  response?: Record<string, unknown>;
  recordedAt: string;
}

export type EventsTableItem = EventItem | TipItem | CommandItem;

/** Turns a stored event item (from a query or a stream record) into the domain's recorded-event shape. */
export function toStoredEvent<E extends EventLike = DomainEvent>(item: EventItem): StoredEvent<E> {
  const event = {
    type: item.eventType,
    data: item.data,
    streamId: item.streamId,
    version: item.version,
    metadata: item.metadata,
  };
  // The item was written from an E by `append`; the table holds no other event shapes for this stream.
  return event as unknown as StoredEvent<E>;
}

export const isEventItem = (item: { kind?: unknown }): item is EventItem => item.kind === 'event';
