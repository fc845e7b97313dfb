// The append-only event store on DynamoDB: one stream per aggregate, a tip item per stream holding the
// version and the folded snapshot, and a command record per command id that makes appends idempotent.
// Every append is one TransactWriteItems, so a stream never shows half a command.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Actor, DomainEvent } from '@okr-ledger/okr-domain';
import {
  type CapacityUsage,
  type OnConsumedCapacity,
  type StoreOperation,
  toCapacityUsage,
} from './capacity.js';
import {
  CommandAlreadyRecordedError,
  CommandIdReusedError,
  DuplicateCommandError,
  IdTakenError,
  StoreUnavailableError,
  StreamVersionConflictError,
} from './errors.js';
import type { StorableItem, StorableValue } from './item-size.js';
import {
  type CommandItem,
  commandKey,
  cycleKey,
  type EventItem,
  type EventLike,
  lookupKey,
  type StoredEvent,
  streamKey,
  TIP_SK,
  type TipItem,
  toStoredEvent,
} from './items.js';
import { appendItems, assertKeyPart } from './append-items.js';
import { decompressJson } from './compressed-json.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, realSleep, type Sleep } from './retry.js';
import { BY_CYCLE_INDEX } from './tables.js';
import { classifyCancellation, isRetryable } from './transaction-cancellation.js';

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

const BATCH_GET_MAX_KEYS = 100;

/** One canonical form (UTC, milliseconds), so stored instants sort and compare correctly even as strings. */
function canonicalInstant(label: string, value: string | Date): string {
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) {
    throw new TypeError(`${label} is not a valid instant: ${String(value)}`);
  }
  return instant.toISOString();
}

