// The three kinds of stream (organization, cycle, objective) as deciders for the command handler, and the
// single-command entry points the API routes, the seed and the scripts call. Every writer goes through here.
import {
  type EventStore,
  type LookupEntry,
  type StoredEvent,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import {
  type Actor,
  compactObjective,
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
  type Team,
  type TeamScope,
} from '@okr-ledger/okr-domain';
import { objectiveClaims } from './claims.js';
import { CommandRejectedError, IdempotencyKeyReusedError } from './errors.js';
import { loadState } from './state.js';
import type { Decider, Verdict } from './decider.js';
import { type Handled, type HandleOptions, handleCommands } from './handler.js';

/** Version of the state shape stored on tips; bump it when a state type changes so old tips are refolded. */
export const SNAPSHOT_SCHEMA_VERSION = 3;

/** Who writes, in which organization, with which role, at which time (tests and the seed pin the clock). */
export interface Writer {
  store: EventStore;
  org: string;
  actor: Actor;
  role: Role;
  clock: () => Date;
  /** A team-scoped editor's reach (docs/alignment.md); absent for a role over the whole organization. */
  scope?: TeamScope;
  /** The organization's teams, so no objective lands in an archived one; absent: not checked. */
  teams?: readonly Team[];
}

const contextOf = (writer: Writer) => ({
  now: writer.clock().toISOString(),
  actor: writer.actor,
  role: writer.role,
});

export const organizationDecider = (
  writer: Writer,
): Decider<OrganizationState, OrganizationEvent, OrganizationCommand> => ({
  snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
  decide: (command, state) => decideOrganization(command, state, contextOf(writer)),
  evolve: evolveOrganization,
  fold: foldOrganization,
});

export const cycleDecider = (writer: Writer): Decider<CycleState, CycleEvent, CycleCommand> => ({
  snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
  decide: (command, state) => decideCycle(command, state, contextOf(writer)),
  evolve: evolveCycle,
  fold: foldCycle,
});

/** The parent objective a command links to, if it names one. */
function parentNamedBy(command: ObjectiveCommand): string | null {
  if (command.type === 'CreateObjective') return command.definition.parentObjectiveId ?? null;
  if (command.type === 'EditObjective') return command.changes.parentObjectiveId ?? null;
  return null;
}

/** Alignment chains are short; a longer one is cut here rather than read without end. */
const MAX_PARENT_DEPTH = 32;

/**
 * For each parent the commands name, the chain of ids upwards from it (null when it does not exist in the
 * organization): what the decider needs to refuse a missing parent or a loop. One read per level.
 */
export async function loadParentChains(
  store: EventStore,
  org: string,
  commands: readonly ObjectiveCommand[],
): Promise<Map<string, string[] | null>> {
  return (await loadParents(store, org, commands)).chains;
}

/** What the decider needs about the parents the commands name: their chains upwards and their cycles. */
export interface ParentFacts {
  chains: Map<string, string[] | null>;
  cycles: Map<string, Pick<CycleState, 'id' | 'startsOn' | 'endsOn'>>;
}

/**
 * `loadParentChains` plus each named parent's cycle (one more read per distinct parent cycle), so a parent
 * in a cycle that neither is nor encloses the child's is refused (docs/alignment.md).
 */
export async function loadParents(
  store: EventStore,
  org: string,
  commands: readonly ObjectiveCommand[],
): Promise<ParentFacts> {
  const chains = new Map<string, string[] | null>();
  const cycles = new Map<string, Pick<CycleState, 'id' | 'startsOn' | 'endsOn'>>();
  const cycleStates = new Map<string, CycleState | null>();
  for (const parentId of new Set(commands.map(parentNamedBy))) {
    if (parentId === null) continue;
    const chain: string[] = [];
    let next: string | null = parentId;
    while (next !== null && !chain.includes(next) && chain.length < MAX_PARENT_DEPTH) {
      const state: ObjectiveState | null = await loadObjective(store, org, next);
      if (state === null) break;
      if (next === parentId) {
        if (!cycleStates.has(state.cycleId)) {
          cycleStates.set(state.cycleId, await loadCycle(store, org, state.cycleId));
        }
        const cycle = cycleStates.get(state.cycleId);
        if (cycle) cycles.set(parentId, { id: cycle.id, startsOn: cycle.startsOn, endsOn: cycle.endsOn });
      }
      chain.push(next);
      next = state.definition.parentObjectiveId;
    }
    chains.set(parentId, chain.length === 0 ? null : chain);
  }
  return { chains, cycles };
}

export const objectiveDecider = (
  writer: Writer,
  cycle: CycleState,
  parents: ReadonlyMap<string, readonly string[] | null> = new Map(),
  parentCycles: ParentFacts['cycles'] = new Map(),
): Decider<ObjectiveState, ObjectiveEvent, ObjectiveCommand> => ({
  snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
  decide: (command, state) =>
    decideObjective(command, state, {
      ...contextOf(writer),
      cycle,
      parents,
      parentCycles,
      ...(writer.scope === undefined ? {} : { scope: writer.scope }),
      ...(writer.teams === undefined ? {} : { teams: writer.teams }),
    }),
  evolve: evolveObjective,
  fold: foldObjective,
  claims: (events) => objectiveClaims(cycle.id, events),
  compact: compactObjective,
  // The snapshot keeps only each KR's latest check-ins; a correction may reach back to any of them.
  needsFullState: (command) => command.type === 'CorrectCheckIn',
});

/** The outcome of one command that applied (possibly as a replay of its first execution). */
export interface Applied<S, E extends ObjectiveEvent | CycleEvent | OrganizationEvent> {
  state: S;
  version: number;
  events: Extract<Verdict<E>, { status: 'applied' }>['events'];
  replayed: boolean;
  response?: Record<string, unknown>;
}

/** One command's verdict as the caller of a single-command route needs it: applied, or thrown. */
function appliedOrThrow<S, E extends ObjectiveEvent | CycleEvent | OrganizationEvent>(
  handled: Handled<S, E>,
  streamId: string,
): Applied<S, E> {
  const verdict = handled.verdicts[0];
  if (verdict === undefined) throw new Error('a single command got no verdict');
  switch (verdict.status) {
    case 'rejected':
      throw new CommandRejectedError(verdict.error);
    case 'key_reused':
      throw new IdempotencyKeyReusedError(verdict.commandId);
    case 'conflict':
      throw new StreamVersionConflictError(
        streamId,
        verdict.expectedVersion,
        verdict.currentVersion,
        handled.state,
        SNAPSHOT_SCHEMA_VERSION,
      );
    case 'applied': {
      if (handled.state === null) throw new Error(`${streamId} has no state after an applied command`);
      return {
        state: handled.state,
        version: handled.version,
        events: verdict.events,
        replayed: verdict.replayed,
        ...(verdict.response === undefined ? {} : { response: verdict.response }),
      };
    }
  }
}

export async function runOrganizationCommand(writer: Writer, command: OrganizationCommand) {
  const streamId = streamIdOf.organization();
  const handled = await handleCommands({
    ...writer,
    streamId,
    decider: organizationDecider(writer),
    commands: [command],
  });
  return appliedOrThrow(handled, streamId);
}

/**
 * Several organization commands decided in order and appended once (a settings change with several parts).
 * Each command's verdict must be applied; the first that is not is thrown as a single command's would be.
 */
export async function runOrganizationCommands(writer: Writer, commands: readonly OrganizationCommand[]) {
  const streamId = streamIdOf.organization();
  const handled = await handleCommands({
    ...writer,
    streamId,
    decider: organizationDecider(writer),
    commands,
  });
  const applied = handled.verdicts.map((verdict) =>
    appliedOrThrow({ ...handled, verdicts: [verdict] }, streamId),
  );
  return { state: handled.state, version: handled.version, applied };
}

export async function runCycleCommand(writer: Writer, command: CycleCommand) {
  const streamId = streamIdOf.cycle(command.cycleId);
  const handled = await handleCommands({
    ...writer,
    streamId,
    decider: cycleDecider(writer),
    commands: [command],
  });
  return appliedOrThrow(handled, streamId);
}

export interface ObjectiveRun {
  cycle: CycleState;
  /** Stored with the command record: what a replay of this command answers. */
  response?: (state: ObjectiveState, version: number) => Record<string, unknown>;
  /** The objective's tip and the command's record, read by the caller (see `HandleOptions.prefetched`). */
  prefetched?: HandleOptions<ObjectiveState, ObjectiveEvent, ObjectiveCommand>['prefetched'];
  /** The command id was minted for this request: no record (see `HandleOptions.minted`). */
  minted?: boolean;
}

/** Several commands for one objective, decided in order and appended once (see `handleCommands`). */
export async function runObjectiveCommands(
  writer: Writer,
  cycle: CycleState,
  objectiveId: string,
  commands: readonly ObjectiveCommand[],
  options: Pick<
    HandleOptions<ObjectiveState, ObjectiveEvent, ObjectiveCommand>,
    'versionOffset' | 'prefetched' | 'response' | 'minted'
  > = {},
): Promise<Handled<ObjectiveState, ObjectiveEvent>> {
  const parents = await loadParents(writer.store, writer.org, commands);
  return handleCommands({
    ...writer,
    streamId: streamIdOf.objective(objectiveId),
    cycleId: cycle.id,
    decider: objectiveDecider(writer, cycle, parents.chains, parents.cycles),
    commands,
    ...options,
  });
}

export async function runObjectiveCommand(writer: Writer, command: ObjectiveCommand, run: ObjectiveRun) {
  const { response, prefetched, minted } = run;
  const handled = await runObjectiveCommands(writer, run.cycle, command.objectiveId, [command], {
    ...(response === undefined ? {} : { response: (_, state, version) => response(state, version) }),
    ...(prefetched === undefined ? {} : { prefetched }),
    ...(minted === undefined ? {} : { minted }),
  });
  return appliedOrThrow(handled, streamIdOf.objective(command.objectiveId));
}

/** A stream's current state, as the handler loads it (one read while the tip's shape is current). */
async function loadStream<S, E extends ObjectiveEvent | CycleEvent | OrganizationEvent>(
  store: EventStore,
  org: string,
  streamId: string,
  fold: (events: StoredEvent<E>[]) => S | null,
): Promise<S | null> {
  return (
    await loadState<S, E>(store, org, streamId, { snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION, fold })
  ).state;
}

export const loadOrganization = (store: EventStore, org: string) =>
  loadStream<OrganizationState, OrganizationEvent>(store, org, streamIdOf.organization(), foldOrganization);

export const loadCycle = (store: EventStore, org: string, cycleId: string) =>
  loadStream<CycleState, CycleEvent>(store, org, streamIdOf.cycle(cycleId), foldCycle);

export const loadObjective = (store: EventStore, org: string, objectiveId: string) =>
  loadStream<ObjectiveState, ObjectiveEvent>(store, org, streamIdOf.objective(objectiveId), foldObjective);

export type { LookupEntry };
