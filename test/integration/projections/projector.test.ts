// The projector handler against DynamoDB Local, fed the stream records Lambda would deliver for the items
// the event store really wrote: idempotent under redelivery, ordered per stream (a gap fails the record),
// and a poison record holds back only its own stream, is reported as exactly one sequence number, and is
// parked as a dead letter after its attempts run out.
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventItem } from '@okr-ledger/event-store';
import { streamIdOf } from '@okr-ledger/okr-domain';
import { createViewsReader, DEAD_LETTER_PK, projectableFromItem } from '@okr-ledger/projections';
import { createProjector, toSdkImage } from '@okr-ledger/projector';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { CYCLE_ID, OBJ, ORG, quarterInOrder } from '../../unit/projections/fixtures/quarter.js';
import {
  batchOf,
  insertRecord,
  newStore,
  quietLogger,
  readEventItems,
  readGeneration,
  readStreamItems,
  runSteps,
  sequenceOf,
} from './support.js';

const tables = useTestTables();
const store = newStore(tables.doc, tables.eventsTableName);
const projector = createProjector({
  doc: tables.doc,
  eventsTableName: tables.eventsTableName,
  viewsTableName: tables.viewsTableName,
  logger: quietLogger(),
});
const reader = createViewsReader({
  doc: tables.doc,
  viewsTableName: tables.viewsTableName,
  pointerCacheMs: 0,
});

/** The first steps of the quarter for another organization: the cycle and its objectives in planning. */
const planningSteps = quarterInOrder().filter(
  (step) => Date.parse(step.at) < Date.parse('2026-10-01T00:00:00Z'),
);

/** Event items in the order they were committed, as a stream delivers them. */
const inCommitOrder = (items: EventItem[]) =>
  [...items].sort(
    (a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.pk.localeCompare(b.pk) || a.version - b.version,
  );

const itemsOf = (items: EventItem[], org: string) => items.filter((item) => item.org === org);

async function objectiveVersion(org: string, objectiveId: string): Promise<number | undefined> {
  const states = await reader.objectiveStates(org, CYCLE_ID);
  return states.find((state) => state.current.id === objectiveId)?.current.version;
}

describe('idempotent and ordered projection', () => {
  let quarterRecords: DynamoDBRecord[];

  beforeAll(async () => {
    await runSteps(store, quarterInOrder());
    const items = itemsOf(await readEventItems(tables.doc, tables.eventsTableName), ORG);
    quarterRecords = inCommitOrder(items).map(insertRecord);
  });

  it('gives the same views when the same events are applied N times', async () => {
    // Prepare
    const first = await projector.handle(batchOf(quarterRecords));
    const once = await readGeneration(tables.doc, tables.viewsTableName, 1);

    // Act
    const again = [];
    for (let time = 0; time < 3; time += 1) again.push(await projector.handle(batchOf(quarterRecords)));

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.map((response) => response.batchItemFailures)).toEqual([[], [], []]);
    expect(once.length).toBeGreaterThan(50);
    expect(await readGeneration(tables.doc, tables.viewsTableName, 1)).toEqual(once);
  });

  it('treats a redelivery of old records as a no-op', async () => {
    // Prepare
    const before = await readGeneration(tables.doc, tables.viewsTableName, 1);
    const old = quarterRecords.slice(5, 20).map((record) => insertRecord(unmarshalledImage(record)));

    // Act
    const response = await projector.handle(batchOf(old));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await readGeneration(tables.doc, tables.viewsTableName, 1)).toEqual(before);
  });

  it('ignores tips, command records, modifications and streams without views', async () => {
    // Prepare
    const before = await readGeneration(tables.doc, tables.viewsTableName, 1);
    const tip = { pk: `${ORG}#${streamIdOf.objective(OBJ.support)}`, sk: 0, kind: 'tip', version: 99 };
    const command = { pk: `${ORG}#cmd#x`, sk: 0, kind: 'command', streamId: 'objective-x' };
    const members = {
      ...unmarshalledImage(quarterRecords[0]),
      streamId: 'organization',
      eventType: 'MemberAdded',
    };
    const modified = { ...insertRecord(unmarshalledImage(quarterRecords[0])), eventName: 'MODIFY' as const };

    // Act
    const response = await projector.handle(
      batchOf([insertRecord(tip), insertRecord(command), insertRecord(members), modified]),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await readGeneration(tables.doc, tables.viewsTableName, 1)).toEqual(before);
  });
});

