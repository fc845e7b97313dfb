// Writes the benchmark's data fast: organizations and cycles through the API's own command functions (a
// handful of commands), objectives by direct appends to the event store — each objective's commands are
// decided by the real decider and land as one transaction, instead of one API round trip per command.
import { localSubjectOf } from '@okr-ledger/api';
import {
  runCycleCommand,
  runObjectiveCommands,
  runOrganizationCommand,
  type Writer,
} from '@okr-ledger/command-handling';
import type { EventStore } from '@okr-ledger/event-store';
import type { Actor, CycleState, ObjectiveCommand, ObjectiveState } from '@okr-ledger/okr-domain';
import { cycleDates } from './workload.js';

/** Events per transaction, under DynamoDB's 100 actions with the tip and the command record. */
/** A check-in takes 3 of a transaction's 100 actions (event, command record, id claim). */
const COMMANDS_PER_APPEND = 33;

const writerFor = (store: EventStore, org: string, actor: Actor, now: Date): Writer => ({
  store,
  org,
  actor,
  role: 'admin',
  clock: () => now,
});

/** The organization with `actor` as its admin, already signed in (so no request binds the sub later). */
export async function seedOrganization(
  store: EventStore,
  org: string,
  actor: Actor,
  now: Date,
): Promise<void> {
  const writer = writerFor(store, org, actor, now);
  await runOrganizationCommand(writer, {
    type: 'CreateOrganization',
    commandId: `bench-org-${org}`,
    organizationId: org,
    name: `Bench ${org}`,
    timeZone: 'UTC',
    firstAdminEmail: actor.email,
  });
  await runOrganizationCommand(writer, {
    type: 'BindMemberSub',
    commandId: `bench-bind-${org}`,
    email: actor.email,
    sub: actor.sub,
  });
}

/** The subject the local issuer puts in tokens for `email`; seeded admins use it so tokens match. */
export const benchActor = (email: string): Actor => ({ sub: localSubjectOf(email), email });

export async function seedCycle(
  store: EventStore,
  org: string,
  cycleId: string,
  actor: Actor,
  now: Date,
): Promise<CycleState> {
  const { state } = await runCycleCommand(writerFor(store, org, actor, now), {
    type: 'CreateCycle',
    commandId: `bench-cycle-${org}-${cycleId}`,
    cycleId,
    title: `Bench ${cycleId}`,
    ...cycleDates(now),
    timeZone: 'UTC',
  });
  return state;
}

export async function activateCycle(
  store: EventStore,
  org: string,
  cycleId: string,
  actor: Actor,
  now: Date,
): Promise<CycleState> {
  const { state } = await runCycleCommand(writerFor(store, org, actor, now), {
    type: 'ActivateCycle',
    commandId: `bench-activate-${org}-${cycleId}`,
    cycleId,
  });
  return state;
}

/**
 * Runs `commands` (all on one objective) through the command handler in pushes of
 * `COMMANDS_PER_APPEND`, as a sheet push would, so the data carries command records and id claims too.
 */
export async function appendObjective(
  store: EventStore,
  org: string,
  cycle: CycleState,
  commands: readonly ObjectiveCommand[],
  actor: Actor,
  now: Date,
): Promise<ObjectiveState> {
  const objectiveId = commands[0]?.objectiveId;
  if (objectiveId === undefined) throw new Error('appendObjective needs commands');
  const writer: Writer = { store, org, actor, role: 'admin', clock: () => now };
  let state: ObjectiveState | null = null;
  for (let start = 0; start < commands.length; start += COMMANDS_PER_APPEND) {
    const handled = await runObjectiveCommands(
      writer,
      cycle,
      objectiveId,
      commands.slice(start, start + COMMANDS_PER_APPEND),
    );
    const refused = handled.verdicts.find((verdict) => verdict.status !== 'applied');
    if (refused) throw new Error(`seeding ${objectiveId}: ${JSON.stringify(refused)}`);
    state = handled.state;
  }
  return state as ObjectiveState;
}

/** Runs `work` over `items` with at most `limit` in flight, results in order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
