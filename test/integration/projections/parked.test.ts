// Nothing parked silently, on DynamoDB Local: a record the projector parks is counted in the CloudWatch
// metric the stack alarms on (an EMF line on stdout), is listed by `npm run parked`, and once its cause is
// fixed `npm run parked -- --redrive <id>` replays its stream so the views hold it, as a fresh fold does.
// The broken version adds a KR, so a later check-in on that KR is parked with it, and re-driving the
// first applies both.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type EventItem, toStoredEvent } from '@okr-ledger/event-store';
import { foldObjective, type ObjectiveEvent, streamIdOf } from '@okr-ledger/okr-domain';
import { createViewsReader } from '@okr-ledger/projections';
import {
  createDeadLetters,
  createProjector,
  createProjectorMetrics,
  PARKED_RECORDS_METRIC,
  PROJECTOR_SERVICE_NAME,
} from '@okr-ledger/projector';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { CYCLE_ID, OBJ, quarterInOrder } from '../../unit/projections/fixtures/quarter.js';
import {
  batchOf,
  insertRecord,
  newStore,
  quietLogger,
  readEventItems,
  readStreamItems,
  runSteps,
} from './support.js';

const run = promisify(execFile);
const tables = useTestTables();
const store = newStore(tables.doc, tables.eventsTableName);
const org = 'parkco';
const streamA = streamIdOf.objective(OBJ.onboarding);
const NAMESPACE = 'OkrLedger-test';
const metrics = createProjectorMetrics(NAMESPACE);
const projector = createProjector({
  doc: tables.doc,
  eventsTableName: tables.eventsTableName,
  viewsTableName: tables.viewsTableName,
  logger: quietLogger(),
  metrics,
  // Parked at the first failure, so one batch shows the whole path.
  maxAttempts: 1,
});
const deadLetters = createDeadLetters({
  doc: tables.doc,
  eventsTableName: tables.eventsTableName,
  viewsTableName: tables.viewsTableName,
});
const reader = createViewsReader({
  doc: tables.doc,
  viewsTableName: tables.viewsTableName,
  pointerCacheMs: 0,
});
const letterId = `${org}#${streamA}#0000000003`;
const dependentId = `${org}#${streamA}#0000000005`;

/** `npm run parked` itself, pointed at this file's tables (and at no local stack). */
async function parkedScript(...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/parked.ts', ...args], {
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: tables.endpoint,
        EVENTS_TABLE_NAME: tables.eventsTableName,
        VIEWS_TABLE_NAME: tables.viewsTableName,
        OKR_LEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'parked-')),
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

async function setEventType(version: number, eventType: string): Promise<void> {
  await tables.doc.send(
    new UpdateCommand({
      TableName: tables.eventsTableName,
      Key: { pk: `${org}#${streamA}`, sk: version },
      UpdateExpression: 'SET eventType = :type',
      ExpressionAttributeValues: { ':type': eventType },
    }),
  );
}

async function onboardingInViews() {
  const states = await reader.objectiveStates(org, CYCLE_ID);
  return states.find((state) => state.current.id === OBJ.onboarding)?.current;
}

async function onboardingFolded() {
  const items = await readStreamItems(tables.doc, tables.eventsTableName, org, streamA);
  return foldObjective(items.map((item) => toStoredEvent<ObjectiveEvent>(item)));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a parked projection record', () => {
  let originalType: string;
  let emitted: string[];

  beforeAll(async () => {
    // Prepare: the planning weeks of the quarter, then version 3 of stream A rewritten by a faulty writer
    // to an event type no projector knows.
    await runSteps(
      store,
      quarterInOrder().filter((step) => Date.parse(step.at) < Date.parse('2026-10-01T00:00:00Z')),
      org,
    );
    const streamItems = await readStreamItems(tables.doc, tables.eventsTableName, org, streamA);
    expect(streamItems.length).toBeGreaterThanOrEqual(4);
    originalType = String(streamItems[2]?.eventType);
    await setEventType(3, 'ObjectiveRenamed');

    const items = (await readEventItems(tables.doc, tables.eventsTableName)).filter(
      (item: EventItem) => item.org === org,
    );
    const cycleFirst = [
      ...items.filter((item) => item.streamId.startsWith('cycle-')),
      ...items.filter((item) => !item.streamId.startsWith('cycle-')),
    ];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const response = await projector.handle(batchOf(cycleFirst.map(insertRecord)));
    emitted = write.mock.calls.map(([chunk]) => String(chunk));
    write.mockRestore();
    expect(response.batchItemFailures).toEqual([]);
  });

  it('is counted in the ParkedRecords metric the alarm watches', () => {
    // Assess: one EMF document for the batch, in the projector's namespace and service dimension.
    const documents = emitted
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: NAMESPACE,
            Dimensions: [['service']],
            Metrics: [{ Name: PARKED_RECORDS_METRIC, Unit: 'Count' }],
          },
        ],
      },
      service: PROJECTOR_SERVICE_NAME,
    });
    // One value per parked record; CloudWatch sums them.
    const values = [documents[0]?.[PARKED_RECORDS_METRIC]].flat();
    expect(values.reduce((sum: number, value) => sum + Number(value), 0)).toBe(2);
  });

  it('is listed, with its stream, version and cause, by the module and by `npm run parked`', async () => {
    // Act
    const listed = await deadLetters.list({ org });
    const script = await parkedScript('--org', org);

    // Assess
    expect(listed).toEqual([
      expect.objectContaining({
        id: letterId,
        org,
        streamId: streamA,
        version: 3,
        attempts: 1,
        generations: [1],
        error: expect.stringContaining('ObjectiveRenamed'),
      }),
      expect.objectContaining({
        id: dependentId,
        version: 5,
        error: expect.stringContaining('unknown key result'),
      }),
    ]);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('2 parked record(s):');
    expect(script.stdout).toContain(letterId);
    expect(script.stdout).toContain('unknown objective event ObjectiveRenamed');
  });

  it('stays parked, and says why, when re-driven before its cause is fixed', async () => {
    // Prepare
    const before = await onboardingInViews();

    // Act
    const report = await deadLetters.redrive(letterId);

    // Assess
    expect(report).toMatchObject({ id: letterId, redriven: false, stillParked: [3, 5], generations: [1] });
    expect(report.error).toContain('ObjectiveRenamed');
    expect((await deadLetters.list({ org })).map((letter) => letter.id)).toEqual([letterId, dependentId]);
    // Replayed without them again: the views are what the projector had left.
    expect(await onboardingInViews()).toEqual(before);
  });

  it('is applied by `npm run parked -- --redrive <id>` once fixed, with the record that depended on it', async () => {
    // Prepare: the faulty writer's item corrected.
    await setEventType(3, originalType);
    const before = await onboardingInViews();

    // Act
    const script = await parkedScript('--redrive', letterId);

    // Assess
    expect(script.code).toBe(0);
    expect(script.stdout).toContain(`Re-driven ${letterId}`);
    expect(await deadLetters.list({ org })).toEqual([]);
    const after = await onboardingInViews();
    expect(after).toEqual(await onboardingFolded());
    expect(after).not.toEqual(before);
  });

  it('refuses an id that is not parked', async () => {
    // Act / Assess
    await expect(deadLetters.redrive(`${org}#${streamA}#0000000099`)).rejects.toThrow(/No parked record/);
  });
});
