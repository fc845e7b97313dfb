// The live grades read from the cycle's partition alone: the same report as grading full folds of the
// events with the whole audit, and, at quarter end with 50 KRs × 13 check-ins, no more read units than
// the board of the same cycle (counted with ReturnConsumedCapacity on DynamoDB Local).
import { createDynamoClients, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import {
  type CycleEvent,
  foldCycle,
  foldObjective,
  type ObjectiveEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { createViewsReader, gradesFor } from '@okr-ledger/projections';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter } from '../../../bench/lib/dynamo-meter.js';
import { useTestTables } from '../../support/dynamo.js';
import { keyResultDefinition, objectiveDefinition } from '../../unit/domain/specification.js';
import { CYCLE_ID, OBJ, ORG, quarterInOrder } from '../../unit/projections/fixtures/quarter.js';
import { newStore, quietLogger, runSteps } from './support.js';

const tables = useTestTables();
const store = newStore(tables.doc, tables.eventsTableName);
let poller: LocalPoller;

// A metered client of its own, so only the reads under test are counted.
const metered = createDynamoClients({ endpoint: tables.endpoint, ...LOCAL_DYNAMO_SETTINGS });
const meter = new DynamoMeter().attach(metered.client);
const reader = createViewsReader({ doc: metered.doc, viewsTableName: tables.viewsTableName });

const QUARTER_ORG = 'quarter-end';
const QUARTER_CYCLE = 'quarter';
const OBJECTIVES = 10;
const KEY_RESULTS_PER_OBJECTIVE = 5;
const WEEKS = 13;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const actor = { sub: 'sub-admin', email: 'admin@acme.test' };
const PLANNED_AT = '2026-12-20T09:00:00.000Z';
const ACTIVATED_AT = '2026-12-21T09:00:00.000Z';
const CHANGED_AT = '2026-12-22T09:00:00.000Z';

async function append<E extends ObjectiveEvent | CycleEvent>(
  org: string,
  streamId: string,
  expectedVersion: number,
  events: E[],
  recordedAt: string,
  snapshot: unknown,
  cycleId?: string,
): Promise<void> {
  await store.append({
    org,
    streamId,
    expectedVersion,
    events,
    metadata: { actor, commandId: `${streamId}-${expectedVersion}`, recordedAt },
    snapshot,
    snapshotSchemaVersion: 1,
    ...(cycleId === undefined ? {} : { cycleId }),
  });
}

/**
 * The bench's quarter-end board: ten objectives of five KRs, thirteen weekly check-ins each with a note,
 * recorded in planning (so the definitions at activation came with every check-in, the heaviest case),
 * then the cycle started and one KR's target changed mid-cycle.
 */
async function seedQuarterEnd(): Promise<void> {
  const cycleStream = streamIdOf.cycle(QUARTER_CYCLE);
  const created: CycleEvent = {
    type: 'CycleCreated',
    data: {
      cycleId: QUARTER_CYCLE,
      title: 'Quarter end',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      timeZone: 'UTC',
    },
  };
  await append(QUARTER_ORG, cycleStream, 0, [created], PLANNED_AT, null);
  for (let o = 0; o < OBJECTIVES; o += 1) {
    const objectiveId = `obj_quarter${String(o).padStart(4, '0')}`;
    const events: ObjectiveEvent[] = [
      {
        type: 'ObjectiveCreated',
        data: { objectiveId, cycleId: QUARTER_CYCLE, definition: objectiveDefinition() },
      },
    ];
    const keyResultIds = Array.from({ length: KEY_RESULTS_PER_OBJECTIVE }, (_, k) => `kr_q${o}x${k}`);
    for (const keyResultId of keyResultIds) {
      events.push({
        type: 'KeyResultAdded',
        data: {
          objectiveId,
          keyResultId,
          definition: keyResultDefinition({ start: 0, target: 100 }),
          midCycle: false,
          reason: null,
        },
      });
    }
    for (let week = 0; week < WEEKS; week += 1) {
      for (const keyResultId of keyResultIds) {
        events.push({
          type: 'CheckInRecorded',
          data: {
            objectiveId,
            keyResultId,
            checkInId: `chk_${keyResultId}w${week}`,
            value: 5 * (week + 1),
            milestonesDone: null,
            done: null,
            confidence: null,
            note: `Week ${week + 1}: cohort numbers from the product dashboard.`,
            effectiveAt: new Date(Date.parse(PLANNED_AT) - (WEEKS - 1 - week) * WEEK_MS).toISOString(),
          },
        });
      }
    }
    await append(QUARTER_ORG, streamIdOf.objective(objectiveId), 0, events, PLANNED_AT, null, QUARTER_CYCLE);
  }
  await append(
    QUARTER_ORG,
    cycleStream,
    1,
    [{ type: 'CycleActivated', data: { cycleId: QUARTER_CYCLE } }],
    ACTIVATED_AT,
    null,
  );
  const changed: ObjectiveEvent = {
    type: 'KeyResultChanged',
    data: {
      objectiveId: 'obj_quarter0000',
      keyResultId: 'kr_q0x0',
      changes: [{ field: 'target', before: 100, after: 80 }],
      midCycle: true,
      reason: 'The first weeks went slower than planned.',
    },
  };
  const streamId = streamIdOf.objective('obj_quarter0000');
  await append(
    QUARTER_ORG,
    streamId,
    1 + KEY_RESULTS_PER_OBJECTIVE * (1 + WEEKS),
    [changed],
    CHANGED_AT,
    null,
    QUARTER_CYCLE,
  );
}

/** The grades as the reader computed them before: full folds of the events and the cycle's whole audit. */
async function referenceGrades(org: string, cycleId: string, objectiveIds: string[]) {
  const cycle = foldCycle(await store.readStream<CycleEvent>(org, streamIdOf.cycle(cycleId)));
  if (cycle === null) throw new Error(`no cycle ${cycleId}`);
  const streams = await Promise.all(
    objectiveIds.map((id) => store.readStream<ObjectiveEvent>(org, streamIdOf.objective(id))),
  );
  const currents = streams.flatMap((events) => foldObjective(events) ?? []);
  const originals = streams.flatMap((events) =>
    cycle.activatedAt === null ? [] : (foldObjective(events, cycle.activatedAt) ?? []),
  );
  return gradesFor(cycle, currents, originals, await reader.changes(org, cycleId));
}

beforeAll(async () => {
  poller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 50,
    logger: quietLogger(),
  });
  // Prepare: the fixture quarter up to its close (mid-cycle changes, a correction, a late check-in), and
  // the quarter-end board of the bench.
  const closing = quarterInOrder().findIndex(
    (step) => step.stream === 'cycle' && step.command.type === 'CloseCycle',
  );
  await runSteps(store, quarterInOrder().slice(0, closing));
  await seedQuarterEnd();
  // About 700 events to project: a slow machine gets time (the tests count read units, never time).
  await poller.drain(90_000);
});

