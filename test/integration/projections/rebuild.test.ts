// Rebuilding the views from the events table gives exactly what the incremental projection gave, also
// when a writer keeps appending while the rebuild runs (the projector feeds both generations meanwhile);
// readers follow the pointer to the new generation and the old one is deleted.
import { streamIdOf } from '@okr-ledger/okr-domain';
import { createViewsReader, readPointer, rebuildViews } from '@okr-ledger/projections';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import {
  ada,
  CYCLE_ID,
  KR,
  OBJ,
  ORG,
  type QuarterStep,
  quarterInOrder,
} from '../../unit/projections/fixtures/quarter.js';
import {
  newStore,
  quietLogger,
  readEventItems,
  readGeneration,
  readStreamItems,
  runStep,
  runSteps,
} from './support.js';

const tables = useTestTables();
// Only its views table is used: a second projector fed by the same events stream, incrementally and
// never rebuilt, is the reference the rebuilt views must equal.
const reference = useTestTables({ prefix: 'rebuild-reference' });
const store = newStore(tables.doc, tables.eventsTableName);
let poller: LocalPoller;
let referencePoller: LocalPoller;

const rebuild = (options: { keepOldGeneration: boolean }) =>
  rebuildViews({
    doc: tables.doc,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    graceMs: 0,
    ...options,
  });

beforeAll(async () => {
  poller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 50,
    logger: quietLogger(),
  });
  referencePoller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: reference.viewsTableName,
    intervalMs: 50,
    logger: quietLogger(),
  });
  await runSteps(store, quarterInOrder());
  await Promise.all([poller.drain(), referencePoller.drain()]);
});

afterAll(async () => {
  await Promise.all([poller.stop(), referencePoller.stop()]);
});

const incrementalReference = () => readGeneration(tables.doc, reference.viewsTableName, 1);

describe('rebuilding the views', () => {
  it('gives the same views as the incremental projection and switches readers over', async () => {
    // Prepare
    const incremental = await readGeneration(tables.doc, tables.viewsTableName, 1);
    const reader = createViewsReader({
      doc: tables.doc,
      viewsTableName: tables.viewsTableName,
      pointerCacheMs: 0,
    });
    const gradesBefore = await reader.grades(ORG, CYCLE_ID);

    // Act
    const report = await rebuild({ keepOldGeneration: true });

    // Assess
    expect(report).toMatchObject({ generation: 2, previousGeneration: 1, streams: 4, parked: 0 });
    expect(report.eventsReplayed).toBe((await readEventItems(tables.doc, tables.eventsTableName)).length);
    expect(report.viewItemsWritten).toBeGreaterThan(incremental.length - 1);
    expect(await readPointer(tables.doc, tables.viewsTableName)).toEqual({ current: 2, building: null });
    expect(await readGeneration(tables.doc, tables.viewsTableName, 2)).toEqual(incremental);
    expect(incremental).toEqual(await incrementalReference());
    expect(await reader.grades(ORG, CYCLE_ID)).toEqual(gradesBefore);
  });

  it('deletes the old generation after the switch', async () => {
    // Prepare
    const current = await readGeneration(tables.doc, tables.viewsTableName, 2);

    // Act
    const report = await rebuild({ keepOldGeneration: false });

    // Assess
    expect(report.generation).toBe(3);
    expect(report.oldItemsDeleted).toBe(current.length);
    expect(await readGeneration(tables.doc, tables.viewsTableName, 2)).toEqual([]);
    expect(await readGeneration(tables.doc, tables.viewsTableName, 3)).toEqual(current);
  });

  it('gives the same views as the incremental projection while a writer keeps appending', async () => {
    // Prepare: another organization in the middle of its quarter, a writer recording check-ins.
    const org = 'busyco';
    const untilActive = quarterInOrder().filter(
      (step) => Date.parse(step.at) <= Date.parse('2026-10-01T06:00:00Z'),
    );
    await runSteps(store, untilActive, org);
    await Promise.all([poller.drain(), referencePoller.drain()]);
    const checkIn = (index: number): QuarterStep => ({
      stream: 'objective',
      at: new Date(Date.parse('2026-10-02T09:00:00Z') + index * 3_600_000).toISOString(),
      actor: ada,
      role: 'editor',
      command: {
        type: 'RecordCheckIn',
        commandId: `cmd-busy-${String(index).padStart(4, '0')}`,
        objectiveId: index % 2 === 0 ? OBJ.onboarding : OBJ.support,
        keyResultId: index % 2 === 0 ? KR.onboardingDays : KR.backlog,
        checkInId: `chk_busy${String(index).padStart(8, '0')}`,
        value: 200 - index,
      },
    });
    // The writer goes on until the rebuild is over and a few writes beyond, so writes land before, during
    // and after it whatever the speed of the machine.
    let written = 0;
    let rebuildDone = false;
    let writtenAfterRebuild = 0;
    const writer = (async () => {
      while (!rebuildDone || writtenAfterRebuild < 3) {
        await runStep(store, checkIn(written), org);
        written += 1;
        if (rebuildDone) writtenAfterRebuild += 1;
      }
    })();
    while (written < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    const writtenBeforeRebuild = written;
    const report = await rebuild({ keepOldGeneration: true }).finally(() => {
      rebuildDone = true;
    });
    const writtenDuringRebuild = written - writtenBeforeRebuild;
    await writer;
    await Promise.all([poller.drain(), referencePoller.drain()]);

    // Assess
    expect(writtenDuringRebuild).toBeGreaterThan(0);
    expect(report.generation).toBe(4);
    const rebuilt = await readGeneration(tables.doc, tables.viewsTableName, 4);
    expect(rebuilt).toEqual(await incrementalReference());
    const busyObjective = rebuilt.find(
      (item) => item.pk === `${org}#cycle#${CYCLE_ID}` && item.sk === `objective#${OBJ.onboarding}`,
    );
    const recorded = await readStreamItems(
      tables.doc,
      tables.eventsTableName,
      org,
      streamIdOf.objective(OBJ.onboarding),
    );
    expect(busyObjective?.state).toMatchObject({ id: OBJ.onboarding, version: recorded.length });
  });
});
