// EventStore under faults DynamoDB Local cannot produce (throttling, transaction conflicts, timeouts,
// server errors), with the DynamoDB client mocked at its edge: which failures are retried, which become
// typed errors, and that an over-limit append sends nothing.
import { randomBytes } from 'node:crypto';
import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  AppendTooLargeError,
  type AppendInput,
  CapacityCounter,
  CommandIdReusedError,
  EventStore,
  type RetryPolicy,
  StoreUnavailableError,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);
const RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };
const TABLE = 'events';
let waits: number[];

function newStore(options: Partial<ConstructorParameters<typeof EventStore>[0]> = {}): EventStore {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  return new EventStore({
    client,
    tableName: TABLE,
    retry: RETRY,
    sleep: async (ms) => {
      waits.push(ms);
    },
    // The top of each jitter range, so the waits show the exponential ceilings.
    random: () => 0.999_999,
    ...options,
  });
}

type Event = { type: 'Happened'; data: { n: number } };
const appendOf = (overrides: Partial<AppendInput<Event>> = {}): AppendInput<Event> => ({
  org: 'acme',
  streamId: 'objective-obj_12345678',
  expectedVersion: 4,
  events: [
    { type: 'Happened', data: { n: 1 } },
    { type: 'Happened', data: { n: 2 } },
  ],
  metadata: {
    actor: { sub: 's-1', email: 'a@acme.example' },
    commandId: 'command-0001',
    recordedAt: '2026-10-01T09:00:00.000Z',
  },
  snapshot: { n: 3 },
  snapshotSchemaVersion: 1,
  ...overrides,
});

const metadata = { $metadata: {} };
const cancelled = (...codes: (string | { Code: string; Item?: Record<string, unknown> })[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    ...metadata,
    CancellationReasons: codes.map((code) =>
      typeof code === 'string'
        ? { Code: code }
        : { Code: code.Code, ...(code.Item ? { Item: marshall(code.Item) } : {}) },
    ),
  });
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', ...metadata });
const tipItem = {
  pk: 'acme#objective-obj_12345678',
  sk: 0,
  kind: 'tip',
  org: 'acme',
  streamId: 'objective-obj_12345678',
  version: 7,
  snapshot: { n: 7 },
  snapshotSchemaVersion: 1,
  updatedAt: '2026-10-01T08:00:00.000Z',
};

beforeEach(() => {
  dynamo.reset();
  waits = [];
});

