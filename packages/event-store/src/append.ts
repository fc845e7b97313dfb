// Owns the append: one TransactWriteItems of the events, the tip updated on the expected version, the
// command records and the look-ups, and what a cancelled transaction means (a replay of a recorded
// command, a version conflict, an id already taken).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { appendItems, assertKeyPart } from './append-items.js';
import {
  CommandAlreadyRecordedError,
  CommandIdReusedError,
  DuplicateCommandError,
  IdTakenError,
  StoreUnavailableError,
  StreamVersionConflictError,
} from './errors.js';
import type { StorableItem, StorableValue } from './item-size.js';
import type { CommandItem, EventLike, TipItem } from './items.js';
import type { StoreRequests } from './store-requests.js';
import type { AppendInput, AppendResult, CommandRecord, StreamTip } from './store-types.js';
import { canonicalInstant, toCommandRecord, toTip } from './stored-forms.js';
import { classifyCancellation } from './transaction-cancellation.js';

/** The reads an append falls back on, asked of the store itself so a subclass's own reads are used. */
export interface HeadReads {
  readTip(org: string, streamId: string): Promise<StreamTip | null>;
  getCommand(org: string, commandId: string): Promise<CommandRecord | null>;
}

export async function append<E extends EventLike>(
  requests: StoreRequests,
  store: HeadReads,
  input: AppendInput<E>,
): Promise<AppendResult> {
  const { org, streamId, expectedVersion, events, metadata } = input;
  assertKeyPart('org', org);
  assertKeyPart('streamId', streamId);
  assertKeyPart('commandId', metadata.commandId);
  if (input.cycleId !== undefined) assertKeyPart('cycleId', input.cycleId);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a whole number ≥ 0, not ${expectedVersion}`);
  }
  if (events.length === 0) {
    const tip = await store.readTip(org, streamId);
    const version = tip?.version ?? 0;
    return { firstVersion: version + 1, lastVersion: version, replayed: false };
  }

  const recordedAt = canonicalInstant('metadata.recordedAt', metadata.recordedAt);
  const { recorded, uniqueLookups, eventItems, tipItem, commandItems, uniqueItems, plainItems } = appendItems(
    input,
    recordedAt,
  );
  const firstVersion = expectedVersion + 1;
  const lastVersion = expectedVersion + events.length;

  const conditionalPut = (item: StorableItem) => ({
    Put: {
      TableName: requests.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
      // ALL_OLD hands back the item that failed its check, saving a read to explain why.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  });
  const transactItems = [
    ...eventItems.map((item) => ({
      Put: { TableName: requests.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    })),
    {
      Update: {
        ...tipUpdate(requests.tableName, tipItem, expectedVersion),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    ...commandItems.map(conditionalPut),
    ...uniqueItems.map(conditionalPut),
    // Unconditional and placed last, so the cancellation reasons of the actions above keep their positions.
    ...plainItems.map((item) => ({ Put: { TableName: requests.tableName, Item: item } })),
  ];

  try {
    await requests.send('TransactWriteItems', (capacity) =>
      requests.client.send(
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
        : await store.getCommand(org, metadata.commandId);
      return replayResult(record, streamId, metadata.commandId);
    }
    if (outcome.kind === 'conflict') {
      const tip = outcome.found
        ? toTip(unmarshall(outcome.found) as TipItem, org)
        : await store.readTip(org, streamId);
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
function tipUpdate(tableName: string, tipItem: StorableItem, expectedVersion: number) {
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
    TableName: tableName,
    Key: { pk, sk },
    UpdateExpression: `SET ${assignments.join(', ')} REMOVE #uncompressedSnapshot`,
    ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expectedVersion',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
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
