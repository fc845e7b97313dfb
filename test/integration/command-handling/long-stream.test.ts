// A busy objective never stops taking writes: 12 KRs × 250 check-ins with 2,000-character notes land on
// one objective stream, the last check-in costs the same requests as the first, the tip stays small, and
// the events keep every note. Also the correction of a check-in the tip no longer holds.
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  runCycleCommand,
  runObjectiveCommand,
  runObjectiveCommands,
  type Writer,
} from '@okr-ledger/command-handling';
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import {
  type CycleState,
  foldObjective,
  KeyResultDefinitionSchema,
  type ObjectiveCommand,
  ObjectiveDefinitionSchema,
  type ObjectiveEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { toObjectiveView } from '@okr-ledger/projections';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';

const tables = useTestTables();
const ORG = 'busy';
const OBJECTIVE = 'obj_busy_000001';
const KEY_RESULTS = Array.from({ length: 12 }, (_, index) => `kr_busy_${String(index).padStart(6, '0')}`);
const CHECK_INS_PER_KR = 250;

/** Requests sent per DynamoDB operation since the last reset, counted on the real client. */
const counted = createDynamoClients({ endpoint: tables.endpoint, ...LOCAL_DYNAMO_SETTINGS });
let requests: string[] = [];
counted.client.middlewareStack.add(
  (next, context) => async (args) => {
    requests.push(String(context.commandName));
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);

let clock = new Date('2026-10-05T08:00:00.000Z');
const writer = (): Writer => ({
  store: new EventStore({ client: counted.doc, tableName: tables.eventsTableName }),
  org: ORG,
  actor: { sub: 'sub-busy', email: 'busy@busy.test' },
  role: 'admin',
  clock: () => clock,
});
let cycle: CycleState;

/** Text of about 2,000 characters that compresses like real prose at best, not like a repeated letter. */
const note = () => randomBytes(1_500).toString('base64').slice(0, 2_000);

const checkIn = (kr: string, round: number): ObjectiveCommand => ({
  type: 'RecordCheckIn',
  commandId: `busy-${kr}-${round}`,
  objectiveId: OBJECTIVE,
  keyResultId: kr,
  checkInId: `chk_${kr.slice(3)}_${String(round).padStart(4, '0')}`,
  value: round,
  note: note(),
});

beforeAll(async () => {
  const admin = writer();
  cycle = (
    await runCycleCommand(admin, {
      type: 'CreateCycle',
      commandId: 'busy-cycle-0001',
      cycleId: '2026-Q4',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      timeZone: 'UTC',
    })
  ).state;
  const setUp = await runObjectiveCommands(admin, cycle, OBJECTIVE, [
    {
      type: 'CreateObjective',
      commandId: 'busy-objective-1',
      objectiveId: OBJECTIVE,
      definition: ObjectiveDefinitionSchema.parse({ title: 'Keep the platform fast' }),
    },
    ...KEY_RESULTS.map(
      (kr): ObjectiveCommand => ({
        type: 'AddKeyResult',
        commandId: `busy-add-${kr}`,
        objectiveId: OBJECTIVE,
        keyResultId: kr,
        definition: KeyResultDefinitionSchema.parse({
          title: `Raise weekly active teams on surface ${kr}`,
          type: 'increase',
          start: 0,
          target: 1_000,
          unit: '',
        }),
      }),
    ),
  ]);
  expect(setUp.verdicts.every((verdict) => verdict.status === 'applied')).toBe(true);
});

describe('a busy objective', () => {
  // 3,000 check-ins with 2 KB notes: about 40 s alone, more beside the rest of the suite; it asserts counts.
  it('takes 12 × 250 check-ins with full notes at the same request count for the last as for the first', async () => {
    // Act: the first check-in alone, then the bulk in pushes of 30, then the last one alone.
    const measure = async (command: ObjectiveCommand) => {
      requests = [];
      await runObjectiveCommand(writer(), command, { cycle });
      return [...requests];
    };
    const first = await measure(checkIn(KEY_RESULTS[0] as string, 0));
    const bulk = KEY_RESULTS.flatMap((kr, index) =>
      Array.from({ length: CHECK_INS_PER_KR }, (_, round) => checkIn(kr, round)).filter(
        (_, round) => !(index === 0 && round === 0) && !(index === 11 && round === CHECK_INS_PER_KR - 1),
      ),
    );
    for (let start = 0; start < bulk.length; start += 30) {
      clock = new Date(clock.getTime() + 60_000);
      const handled = await runObjectiveCommands(writer(), cycle, OBJECTIVE, bulk.slice(start, start + 30));
      expect(handled.verdicts.filter((verdict) => verdict.status !== 'applied')).toEqual([]);
    }
    clock = new Date(clock.getTime() + 60_000);
    const last = await measure(checkIn(KEY_RESULTS[11] as string, CHECK_INS_PER_KR - 1));

    // Assess
    expect(last).toEqual(first);
    expect(first).toEqual(['GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    const store = writer().store;
    const tip = await store.readTip(ORG, streamIdOf.objective(OBJECTIVE));
    expect(tip?.version).toBe(13 + 12 * CHECK_INS_PER_KR);
    const raw = await counted.doc.send(
      new GetCommand({
        TableName: tables.eventsTableName,
        Key: { pk: `${ORG}#${streamIdOf.objective(OBJECTIVE)}`, sk: 0 },
      }),
    );
    // 12 KRs × 3 check-ins, one note each (incompressible here, so ~1.5 KB a note): ~20 KB, however long
    // the stream grows. Whole, the snapshot would hold 3,000 notes: about 4.5 MB.
    const snapshot = raw.Item?.snapshotGzip as Uint8Array | undefined;
    expect(snapshot?.byteLength).toBeLessThan(25_000);

    // The events keep everything, and the view from the tip equals the view from the full fold.
    const events = await store.readStream<ObjectiveEvent>(ORG, streamIdOf.objective(OBJECTIVE));
    const recorded = events.filter((event) => event.type === 'CheckInRecorded');
    expect(recorded).toHaveLength(12 * CHECK_INS_PER_KR);
    expect(recorded.every((event) => (event.data as { note: string }).note.length === 2_000)).toBe(true);
    const full = foldObjective(events);
    const at = clock.toISOString();
    expect(toObjectiveView(tip?.snapshot as never, cycle, at)).toEqual(
      toObjectiveView(full as never, cycle, at),
    );
  }, 240_000);

  it('corrects a check-in the tip no longer holds, deciding on the events', async () => {
    // Act
    clock = new Date(clock.getTime() + 60_000);
    const corrected = await runObjectiveCommand(
      writer(),
      {
        type: 'CorrectCheckIn',
        commandId: 'busy-correct-001',
        objectiveId: OBJECTIVE,
        keyResultId: KEY_RESULTS[3] as string,
        checkInId: 'chk_busy_000003_fix1',
        correctsCheckInId: 'chk_busy_000003_0010',
        value: 11,
        note: '',
        reason: 'Typo in the value',
      },
      { cycle },
    );
    // Assess
    expect(corrected.events.map((event) => event.type)).toEqual(['CheckInCorrected']);
    const view = toObjectiveView(corrected.state, cycle, clock.toISOString());
    expect(view.keyResults[3]?.checkInCount).toBe(CHECK_INS_PER_KR);
  });
});
