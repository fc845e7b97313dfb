// executeCommand against a real DynamoDB Local: races between writers, expected versions, idempotent
// replays (including a lost first response), snapshot refolds, and 100 concurrent check-ins on one
// objective through the real OKR domain.
import {
  CapacityCounter,
  createDynamoClients,
  EventStore,
  LOCAL_DYNAMO_SETTINGS,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import {
  type CycleState,
  decideObjective,
  evolveObjective,
  foldObjective,
  type ObjectiveCommandInput,
  ObjectiveCommandSchema,
  type ObjectiveDecisionContext,
  type ObjectiveEvent,
  type ObjectiveState,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import {
  ACTOR,
  COUNTER_SNAPSHOT_VERSION,
  type CounterEvent,
  type CounterState,
  evolveCounter,
  increment,
  newCommandId,
  newStreamId,
  ORG,
  openCounter,
  testStore,
} from './fixtures.js';
import { executeCommand } from '../../support/single-command.js';
import { DEFAULT_CONFLICT_RETRY } from '@okr-ledger/command-handling';

const tables = useTestTables();
let store: EventStore;

beforeAll(() => {
  store = testStore({ client: tables.doc, tableName: tables.eventsTableName });
});

const NOW = new Date('2026-10-05T10:00:00.000Z');

/** Runs a counter command with the usual wiring; tests override what they exercise. */
function runCounter(
  streamId: string,
  decide: (state: CounterState | null) => ReturnType<ReturnType<typeof increment>>,
  overrides: Partial<Parameters<typeof executeCommand<CounterState, CounterEvent>>[0]> = {},
) {
  return executeCommand<CounterState, CounterEvent>({
    store,
    org: ORG,
    streamId,
    commandId: newCommandId(),
    actor: ACTOR,
    now: NOW,
    snapshotSchemaVersion: COUNTER_SNAPSHOT_VERSION,
    decide,
    evolve: evolveCounter,
    response: (state, version) => ({ total: state.total, version }),
    ...overrides,
  });
}

async function openedCounter(): Promise<string> {
  const streamId = newStreamId();
  const opened = await runCounter(streamId, openCounter('c'));
  if (opened.status !== 'applied') throw new Error('could not open the counter');
  return streamId;
}

/** A real store whose first `parties` tip reads wait for each other, so every writer loads the same version. */
class SynchronisedStore extends EventStore {
  conflicts = 0;
  private waiting: (() => void)[] = [];

  constructor(
    options: ConstructorParameters<typeof EventStore>[0],
    private parties: number,
  ) {
    super(options);
  }

  override async readTip<S>(org: string, streamId: string) {
    const tip = await super.readTip<S>(org, streamId);
    if (this.parties > 0) {
      this.parties -= 1;
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.parties === 0) for (const release of this.waiting) release();
      });
    }
    return tip;
  }

  override async append(...args: Parameters<EventStore['append']>) {
    try {
      return await super.append(...args);
    } catch (error) {
      if (error instanceof StreamVersionConflictError) this.conflicts += 1;
      throw error;
    }
  }
}

/** A store whose client writes its first transaction but loses the answer (a socket hang-up after it). */
function lossyClient() {
  const { client, doc } = createDynamoClients({ endpoint: tables.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  let lost = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand' && lost === 0) {
        lost += 1;
        throw Object.assign(new Error('socket hang up after the write'), { name: 'TimeoutError' });
      }
      return result;
    },
    { step: 'initialize', name: 'loseFirstTransactionResponse' },
  );
  return {
    store: testStore({ client: doc, tableName: tables.eventsTableName }),
    lost: () => lost,
    destroy: () => client.destroy(),
  };
}

