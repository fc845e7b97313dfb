// Loading and changing the three kinds of stream (organization, cycle, objective) through the event
// store's command handler and the domain's deciders. Shared by the routes, the local stack's seed and the
// create-organization script, so every writer goes through the same rules.
import { type EventStore, executeCommand, type LookupEntry, type StoredEvent } from '@okr-ledger/event-store';
import {
  type Actor,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  decideCycle,
  decideObjective,
  decideOrganization,
  evolveCycle,
  evolveObjective,
  evolveOrganization,
  foldCycle,
  foldObjective,
  foldOrganization,
  type ObjectiveCommand,
  type ObjectiveEvent,
  type ObjectiveState,
  type OrganizationCommand,
  type OrganizationEvent,
  type OrganizationState,
  type Role,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { domainErrorToHttp } from '../http/problem.js';

/** Version of the state shape stored on tips; bump it when a state type changes so old tips are refolded. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Who writes, in which organization, with which role, at which time (tests and the seed pin the clock). */
export interface Writer {
  store: EventStore;
  org: string;
  actor: Actor;
  role: Role;
  clock: () => Date;
}

export interface Applied<S, E> {
  state: S;
  version: number;
  events: StoredEvent<E & { type: string; data: unknown }>[];
  replayed: boolean;
  response?: Record<string, unknown>;
}

async function loadState<S, E extends ObjectiveEvent | CycleEvent | OrganizationEvent>(
  store: EventStore,
  org: string,
  streamId: string,
  fold: (events: StoredEvent<E>[]) => S | null,
): Promise<S | null> {
  const tip = await store.readTip<S>(org, streamId);
  if (!tip) return null;
  if (tip.snapshotSchemaVersion === SNAPSHOT_SCHEMA_VERSION) return tip.snapshot;
  // A tip written with an older state shape: the events are the truth, so fold them again.
  return fold(await store.readStream<E>(org, streamId, { toVersion: tip.version }));
}

export const loadOrganization = (store: EventStore, org: string) =>
  loadState<OrganizationState, OrganizationEvent>(store, org, streamIdOf.organization(), foldOrganization);

export const loadCycle = (store: EventStore, org: string, cycleId: string) =>
  loadState<CycleState, CycleEvent>(store, org, streamIdOf.cycle(cycleId), foldCycle);

export const loadObjective = (store: EventStore, org: string, objectiveId: string) =>
  loadState<ObjectiveState, ObjectiveEvent>(store, org, streamIdOf.objective(objectiveId), foldObjective);

const contextOf = (writer: Writer) => ({
  now: writer.clock().toISOString(),
  actor: writer.actor,
  role: writer.role,
});

type Outcome<S, E extends { type: string; data: unknown }> = Awaited<ReturnType<typeof executeCommand<S, E>>>;

/** A rejection becomes the HTTP error its code calls for (404, 403, 409 or 422). */
function appliedOrThrow<S, E extends { type: string; data: unknown }>(outcome: Outcome<S, E>): Applied<S, E> {
  if (outcome.status === 'rejected') throw domainErrorToHttp(outcome.error);
  return outcome;
}

export async function runOrganizationCommand(writer: Writer, command: OrganizationCommand) {
  const outcome = await executeCommand<OrganizationState, OrganizationEvent>({
    store: writer.store,
    org: writer.org,
    streamId: streamIdOf.organization(),
    commandId: command.commandId,
    actor: writer.actor,
    now: writer.clock,
    expectedVersion: command.expectedVersion,
    snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
    decide: (state) => decideOrganization(command, state, contextOf(writer)),
    evolve: evolveOrganization,
    fold: foldOrganization,
  });
  return appliedOrThrow(outcome);
}

export async function runCycleCommand(writer: Writer, command: CycleCommand) {
  const outcome = await executeCommand<CycleState, CycleEvent>({
    store: writer.store,
    org: writer.org,
    streamId: streamIdOf.cycle(command.cycleId),
    commandId: command.commandId,
    actor: writer.actor,
    now: writer.clock,
    expectedVersion: command.expectedVersion,
    snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
    decide: (state) => decideCycle(command, state, contextOf(writer)),
    evolve: evolveCycle,
    fold: foldCycle,
  });
  return appliedOrThrow(outcome);
}

/** The look-up key under which a KR's objective and cycle are written with the event that adds it. */
export const keyResultLookupKey = (keyResultId: string) => `keyResult:${keyResultId}`;

/**
 * Look-ups written atomically with an objective's events: a KR added now can take a check-in at once,
 * without waiting for the projector to catch up.
 */
export function keyResultLookups(cycleId: string, events: ObjectiveEvent[]): LookupEntry[] {
  return events.flatMap((event) =>
    event.type === 'KeyResultAdded'
      ? [
          {
            key: keyResultLookupKey(event.data.keyResultId),
            attributes: { objectiveId: event.data.objectiveId, cycleId },
          },
        ]
      : [],
  );
}

/** How many look-ups a command writes with its event: what `keyResultLookups` will produce for it. */
export const lookupsWrittenBy = (command: ObjectiveCommand): number =>
  command.type === 'AddKeyResult' ? 1 : 0;

export interface ObjectiveRun {
  cycle: CycleState;
  /** Stored with the command record: what a replay of this command answers. */
  response?: (state: ObjectiveState, version: number) => Record<string, unknown>;
}

/** One objective command on its own (the batch decides several per append, see batch/). */
export async function runObjectiveCommand(writer: Writer, command: ObjectiveCommand, run: ObjectiveRun) {
  const outcome = await executeCommand<ObjectiveState, ObjectiveEvent>({
    store: writer.store,
    org: writer.org,
    streamId: streamIdOf.objective(command.objectiveId),
    commandId: command.commandId,
    actor: writer.actor,
    now: writer.clock,
    expectedVersion: command.expectedVersion,
    snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
    cycleId: run.cycle.id,
    lookups: (events) => keyResultLookups(run.cycle.id, events),
    decide: (state) => decideObjective(command, state, { ...contextOf(writer), cycle: run.cycle }),
    evolve: evolveObjective,
    fold: foldObjective,
    ...(run.response ? { response: run.response } : {}),
  });
  return appliedOrThrow(outcome);
}
