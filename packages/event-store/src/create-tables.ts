// Creates and deletes the two tables from the shared definitions in tables.ts: used by the local stack and
// the test harness (the CDK stack builds its tables from the same definitions).
import {
  type AttributeDefinition,
  type CreateTableCommandInput,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { realSleep, type Sleep } from './retry.js';
import { EVENTS_TABLE, type KeyAttribute, type TableDefinition, VIEWS_TABLE } from './tables.js';

export interface TableNames {
  eventsTableName: string;
  viewsTableName: string;
}

export interface TableWaitOptions {
  /** How long to wait for a table to become ACTIVE (or to disappear). */
  timeoutMs?: number;
  sleep?: Sleep;
}

const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute): KeySchemaElement[] => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  { AttributeName: sortKey.name, KeyType: 'RANGE' },
];

/** The CreateTable request for a definition, on demand, with its stream and indexes. */
export function toCreateTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const keyAttributes = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  for (const key of keyAttributes) {
    const known = attributes.get(key.name);
    if (known && known.AttributeType !== key.type) {
      throw new Error(
        `${definition.logicalName}: attribute ${key.name} is both ${known.AttributeType} and ${key.type}`,
      );
    }
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
    ...(definition.stream
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }
      : {}),
  };
}

const isNamed = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

/** Creates both tables (or keeps them when they exist) and returns once they and their indexes are ACTIVE. */
export async function createTables(
  client: DynamoDBClient,
  names: TableNames,
  options: TableWaitOptions = {},
): Promise<void> {
  const wanted: [TableDefinition, string][] = [
    [EVENTS_TABLE, names.eventsTableName],
    [VIEWS_TABLE, names.viewsTableName],
  ];
  await Promise.all(
    wanted.map(async ([definition, tableName]) => {
      try {
        await client.send(new CreateTableCommand(toCreateTableInput(definition, tableName)));
      } catch (error) {
        if (!isNamed(error, 'ResourceInUseException')) throw error;
      }
      await waitFor(
        `${tableName} to become ACTIVE`,
        async () => {
          const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
          const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
            (index) => index.IndexStatus === 'ACTIVE',
          );
          return table?.TableStatus === 'ACTIVE' && indexesActive;
        },
        options,
      );
    }),
  );
}

/** Deletes both tables (missing ones are fine) and returns once they are gone. */
export async function deleteTables(
  client: DynamoDBClient,
  names: TableNames,
  options: TableWaitOptions = {},
): Promise<void> {
  await Promise.all(
    [names.eventsTableName, names.viewsTableName].map((tableName) =>
      // A table still being created or updated cannot be deleted yet: ask again once it is ACTIVE.
      waitFor(
        `${tableName} to be deleted`,
        async () => {
          const status = await tableStatus(client, tableName);
          if (status === undefined) return true;
          if (status === 'ACTIVE') {
            try {
              await client.send(new DeleteTableCommand({ TableName: tableName }));
            } catch (error) {
              if (!isNamed(error, 'ResourceNotFoundException') && !isNamed(error, 'ResourceInUseException')) {
                throw error;
              }
            }
          }
          return false;
        },
        options,
      ),
    ),
  );
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

async function waitFor(what: string, done: () => Promise<boolean>, options: TableWaitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const sleep = options.sleep ?? realSleep;
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 2_000)) {
    if (await done()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(delayMs);
  }
}
