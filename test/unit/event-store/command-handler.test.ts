// executeCommand's retry decisions on version conflicts, with DynamoDB mocked so a stream can be kept
// permanently contended: retried only when the client named no version, bounded, then "try again".
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  decompressJson,
  EventStore,
  StoreUnavailableError,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import { accept } from '@okr-ledger/okr-domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { executeCommand } from '../../support/single-command.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const streamId = 'counter-1';
const tipAt = (version: number) => ({
  pk: `acme#${streamId}`,
  sk: 0,
  kind: 'tip',
  org: 'acme',
  streamId,
  version,
  snapshot: { total: version },
  snapshotSchemaVersion: 1,
  updatedAt: '2026-10-01T08:00:00.000Z',
});
/** Someone else always got there first: the tip check fails and DynamoDB returns the newer tip. */
const lostRace = (version: number) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Item: marshall(tipAt(version + 1)) },
      { Code: 'None' },
    ],
  });

type Counted = { type: 'Counted'; data: { by: number } };
let waits: number[];

function run(expectedVersion?: number, now = new Date('2026-10-01T09:00:00.000Z')) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  return executeCommand<{ total: number }, Counted>({
    store: new EventStore({ client, tableName: 'events', sleep: async () => undefined }),
    org: 'acme',
    streamId,
    commandId: 'command-0001',
    actor: { sub: 's', email: 'a@acme.example' },
    now: () => now,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    snapshotSchemaVersion: 1,
    decide: () => accept({ type: 'Counted', data: { by: 1 } }),
    evolve: (state, event) => ({ total: (state?.total ?? 0) + event.data.by }),
    conflictRetry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 40 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

beforeEach(() => {
  dynamo.reset();
  waits = [];
  let version = 3;
  dynamo.on(GetCommand, { Key: { pk: 'acme#cmd#command-0001', sk: 0 } }).resolves({});
  // Every reload sees a newer tip, and every append loses to yet another writer.
  dynamo
    .on(GetCommand, { Key: { pk: `acme#${streamId}`, sk: 0 } })
    .callsFake(() => ({ Item: tipAt(version++) }));
  dynamo.on(TransactWriteCommand).callsFake(() => {
    throw lostRace(version);
  });
});

describe('executeCommand under contention', () => {
  it('retries a command without expected version a bounded number of times, then says try again (503)', async () => {
    // Act
    const outcome = await run().catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect(outcome).toMatchObject({ status: 503, attempts: 5 });
    expect((outcome as Error).cause).toBeInstanceOf(StreamVersionConflictError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(5);
    // The first conflict re-decides at once on the tip the cancelled transaction returned; later ones wait.
    expect(waits).toHaveLength(3);
    for (const [index, wait] of waits.entries()) {
      expect(wait).toBeLessThan(Math.min(40, 10 * 2 ** (index + 1)));
    }
  });

  it('does not retry when the client named the version it saw', async () => {
    // Act
    const outcome = await run(3).catch((error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(StreamVersionConflictError);
    expect(outcome).toMatchObject({ expectedVersion: 3, currentVersion: 5 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('appends with the version it loaded and the snapshot folded through evolve', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({ status: 'applied', version: 4, state: { total: 4 }, replayed: false });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.Item).toMatchObject({
      sk: 4,
      eventType: 'Counted',
      recordedAt: '2026-10-01T09:00:00.000Z',
    });
    const tipValues = items[1]?.Update?.ExpressionAttributeValues ?? {};
    expect(tipValues).toMatchObject({ ':expectedVersion': 3, ':version': 4 });
    expect(decompressJson(tipValues[':snapshotGzip'] as Uint8Array)).toEqual({
      total: 4,
    });
  });

  it('never records an instant earlier than the last change of the stream, whatever this server clock says', async () => {
    // Prepare: the tip was updated at 08:00 by a server whose clock runs ahead of ours
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await run(undefined, new Date('2026-10-01T07:59:58.000Z'));

    // Assess
    expect(outcome.status === 'applied' && outcome.events[0]?.metadata.recordedAt).toBe(
      '2026-10-01T08:00:00.000Z',
    );
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.Item).toMatchObject({ recordedAt: '2026-10-01T08:00:00.000Z' });
  });
});