describe('a gap in a stream', () => {
  const org = 'gapco';
  let objectiveItems: EventItem[];

  beforeAll(async () => {
    await runSteps(store, planningSteps, org);
    const items = itemsOf(await readEventItems(tables.doc, tables.eventsTableName), org);
    const cycleRecords = items
      .filter((item) => item.streamId === streamIdOf.cycle(CYCLE_ID))
      .map(insertRecord);
    expect((await projector.handle(batchOf(cycleRecords))).batchItemFailures).toEqual([]);
    objectiveItems = await readStreamItems(
      tables.doc,
      tables.eventsTableName,
      org,
      streamIdOf.objective(OBJ.onboarding),
    );
  });

  it('fails the record after the gap instead of skipping it, and applies it once the gap is filled', async () => {
    // Prepare
    const [v1, v2, v3, v4] = objectiveItems.map(insertRecord);
    if (!v1 || !v2 || !v3 || !v4) throw new Error('the onboarding objective needs four events');

    // Act
    const withGap = await projector.handle(batchOf([v1, v2, v4]));
    const versionAfterGap = await objectiveVersion(org, OBJ.onboarding);
    const filled = await projector.handle(batchOf([v3, v4]));

    // Assess
    expect(withGap.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(v4) }]);
    expect(versionAfterGap).toBe(2);
    expect(filled.batchItemFailures).toEqual([]);
    expect(await objectiveVersion(org, OBJ.onboarding)).toBe(4);
  });

  it('fills a gap that never closes from the events table once the record has failed its attempts', async () => {
    // Prepare: version 4 of another objective arrives, and versions 2 and 3 are never delivered.
    const supportItems = await readStreamItems(
      tables.doc,
      tables.eventsTableName,
      org,
      streamIdOf.objective(OBJ.support),
    );
    const [v1, , , v4] = supportItems.map(insertRecord);
    if (!v1 || !v4) throw new Error('the support objective needs four events');
    expect((await projector.handle(batchOf([v1]))).batchItemFailures).toEqual([]);

    // Act
    const attempts = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) attempts.push(await projector.handle(batchOf([v4])));

    // Assess
    expect(attempts.map((response) => response.batchItemFailures)).toEqual([
      [{ itemIdentifier: sequenceOf(v4) }],
      [{ itemIdentifier: sequenceOf(v4) }],
      [],
    ]);
    expect(await objectiveVersion(org, OBJ.support)).toBe(4);
  });
});

