// The projector under faults DynamoDB Local cannot produce, with the document client mocked at its edge:
// throttling fails the record without counting it towards parking, and a transaction that lost a
// conflict to another writer is read again and retried rather than failing the record.
import { DynamoDBClient, ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createProjector, toLambdaAttributeValue } from '@okr-ledger/projector';
import { POINTER_KEY } from '@okr-ledger/projections';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);

const objectiveCreated = {
  pk: 'acme#objective-obj_onboarding01',
  sk: 1,
  kind: 'event',
  org: 'acme',
  streamId: 'objective-obj_onboarding01',
  version: 1,
  eventType: 'ObjectiveCreated',
  data: {
    objectiveId: 'obj_onboarding01',
    cycleId: '2026-Q4',
    definition: {
      title: 'Make customer onboarding dramatically faster and more predictable',
      description: '',
      owner: null,
      team: null,
      kind: 'aspirational',
      parentObjectiveId: null,
      weight: 1,
      progressMode: 'key_results',
      blendShare: 0,
    },
  },
  metadata: {
    actor: { sub: 'sub-ada', email: 'ada@acme.test' },
    commandId: 'cmd-faults-0001',
    recordedAt: '2026-09-16T09:00:00.000Z',
    schemaVersion: 1,
  },
  recordedAt: '2026-09-16T09:00:00.000Z',
  cycleId: '2026-Q4',
};

const record: DynamoDBRecord = {
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: '4200',
    NewImage: Object.fromEntries(
      Object.entries(marshall(objectiveCreated)).map(([key, value]) => [
        key,
        toLambdaAttributeValue(value as never),
      ]),
    ),
  },
};

function newProjector() {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  return createProjector({
    doc,
    eventsTableName: 'events',
    viewsTableName: 'views',
    logger: new Logger({ serviceName: 'projector-faults-test', logLevel: 'SILENT' }),
  });
}

beforeEach(() => {
  dynamo.reset();
  dynamo
    .on(GetCommand, { Key: POINTER_KEY })
    .resolves({ Item: { ...POINTER_KEY, current: 1, building: null } });
});

describe('the projector under faults', () => {
  it('fails a throttled record every time without counting it towards parking', async () => {
    // Prepare
    dynamo
      .on(GetCommand, { Key: { pk: 'g1#acme#stream#objective-obj_onboarding01', sk: 'checkpoint' } })
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const projector = newProjector();

    // Act
    const responses = [];
    for (let delivery = 0; delivery < 4; delivery += 1)
      responses.push(await projector.handle({ Records: [record] }));

    // Assess
    expect(responses.map((response) => response.batchItemFailures)).toEqual(
      Array.from({ length: 4 }, () => [{ itemIdentifier: '4200' }]),
    );
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('reads again and retries when its transaction lost a conflict to another writer', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});
    dynamo
      .on(GetCommand, { Key: POINTER_KEY })
      .resolves({ Item: { ...POINTER_KEY, current: 1, building: null } });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
        }),
      )
      .resolves({});
    const projector = newProjector();

    // Act
    const response = await projector.handle({ Records: [record] });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const transactions = dynamo.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(2);
    expect(transactions[1]?.args[0].input.TransactItems?.[0]).toMatchObject({
      Put: { Item: { lastVersion: 1, cycleId: '2026-Q4' }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
  });
});
