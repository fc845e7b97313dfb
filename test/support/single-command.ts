// Tests drive the command handler one command at a time through this adapter: a generic stream (any
// decide/evolve) and the outcome of that one command, thrown errors included, as the routes see it.
import {
  type Command,
  CommandRejectedError,
  handleCommands,
  IdempotencyKeyReusedError,
} from '@okr-ledger/command-handling';
import {
  type EventLike,
  type EventStore,
  type LookupEntry,
  type RetryPolicy,
  type Sleep,
  type StoredEvent,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import type { Actor, Decision, DomainError } from '@okr-ledger/okr-domain';

export interface SingleCommandOptions<S, E extends EventLike> {
  store: EventStore;
  org: string;
  streamId: string;
  commandId: string;
  actor: Actor;
  now: Date | (() => Date);
  expectedVersion?: number;
  snapshotSchemaVersion: number;
  decide: (state: S | null) => Decision<E>;
  evolve: (state: S | null, event: StoredEvent<E>) => S;
  fold?: (events: StoredEvent<E>[]) => S | null;
  cycleId?: string;
  response?: (state: S, version: number) => Record<string, unknown>;
  lookups?: (events: E[]) => LookupEntry[];
  /** Part of the request's fingerprint: two calls with one id and other bodies are different requests. */
  body?: Record<string, unknown>;
  conflictRetry?: RetryPolicy;
  sleep?: Sleep;
  /** The command id was minted for this call: no record is read or written. */
  minted?: boolean;
}

export type SingleOutcome<S, E extends EventLike> =
  | {
      status: 'applied';
      state: S;
      version: number;
      events: StoredEvent<E>[];
      replayed: boolean;
      response?: Record<string, unknown>;
    }
  | { status: 'rejected'; error: DomainError };

export async function executeCommand<S, E extends EventLike>(
  options: SingleCommandOptions<S, E>,
): Promise<SingleOutcome<S, E>> {
  const command: Command & Record<string, unknown> = {
    ...(options.body ?? {}),
    commandId: options.commandId,
    expectedVersion: options.expectedVersion,
  };
  const respond = options.response;
  const clock = typeof options.now === 'function' ? options.now : () => options.now as Date;
  const handled = await handleCommands<S, E, typeof command>({
    store: options.store,
    org: options.org,
    streamId: options.streamId,
    actor: options.actor,
    clock,
    commands: [command],
    decider: {
      snapshotSchemaVersion: options.snapshotSchemaVersion,
      decide: (_, state) => options.decide(state),
      evolve: options.evolve,
      fold: options.fold ?? ((events) => events.reduce<S | null>(options.evolve, null)),
      ...(options.lookups ? { lookups: options.lookups } : {}),
    },
    ...(options.cycleId === undefined ? {} : { cycleId: options.cycleId }),
    ...(respond ? { response: (_: unknown, state: S, version: number) => respond(state, version) } : {}),
    ...(options.conflictRetry ? { conflictRetry: options.conflictRetry } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.minted ? { minted: true } : {}),
  });
  const verdict = handled.verdicts[0];
  switch (verdict?.status) {
    case 'rejected':
      return { status: 'rejected', error: verdict.error };
    case 'key_reused':
      throw new IdempotencyKeyReusedError(verdict.commandId);
    case 'conflict':
      throw new StreamVersionConflictError(
        options.streamId,
        verdict.expectedVersion,
        verdict.currentVersion,
        handled.state,
        options.snapshotSchemaVersion,
      );
    case 'applied':
      return {
        status: 'applied',
        state: handled.state as S,
        version: handled.version,
        events: verdict.events,
        replayed: verdict.replayed,
        ...(verdict.response ? { response: verdict.response } : {}),
      };
    default:
      throw new CommandRejectedError({ code: 'no_change', message: 'no verdict', path: [] });
  }
}
