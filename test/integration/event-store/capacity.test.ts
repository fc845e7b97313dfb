// What one check-in and one read cost in DynamoDB requests and capacity units, measured with
// ReturnConsumedCapacity against DynamoDB Local and printed for the benchmark notes. DynamoDB Local
// reports units the way the service computes them for on-demand tables (transactional writes count
// double), so the numbers are indicative of the bill, not of latency.
import { CapacityCounter, StreamVersionConflictError } from '@okr-ledger/event-store';
import {
  type CycleState,
  decideObjective,
  evolveObjective,
  type ObjectiveCommandInput,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import { ACTOR, counterAppend, increments, newCommandId, ORG, testStore } from './fixtures.js';
import { executeCommand } from '../../support/single-command.js';

const tables = useTestTables();

const cycle: CycleState = {
  id: '2026-Q4',
  title: 'Q4',
  startsOn: '2026-10-01',
  endsOn: '2026-12-31',
  timeZone: 'UTC',
  status: 'active',
  activatedAt: '2026-10-01T00:00:00.000Z',
  closedAt: null,
  version: 2,
};
const now = new Date('2026-10-05T10:00:00.000Z');

function measuredRun(counter: CapacityCounter | undefined, streamId: string, input: ObjectiveCommandInput) {
  const command = ObjectiveCommandSchema.parse(input);
  const store = testStore({
    client: tables.doc,
    tableName: tables.eventsTableName,
    ...(counter ? { onConsumedCapacity: counter.record } : {}),
  });
  return executeCommand<ObjectiveState, ObjectiveEvent>({
    store,
    org: ORG,
    streamId,
    commandId: command.commandId,
    actor: ACTOR,
    now,
    snapshotSchemaVersion: 1,
    decide: (state) =>
      decideObjective(command, state, { now: now.toISOString(), actor: ACTOR, role: 'editor', cycle }),
    evolve: evolveObjective,
    cycleId: cycle.id,
  });
}

describe('capacity per operation', () => {
  it('one check-in costs 3 requests: command lookup, tip read, one transaction', async () => {
    // Prepare: an objective with one KR and a few earlier check-ins
    const objectiveId = `obj_${Date.now().toString(36)}cap`;
    const keyResultId = `kr_${Date.now().toString(36)}cap`;
    const streamId = streamIdOf.objective(objectiveId);
    await measuredRun(undefined, streamId, {
      type: 'CreateObjective',
      commandId: newCommandId(),
      objectiveId,
      definition: { title: 'Onboarding feels effortless' },
    });
    await measuredRun(undefined, streamId, {
      type: 'AddKeyResult',
      commandId: newCommandId(),
      objectiveId,
      keyResultId,
      reason: 'first KR',
      definition: {
        title: 'Week-2 adoption from 41% to 75%',
        type: 'increase',
        start: 41,
        target: 75,
        unit: '%',
      },
    });
    const checkIn = (index: number): ObjectiveCommandInput => ({
      type: 'RecordCheckIn',
      commandId: newCommandId(),
      objectiveId,
      keyResultId,
      checkInId: `chk_cap${String(index).padStart(6, '0')}`,
      value: 41 + index,
      note: 'weekly update',
    });
    for (let index = 0; index < 5; index += 1) await measuredRun(undefined, streamId, checkIn(index));
    const checkInCost = new CapacityCounter();
    const readCost = new CapacityCounter();

    // Act
    const outcome = await measuredRun(checkInCost, streamId, checkIn(5));
    const reader = testStore({
      client: tables.doc,
      tableName: tables.eventsTableName,
      onConsumedCapacity: readCost.record,
    });
    await reader.readTip(ORG, streamId);
    const tipRead = { ...readCost.total };
    readCost.reset();
    const events = await reader.readStream(ORG, streamId);
    const streamRead = { ...readCost.total };

    // Assess
    expect(outcome.status).toBe('applied');
    expect(events).toHaveLength(8);
    expect(checkInCost.total.requests).toBe(3);
    expect(checkInCost.byOperation.GetItem?.requests).toBe(2);
    expect(checkInCost.byOperation.TransactWriteItems?.requests).toBe(1);
    expect(checkInCost.total.writeUnits).toBeGreaterThan(0);
    expect(tipRead).toMatchObject({ requests: 1, writeUnits: 0 });
    expect(tipRead.readUnits).toBeGreaterThan(0);
    expect(streamRead).toMatchObject({ requests: 1, writeUnits: 0 });
    console.info(
      [
        'DynamoDB cost measured against DynamoDB Local (ReturnConsumedCapacity TOTAL):',
        `  check-in (executeCommand): ${JSON.stringify(checkInCost.total)} by operation ${JSON.stringify(checkInCost.byOperation)}`,
        `  read tip (GetItem, consistent): ${JSON.stringify(tipRead)}`,
        `  read stream of ${events.length} events (Query, consistent): ${JSON.stringify(streamRead)}`,
      ].join('\n'),
    );
  });

  it('a conflicting append explains itself without a second request', async () => {
    // Prepare
    const streamId = `counter-${Date.now().toString(36)}-conflict`;
    const store = testStore({ client: tables.doc, tableName: tables.eventsTableName });
    await store.append(counterAppend(streamId, 0, increments(3)));
    const counter = new CapacityCounter();
    const measured = store.withCapacityListener(counter.record);

    // Act
    const conflict = await measured.append(counterAppend(streamId, 1, increments(1))).catch((error) => error);

    // Assess
    expect(conflict).toBeInstanceOf(StreamVersionConflictError);
    expect(conflict).toMatchObject({ currentVersion: 3, currentSnapshot: { version: 3 } });
    expect(counter.total.requests).toBe(1);
    expect(Object.keys(counter.byOperation)).toEqual(['TransactWriteItems']);
  });
});