describe('races between writers', () => {
  it('two writers decide on the same version: exactly one conflicts and, after its retry, both land', async () => {
    // Prepare
    const streamId = await openedCounter();
    const racing = new SynchronisedStore({ client: tables.doc, tableName: tables.eventsTableName }, 2);
    const decisions: number[] = [];
    const incrementSeeing = (tag: string) => (state: CounterState | null) => {
      decisions.push(state?.total ?? -1);
      return increment(1, tag)(state);
    };

    // Act
    const [left, right] = await Promise.all([
      runCounter(streamId, incrementSeeing('left'), { store: racing }),
      runCounter(streamId, incrementSeeing('right'), { store: racing }),
    ]);

    // Assess
    expect(racing.conflicts).toBe(1);
    expect(decisions).toEqual([0, 0, 1]);
    expect([left.status, right.status]).toEqual(['applied', 'applied']);
    const versions = [left, right].map((outcome) => (outcome.status === 'applied' ? outcome.version : 0));
    expect(versions.sort()).toEqual([2, 3]);
    const tip = await store.readTip<CounterState>(ORG, streamId);
    expect(tip?.version).toBe(3);
    expect(tip?.snapshot.total).toBe(2);
    expect([...(tip?.snapshot.tags ?? [])].sort()).toEqual(['left', 'right']);
  });

  it('a writer that named the version it saw gets the conflict instead of a silent retry', async () => {
    // Prepare
    const streamId = await openedCounter();
    const racing = new SynchronisedStore({ client: tables.doc, tableName: tables.eventsTableName }, 2);

    // Act
    const outcomes = await Promise.allSettled([
      runCounter(streamId, increment(1, 'a'), { store: racing, expectedVersion: 1 }),
      runCounter(streamId, increment(1, 'b'), { store: racing, expectedVersion: 1 }),
    ]);

    // Assess
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(StreamVersionConflictError);
    expect(rejected[0]?.reason).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect((await store.readTip(ORG, streamId))?.version).toBe(2);
  });
});

describe('expected version', () => {
  it('applies on a new stream at 0 and on an existing stream at its version', async () => {
    // Prepare
    const streamId = newStreamId();

    // Act
    const created = await runCounter(streamId, openCounter('n'), { expectedVersion: 0 });
    const incremented = await runCounter(streamId, increment(5, 'x'), { expectedVersion: 1 });

    // Assess
    expect(created).toMatchObject({ status: 'applied', version: 1, replayed: false });
    expect(incremented).toMatchObject({
      status: 'applied',
      version: 2,
      state: { total: 5 },
      response: { total: 5, version: 2 },
    });
  });

  it('throws a conflict carrying the current state for a stale version, without deciding or writing', async () => {
    // Prepare
    const streamId = await openedCounter();
    await runCounter(streamId, increment(2, 'first'));
    let decided = false;

    // Act
    const outcome = runCounter(
      streamId,
      (state) => {
        decided = true;
        return increment(1, 'stale')(state);
      },
      { expectedVersion: 1 },
    );

    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'StreamVersionConflictError',
      status: 409,
      currentVersion: 2,
      currentSnapshot: { name: 'c', total: 2, tags: ['first'] },
    });
    expect(decided).toBe(false);
    expect((await store.readTip(ORG, streamId))?.version).toBe(2);
  });

  it('returns a rejection from decide and writes nothing', async () => {
    // Prepare
    const streamId = newStreamId();
    const commandId = newCommandId();

    // Act
    const outcome = await runCounter(streamId, increment(1, 'nothing to increment'), { commandId });

    // Assess
    expect(outcome).toEqual({
      status: 'rejected',
      error: { code: 'not_found', message: 'no such counter', path: [] },
    });
    expect(await store.readTip(ORG, streamId)).toBeNull();
    expect(await store.getCommand(ORG, commandId)).toBeNull();
  });
});

