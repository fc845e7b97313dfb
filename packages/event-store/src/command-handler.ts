// Runs one command against one stream: replay if the command id was seen, load the state from the tip,
// let the pure `decide` choose the events, and append them with the new snapshot in one transaction.
// Commands that did not name the version they saw are retried on a version conflict; that is what lets
// many concurrent check-ins on one objective all land.
import type { Actor, Decision, DomainError, EventMetadata } from '@okr-ledger/okr-domain';
import { EVENT_SCHEMA_VERSION } from '@okr-ledger/okr-domain';
import { CommandIdReusedError, StoreUnavailableError, StreamVersionConflictError } from './errors.js';
import type { EventStore, LookupEntry } from './event-store.js';
import type { EventLike, StoredEvent } from './items.js';
import { backoffDelay, type RetryPolicy, realSleep, type Sleep } from './retry.js';

export interface ExecuteCommandOptions<S, E extends EventLike> {
  store: EventStore;
  org: string;
  streamId: string;
  commandId: string;
  actor: Actor;
  /** Server time of the append; a function is read again on every attempt. */
  now: Date | (() => Date);
  /** The version the client saw (If-Match). When set, a stale version is the client's conflict to resolve. */
  expectedVersion?: number;
  /** Version of the snapshot shape `evolve` builds; tips written with another version are refolded. */
  snapshotSchemaVersion: number;
  decide: (state: S | null) => Decision<E>;
  evolve: (state: S | null, event: StoredEvent<E>) => S;
  /** Rebuilds the state from the whole stream; defaults to folding with `evolve`. */
  fold?: (events: StoredEvent<E>[]) => S | null;
  /** Objective streams: lists the stream under its cycle. */
  cycleId?: string;
  /** What this command answers, stored with the command record so a replay answers the same. */
  response?: (state: S, version: number) => Record<string, unknown>;
  /** Look-ups to write atomically with the events the command decided (see `AppendInput.lookups`). */
  lookups?: (events: E[]) => LookupEntry[];
  /** Retries after a version conflict when the command did not name a version. */
  conflictRetry?: RetryPolicy;
  sleep?: Sleep;
}

export type CommandOutcome<S, E extends EventLike> =
  | {
      status: 'applied';
      state: S;
      /** The stream version `state` is at. */
      version: number;
      /** The events this command recorded (on a replay, those of the first execution). */
      events: StoredEvent<E>[];
      replayed: boolean;
      response?: Record<string, unknown>;
    }
  | { status: 'rejected'; error: DomainError };

/**
 * Enough attempts for a burst of ~100 writers on one stream: each round lets one through, and the jittered
 * wait spreads the others over the following rounds.
 */
export const DEFAULT_CONFLICT_RETRY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 20, maxDelayMs: 2_000 };

interface LoadedState<S> {
  state: S | null;
  version: number;
  /** When the stream last changed (null for a new stream). */
  updatedAt: string | null;
}

