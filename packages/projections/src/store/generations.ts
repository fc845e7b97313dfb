// The generation pointer: which generation of the views readers use, and which one a rebuild is filling.
// Switching generations is one conditional write, so readers never see half a rebuild.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deleteKeys, isLostRace, scanPages } from './dynamo.js';
import type { GenerationPointer } from './items.js';
import { generationPrefix, POINTER_KEY } from './keys.js';

export const FIRST_GENERATION = 1;

/** The pointer, created on first use (a fresh table starts at generation 1 with no rebuild running). */
export async function readPointer(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<GenerationPointer> {
  for (;;) {
    const output = await doc.send(
      new GetCommand({ TableName: tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    if (output.Item) {
      return {
        current: Number(output.Item.current),
        building: output.Item.building == null ? null : Number(output.Item.building),
      };
    }
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...POINTER_KEY, current: FIRST_GENERATION, building: null },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
}

/** Announces a new generation under construction; fails if the pointer moved since it was read. */
export async function beginBuilding(
  doc: DynamoDBDocumentClient,
  tableName: string,
  seen: GenerationPointer,
  generation: number,
): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: POINTER_KEY,
      UpdateExpression: 'SET building = :next',
      // `current` is a DynamoDB reserved word, hence the placeholder.
      ConditionExpression:
        seen.building === null
          ? '#current = :current AND (attribute_not_exists(building) OR attribute_type(building, :null))'
          : '#current = :current AND building = :building',
      ExpressionAttributeNames: { '#current': 'current' },
      ExpressionAttributeValues: {
        ':next': generation,
        ':current': seen.current,
        ...(seen.building === null ? { ':null': 'NULL' } : { ':building': seen.building }),
      },
    }),
  );
}

/** Makes the generation that was being built the one readers use. */
export async function switchToBuilt(
  doc: DynamoDBDocumentClient,
  tableName: string,
  generation: number,
): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: POINTER_KEY,
      UpdateExpression: 'SET #current = :generation, building = :none',
      ConditionExpression: 'building = :generation',
      ExpressionAttributeNames: { '#current': 'current' },
      ExpressionAttributeValues: { ':generation': generation, ':none': null },
    }),
  );
}

/** Deletes every item of a generation; returns how many went. Scans the table, so it is for rebuilds only. */
export async function deleteGeneration(
  doc: DynamoDBDocumentClient,
  tableName: string,
  generation: number,
): Promise<number> {
  let deleted = 0;
  await scanPages(
    doc,
    {
      TableName: tableName,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': generationPrefix(generation) },
      ProjectionExpression: 'pk, sk',
    },
    async (items) => {
      const keys = items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
      await deleteKeys(doc, tableName, keys);
      deleted += keys.length;
    },
  );
  return deleted;
}