export class EventStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly onConsumedCapacity: OnConsumedCapacity | undefined;

  constructor(private readonly options: EventStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.onConsumedCapacity = options.onConsumedCapacity;
    if (this.retry.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  }

  /** The same store, reporting the capacity of its requests to `listener` (e.g. for one measured command). */
  withCapacityListener(listener: OnConsumedCapacity): EventStore {
    return new EventStore({ ...this.options, onConsumedCapacity: listener });
  }

  /** One consistent read of the item at `sk = 0` of a partition: a tip, a command record or a look-up. */
  private async getHeadItem<T = Record<string, unknown>>(pk: string): Promise<T | null> {
    const output = await this.send('GetItem', (capacity) =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk, sk: TIP_SK },
          ConsistentRead: true,
          ReturnConsumedCapacity: capacity,
        }),
      ),
    );
    return (output.Item as T | undefined) ?? null;
  }

  async readTip<S = unknown>(org: string, streamId: string): Promise<StreamTip<S> | null> {
    assertKeyPart('org', org);
    assertKeyPart('streamId', streamId);
    const item = await this.getHeadItem<TipItem>(streamKey(org, streamId));
    return item ? toTip<S>(item, org) : null;
  }

  /** Reads a look-up written with an append (consistent), or null. */
  async readLookup(org: string, key: string): Promise<Record<string, unknown> | null> {
    assertKeyPart('org', org);
    assertKeyPart('lookup key', key);
    return this.getHeadItem(lookupKey(org, key));
  }

  async append<E extends EventLike>(input: AppendInput<E>): Promise<AppendResult> {
    const { org, streamId, expectedVersion, events, metadata } = input;
    assertKeyPart('org', org);
    assertKeyPart('streamId', streamId);
    assertKeyPart('commandId', metadata.commandId);
    if (input.cycleId !== undefined) assertKeyPart('cycleId', input.cycleId);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be a whole number ≥ 0, not ${expectedVersion}`);
    }
    if (events.length === 0) {
      const tip = await this.readTip(org, streamId);
      const version = tip?.version ?? 0;
      return { firstVersion: version + 1, lastVersion: version, replayed: false };
    }

    const recordedAt = canonicalInstant('metadata.recordedAt', metadata.recordedAt);
    const { recorded, uniqueLookups, eventItems, tipItem, commandItems, uniqueItems, plainItems } =
      appendItems(input, recordedAt);
    const firstVersion = expectedVersion + 1;
    const lastVersion = expectedVersion + events.length;

    const conditionalPut = (item: StorableItem) => ({
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        // ALL_OLD hands back the item that failed its check, saving a read to explain why.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    });
    const transactItems = [
      ...eventItems.map((item) => ({
        Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
      {
        Update: {
          ...this.tipUpdate(tipItem, expectedVersion),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      ...commandItems.map(conditionalPut),
      ...uniqueItems.map(conditionalPut),
      // Unconditional and placed last, so the cancellation reasons of the actions above keep their positions.
      ...plainItems.map((item) => ({ Put: { TableName: this.tableName, Item: item } })),
    ];

    try {
      await this.send('TransactWriteItems', (capacity) =>
        this.client.send(
          new TransactWriteCommand({ TransactItems: transactItems, ReturnConsumedCapacity: capacity }),
        ),
      );
      return {
        firstVersion,
        lastVersion,
        replayed: false,
        ...(input.response === undefined ? {} : { response: input.response }),
      };
    } catch (error) {
      const outcome = classifyCancellation(error, {
        events: events.length,
        commands: recorded.length,
        uniqueLookups: uniqueLookups.length,
      });
      if (outcome.kind === 'duplicate') {
        const taken = outcome.indexes.map((index) => recorded[index]?.commandId ?? '');
        if (input.commands !== undefined) throw new CommandAlreadyRecordedError(taken);
        const record = outcome.found
          ? toCommandRecord(unmarshall(outcome.found) as CommandItem, metadata.commandId)
          : await this.getCommand(org, metadata.commandId);
        return replayResult(record, streamId, metadata.commandId);
      }
      if (outcome.kind === 'conflict') {
        const tip = outcome.found
          ? toTip(unmarshall(outcome.found) as TipItem, org)
          : await this.readTip(org, streamId);
        throw new StreamVersionConflictError(
          streamId,
          expectedVersion,
          tip?.version ?? 0,
          tip?.snapshot ?? null,
          tip?.snapshotSchemaVersion ?? null,
          tip?.updatedAt ?? null,
        );
      }
      if (outcome.kind === 'idTaken') {
        throw new IdTakenError(outcome.indexes.map((index) => uniqueLookups[index]?.key ?? ''));
      }
      throw error;
    }
  }

  /**
   * The tip is updated rather than replaced so attributes a command does not mention survive it: a
   * check-in that names no cycle must not drop the objective from its cycle's listing.
   */
  private tipUpdate(tipItem: StorableItem, expectedVersion: number) {
    const { pk, sk, ...attributes } = tipItem;
    // Every attribute goes through a placeholder: several tip attribute names are DynamoDB reserved words.
    const names: Record<string, string> = {};
    const values: Record<string, StorableValue> = {};
    const assignments = Object.entries(attributes).map(([name, value]) => {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      return `#${name} = :${name}`;
    });
    if (expectedVersion !== 0) values[':expectedVersion'] = expectedVersion;
    // A tip written before snapshots were compressed loses its map form, so only one form is ever current.
    names['#uncompressedSnapshot'] = 'snapshot';
    return {
      TableName: this.tableName,
      Key: { pk, sk },
      UpdateExpression: `SET ${assignments.join(', ')} REMOVE #uncompressedSnapshot`,
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expectedVersion',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  async readStream<E extends EventLike = DomainEvent>(
    org: string,
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<StoredEvent<E>[]> {
    assertKeyPart('org', org);
    assertKeyPart('streamId', streamId);
    const fromVersion = Math.max(1, options.fromVersion ?? 1);
    const toVersion = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (toVersion < fromVersion) return [];
    const asOf = options.asOf === undefined ? undefined : Date.parse(canonicalInstant('asOf', options.asOf));
    const events: StoredEvent<E>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const exclusiveStartKey = startKey;
      const page = await this.send('Query', (capacity) =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': streamKey(org, streamId),
              ':from': fromVersion,
              ':to': toVersion,
            },
            ConsistentRead: true,
            Limit: options.pageSize,
            ExclusiveStartKey: exclusiveStartKey,
            ReturnConsumedCapacity: capacity,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const event = toStoredEvent<E>(item as EventItem);
        // As of an instant is a prefix of the stream, like the domain's fold: cutting at the first later
        // event (rather than filtering) never leaves a version gap when writers' clocks disagree slightly.
        if (asOf !== undefined && Date.parse(event.metadata.recordedAt) > asOf) return events;
        events.push(event);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return events;
  }

  async getCommand(org: string, commandId: string): Promise<CommandRecord | null> {
    assertKeyPart('org', org);
    assertKeyPart('commandId', commandId);
    const item = await this.getHeadItem<CommandItem>(commandKey(org, commandId));
    return item ? toCommandRecord(item, commandId) : null;
  }

  /** Stream ids of the objective streams of a cycle, sorted. The index is eventually consistent. */
  async listCycleStreams(org: string, cycleId: string): Promise<string[]> {
    assertKeyPart('org', org);
    assertKeyPart('cycleId', cycleId);
    const streamIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const exclusiveStartKey = startKey;
      const page = await this.send('Query', (capacity) =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: BY_CYCLE_INDEX,
            KeyConditionExpression: 'cyclePk = :cyclePk',
            ExpressionAttributeValues: { ':cyclePk': cycleKey(org, cycleId) },
            ExclusiveStartKey: exclusiveStartKey,
            ReturnConsumedCapacity: capacity,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.streamId === 'string') streamIds.push(item.streamId);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return streamIds;
  }

  /**
   * Every (organization, cycle) that has objectives, from a scan of the sparse `byCycle` index: one small
   * key-only entry per objective stream, never the events. What a job across all organizations (the
   * weekly digest) starts from. Eventually consistent, like the index.
   */
  async listCyclesWithObjectives(): Promise<{ org: string; cycleId: string }[]> {
    const found = new Map<string, { org: string; cycleId: string }>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const exclusiveStartKey = startKey;
      const page = await this.send('Scan', (capacity) =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            IndexName: BY_CYCLE_INDEX,
            ProjectionExpression: 'cyclePk',
            ExclusiveStartKey: exclusiveStartKey,
            ReturnConsumedCapacity: capacity,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const cyclePk = typeof item.cyclePk === 'string' ? item.cyclePk : '';
        const separator = cyclePk.indexOf('#');
        if (separator <= 0 || found.has(cyclePk)) continue;
        found.set(cyclePk, { org: cyclePk.slice(0, separator), cycleId: cyclePk.slice(separator + 1) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return [...found.values()];
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
    assertKeyPart('org', org);
    const streamIds = [...new Set(keys.streamIds)];
    const commandIds = [...new Set(keys.commandIds)];
    for (const streamId of streamIds) assertKeyPart('streamId', streamId);
    for (const commandId of commandIds) assertKeyPart('commandId', commandId);
    const commandPrefix = commandKey(org, '');
    const tips = new Map<string, StreamTip<S>>();
    const records = new Map<string, CommandRecord>();
    const items = await this.batchGetHeadItems([
      ...streamIds.map((streamId) => streamKey(org, streamId)),
      ...commandIds.map((commandId) => commandKey(org, commandId)),
    ]);
    for (const item of items) {
      if (item.kind === 'command') {
        const commandId = String(item.pk).slice(commandPrefix.length);
        records.set(commandId, toCommandRecord(item as unknown as CommandItem, commandId));
      } else if (item.kind === 'tip') {
        const tip = toTip<S>(item as unknown as TipItem, org);
        tips.set(tip.streamId, tip);
      }
    }
    return { tips, records };
  }

  /** The command records of many command ids (those never applied are absent), by batch reads. */
  async getCommands(org: string, commandIds: readonly string[]): Promise<Map<string, CommandRecord>> {
    return (await this.readHeads(org, { streamIds: [], commandIds })).records;
  }

  /**
   * Consistent batch reads of the items at `sk = 0` of many partitions, 100 keys a request, retrying the
   * keys DynamoDB leaves unprocessed when it throttles.
   */
  private async batchGetHeadItems(pks: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let start = 0; start < pks.length; start += BATCH_GET_MAX_KEYS) {
      let pending: Record<string, unknown>[] = pks
        .slice(start, start + BATCH_GET_MAX_KEYS)
        .map((pk) => ({ pk, sk: TIP_SK }));
      for (let round = 1; pending.length > 0; round += 1) {
        const keys = pending;
        const output = await this.send('BatchGetItem', (capacity) =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
              ReturnConsumedCapacity: capacity,
            }),
          ),
        );
        items.push(...(output.Responses?.[this.tableName] ?? []));
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length === 0) break;
        // DynamoDB returns unprocessed keys when it is throttling: back off like any other throttle.
        if (round >= this.retry.maxAttempts) throw new StoreUnavailableError('BatchGetItem', round);
        await this.sleep(backoffDelay(this.retry, round, this.random));
      }
    }
    return items;
  }

  /**
   * Sends one request, retrying transient failures with backoff, and reports each attempt to the capacity
   * listener. Failed attempts report zero units: DynamoDB returns no capacity with an error.
   */
  private async send<T extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    operation: StoreOperation,
    request: (returnConsumedCapacity: 'TOTAL' | undefined) => Promise<T>,
  ): Promise<T> {
    const capacity = this.onConsumedCapacity === undefined ? undefined : 'TOTAL';
    for (let attempt = 1; ; attempt += 1) {
      try {
        const output = await request(capacity);
        this.report(toCapacityUsage(operation, output.ConsumedCapacity));
        return output;
      } catch (error) {
        this.report({ operation, readUnits: 0, writeUnits: 0 });
        if (!isRetryable(error)) throw error;
        if (attempt >= this.retry.maxAttempts) {
          throw new StoreUnavailableError(operation, attempt, { cause: error });
        }
        await this.sleep(backoffDelay(this.retry, attempt, this.random));
      }
    }
  }

  private report(usage: CapacityUsage): void {
    this.onConsumedCapacity?.(usage);
  }
}