describe('retries of single requests', () => {
  it.each([
    ['ThrottlingException', throttled],
    [
      'ProvisionedThroughputExceededException',
      () => new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata }),
    ],
    [
      'InternalServerError (500)',
      () => new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
    ],
    ['a socket timeout', () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    ['a reset connection', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('retries a read after %s with exponential backoff, then succeeds', async (_label, fault) => {
    // Prepare
    dynamo.on(GetCommand).rejectsOnce(fault()).rejectsOnce(fault()).resolves({ Item: tipItem });

    // Act
    const tip = await newStore().readTip('acme', 'objective-obj_12345678');

    // Assess
    expect(tip?.version).toBe(7);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(3);
    expect(waits).toEqual([99, 199]);
  });

  it('gives up after the configured attempts with a 503 StoreUnavailableError', async () => {
    // Prepare
    dynamo.on(GetCommand).rejects(throttled());

    // Act
    const outcome = await newStore()
      .readTip('acme', 'objective-obj_12345678')
      .catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect(outcome).toMatchObject({ status: 503, attempts: 4, operation: 'GetItem' });
    expect((outcome as Error).message).toMatch(/try again/);
    expect((outcome as Error).cause).toBeInstanceOf(ThrottlingException);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(4);
    expect(waits).toEqual([99, 199, 249]);
  });

  it('does not retry errors that will not go away', async () => {
    // Prepare
    dynamo.on(QueryCommand).rejects(new ResourceNotFoundException({ message: 'no table', ...metadata }));

    // Act
    const outcome = newStore().readStream('acme', 'objective-obj_12345678');

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('cancelled append transactions', () => {
  it('turns a failed tip check into a version conflict carrying the tip DynamoDB returned', async () => {
    // Prepare: actions are [event, event, tip, command record]
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled('None', 'None', { Code: 'ConditionalCheckFailed', Item: tipItem }, 'None'));

    // Act
    const outcome = await newStore()
      .append(appendOf())
      .catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StreamVersionConflictError);
    expect(outcome).toMatchObject({
      status: 409,
      expectedVersion: 4,
      currentVersion: 7,
      currentSnapshot: { n: 7 },
      currentSnapshotSchemaVersion: 1,
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reads the tip to explain a conflict when DynamoDB did not return it', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    dynamo.on(GetCommand).resolves({ Item: tipItem });

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'StreamVersionConflictError', currentVersion: 7 });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('treats a taken event slot as a conflict too', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: tipItem });

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('answers a failed command-record check with the stored result (a replay), even when the tip moved on', async () => {
    // Prepare
    const record = {
      pk: 'acme#cmd#command-0001',
      sk: 0,
      kind: 'command',
      org: 'acme',
      streamId: 'objective-obj_12345678',
      firstVersion: 5,
      lastVersion: 6,
      response: { version: 6 },
      recordedAt: '2026-10-01T08:59:00.000Z',
    };
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        cancelled(
          'None',
          'None',
          { Code: 'ConditionalCheckFailed', Item: tipItem },
          { Code: 'ConditionalCheckFailed', Item: record },
        ),
      );

    // Act
    const result = await newStore().append(appendOf());

    // Assess
    expect(result).toEqual({ firstVersion: 5, lastVersion: 6, replayed: true, response: { version: 6 } });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('reads the command record when DynamoDB did not return it, and refuses one that belongs to another stream', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', 'ConditionalCheckFailed'));
    dynamo.on(GetCommand).resolves({
      Item: {
        streamId: 'objective-obj_other000',
        firstVersion: 1,
        lastVersion: 1,
        recordedAt: '2026-10-01T08:00:00Z',
      },
    });

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(CommandIdReusedError);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'acme#cmd#command-0001',
      sk: 0,
    });
  });

  it.each(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'])(
    'retries a transaction cancelled for %s and succeeds',
    async (code) => {
      // Prepare
      dynamo
        .on(TransactWriteCommand)
        .rejectsOnce(cancelled('None', code, 'None', 'None'))
        .resolves({});

      // Act
      const result = await newStore().append(appendOf());

      // Assess
      expect(result).toEqual({ firstVersion: 5, lastVersion: 6, replayed: false });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
      expect(waits).toEqual([99]);
    },
  );

  it('gives up on a transaction that stays throttled with StoreUnavailableError', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', 'None', 'None'));

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'StoreUnavailableError', status: 503, attempts: 4 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('does not retry when a condition failed alongside a throttled action', async () => {
    // Prepare
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        cancelled('ThrottlingError', 'None', { Code: 'ConditionalCheckFailed', Item: tipItem }, 'None'),
      );

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries TransactionConflictException and a timed-out transaction', async () => {
    // Prepare
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionConflictException({ message: 'conflict', ...metadata }))
      .rejectsOnce(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))
      .resolves({});

    // Act
    const result = await newStore().append(appendOf());

    // Assess
    expect(result.lastVersion).toBe(6);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('passes other cancellations (a validation error) through untouched', async () => {
    // Prepare
    const validation = cancelled('None', 'ValidationError', 'None', 'None');
    dynamo.on(TransactWriteCommand).rejects(validation);

    // Act
    const outcome = newStore().append(appendOf());

    // Assess
    await expect(outcome).rejects.toBe(validation);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('the append request', () => {
  it('is one transaction: conditional event puts, the tip update at the expected version, the command record', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await newStore().append(appendOf({ cycleId: '2026-Q4' }));

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items.slice(0, 2).map((item) => [item.Put?.Item?.sk, item.Put?.ConditionExpression])).toEqual([
      [5, 'attribute_not_exists(pk)'],
      [6, 'attribute_not_exists(pk)'],
    ]);
    expect(items[2]?.Update).toMatchObject({
      Key: { pk: 'acme#objective-obj_12345678', sk: 0 },
      ConditionExpression: '#version = :expectedVersion',
      ExpressionAttributeValues: { ':expectedVersion': 4, ':version': 6, ':cyclePk': 'acme#2026-Q4' },
    });
    expect(items[3]?.Put).toMatchObject({
      Item: { pk: 'acme#cmd#command-0001', sk: 0, kind: 'command', firstVersion: 5, lastVersion: 6 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('creates a stream only where no tip exists', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await newStore().append(appendOf({ expectedVersion: 0 }));

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[2]?.Update?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[2]?.Update?.ExpressionAttributeValues).not.toHaveProperty(':expectedVersion');
  });

  it.each([
    [
      'more than 100 actions',
      { events: Array.from({ length: 99 }, (_, n) => ({ type: 'Happened' as const, data: { n } })) },
      'actions',
    ],
    // Random text: the tip's snapshot is stored gzipped, so it must stay large once compressed.
    ['an item over 400 KB', { snapshot: { text: randomBytes(600 * 1024).toString('base64') } }, 'itemBytes'],
    [
      'more than 4 MB in total',
      {
        events: Array.from({ length: 11 }, (_, n) => ({
          type: 'Happened' as const,
          data: { n, text: 'y'.repeat(390 * 1024) },
        })),
      },
      'transactionBytes',
    ],
  ] as const)('refuses %s without sending anything', async (_label, overrides, limit) => {
    // Prepare
    const store = newStore();

    // Act
    const outcome = await store.append(appendOf(overrides)).catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(AppendTooLargeError);
    expect(outcome).toMatchObject({ status: 413, limit });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses data DynamoDB cannot represent before sending anything', async () => {
    // Prepare
    const store = newStore();

    // Act
    const outcome = store.append(appendOf({ events: [{ type: 'Happened', data: { n: Number.NaN } }] }));

    // Assess
    await expect(outcome).rejects.toThrow(/events|data|NaN/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('batched tip reads', () => {
  it('asks in chunks of 100 and retries unprocessed keys with backoff', async () => {
    // Prepare
    const streamIds = Array.from(
      { length: 150 },
      (_, index) => `objective-obj_${String(index).padStart(8, '0')}`,
    );
    const tipOf = (key: Record<string, unknown>) => ({
      ...tipItem,
      pk: key.pk,
      streamId: String(key.pk).slice('acme#'.length),
    });
    let unprocessedOnce = true;
    dynamo
      .on(BatchGetCommand)
      .callsFake((input: { RequestItems: Record<string, { Keys: Record<string, unknown>[] }> }) => {
        const keys = input.RequestItems[TABLE]?.Keys ?? [];
        if (unprocessedOnce && keys.length === 100) {
          unprocessedOnce = false;
          return {
            Responses: { [TABLE]: keys.slice(0, 60).map(tipOf) },
            UnprocessedKeys: { [TABLE]: { Keys: keys.slice(60) } },
          };
        }
        return { Responses: { [TABLE]: keys.map(tipOf) } };
      });

    // Act
    const tips = await newStore().batchReadTips('acme', streamIds);

    // Assess
    expect(tips.size).toBe(150);
    expect(
      dynamo
        .commandCalls(BatchGetCommand)
        .map((call) => call.args[0].input.RequestItems?.[TABLE]?.Keys?.length),
    ).toEqual([100, 40, 50]);
    expect(waits).toEqual([99]);
  });

  it('gives up when keys stay unprocessed', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: unknown[] }> }) => ({
      Responses: { [TABLE]: [] },
      UnprocessedKeys: { [TABLE]: { Keys: input.RequestItems[TABLE]?.Keys } },
    }));

    // Act
    const outcome = newStore().batchReadTips('acme', ['objective-obj_00000001']);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'StoreUnavailableError', operation: 'BatchGetItem' });
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(RETRY.maxAttempts);
  });
});

describe('capacity accounting', () => {
  it('asks for TOTAL capacity only when listening, and counts failed attempts as requests', async () => {
    // Prepare
    const counter = new CapacityCounter();
    dynamo
      .on(GetCommand)
      .rejectsOnce(throttled())
      .resolves({ Item: tipItem, ConsumedCapacity: { TableName: TABLE, CapacityUnits: 1 } });

    // Act
    await newStore({ onConsumedCapacity: counter.record }).readTip('acme', 'objective-obj_12345678');
    await newStore().readTip('acme', 'objective-obj_12345678');

    // Assess
    const [measured, unmeasured] = dynamo.commandCalls(GetCommand).slice(1);
    expect(measured?.args[0].input.ReturnConsumedCapacity).toBe('TOTAL');
    expect(unmeasured?.args[0].input.ReturnConsumedCapacity).toBeUndefined();
    expect(counter.total).toEqual({ requests: 2, readUnits: 1, writeUnits: 0 });
  });
});
