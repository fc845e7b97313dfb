// The idempotency contract as a property, against DynamoDB Local: for random interleavings of first
// requests, retries with the same body and reuses of a key with another body (some sent concurrently), the
// stream holds exactly one check-in per key, with the body of the request that won, every same-body request
// of that key is answered as applied, and every other-body request is refused. Nothing is lost or replaced.
import {
  IdempotencyKeyReusedError,
  runCycleCommand,
  runObjectiveCommand,
  runObjectiveCommands,
  type Writer,
} from '@okr-ledger/command-handling';
import { EventStore } from '@okr-ledger/event-store';
import {
  type CycleState,
  type ObjectiveEvent,
  streamIdOf,
  KeyResultDefinitionSchema,
  ObjectiveDefinitionSchema,
} from '@okr-ledger/okr-domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';

const tables = useTestTables();
const ORG = 'retries';
const KR = 'kr_retry_000001';
const store = new EventStore({ client: tables.doc, tableName: tables.eventsTableName });
const writer: Writer = {
  store,
  org: ORG,
  actor: { sub: 'sub-retry', email: 'retry@retries.test' },
  role: 'admin',
  clock: () => new Date('2026-10-10T09:00:00.000Z'),
};
let cycle: CycleState;
let objectiveCount = 0;

beforeAll(async () => {
  cycle = (
    await runCycleCommand(writer, {
      type: 'CreateCycle',
      commandId: 'retry-cycle-0001',
      cycleId: '2026-Q4',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      timeZone: 'UTC',
    })
  ).state;
});

async function freshObjective(): Promise<string> {
  objectiveCount += 1;
  const objectiveId = `obj_retry_${String(objectiveCount).padStart(6, '0')}`;
  const handled = await runObjectiveCommands(writer, cycle, objectiveId, [
    {
      type: 'CreateObjective',
      commandId: `retry-create-${objectiveId}`,
      objectiveId,
      definition: ObjectiveDefinitionSchema.parse({ title: 'Answer customers faster' }),
    },
    {
      type: 'AddKeyResult',
      commandId: `retry-kr-${objectiveId}`,
      objectiveId,
      keyResultId: `${KR}_${objectiveCount}`,
      definition: KeyResultDefinitionSchema.parse({
        title: 'Raise the share of tickets answered within an hour from 40% to 80%',
        type: 'increase',
        start: 40,
        target: 80,
        unit: '%',
      }),
    },
  ]);
  expect(handled.verdicts.map((verdict) => verdict.status)).toEqual(['applied', 'applied']);
  return objectiveId;
}

/** One request: which key (an index into the keys used so far, or a new one) and which value. */
const requestArbitrary = fc.record({
  key: fc.nat({ max: 5 }),
  value: fc.integer({ min: 40, max: 43 }),
  /** Sent together with the previous request, so the two race. */
  concurrent: fc.boolean(),
});

describe('retries with one Idempotency-Key', () => {
  it('store exactly one check-in per key, never a second body, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArbitrary, { minLength: 2, maxLength: 8 }), async (requests) => {
        const objectiveId = await freshObjective();
        const kr = `${KR}_${objectiveCount}`;
        const send = async ({ key, value }: { key: number; value: number }) => {
          try {
            await runObjectiveCommand(
              writer,
              {
                type: 'RecordCheckIn',
                commandId: `${objectiveId}-key-${key}`,
                objectiveId,
                keyResultId: kr,
                checkInId: `chk_${objectiveId.slice(4)}_${key}`,
                value,
                note: '',
              },
              { cycle },
            );
            return { key, value, outcome: 'applied' as const };
          } catch (error) {
            if (error instanceof IdempotencyKeyReusedError)
              return { key, value, outcome: 'refused' as const };
            throw error;
          }
        };
        // Groups of requests sent together: a request marked concurrent joins the previous group.
        const groups: (typeof requests)[] = [];
        for (const request of requests) {
          const last = groups.at(-1);
          if (request.concurrent && last !== undefined) last.push(request);
          else groups.push([request]);
        }
        const answers = [];
        for (const group of groups) answers.push(...(await Promise.all(group.map(send))));

        const stored = (await store.readStream<ObjectiveEvent>(ORG, streamIdOf.objective(objectiveId)))
          .filter((event) => event.type === 'CheckInRecorded')
          .map((event) => ({
            key: Number(event.metadata.commandId.split('-key-')[1]),
            value: (event.data as { value: number }).value,
          }));
        const keys = [...new Set(requests.map((request) => request.key))];
        // One stored check-in per key used, no more.
        expect(stored.map((entry) => entry.key).sort()).toEqual([...keys].sort());
        for (const { key, value } of stored) {
          for (const answer of answers.filter((candidate) => candidate.key === key)) {
            // Same body as the one that won: applied (first or replayed). Another body: refused.
            expect(answer.outcome).toBe(answer.value === value ? 'applied' : 'refused');
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
