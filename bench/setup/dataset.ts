// Seeds everything the measurements read or write, then projects it into the views through the local
// poller and the projector (the same path `npm start` uses) and stops the poller, so no background work
// runs while anything is measured.
import { Logger } from '@aws-lambda-powertools/logger';
import { type ObjectiveCommand, ObjectiveCommandSchema } from '@okr-ledger/okr-domain';
import { createProjector, startLocalPoller } from '@okr-ledger/projector';
import {
  activateCycle,
  appendObjective,
  benchActor,
  inParallel,
  seedCycle,
  seedOrganization,
} from './seed.js';
import type { BenchStack } from './stack.js';
import {
  ADMIN_EMAIL,
  BENCH_ORG,
  BOARD_SIZES,
  checkInCommands,
  cycleIdFor,
  KEY_RESULTS_PER_OBJECTIVE,
  keyResultIdFor,
  objectiveCommands,
  objectiveIdFor,
} from './workload.js';

export const LATENCY_ORG = 'latency-api';
/** Same length as LATENCY_ORG, so the mirrored items are byte for byte as large as the API's. */
export const MIRROR_ORG = 'latency-raw';
const WORK_CYCLE = 'work';
const QUARTER_CYCLE = 'quarter';
const QUARTER_BOARD_KEY_RESULTS = 50;
const LATENCY_CYCLE = 'lat';
const WORK_OBJECTIVES = 25;
const LATENCY_OBJECTIVES = 10;
/** Weekly check-ins in a quarter. */
const QUARTER_WEEKS = 13;
const SEED_PARALLELISM = 8;

export interface BoardData {
  keyResults: number;
  cycleId: string;
  objectiveIds: string[];
}

export interface BenchDataset {
  now: Date;
  adminEmail: string;
  org: string;
  /** Boards as drafted for the quarter: objectives and KRs, no check-ins yet. */
  boards: BoardData[];
  /** A 50-KR board at the end of a quarter: thirteen weekly check-ins on every KR. */
  quarterBoard: BoardData & { checkInsPerKeyResult: number };
  /** A cycle the command measurements write to, so the boards stay as seeded for the sheet measurements. */
  work: { cycleId: string; objectiveIds: string[] };
  historyKeyResultId: string;
  historyEvents: number;
  latency: { org: string; mirrorOrg: string; cycleId: string; objectiveIds: string[] };
  /** Events appended while seeding, all of them projected. */
  seededEvents: number;
  projectionMs: number;
}

const ids = (scope: string, count: number) =>
  Array.from({ length: count }, (_, index) => objectiveIdFor(scope, index));

interface ObjectivePlan {
  org: string;
  cycleId: string;
  commands: ObjectiveCommand[];
}

const plansFor = (
  org: string,
  cycleId: string,
  objectiveIds: readonly string[],
  commandsFor: (objectiveId: string) => ObjectiveCommand[],
): ObjectivePlan[] =>
  objectiveIds.map((objectiveId) => ({ org, cycleId, commands: commandsFor(objectiveId) }));

/**
 * An objective at the end of a quarter: its KRs, thirteen weekly check-ins on each, and for the objective
 * whose history is read, a change of its first KR's target.
 */
function quarterObjectiveCommands(objectiveId: string, now: Date, withChange: boolean): ObjectiveCommand[] {
  const change = ObjectiveCommandSchema.parse({
    type: 'EditKeyResult',
    commandId: `edit-${objectiveId.slice(4)}`,
    objectiveId,
    keyResultId: keyResultIdFor(objectiveId, 0),
    changes: { target: 120 },
    reason: 'The first weeks went faster than planned.',
  });
  return [
    ...objectiveCommands(objectiveId, KEY_RESULTS_PER_OBJECTIVE),
    ...(withChange ? [change] : []),
    ...checkInCommands(
      { objectiveId, keyResults: KEY_RESULTS_PER_OBJECTIVE, checkInsPerKeyResult: QUARTER_WEEKS },
      now,
    ),
  ];
}

