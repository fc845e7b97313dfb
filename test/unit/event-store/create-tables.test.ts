// The CreateTable request built from the shared definitions, and the create/delete helpers' handling of
// tables that already exist, are still being created, or are already gone.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  createTables,
  deleteTables,
  EVENTS_TABLE,
  toCreateTableInput,
  VIEWS_TABLE,
} from '@okr-ledger/event-store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({
  region: 'local',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const names = { eventsTableName: 'run-events', viewsTableName: 'run-views' };
const noWait = { sleep: async () => undefined };
const metadata = { $metadata: {} };

beforeEach(() => {
  dynamo.reset();
});

describe('toCreateTableInput', () => {
  it('builds the events table: on demand, keys, the sparse byCycle index and a NEW_IMAGE stream', () => {
    expect(toCreateTableInput(EVENTS_TABLE, 'prod-events')).toEqual({
      TableName: 'prod-events',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'cyclePk', AttributeType: 'S' },
        { AttributeName: 'streamId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCycle',
          KeySchema: [
            { AttributeName: 'cyclePk', KeyType: 'HASH' },
            { AttributeName: 'streamId', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('builds the views table without indexes or stream', () => {
    const input = toCreateTableInput(VIEWS_TABLE, 'prod-views');
    expect(input).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(input).not.toHaveProperty('StreamSpecification');
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ]);
  });

  it('refuses a definition that types one attribute two ways', () => {
    const clash = {
      ...VIEWS_TABLE,
      indexes: [
        {
          indexName: 'bad',
          partitionKey: { name: 'sk', type: 'N' as const },
          sortKey: { name: 'pk', type: 'S' as const },
          projection: 'ALL' as const,
        },
      ],
    };
    expect(() => toCreateTableInput(clash, 'x-views')).toThrow(/sk is both S and N/);
  });
});

describe('createTables', () => {
  it('keeps tables that exist and waits until tables and indexes are ACTIVE', async () => {
    // Prepare
    dynamo
      .on(CreateTableCommand, { TableName: 'run-events' })
      .rejects(new ResourceInUseException({ message: 'exists', ...metadata }));
    dynamo.on(CreateTableCommand, { TableName: 'run-views' }).resolves({});
    dynamo
      .on(DescribeTableCommand, { TableName: 'run-events' })
      .resolvesOnce({
        Table: { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'CREATING' }] },
      })
      .resolves({ Table: { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'ACTIVE' }] } });
    dynamo
      .on(DescribeTableCommand, { TableName: 'run-views' })
      .resolvesOnce({ Table: { TableStatus: 'CREATING' } })
      .resolves({ Table: { TableStatus: 'ACTIVE' } });

    // Act
    await createTables(client, names, noWait);

    // Assess
    expect(dynamo.commandCalls(CreateTableCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(DescribeTableCommand)).toHaveLength(4);
  });

  it('passes other failures through', async () => {
    dynamo.on(CreateTableCommand).rejects(new Error('AccessDenied'));
    await expect(createTables(client, names, noWait)).rejects.toThrow('AccessDenied');
  });

  it('gives up after its timeout', async () => {
    dynamo.on(CreateTableCommand).resolves({});
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'CREATING' } });
    await expect(createTables(client, names, { timeoutMs: 0, ...noWait })).rejects.toThrow(
      /Timed out .* ACTIVE/,
    );
  });
});

describe('deleteTables', () => {
  it('deletes active tables, ignores missing ones and waits until they are gone', async () => {
    // Prepare
    const gone = new ResourceNotFoundException({ message: 'gone', ...metadata });
    dynamo
      .on(DescribeTableCommand, { TableName: 'run-events' })
      .resolvesOnce({ Table: { TableStatus: 'ACTIVE' } })
      .resolvesOnce({ Table: { TableStatus: 'DELETING' } })
      .rejects(gone);
    dynamo.on(DescribeTableCommand, { TableName: 'run-views' }).rejects(gone);
    dynamo.on(DeleteTableCommand).resolves({});

    // Act
    await deleteTables(client, names, noWait);

    // Assess
    expect(dynamo.commandCalls(DeleteTableCommand).map((call) => call.args[0].input.TableName)).toEqual([
      'run-events',
    ]);
  });
});