describe('a poison record', () => {
  const org = 'poisonco';
  const streamA = streamIdOf.objective(OBJ.onboarding);
  const streamB = streamIdOf.objective(OBJ.support);
  let batch: DynamoDBRecord[];
  let poison: DynamoDBRecord;

  beforeAll(async () => {
    // Prepare: a writer with a bug recorded an event type no projector knows, as version 3 of stream A.
    const onboarding = planningSteps.filter(
      (step) => step.stream === 'objective' && step.command.objectiveId === OBJ.onboarding,
    );
    const others = planningSteps.filter((step) => !onboarding.includes(step));
    await runSteps(store, others, org);
    await runSteps(store, onboarding.slice(0, 2), org);
    const [second] = await readStreamItems(tables.doc, tables.eventsTableName, org, streamA).then((items) =>
      items.slice(1),
    );
    if (second === undefined) throw new Error('stream A needs two events');
    await tables.doc.send(
      new PutCommand({
        TableName: tables.eventsTableName,
        Item: {
          ...second,
          sk: 3,
          version: 3,
          eventType: 'ObjectiveRenamed',
          data: { objectiveId: OBJ.onboarding },
        },
      }),
    );
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.eventsTableName,
        Key: { pk: `${org}#${streamA}`, sk: 0 },
        UpdateExpression: 'SET version = :three',
        ExpressionAttributeValues: { ':three': 3 },
      }),
    );
    await runSteps(store, onboarding.slice(2, 3), org);

    const items = itemsOf(await readEventItems(tables.doc, tables.eventsTableName), org);
    const cycleRecords = items
      .filter((item) => item.streamId === streamIdOf.cycle(CYCLE_ID))
      .map(insertRecord);
    expect((await projector.handle(batchOf(cycleRecords))).batchItemFailures).toEqual([]);
    const a = items.filter((item) => item.streamId === streamA).map(insertRecord);
    const b = items
      .filter((item) => item.streamId === streamB)
      .slice(0, 3)
      .map(insertRecord);
    const [a1, a2, a3, a4] = a;
    const [b1, b2, b3] = b;
    if (!a1 || !a2 || !a3 || !a4 || !b1 || !b2 || !b3) throw new Error('streams A and B need their events');
    poison = a3;
    batch = [a1, a2, b1, a3, b2, a4, b3];
  });

  it('holds back the later records of its stream, lets other streams proceed and reports exactly its sequence number', async () => {
    // Act
    const response = await projector.handle(batchOf(batch));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(poison) }]);
    expect(await objectiveVersion(org, OBJ.onboarding)).toBe(2);
    expect(await objectiveVersion(org, OBJ.support)).toBe(3);
  });

  it('is parked as a dead letter after its third failed attempt, and its stream moves on', async () => {
    // Act: Lambda redelivers from the reported record.
    const fromPoison = batch.slice(batch.indexOf(poison));
    const second = await projector.handle(batchOf(fromPoison));
    const third = await projector.handle(batchOf(fromPoison));

    // Assess
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(poison) }]);
    expect(third.batchItemFailures).toEqual([]);
    expect(await objectiveVersion(org, OBJ.onboarding)).toBe(4);
    const letters = await tables.doc.send(
      new QueryCommand({
        TableName: tables.viewsTableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DEAD_LETTER_PK },
      }),
    );
    expect(letters.Items).toEqual([
      expect.objectContaining({
        org,
        streamId: streamA,
        version: 3,
        sequenceNumber: sequenceOf(poison),
        attempts: 3,
        generations: [1],
        error: expect.stringContaining('ObjectiveRenamed'),
        record: expect.objectContaining({
          dynamodb: expect.objectContaining({
            NewImage: expect.objectContaining({ eventType: { S: 'ObjectiveRenamed' } }),
          }),
        }),
      }),
    ]);
  });

  it('cannot be read as an event of its stream', () => {
    // Prepare
    const image = unmarshalledImage(poison) as unknown as EventItem;

    // Act / Assess
    expect(() => projectableFromItem(image)).toThrow(/unknown objective event ObjectiveRenamed/);
  });
});

function unmarshalledImage(record: DynamoDBRecord | undefined): Record<string, unknown> {
  const image = record?.dynamodb?.NewImage;
  if (image === undefined) throw new Error('record without an image');
  return unmarshall(toSdkImage(image));
}

describe('projection order across streams', () => {
  it('gives the same views when objective streams are projected before their cycle stream', async () => {
    // Prepare: the same quarter for another organization; its cycle's records arrive last, as they
    // may when the streams sit in different shards.
    const org = 'lateco';
    await runSteps(store, quarterInOrder(), org);
    const items = inCommitOrder(itemsOf(await readEventItems(tables.doc, tables.eventsTableName), org));
    const isCycle = (item: EventItem) => item.streamId === streamIdOf.cycle(CYCLE_ID);

    // Act
    const objectivesFirst = await projector.handle(
      batchOf(items.filter((item) => !isCycle(item)).map(insertRecord)),
    );
    const cycleLast = await projector.handle(batchOf(items.filter(isCycle).map(insertRecord)));

    // Assess: item for item what the in-order projection of the same quarter gave the first organization.
    expect([objectivesFirst.batchItemFailures, cycleLast.batchItemFailures]).toEqual([[], []]);
    const generation = await readGeneration(tables.doc, tables.viewsTableName, 1);
    const ofOrg = (name: string) =>
      generation
        .filter((item) => item.pk.startsWith(`${name}#`))
        .map((item) => ({
          ...item,
          pk: item.pk.slice(name.length + 1),
          ...(item.org === undefined ? {} : { org: 'the org' }),
        }));
    const late = ofOrg(org);
    expect(late.length).toBeGreaterThan(50);
    expect(late).toEqual(ofOrg(ORG));
  });
});