export async function seedDataset(
  stack: BenchStack,
  now: Date,
  log: (line: string) => void,
): Promise<BenchDataset> {
  const actor = benchActor(ADMIN_EMAIL);
  const { store } = stack;
  const started = performance.now();
  const poller = startLocalPoller({
    endpoint: stack.dynamo.endpoint,
    ...stack.tables,
    intervalMs: 50,
    logger: new Logger({ serviceName: 'okr-ledger-bench-poller', logLevel: 'ERROR' }),
    projector: createProjector({
      doc: stack.doc,
      ...stack.tables,
      concurrency: 8,
      logger: new Logger({ serviceName: 'okr-ledger-bench-projector', logLevel: 'ERROR' }),
    }),
  });
  try {
    await seedOrganization(store, BENCH_ORG, actor, now);
    await seedOrganization(store, LATENCY_ORG, actor, now);
    const boards: BoardData[] = BOARD_SIZES.map((keyResults) => ({
      keyResults,
      cycleId: cycleIdFor(keyResults),
      objectiveIds: ids(cycleIdFor(keyResults), keyResults / KEY_RESULTS_PER_OBJECTIVE),
    }));
    const quarterBoard = {
      keyResults: QUARTER_BOARD_KEY_RESULTS,
      cycleId: QUARTER_CYCLE,
      objectiveIds: ids(QUARTER_CYCLE, QUARTER_BOARD_KEY_RESULTS / KEY_RESULTS_PER_OBJECTIVE),
      checkInsPerKeyResult: QUARTER_WEEKS,
    };
    const work = { cycleId: WORK_CYCLE, objectiveIds: ids(WORK_CYCLE, WORK_OBJECTIVES) };
    const latency = {
      org: LATENCY_ORG,
      mirrorOrg: MIRROR_ORG,
      cycleId: LATENCY_CYCLE,
      objectiveIds: ids(LATENCY_CYCLE, LATENCY_OBJECTIVES),
    };

    const historyObjective = quarterBoard.objectiveIds[0];
    if (historyObjective === undefined) throw new Error('the quarter board has no objective');
    const drafted = (objectiveId: string) => objectiveCommands(objectiveId, KEY_RESULTS_PER_OBJECTIVE);
    const plans: ObjectivePlan[] = [
      ...boards.flatMap((board) => plansFor(BENCH_ORG, board.cycleId, board.objectiveIds, drafted)),
      ...plansFor(BENCH_ORG, quarterBoard.cycleId, quarterBoard.objectiveIds, (objectiveId) =>
        quarterObjectiveCommands(objectiveId, now, objectiveId === historyObjective),
      ),
      ...plansFor(BENCH_ORG, work.cycleId, work.objectiveIds, drafted),
      ...plansFor(LATENCY_ORG, latency.cycleId, latency.objectiveIds, drafted),
    ];

    const cycleKeys = [
      ...[...boards.map((board) => board.cycleId), quarterBoard.cycleId, work.cycleId].map((cycleId) => ({
        org: BENCH_ORG,
        cycleId,
      })),
      { org: LATENCY_ORG, cycleId: latency.cycleId },
    ];
    const cycles = new Map<string, Awaited<ReturnType<typeof seedCycle>>>();
    for (const { org, cycleId } of cycleKeys) {
      cycles.set(`${org}/${cycleId}`, await seedCycle(store, org, cycleId, actor, now));
    }
    // Objectives are written while their cycles are in planning, as a team drafts them, then the cycles
    // start: later definition changes are mid-cycle changes, as in a real quarter.
    await inParallel(plans, SEED_PARALLELISM, async (plan) => {
      const cycle = cycles.get(`${plan.org}/${plan.cycleId}`);
      if (cycle === undefined) throw new Error(`no cycle ${plan.cycleId}`);
      await appendObjective(store, plan.org, cycle, plan.commands, actor, now);
    });
    for (const { org, cycleId } of cycleKeys) await activateCycle(store, org, cycleId, actor, now);
    const seededEvents = plans.reduce((sum, plan) => sum + plan.commands.length, 0);
    log(`seeded ${plans.length} objectives (${seededEvents} events); projecting into the views…`);
    await poller.drain(240_000);
    const historyKeyResultId = keyResultIdFor(historyObjective, 0);
    return {
      now,
      adminEmail: ADMIN_EMAIL,
      org: BENCH_ORG,
      boards,
      quarterBoard,
      work,
      historyKeyResultId,
      historyEvents: 2 + QUARTER_WEEKS,
      latency,
      seededEvents,
      projectionMs: performance.now() - started,
    };
  } finally {
    await poller.stop();
  }
}
