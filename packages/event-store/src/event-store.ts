// The append-only event store on DynamoDB: one stream per aggregate, a tip item per stream holding the
// version and the folded snapshot, and a command record per command id that makes appends idempotent.
// Every append is one TransactWriteItems, so a stream never shows half a command.
// This module owns the store's face; the requests, the append, the queries and the forms of what it hands
// out are the modules beside it.
import type { DomainEvent } from '@okr-ledger/okr-domain';
import type { OnConsumedCapacity } from './capacity.js';
import { append } from './append.js';
import { assertKeyPart } from './append-items.js';
import {
  commandKey,
  type CommandItem,
  type EventLike,
  lookupKey,
  type StoredEvent,
  streamKey,
  type TipItem,
} from './items.js';
import { StoreRequests } from './store-requests.js';
import type {
  AppendInput,
  AppendResult,
  CommandRecord,
  EventStoreOptions,
  ReadStreamOptions,
  StreamTip,
} from './store-types.js';
import { toCommandRecord, toTip } from './stored-forms.js';
import { listCycleStreams, listCyclesWithObjectives, readHeads, readStream } from './stream-reads.js';

export class EventStore {
  private readonly requests: StoreRequests;

  constructor(private readonly options: EventStoreOptions) {
    this.requests = new StoreRequests(options);
  }

  /** The same store, reporting the capacity of its requests to `listener` (e.g. for one measured command). */
  withCapacityListener(listener: OnConsumedCapacity): EventStore {
    return new EventStore({ ...this.options, onConsumedCapacity: listener });
  }

  async readTip<S = unknown>(org: string, streamId: string): Promise<StreamTip<S> | null> {
    assertKeyPart('org', org);
    assertKeyPart('streamId', streamId);
    const item = await this.requests.getHeadItem<TipItem>(streamKey(org, streamId));
    return item ? toTip<S>(item, org) : null;
  }

  /** Reads a look-up written with an append (consistent), or null. */
  async readLookup(org: string, key: string): Promise<Record<string, unknown> | null> {
    assertKeyPart('org', org);
    assertKeyPart('lookup key', key);
    return this.requests.getHeadItem(lookupKey(org, key));
  }

  async append<E extends EventLike>(input: AppendInput<E>): Promise<AppendResult> {
    return append(this.requests, this, input);
  }

  async readStream<E extends EventLike = DomainEvent>(
    org: string,
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<StoredEvent<E>[]> {
    return readStream<E>(this.requests, org, streamId, options);
  }

  async getCommand(org: string, commandId: string): Promise<CommandRecord | null> {
    assertKeyPart('org', org);
    assertKeyPart('commandId', commandId);
    const item = await this.requests.getHeadItem<CommandItem>(commandKey(org, commandId));
    return item ? toCommandRecord(item, commandId) : null;
  }

  /** Stream ids of the objective streams of a cycle, sorted. The index is eventually consistent. */
  async listCycleStreams(org: string, cycleId: string): Promise<string[]> {
    return listCycleStreams(this.requests, org, cycleId);
  }

  /**
   * Every (organization, cycle) that has objectives, from a scan of the sparse `byCycle` index: one small
   * key-only entry per objective stream, never the events. What a job across all organizations (the
   * weekly digest) starts from. Eventually consistent, like the index.
   */
  async listCyclesWithObjectives(): Promise<{ org: string; cycleId: string }[]> {
    return listCyclesWithObjectives(this.requests);
  }

  /** Tips of many streams, keyed by stream id; streams that do not exist are absent. */
  async batchReadTips<S = unknown>(
    org: string,
    streamIds: readonly string[],
  ): Promise<Map<string, StreamTip<S>>> {
    return (await this.readHeads<S>(org, { streamIds, commandIds: [] })).tips;
  }

  /**
   * Tips and command records together, in one consistent batch read (100 keys a request): what a command
   * needs to be decided, or answered from its record, in a single round trip.
   */
  async readHeads<S = unknown>(
    org: string,
    keys: { streamIds: readonly string[]; commandIds: readonly string[] },
  ): Promise<{ tips: Map<string, StreamTip<S>>; records: Map<string, CommandRecord> }> {
    return readHeads<S>(this.requests, org, keys);
  }

  /** The command records of many command ids (those never applied are absent), by batch reads. */
  async getCommands(org: string, commandIds: readonly string[]): Promise<Map<string, CommandRecord>> {
    return (await this.readHeads(org, { streamIds: [], commandIds })).records;
  }
}