export async function executeCommand<S, E extends EventLike>(
  options: ExecuteCommandOptions<S, E>,
): Promise<CommandOutcome<S, E>> {
  const { store, org, streamId, commandId } = options;
  const conflictRetry = options.conflictRetry ?? DEFAULT_CONFLICT_RETRY;
  const sleep = options.sleep ?? realSleep;

  const recorded = await store.getCommand(org, commandId);
  if (recorded !== null) return replay(options, recorded);

  for (let attempt = 1; ; attempt += 1) {
    const loaded = await loadState(options);
    if (options.expectedVersion !== undefined && options.expectedVersion !== loaded.version) {
      throw new StreamVersionConflictError(
        streamId,
        options.expectedVersion,
        loaded.version,
        loaded.state,
        loaded.state === null ? null : options.snapshotSchemaVersion,
      );
    }
    const decision = options.decide(loaded.state);
    if (!decision.ok) return { status: 'rejected', error: decision.error };
    if (decision.events.length === 0) {
      if (loaded.state === null) {
        throw new Error(
          `decide accepted a command on the empty stream ${streamId} without recording anything`,
        );
      }
      return { status: 'applied', state: loaded.state, version: loaded.version, events: [], replayed: false };
    }

    const metadata: EventMetadata = {
      actor: { sub: options.actor.sub, email: options.actor.email },
      commandId,
      recordedAt: recordingTime(options.now, loaded.updatedAt),
      schemaVersion: EVENT_SCHEMA_VERSION,
    };
    const events: StoredEvent<E>[] = decision.events.map((event, index) => ({
      ...event,
      streamId,
      version: loaded.version + 1 + index,
      metadata,
    }));
    const state = foldOnto(loaded.state, events, options.evolve);
    const version = loaded.version + events.length;
    const response = options.response?.(state, version);

    try {
      const result = await store.append({
        org,
        streamId,
        expectedVersion: loaded.version,
        events: decision.events,
        metadata,
        snapshot: state,
        snapshotSchemaVersion: options.snapshotSchemaVersion,
        ...(options.cycleId === undefined ? {} : { cycleId: options.cycleId }),
        ...(response === undefined ? {} : { response }),
        ...(options.lookups === undefined ? {} : { lookups: options.lookups(decision.events) }),
      });
      if (result.replayed) {
        // The same command id landed between our check and our append (a client retrying in parallel).
        return replay(options, { streamId, ...result });
      }
      return {
        status: 'applied',
        state,
        version,
        events,
        replayed: false,
        ...(response === undefined ? {} : { response }),
      };
    } catch (error) {
      const mayRetry = error instanceof StreamVersionConflictError && options.expectedVersion === undefined;
      if (!mayRetry) throw error;
      if (attempt >= conflictRetry.maxAttempts) {
        // The client named no version, so this is contention, not a stale read: tell it to try again.
        throw new StoreUnavailableError(`append to busy stream ${streamId}`, attempt, { cause: error });
      }
      // The conflict carries the tip it found, but after the wait it is stale again: reload instead.
      await sleep(backoffDelay(conflictRetry, attempt));
    }
  }
}

async function replay<S, E extends EventLike>(
  options: ExecuteCommandOptions<S, E>,
  record: { streamId: string; firstVersion: number; lastVersion: number; response?: Record<string, unknown> },
): Promise<CommandOutcome<S, E>> {
  const { store, org, streamId, commandId } = options;
  if (record.streamId !== streamId) throw new CommandIdReusedError(commandId, record.streamId, streamId);
  const [loaded, events] = await Promise.all([
    loadState(options),
    store.readStream<E>(org, streamId, { fromVersion: record.firstVersion, toVersion: record.lastVersion }),
  ]);
  if (loaded.state === null) {
    throw new Error(`command ${commandId} is recorded for ${streamId}, but the stream has no state`);
  }
  return {
    status: 'applied',
    state: loaded.state,
    version: loaded.version,
    events,
    replayed: true,
    ...(record.response === undefined ? {} : { response: record.response }),
  };
}

/** The tip's snapshot when its shape is current, otherwise the state refolded from every event. */
async function loadState<S, E extends EventLike>(
  options: ExecuteCommandOptions<S, E>,
): Promise<LoadedState<S>> {
  const { store, org, streamId } = options;
  const tip = await store.readTip<S>(org, streamId);
  if (tip === null) return { state: null, version: 0, updatedAt: null };
  if (tip.snapshotSchemaVersion === options.snapshotSchemaVersion) {
    return { state: tip.snapshot, version: tip.version, updatedAt: tip.updatedAt };
  }
  const events = await store.readStream<E>(org, streamId, { toVersion: tip.version });
  const state = options.fold ? options.fold(events) : events.reduce<S | null>(options.evolve, null);
  return { state, version: tip.version, updatedAt: tip.updatedAt };
}

function foldOnto<S, E extends EventLike>(
  state: S | null,
  events: StoredEvent<E>[],
  evolve: (state: S | null, event: StoredEvent<E>) => S,
): S {
  const [first, ...rest] = events;
  if (first === undefined) throw new Error('foldOnto needs at least one event');
  return rest.reduce<S>(evolve, evolve(state, first));
}

/**
 * Server time, but never earlier than the stream's last change: servers' clocks may disagree slightly, and
 * a stream whose recordedAt only moves forward gives exact "as of" cuts.
 */
function recordingTime(now: Date | (() => Date), streamUpdatedAt: string | null): string {
  const clock = typeof now === 'function' ? now() : now;
  const previous = streamUpdatedAt === null ? Number.NaN : Date.parse(streamUpdatedAt);
  return new Date(
    Number.isNaN(previous) ? clock.getTime() : Math.max(clock.getTime(), previous),
  ).toISOString();
}
