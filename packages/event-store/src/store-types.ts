// The shapes the event store's callers speak: its options, what an append takes and answers, a stream's
// tip, a command's record and the options of a stream read.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor, DomainEvent } from '@okr-ledger/okr-domain';
import type { OnConsumedCapacity } from './capacity.js';
import type { EventLike } from './items.js';
import type { RetryPolicy, Sleep } from './retry.js';

export interface EventStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** Source of jitter; tests pin it to make waits predictable. */
  random?: () => number;
  /** Called once per request with the capacity DynamoDB reports (asks for it only when set). */
  onConsumedCapacity?: OnConsumedCapacity;
}

export interface StreamTip<S = unknown> {
  streamId: string;
  version: number;
  snapshot: S;
  snapshotSchemaVersion: number;
  updatedAt: string;
  /** Set on objective streams. */
  cycleId?: string;
}

export interface AppendInput<E extends EventLike = DomainEvent> {
  org: string;
  streamId: string;
  /** The version the caller decided on; 0 for a new stream. */
  expectedVersion: number;
  events: E[];
  metadata: { actor: Actor; commandId: string; recordedAt: string; schemaVersion?: number };
  /** The stream's state after these events, stored on the tip so the next command reads one item. */
  snapshot: unknown;
  snapshotSchemaVersion: number;
  /** Objective streams: puts the stream into the cycle's listing. */
  cycleId?: string;
  /** What a replay of this command answers; stored on the command record. */
  response?: Record<string, unknown>;
  /** Digest of the command and its sender, stored on the command record (see `CommandRecord`). */
  fingerprint?: string;
  /**
   * Several commands in one append, each with its own record: the events are theirs in this order
   * (`eventCount` each). When set, a record that already exists fails the append with
   * `CommandAlreadyRecordedError` instead of answering a replay: the caller decides what each one means.
   */
  commands?: AppendedCommand[];
  /**
   * Look-ups to write in the same transaction, so that a reader finds e.g. a new KR's objective the moment
   * the append is acknowledged, without waiting for the projector.
   */
  lookups?: LookupEntry[];
}

/**
 * One look-up: a key within the organization and the attributes it resolves to. A `unique` look-up is
 * written only if the key is free (an id is created once per organization), else the append fails with
 * `IdTakenError`; the others are last-writer-wins.
 */
export interface LookupEntry {
  key: string;
  attributes: Record<string, string | number | boolean | null>;
  unique?: boolean;
}

/** One command of a multi-command append: its id, its fingerprint, how many of the events are its own. */
export interface AppendedCommand {
  commandId: string;
  fingerprint: string;
  eventCount: number;
  response?: Record<string, unknown>;
  /** A random id of this append, kept on the record (see `CommandItem.appendId`). */
  appendId?: string;
  /**
   * No record is written: the id was minted for this one request and can never be sent again, so there
   * is nothing to answer a replay from or to refuse (a check-in sent without an Idempotency-Key).
   */
  unrecorded?: boolean;
}

export interface AppendResult {
  firstVersion: number;
  /** The stream version after the append; with no events, `firstVersion = lastVersion + 1` (an empty range). */
  lastVersion: number;
  /** True when the command id had already been applied: nothing was written, the first result is returned. */
  replayed: boolean;
  response?: Record<string, unknown>;
}

export interface CommandRecord {
  commandId: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  /** Absent on records written before fingerprints were kept. */
  fingerprint?: string;
  appendId?: string;
  response?: Record<string, unknown>;
  recordedAt: string;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only the events recorded at or before this instant (the stream's prefix up to the first later one). */
  asOf?: string | Date;
  /** Events per request; DynamoDB also stops a page at 1 MB. */
  pageSize?: number;
}