function toCommandRecord(item: CommandItem, commandId: string): CommandRecord {
  const response =
    item.responseGzip === undefined
      ? item.response
      : decompressJson<Record<string, unknown>>(item.responseGzip);
  return {
    commandId,
    streamId: item.streamId,
    firstVersion: item.firstVersion,
    lastVersion: item.lastVersion,
    ...(item.fingerprint === undefined ? {} : { fingerprint: item.fingerprint }),
    ...(item.appendId === undefined ? {} : { appendId: item.appendId }),
    ...(response === undefined ? {} : { response }),
    recordedAt: item.recordedAt,
  };
}

/** The first result of a command that was already applied (its response may have been lost on the way). */
function replayResult(record: CommandRecord | null, streamId: string, commandId: string): AppendResult {
  if (record === null) {
    // The record failed our condition a moment ago and records are never deleted: the read went wrong.
    throw new StoreUnavailableError('GetItem', 1, { cause: new DuplicateCommandError(commandId) });
  }
  if (record.streamId !== streamId) {
    throw new CommandIdReusedError(commandId, record.streamId, streamId);
  }
  return {
    firstVersion: record.firstVersion,
    lastVersion: record.lastVersion,
    replayed: true,
    ...(record.response === undefined ? {} : { response: record.response }),
  };
}

function toTip<S>(item: TipItem, org: string): StreamTip<S> {
  const cyclePrefix = `${org}#`;
  return {
    streamId: item.streamId,
    version: item.version,
    // Written by `append` from the state of this stream; the caller names the state type it stored.
    snapshot: (item.snapshotGzip === undefined ? item.snapshot : decompressJson(item.snapshotGzip)) as S,
    snapshotSchemaVersion: item.snapshotSchemaVersion,
    updatedAt: item.updatedAt,
    ...(item.cyclePk?.startsWith(cyclePrefix) ? { cycleId: item.cyclePk.slice(cyclePrefix.length) } : {}),
  };
}
