// Owns what becomes of a stream version that cannot be applied: its failed attempts counted on the
// generation's checkpoint, and, once given up on, a dead letter kept for redrive while the stream moves
// past it.
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toStorableItem } from '@okr-ledger/event-store';
import { isLostRace } from './dynamo.js';
import type { DeadLetterItem } from './items.js';
import { viewKeys } from './keys.js';

export interface DeadLetter {
  org: string;
  streamId: string;
  version: number;
  sequenceNumber: string | null;
  error: string;
  attempts: number;
  record: unknown;
}

export function deadLetterKeeper(doc: DynamoDBDocumentClient, table: string, now: () => Date) {
  /** Moves a generation's checkpoint past a version that cannot be applied; a no-op if it moved already. */
  async function skipVersion(
    generation: number,
    org: string,
    streamId: string,
    version: number,
  ): Promise<void> {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: viewKeys.checkpoint(generation, org, streamId),
          UpdateExpression:
            'SET org = :org, streamId = :streamId, lastVersion = :version, parked = list_append(if_not_exists(parked, :none), :parked) REMOVE failingVersion, failedAttempts, lastError',
          ConditionExpression:
            version === 1 ? 'attribute_not_exists(lastVersion)' : 'lastVersion = :previous',
          ExpressionAttributeValues: {
            ':org': org,
            ':streamId': streamId,
            ':version': version,
            ':none': [],
            ':parked': [version],
            ...(version === 1 ? {} : { ':previous': version - 1 }),
          },
        }),
      );
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }

  async function park(generations: number[], letter: DeadLetter): Promise<void> {
    // The dead letter first: a record must never be skipped without a trace of it.
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: toStorableItem({
          ...viewKeys.deadLetter(letter.org, letter.streamId, letter.version),
          ...letter,
          generations,
          parkedAt: now().toISOString(),
        } satisfies DeadLetterItem),
      }),
    );
    for (const generation of generations)
      await skipVersion(generation, letter.org, letter.streamId, letter.version);
  }

  async function recordFailure(
    generation: number,
    org: string,
    streamId: string,
    version: number,
    error: string,
  ): Promise<number> {
    const key = viewKeys.checkpoint(generation, org, streamId);
    try {
      const output = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET failedAttempts = failedAttempts + :one, lastError = :error',
          ConditionExpression: 'failingVersion = :version',
          ExpressionAttributeValues: { ':one': 1, ':error': error, ':version': version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(output.Attributes?.failedAttempts ?? 1);
    } catch (failure) {
      if (!isLostRace(failure)) throw failure;
    }
    // The first failure of this version: start counting afresh.
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression:
          'SET org = :org, streamId = :streamId, failingVersion = :version, failedAttempts = :one, lastError = :error',
        ExpressionAttributeValues: {
          ':org': org,
          ':streamId': streamId,
          ':version': version,
          ':one': 1,
          ':error': error,
        },
      }),
    );
    return 1;
  }

  return { park, recordFailure };
}
