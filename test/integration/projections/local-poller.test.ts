// The local poller over DynamoDB Local's real stream of the events table: it hands every record to the
// projector handler, waits on drain() until the views hold everything written so far, re-reads from the
// record a batch reported as failed, and resumes from persisted positions after a restart.
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { streamIdOf } from '@okr-ledger/okr-domain';
import { createViewsReader, DEAD_LETTER_PK } from '@okr-ledger/projections';
import { createProjector, type Projector, startLocalPoller, toSdkImage } from '@okr-ledger/projector';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { CYCLE_ID, OBJ, quarterInOrder } from '../../unit/projections/fixtures/quarter.js';
import { newStore, quietLogger, readStreamItems, runSteps } from './support.js';

const tables = useTestTables();
const store = newStore(tables.doc, tables.eventsTableName);
const reader = createViewsReader({
  doc: tables.doc,
  viewsTableName: tables.viewsTableName,
  pointerCacheMs: 0,
});
const planning = quarterInOrder().filter((step) => Date.parse(step.at) < Date.parse('2026-10-01T00:00:00Z'));

/** The real projector, with a tally of the event records each sequence number was delivered in. */
function countingProjector(): {
  projector: Projector;
  deliveries: Map<string, number>;
  eventInserts: () => number;
} {
  const real = createProjector({
    doc: tables.doc,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    logger: quietLogger(),
  });
  const deliveries = new Map<string, number>();
  let inserts = 0;
  return {
    deliveries,
    eventInserts: () => inserts,
    projector: {
      handle(event: DynamoDBStreamEvent) {
        for (const record of event.Records) {
          const sequence = record.dynamodb?.SequenceNumber ?? '';
          deliveries.set(sequence, (deliveries.get(sequence) ?? 0) + 1);
          const image = record.dynamodb?.NewImage;
          if (
            record.eventName === 'INSERT' &&
            image !== undefined &&
            unmarshall(toSdkImage(image)).kind === 'event'
          ) {
            inserts += 1;
          }
        }
        return real.handle(event);
      },
    },
  };
}

const startPoller = (options: { projector?: Projector; persistCheckpoints?: boolean } = {}) =>
  startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 50,
    logger: quietLogger(),
    ...options,
  });

async function versionOf(org: string, objectiveId: string): Promise<number | undefined> {
  const states = await reader.objectiveStates(org, CYCLE_ID);
  return states.find((state) => state.current.id === objectiveId)?.current.version;
}

describe('the local poller', () => {
  it('resolves drain() once everything written before it is in the views', async () => {
    // Prepare
    const poller = startPoller();
    try {
      await runSteps(store, planning, 'drainco');

      // Act
      await poller.drain();

      // Assess
      const recorded = await readStreamItems(
        tables.doc,
        tables.eventsTableName,
        'drainco',
        streamIdOf.objective(OBJ.support),
      );
      expect(await versionOf('drainco', OBJ.support)).toBe(recorded.length);
      expect((await reader.cycle('drainco', CYCLE_ID))?.status).toBe('planning');
    } finally {
      await poller.stop();
    }
  });

  it('reads again from the record a batch reported as failed, and parks it after its attempts', async () => {
    // Prepare: version 3 of a stream is an event no projector knows; version 4 follows it.
    const org = 'poisonco';
    const streamId = streamIdOf.objective(OBJ.onboarding);
    const onboarding = planning.filter(
      (step) => step.stream === 'objective' && step.command.objectiveId === OBJ.onboarding,
    );
    await runSteps(
      store,
      planning.filter((step) => !onboarding.includes(step)),
      org,
    );
    await runSteps(store, onboarding.slice(0, 2), org);
    const [, second] = await readStreamItems(tables.doc, tables.eventsTableName, org, streamId);
    await tables.doc.send(
      new PutCommand({
        TableName: tables.eventsTableName,
        Item: { ...second, sk: 3, version: 3, eventType: 'ObjectiveRenamed' },
      }),
    );
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.eventsTableName,
        Key: { pk: `${org}#${streamId}`, sk: 0 },
        UpdateExpression: 'SET version = :three',
        ExpressionAttributeValues: { ':three': 3 },
      }),
    );
    await runSteps(store, onboarding.slice(2, 3), org);
    const counting = countingProjector();
    const poller = startPoller({ projector: counting.projector });

    try {
      // Act
      await poller.drain();

      // Assess
      const letters = await tables.doc.send(
        new QueryCommand({
          TableName: tables.viewsTableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :org)',
          ExpressionAttributeValues: { ':pk': DEAD_LETTER_PK, ':org': `${org}#` },
        }),
      );
      expect(letters.Items).toEqual([
        expect.objectContaining({
          streamId,
          version: 3,
          attempts: 3,
          sequenceNumber: expect.stringMatching(/^\d+$/),
        }),
      ]);
      const poisonSequence = String(letters.Items?.[0]?.sequenceNumber);
      expect(counting.deliveries.get(poisonSequence)).toBe(3);
      expect(await versionOf(org, OBJ.onboarding)).toBe(4);
    } finally {
      await poller.stop();
    }
  });

  it('resumes after the last applied record when restarted with persisted positions', async () => {
    // Prepare
    const org = 'resumeco';
    const [first, ...rest] = planning;
    if (first === undefined) throw new Error('planning has steps');
    const before = startPoller({ persistCheckpoints: true });
    await runSteps(store, [first], org);
    await before.drain();
    await before.stop();
    await runSteps(store, rest.slice(0, 1), org);
    const counting = countingProjector();
    const after = startPoller({ projector: counting.projector, persistCheckpoints: true });

    try {
      // Act
      await after.drain();

      // Assess: only the event written while no poller ran is delivered again.
      expect(counting.eventInserts()).toBe(1);
      expect(await reader.cycle(org, CYCLE_ID)).not.toBeNull();
    } finally {
      await after.stop();
    }
  });

  it('refuses to drain once stopped', async () => {
    // Prepare
    const poller = startPoller();
    await poller.stop();

    // Act / Assess
    await expect(poller.drain()).rejects.toThrow(/stopped/);
  });
});
