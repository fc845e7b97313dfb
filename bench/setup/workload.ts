// The benchmark's workload, as pure data: the ids of its organizations, cycles, objectives and KRs, the
// commands that build an objective with its KRs and check-ins, and synthetic recorded event streams for the
// replay measurements. Every figure in the results is measured on what these functions produce.
import {
  type Actor,
  type CycleState,
  decideObjective,
  EVENT_SCHEMA_VERSION,
  evolveObjective,
  type ObjectiveCommand,
  type ObjectiveCommandInput,
  ObjectiveCommandSchema,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';

export const BENCH_ORG = 'bench';
export const ADMIN_EMAIL = 'admin@bench.example';
/** Who records the synthetic replay streams (never signs in). */
const REPLAY_ACTOR: Actor = { sub: 'bench-replay', email: ADMIN_EMAIL };
/** Board sizes of the issue: 50, 200 and 1,000 KRs, five KRs per objective. */
export const BOARD_SIZES = [50, 200, 1_000] as const;
export const KEY_RESULTS_PER_OBJECTIVE = 5;

export const cycleIdFor = (keyResults: number) => `kr${keyResults}`;
export const objectiveIdFor = (scope: string, index: number) =>
  `obj_${scope}o${String(index).padStart(4, '0')}`;
export const keyResultIdFor = (objectiveId: string, index: number) =>
  `kr_${objectiveId.slice('obj_'.length)}k${index}`;
export const checkInIdFor = (keyResultId: string, index: number) =>
  `chk_${keyResultId.slice('kr_'.length)}c${String(index).padStart(3, '0')}`;

export interface ObjectiveSpec {
  objectiveId: string;
  keyResults: number;
  /** Check-ins per KR, oldest first, one week apart ending `now`. */
  checkInsPerKeyResult: number;
}

const DAY_MS = 86_400_000;

const parse = (input: ObjectiveCommandInput): ObjectiveCommand => ObjectiveCommandSchema.parse(input);

/** CreateObjective and one AddKeyResult per KR: what a sheet push sends for a new objective row block. */
export function objectiveCommands(
  objectiveId: string,
  keyResults: number,
  reason?: string,
): ObjectiveCommand[] {
  const suffix = objectiveId.slice('obj_'.length);
  return [
    parse({
      type: 'CreateObjective',
      commandId: `create-${suffix}`,
      objectiveId,
      definition: {
        title: `Make onboarding of new teams faster (${suffix})`,
        description: 'Teams reach value in their first week.',
        owner: ADMIN_EMAIL,
        team: 'Growth',
      },
    }),
    ...Array.from({ length: keyResults }, (_, index) =>
      parse({
        type: 'AddKeyResult',
        commandId: `add-${suffix}-${index}`,
        objectiveId,
        keyResultId: keyResultIdFor(objectiveId, index),
        ...(reason === undefined ? {} : { reason }),
        definition: {
          title: `Increase week-2 adoption of cohort ${index} from 0% to 100%`,
          owner: ADMIN_EMAIL,
          type: 'increase',
          start: 0,
          target: 100,
          unit: '%',
        },
      }),
    ),
  ];
}

/** Weekly check-ins on every KR, the last one effective at `now`. */
export function checkInCommands(spec: ObjectiveSpec, now: Date): ObjectiveCommand[] {
  const commands: ObjectiveCommand[] = [];
  for (let week = 0; week < spec.checkInsPerKeyResult; week += 1) {
    const effectiveAt = new Date(now.getTime() - (spec.checkInsPerKeyResult - 1 - week) * 7 * DAY_MS);
    for (let index = 0; index < spec.keyResults; index += 1) {
      const keyResultId = keyResultIdFor(spec.objectiveId, index);
      commands.push(
        parse({
          type: 'RecordCheckIn',
          commandId: `seed-${checkInIdFor(keyResultId, week).slice('chk_'.length)}`,
          objectiveId: spec.objectiveId,
          keyResultId,
          checkInId: checkInIdFor(keyResultId, week),
          value: Math.min(100, 8 * (week + 1)),
          confidence: 'on_track',
          note: `Week ${week + 1}: cohort numbers from the product dashboard.`,
          effectiveAt: effectiveAt.toISOString(),
        }),
      );
    }
  }
  return commands;
}

export interface DecidedObjective {
  events: ObjectiveEvent[];
  state: ObjectiveState;
}

/**
 * Runs `commands` through the real decider one after the other, as the batch runner does, and returns the
 * events with the state they fold to. Throws on a rejection: the workload must be valid.
 */
export function decideAll(
  commands: readonly ObjectiveCommand[],
  cycle: CycleState,
  actor: Actor,
  now: Date,
  initial: ObjectiveState | null = null,
): DecidedObjective {
  let state = initial;
  const events: ObjectiveEvent[] = [];
  const recordedAt = now.toISOString();
  for (const command of commands) {
    const decision = decideObjective(command, state, { now: recordedAt, actor, role: 'admin', cycle });
    if (!decision.ok) throw new Error(`${command.type} ${command.commandId}: ${decision.error.message}`);
    for (const event of decision.events) {
      state = evolveObjective(state, {
        ...event,
        streamId: streamIdOf.objective(command.objectiveId),
        version: (state?.version ?? 0) + 1,
        metadata: { actor, commandId: command.commandId, recordedAt, schemaVersion: EVENT_SCHEMA_VERSION },
      });
    }
    events.push(...decision.events);
  }
  if (state === null) throw new Error('decideAll needs at least one command');
  return { events, state };
}

/**
 * A recorded objective stream for the replay measurements: created, `keyResults` KRs, then check-ins
 * round-robin over the KRs until the stream holds `eventCount` events.
 */
export function syntheticObjectiveStream(
  objectiveId: string,
  cycleId: string,
  eventCount: number,
  keyResults = KEY_RESULTS_PER_OBJECTIVE,
  startAt = Date.UTC(2026, 9, 1),
): RecordedEvent<ObjectiveEvent>[] {
  if (eventCount < 1 + keyResults) throw new RangeError(`a stream needs at least ${1 + keyResults} events`);
  const streamId = streamIdOf.objective(objectiveId);
  const [create, ...adds] = objectiveCommands(objectiveId, keyResults);
  const events: RecordedEvent<ObjectiveEvent>[] = [];
  const push = (event: ObjectiveEvent, commandId: string) => {
    const version = events.length + 1;
    events.push({
      ...event,
      streamId,
      version,
      metadata: {
        actor: REPLAY_ACTOR,
        commandId,
        recordedAt: new Date(startAt + version * 3_600_000).toISOString(),
        schemaVersion: EVENT_SCHEMA_VERSION,
      },
    } as RecordedEvent<ObjectiveEvent>);
  };
  if (create?.type !== 'CreateObjective') throw new Error('objectiveCommands starts with CreateObjective');
  push(
    { type: 'ObjectiveCreated', data: { objectiveId, cycleId, definition: create.definition } },
    create.commandId,
  );
  for (const add of adds) {
    if (add.type !== 'AddKeyResult') continue;
    push(
      {
        type: 'KeyResultAdded',
        data: {
          objectiveId,
          keyResultId: add.keyResultId,
          definition: add.definition,
          midCycle: false,
          reason: null,
        },
      },
      add.commandId,
    );
  }
  for (let index = 0; events.length < eventCount; index += 1) {
    const keyResultId = keyResultIdFor(objectiveId, index % keyResults);
    const checkInId = checkInIdFor(keyResultId, Math.floor(index / keyResults));
    push(
      {
        type: 'CheckInRecorded',
        data: {
          objectiveId,
          keyResultId,
          checkInId,
          value: index % 100,
          milestonesDone: null,
          done: null,
          confidence: null,
          note: '',
          effectiveAt: new Date(startAt + index * 3_600_000).toISOString(),
        },
      },
      `replay-${checkInId.slice('chk_'.length)}`,
    );
  }
  return events;
}

/** A quarter that is nearly over: thirteen weekly check-ins fit in it, the last one today. */
const CYCLE_DAYS_BEFORE = 91;
const CYCLE_DAYS_AFTER = 7;

export function cycleDates(now: Date): { startsOn: string; endsOn: string } {
  return {
    startsOn: new Date(now.getTime() - CYCLE_DAYS_BEFORE * DAY_MS).toISOString().slice(0, 10),
    endsOn: new Date(now.getTime() + CYCLE_DAYS_AFTER * DAY_MS).toISOString().slice(0, 10),
  };
}

/** A cycle state that accepts every command of the workload (for deciding outside the stores). */
export function activeCycle(cycleId: string, now: Date): CycleState {
  return {
    id: cycleId,
    title: `Bench ${cycleId}`,
    ...cycleDates(now),
    timeZone: 'UTC',
    status: 'active',
    activatedAt: new Date(now.getTime() - CYCLE_DAYS_BEFORE * DAY_MS).toISOString(),
    closedAt: null,
    version: 2,
  };
}