afterAll(async () => {
  await poller.stop();
  metered.client.destroy();
});

describe('live grades from the cycle partition', () => {
  it('equal the grades of full folds and the whole audit, mid-cycle changes named', async () => {
    // Act
    const report = await reader.grades(ORG, CYCLE_ID);

    // Assess
    expect(report?.frozen).toBe(false);
    expect(report).toEqual(await referenceGrades(ORG, CYCLE_ID, Object.values(OBJ)));
    const changedBy = report?.rows.flatMap((row) => row.changedBy) ?? [];
    expect(changedBy).toContainEqual(expect.stringContaining('target 20 → 15'));
  });

  it('at 50 KRs × 13 check-ins cost no more read units than the board of the same cycle', async () => {
    // Prepare: the generation pointer cached, as in a warm container
    await reader.board(QUARTER_ORG, QUARTER_CYCLE, CHANGED_AT);
    const objectiveIds = Array.from(
      { length: OBJECTIVES },
      (_, o) => `obj_quarter${String(o).padStart(4, '0')}`,
    );

    // Act
    const board = await meter.measure(() => reader.board(QUARTER_ORG, QUARTER_CYCLE, CHANGED_AT));
    const grades = await meter.measure(() => reader.grades(QUARTER_ORG, QUARTER_CYCLE));

    // Assess
    expect(board.value?.objectives).toHaveLength(OBJECTIVES);
    expect(grades.value?.rows).toHaveLength(OBJECTIVES * (1 + KEY_RESULTS_PER_OBJECTIVE));
    expect(grades.value).toEqual(await referenceGrades(QUARTER_ORG, QUARTER_CYCLE, objectiveIds));
    expect(grades.value?.rows.find((row) => row.keyResultId === 'kr_q0x0')?.changedBy).toEqual([
      expect.stringContaining('target'),
    ]);
    expect(grades.tally.readUnits).toBeGreaterThan(0);
    expect(grades.tally.readUnits).toBeLessThanOrEqual(board.tally.readUnits);
    expect(grades.tally.requests).toBe(board.tally.requests);
  });
});
