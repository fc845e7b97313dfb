// Owns the store's queries: a stream's events (from and to a version, or as of an instant), the objective
// streams of a cycle and the cycles with objectives (from the sparse `byCycle` index), and tips with
// command records in one batch read.
import type { DomainEvent } from '@okr-ledger/okr-domain';
import { assertKeyPart } from './append-items.js';
import {
  type CommandItem,
  commandKey,
  cycleKey,
  type EventItem,
  type EventLike,
  type StoredEvent,
  streamKey,
  type TipItem,
  toStoredEvent,
} from './items.js';
import type { StoreRequests } from './store-requests.js';
import type { CommandRecord, ReadStreamOptions, StreamTip } from './store-types.js';
import { canonicalInstant, toCommandRecord, toTip } from './stored-forms.js';
import { BY_CYCLE_INDEX } from './tables.js';

export async function readStream<E extends EventLike = DomainEvent>(
  requests: StoreRequests,
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
  const pages = requests.pages('Query', {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': streamKey(org, streamId), ':from': fromVersion, ':to': toVersion },
    ConsistentRead: true,
    Limit: options.pageSize,
  });
  for await (const items of pages) {
    for (const item of items) {
      const event = toStoredEvent<E>(item as unknown as EventItem);
      // As of an instant is a prefix of the stream, like the domain's fold: cutting at the first later
      // event (rather than filtering) never leaves a version gap when writers' clocks disagree slightly.
      if (asOf !== undefined && Date.parse(event.metadata.recordedAt) > asOf) return events;
      events.push(event);
    }
  }
  return events;
}

/** Stream ids of the objective streams of a cycle, sorted. The index is eventually consistent. */
export async function listCycleStreams(
  requests: StoreRequests,
  org: string,
  cycleId: string,
): Promise<string[]> {
  assertKeyPart('org', org);
  assertKeyPart('cycleId', cycleId);
  const streamIds: string[] = [];
  const pages = requests.pages('Query', {
    IndexName: BY_CYCLE_INDEX,
    KeyConditionExpression: 'cyclePk = :cyclePk',
    ExpressionAttributeValues: { ':cyclePk': cycleKey(org, cycleId) },
  });
  for await (const items of pages) {
    for (const item of items) if (typeof item.streamId === 'string') streamIds.push(item.streamId);
  }
  return streamIds;
}

/**
 * Every (organization, cycle) that has objectives, from a scan of the sparse `byCycle` index: one small
 * key-only entry per objective stream, never the events. What a job across all organizations (the
 * weekly digest) starts from. Eventually consistent, like the index.
 */
export async function listCyclesWithObjectives(
  requests: StoreRequests,
): Promise<{ org: string; cycleId: string }[]> {
  const found = new Map<string, { org: string; cycleId: string }>();
  for await (const items of requests.pages('Scan', {
    IndexName: BY_CYCLE_INDEX,
    ProjectionExpression: 'cyclePk',
  })) {
    for (const item of items) {
      const cyclePk = typeof item.cyclePk === 'string' ? item.cyclePk : '';
      const separator = cyclePk.indexOf('#');
      if (separator <= 0 || found.has(cyclePk)) continue;
      found.set(cyclePk, { org: cyclePk.slice(0, separator), cycleId: cyclePk.slice(separator + 1) });
    }
  }
  return [...found.values()];
}

/**
 * Tips and command records together, in one consistent batch read (100 keys a request): what a command
 * needs to be decided, or answered from its record, in a single round trip.
 */
export async function readHeads<S = unknown>(
  requests: StoreRequests,
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
  const items = await requests.batchGetHeadItems([
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
