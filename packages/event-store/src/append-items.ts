// The items one append writes, built and checked against DynamoDB's limits before anything is sent: the
// events, the tip with the compressed snapshot, a command record per command (none for an id minted for
// one request), and the look-ups (the unique ones are id claims, written only where the key is free).
import { EVENT_SCHEMA_VERSION } from '@okr-ledger/okr-domain';
import { compressJson } from './compressed-json.js';
import { AppendTooLargeError } from './errors.js';
import type { AppendedCommand, AppendInput, LookupEntry } from './store-types.js';
import { DYNAMO_LIMITS, estimateItemSize, type StorableItem, toStorableItem } from './item-size.js';
import {
  type CommandItem,
  commandKey,
  cycleKey,
  type EventItem,
  type EventLike,
  lookupKey,
  streamKey,
  TIP_SK,
  type TipItem,
} from './items.js';

export function assertKeyPart(label: string, value: string): void {
  if (value.length === 0 || value.includes('#')) {
    throw new TypeError(`${label} must be non-empty and contain no '#': ${JSON.stringify(value)}`);
  }
}

export function appendItems<E extends EventLike>(input: AppendInput<E>, recordedAt: string) {
  const { org, streamId, expectedVersion, events, metadata } = input;
  const commands: AppendedCommand[] = input.commands ?? [
    {
      commandId: metadata.commandId,
      fingerprint: input.fingerprint ?? '',
      eventCount: events.length,
      ...(input.response === undefined ? {} : { response: input.response }),
    },
  ];
  const owners = commandOfEachEvent(commands, events.length);
  const firstVersion = expectedVersion + 1;
  const lastVersion = expectedVersion + events.length;
  const eventItems = events.map((event, index) =>
    toStorableItem({
      pk: streamKey(org, streamId),
      sk: firstVersion + index,
      kind: 'event',
      org,
      streamId,
      version: firstVersion + index,
      eventType: event.type,
      data: event.data ?? {},
      metadata: {
        actor: { sub: metadata.actor.sub, email: metadata.actor.email },
        commandId: owners[index] ?? metadata.commandId,
        recordedAt,
        schemaVersion: metadata.schemaVersion ?? EVENT_SCHEMA_VERSION,
      },
      recordedAt,
      cycleId: input.cycleId,
    } satisfies Omit<EventItem, 'data'> & { data: unknown }),
  );
  const tipItem = toStorableItem({
    pk: streamKey(org, streamId),
    sk: TIP_SK,
    kind: 'tip',
    org,
    streamId,
    version: lastVersion,
    snapshotGzip: compressJson(input.snapshot),
    snapshotSchemaVersion: input.snapshotSchemaVersion,
    updatedAt: recordedAt,
    cyclePk: input.cycleId === undefined ? undefined : cycleKey(org, input.cycleId),
  } satisfies TipItem);
  let nextVersion = firstVersion;
  const recorded: AppendedCommand[] = [];
  const commandItems = commands.flatMap((command) => {
    assertKeyPart('commandId', command.commandId);
    const range = { firstVersion: nextVersion, lastVersion: nextVersion + command.eventCount - 1 };
    nextVersion += command.eventCount;
    if (command.unrecorded === true) return [];
    recorded.push(command);
    return [
      toStorableItem({
        pk: commandKey(org, command.commandId),
        sk: TIP_SK,
        kind: 'command',
        org,
        streamId,
        ...range,
        fingerprint: command.fingerprint === '' ? undefined : command.fingerprint,
        appendId: command.appendId,
        responseGzip: command.response === undefined ? undefined : compressJson(command.response),
        recordedAt,
      } satisfies CommandItem),
    ];
  });
  const lookups = input.lookups ?? [];
  const uniqueLookups = lookups.filter((lookup) => lookup.unique === true);
  const plainLookups = lookups.filter((lookup) => lookup.unique !== true);
  const lookupItem = (lookup: LookupEntry) => {
    assertKeyPart('lookup key', lookup.key);
    return toStorableItem({
      ...lookup.attributes,
      pk: lookupKey(org, lookup.key),
      sk: TIP_SK,
      kind: 'lookup',
      org,
      key: lookup.key,
      streamId,
    });
  };
  const uniqueItems = uniqueLookups.map(lookupItem);
  const plainItems = plainLookups.map(lookupItem);
  assertWithinLimits([...eventItems, tipItem, ...commandItems, ...uniqueItems, ...plainItems]);

  return { commands, recorded, uniqueLookups, eventItems, tipItem, commandItems, uniqueItems, plainItems };
}

/** The command id each event belongs to, in order. */
function commandOfEachEvent(commands: readonly AppendedCommand[], eventCount: number): string[] {
  const owners = commands.flatMap((command) => new Array<string>(command.eventCount).fill(command.commandId));
  if (owners.length !== eventCount) {
    throw new RangeError(`the commands of an append own ${owners.length} events, not ${eventCount}`);
  }
  return owners;
}

function assertWithinLimits(items: StorableItem[]): void {
  if (items.length > DYNAMO_LIMITS.transactionActions) {
    throw new AppendTooLargeError('actions', items.length, DYNAMO_LIMITS.transactionActions);
  }
  let total = 0;
  for (const item of items) {
    const size = estimateItemSize(item);
    if (size > DYNAMO_LIMITS.itemBytes) {
      throw new AppendTooLargeError('itemBytes', size, DYNAMO_LIMITS.itemBytes);
    }
    total += size;
  }
  if (total > DYNAMO_LIMITS.transactionBytes) {
    throw new AppendTooLargeError('transactionBytes', total, DYNAMO_LIMITS.transactionBytes);
  }
}