describe('idempotency', () => {
  it('runs a command once however often it is sent, answering the same each time', async () => {
    // Prepare
    const streamId = await openedCounter();
    const commandId = newCommandId();
    const send = () => runCounter(streamId, increment(3, 'once'), { commandId });

    // Act
    const first = await send();
    const second = await send();
    const third = await send();

    // Assess
    expect([first, second, third].map((outcome) => outcome.status === 'applied' && outcome.replayed)).toEqual(
      [false, true, true],
    );
    for (const outcome of [first, second, third]) {
      expect(outcome).toMatchObject({ status: 'applied', version: 2, response: { total: 3, version: 2 } });
    }
    // The first run reports the events it recorded; a replay answers from the record alone.
    expect(first.status === 'applied' && first.events.map((event) => event.version)).toEqual([2]);
    expect(second.status === 'applied' && second.events).toEqual([]);
    const events = await store.readStream(ORG, streamId);
    expect(events.filter((event) => event.metadata.commandId === commandId)).toHaveLength(1);
  });

  it('answers a replay with the stored response and the state the stream has now', async () => {
    // Prepare
    const streamId = await openedCounter();
    const commandId = newCommandId();
    await runCounter(streamId, increment(1, 'mine'), { commandId });
    await runCounter(streamId, increment(10, 'later'));

    // Act
    const replay = await runCounter(streamId, increment(1, 'mine'), { commandId });

    // Assess
    expect(replay).toMatchObject({
      status: 'applied',
      replayed: true,
      version: 3,
      state: { total: 11 },
      response: { total: 1, version: 2 },
    });
  });

  it('survives a lost first response: the retried append and the resent command return the first result', async () => {
    // Prepare: a client whose first transaction is written but whose answer never arrives
    const lossy = lossyClient();
    const streamId = await openedCounter();
    const commandId = newCommandId();

    // Act
    const first = await runCounter(streamId, increment(7, 'lost'), { commandId, store: lossy.store });
    const resent = await runCounter(streamId, increment(7, 'lost'), { commandId });
    lossy.destroy();

    // Assess
    expect(lossy.lost()).toBe(1);
    // The first answer was lost, but the write was this call's own: applied, not a replay.
    expect(first).toMatchObject({
      status: 'applied',
      replayed: false,
      version: 2,
      response: { total: 7, version: 2 },
    });
    expect(resent).toMatchObject({ status: 'applied', replayed: true, response: { total: 7, version: 2 } });
    expect(await store.readStream(ORG, streamId)).toHaveLength(2);
  });

  it('writes no record for a command id minted for one call, and still knows its own write when the answer is lost', async () => {
    // Prepare: the same lossy client; a concurrent writer then lands on top of the counter
    const lossy = lossyClient();
    const streamId = await openedCounter();
    const minted = newCommandId();
    const later = newCommandId();

    // Act
    const first = await runCounter(streamId, increment(5, 'minted'), {
      commandId: minted,
      store: lossy.store,
      minted: true,
    });
    const next = await runCounter(streamId, increment(2, 'next'), { commandId: later, minted: true });
    lossy.destroy();

    // Assess: applied once (not twice, not refused), and no record for either id
    expect(lossy.lost()).toBe(1);
    expect(first).toMatchObject({ status: 'applied', replayed: false, version: 2, response: { total: 5 } });
    expect(next).toMatchObject({ status: 'applied', replayed: false, version: 3, response: { total: 7 } });
    const events = await store.readStream(ORG, streamId);
    expect(events.map((event) => event.metadata.commandId)).toEqual([expect.any(String), minted, later]);
    expect(await store.getCommand(ORG, minted)).toBeNull();
    expect(await store.getCommand(ORG, later)).toBeNull();
  });
});

describe('snapshots', () => {
  it('refolds from the events when the tip holds an older snapshot shape, and stores the new shape', async () => {
    // Prepare: two increments stored with snapshot schema 1
    const streamId = await openedCounter();
    await runCounter(streamId, increment(2, 'a'));
    await runCounter(streamId, increment(3, 'b'));
    const seen: (CounterState | null)[] = [];

    // Act: schema 2 of the snapshot; `fold` is the only way to learn the state from the events
    const outcome = await runCounter(
      streamId,
      (state) => {
        seen.push(state);
        return increment(4, 'c')(state);
      },
      {
        snapshotSchemaVersion: 2,
        fold: (events) => events.reduce<CounterState | null>(evolveCounter, null),
      },
    );

    // Assess
    expect(seen).toEqual([{ name: 'c', total: 5, tags: ['a', 'b'] }]);
    expect(outcome).toMatchObject({ status: 'applied', version: 4, state: { total: 9 } });
    const tip = await store.readTip(ORG, streamId);
    expect(tip).toMatchObject({ version: 4, snapshotSchemaVersion: 2, snapshot: { total: 9 } });
  });
});

describe('100 concurrent check-ins on one objective (real domain)', () => {
  const objectiveId = `obj_${Date.now().toString(36)}load`;
  const keyResultId = `kr_${Date.now().toString(36)}load`;
  const streamId = streamIdOf.objective(objectiveId);
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
  const context: ObjectiveDecisionContext = { now: NOW.toISOString(), actor: ACTOR, role: 'editor', cycle };
  // Counts the requests the burst costs, conflicts included, for the benchmark notes.
  const burstCost = new CapacityCounter();

  const run = (input: ObjectiveCommandInput) => {
    const command = ObjectiveCommandSchema.parse(input);
    return executeCommand<ObjectiveState, ObjectiveEvent>({
      store: store.withCapacityListener(burstCost.record),
      org: ORG,
      streamId,
      commandId: command.commandId,
      actor: ACTOR,
      now: NOW,
      snapshotSchemaVersion: 1,
      decide: (state) => decideObjective(command, state, context),
      evolve: evolveObjective,
      fold: (events) => foldObjective(events),
      cycleId: cycle.id,
      response: (state, version) => ({ version, checkIns: state.keyResults[0]?.checkIns.length ?? 0 }),
      // What is under test is that every one of the 100 lands once, in order; on a loaded CI machine
      // DynamoDB Local answers slowly enough that the production budget of 20 attempts can run out for the
      // unluckiest writer of the burst (that budget is unit-tested with a faked store).
      conflictRetry: { ...DEFAULT_CONFLICT_RETRY, maxAttempts: 60 },
    });
  };

  it('records all 100, with contiguous versions and every check-in in the snapshot', async () => {
    // Prepare
    await run({
      type: 'CreateObjective',
      commandId: newCommandId('create'),
      objectiveId,
      definition: { title: 'Customers love onboarding' },
    });
    await run({
      type: 'AddKeyResult',
      commandId: newCommandId('add-kr'),
      objectiveId,
      keyResultId,
      reason: 'first KR of the quarter',
      definition: { title: 'Median onboarding days from 24 to 9', type: 'decrease', start: 24, target: 9 },
    });
    const checkInIds = Array.from({ length: 100 }, (_, index) => `chk_load${String(index).padStart(6, '0')}`);

    burstCost.reset();

    // Act
    const outcomes = await Promise.all(
      checkInIds.map((checkInId, index) =>
        run({
          type: 'RecordCheckIn',
          commandId: newCommandId('checkin'),
          objectiveId,
          keyResultId,
          checkInId,
          value: 24 - (index % 15),
          effectiveAt: NOW.toISOString(),
        }),
      ),
    );

    // Assess
    console.info(`100 concurrent check-ins on one objective cost ${JSON.stringify(burstCost.byOperation)}`);
    expect(outcomes.filter((outcome) => outcome.status === 'applied')).toHaveLength(100);
    const events = await store.readStream<ObjectiveEvent>(ORG, streamId);
    expect(events.map((event) => event.version)).toEqual(
      Array.from({ length: 102 }, (_, index) => index + 1),
    );
    const recorded = events.filter((event) => event.type === 'CheckInRecorded');
    expect(recorded).toHaveLength(100);
    expect(new Set(recorded.map((event) => event.data.checkInId))).toEqual(new Set(checkInIds));
    const tip = await store.readTip<ObjectiveState>(ORG, streamId);
    expect(tip?.version).toBe(102);
    expect(tip?.snapshot.keyResults[0]?.checkIns).toHaveLength(100);
    expect(tip?.snapshot).toEqual(foldObjective(events));
    expect(await store.listCycleStreams(ORG, cycle.id)).toContain(streamId);
  }, 180_000);
});
