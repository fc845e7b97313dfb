// The one command handler: takes one or many commands for a stream, answers those already recorded from
// their records (same fingerprint: the stored answer; another fingerprint: refused), decides the rest in
// order against the evolving state, and appends everything they decided in one transaction, one command
// record each. A version conflict re-reads and re-decides (commands that named the version they saw then
// become conflicts); an id taken elsewhere refuses the command that claimed it and re-decides the others.
import { randomUUID } from 'node:crypto';
import {
  type AppendedCommand,
  backoffDelay,
  CommandAlreadyRecordedError,
  type CommandRecord,
  type EventLike,
  type EventStore,
  IdTakenError,
  type RetryPolicy,
  realSleep,
  type Sleep,
  StoreUnavailableError,
  type StoredEvent,
  type StreamTip,
  StreamVersionConflictError,
} from '@okr-ledger/event-store';
import {
  type Actor,
  type DomainError,
  EVENT_SCHEMA_VERSION,
  type EventMetadata,
} from '@okr-ledger/okr-domain';
import type { Command, Decider, Verdict } from './decider.js';
import { fingerprintOf } from './fingerprint.js';
import { type Attempt, ownWrite, readRecords, recordedVerdict } from './records.js';
import { fromTip, type Loaded, loadFull, loadState, recordingTime } from './state.js';

export interface Handled<S, E extends EventLike> {
  /** One per command, in the order given. */
  verdicts: Verdict<E>[];
  /** The stream's state after the append (the full fold when one was needed, else the tip's). */
  state: S | null;
  version: number;
  /** Events appended by this call. */
  appended: number;
}

export interface HandleOptions<S, E extends EventLike, C extends Command> {
  store: EventStore;
  org: string;
  streamId: string;
  actor: Actor;
  clock: () => Date;
  decider: Decider<S, E, C>;
  commands: readonly C[];
  /** Objective streams: lists the stream under its cycle. */
  cycleId?: string;
  /** What a command answers, stored (compressed) with its record so a replay answers the same. */
  response?: (command: C, state: S, version: number) => Record<string, unknown>;
  /** Versions appended by earlier parts of the same request: the senders' expected versions predate them. */
  versionOffset?: number;
  /**
   * The tip and the command records, read by the caller in the same batch as what else the request needs
   * (one round trip): the first round decides on them instead of reading them again.
   */
  prefetched?: { tip: StreamTip<S> | null; records: ReadonlyMap<string, CommandRecord> };
  /**
   * The command ids were minted by the server for this one request: nobody can send them again, so no
   * record is read or written (a replay cannot happen); a write whose answer was lost is recognised from
   * the tip it left instead.
   */
  minted?: boolean;
  conflictRetry?: RetryPolicy;
  sleep?: Sleep;
}

/**
 * Enough attempts for a burst of ~100 writers on one stream: each round lets one through, and the jittered
 * wait spreads the others over the following rounds.
 */
export const DEFAULT_CONFLICT_RETRY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 20, maxDelayMs: 2_000 };

export async function handleCommands<S, E extends EventLike, C extends Command>(
  options: HandleOptions<S, E, C>,
): Promise<Handled<S, E>> {
  const { store, org, streamId, actor, decider, commands } = options;
  const conflictRetry = options.conflictRetry ?? DEFAULT_CONFLICT_RETRY;
  const sleep = options.sleep ?? realSleep;
  const fingerprints = commands.map((command) =>
    fingerprintOf({
      streamId,
      callerSub: actor.sub,
      command: command as unknown as { commandId: string } & Record<string, unknown>,
    }),
  );
  const refused = new Map<number, DomainError>();
  // The last append this call sent: when its answer is lost (a timeout, a retried request) but it landed,
  // the records found next round are this call's own writes, not a replay of an earlier request.
  let lastAttempt: Attempt<E> | null = null;
  // What the next round decides on when it is already known: the caller's batch read, or the tip a
  // cancelled transaction handed back.
  let known: { loaded?: Loaded<S>; records?: ReadonlyMap<string, CommandRecord>; racy?: boolean } = {};
  if (options.prefetched) {
    known = {
      loaded: await fromTip(store, org, streamId, decider, options.prefetched.tip),
      records: options.prefetched.records,
      // Read in one batch, the tip and a record may straddle a concurrent retry of the same command.
      racy: true,
    };
  }

  for (let attempt = 1; ; attempt += 1) {
    // The tip first, then the records: a command whose effects the tip shows is recorded by then (both are
    // written in one transaction), so a concurrent retry of it is answered from its record, never re-decided.
    let loaded = known.loaded ?? (await loadState(store, org, streamId, decider));
    const records = known.records ?? (options.minted ? new Map() : await readRecords(store, org, commands));
    const racy = known.racy === true;
    known = {};
    const verdicts: (Verdict<E> | undefined)[] = commands.map(
      (command, index) =>
        ownWrite(lastAttempt, index, records.get(command.commandId)) ??
        recordedVerdict(command, records.get(command.commandId), fingerprints[index] ?? '', streamId),
    );
    for (const [index, error] of refused) {
      verdicts[index] = { status: 'rejected', commandId: commands[index]?.commandId ?? '', error };
    }
    const pending = commands.flatMap((command, index) => (verdicts[index] ? [] : [{ command, index }]));
    if (!loaded.full && pending.some(({ command }) => decider.needsFullState?.(command, loaded.state))) {
      loaded = await loadFull(store, org, streamId, decider, loaded);
    }
    if (pending.length === 0) {
      // Nothing left to decide; what this call's own lost-answer append wrote still counts as appended.
      const own = verdicts.reduce(
        (sum, verdict) =>
          sum + (verdict?.status === 'applied' && !verdict.replayed ? verdict.events.length : 0),
        0,
      );
      return finish(verdicts, loaded.state, loaded.version, own);
    }

    const recordedAt = recordingTime(options.clock(), loaded.updatedAt);
    const offset = options.versionOffset ?? 0;
    const stale = pending.some(
      ({ command }) =>
        command.expectedVersion !== undefined && command.expectedVersion + offset !== loaded.version,
    );
    let state = loaded.state;
    let version = loaded.version;
    const appended: { index: number; events: StoredEvent<E>[] }[] = [];
    for (const { command, index } of pending) {
      if (stale && command.expectedVersion !== undefined) {
        verdicts[index] = {
          status: 'conflict',
          commandId: command.commandId,
          expectedVersion: command.expectedVersion,
          currentVersion: loaded.version,
        };
        continue;
      }
      const decision = decider.decide(command, state);
      if (!decision.ok) {
        verdicts[index] = { status: 'rejected', commandId: command.commandId, error: decision.error };
        continue;
      }
      const metadata: EventMetadata = {
        actor: { sub: actor.sub, email: actor.email },
        commandId: command.commandId,
        recordedAt,
        schemaVersion: EVENT_SCHEMA_VERSION,
      };
      const events = decision.events.map((event, offsetInCommand) => ({
        ...event,
        streamId,
        version: version + 1 + offsetInCommand,
        metadata,
      }));
      for (const event of events) state = decider.evolve(state, event);
      version += events.length;
      if (events.length > 0) appended.push({ index, events });
      verdicts[index] = { status: 'applied', commandId: command.commandId, events, replayed: false };
    }
    if (racy && !options.minted) {
      // A rejection decided on a batch read may be a retry whose first run landed between the reads: its
      // record, read now, says so (one more request, only when something was refused).
      const rejected = pending.filter(({ index }) => verdicts[index]?.status === 'rejected');
      if (rejected.length > 0) {
        const late = await readRecords(
          store,
          org,
          rejected.map(({ command }) => command),
        );
        if (late.size > 0) {
          known = { records: new Map([...records, ...late]) };
          continue;
        }
      }
    }
    if (appended.length === 0) return finish(verdicts, state, version, 0);

    const finalState = state as S;
    const appendId = randomUUID();
    const recordsToWrite: AppendedCommand[] = appended.map(({ index, events }) => {
      const command = commands[index] as C;
      const response = options.response?.(command, finalState, version);
      const verdict = verdicts[index];
      if (verdict?.status === 'applied' && response !== undefined) verdict.response = response;
      return {
        commandId: command.commandId,
        fingerprint: fingerprints[index] ?? '',
        eventCount: events.length,
        appendId,
        ...(response === undefined ? {} : { response }),
        ...(options.minted ? { unrecorded: true } : {}),
      };
    });
    const allEvents = appended.flatMap(({ events }) => events);
    const claimsByCommand = appended.map(({ index, events }) => ({
      index,
      claims: decider.claims?.(events) ?? [],
    }));
    lastAttempt = {
      appendId,
      events: new Map(appended.map(({ index, events }) => [index, events])),
      responses: new Map(
        recordsToWrite.map((record, position) => [appended[position]?.index ?? -1, record.response]),
      ),
    };
    const snapshot = decider.compact ? decider.compact(finalState) : finalState;
    try {
      await store.append({
        org,
        streamId,
        expectedVersion: loaded.version,
        events: allEvents.map(({ type, data }) => ({ type, data }) as E),
        metadata: { actor, commandId: recordsToWrite[0]?.commandId ?? '', recordedAt },
        commands: recordsToWrite,
        snapshot,
        snapshotSchemaVersion: decider.snapshotSchemaVersion,
        ...(options.cycleId === undefined ? {} : { cycleId: options.cycleId }),
        lookups: [
          ...claimsByCommand.flatMap(({ claims }) => claims.map(({ path: _path, ...claim }) => claim)),
          ...(decider.lookups?.(allEvents) ?? []),
        ],
      });
      return finish(verdicts, finalState, version, allEvents.length);
    } catch (error) {
      // A retry of one of these commands landed meanwhile: the next round answers it from its record.
      if (error instanceof CommandAlreadyRecordedError) continue;
      if (error instanceof IdTakenError) {
        for (const key of error.keys) {
          const owner = claimsByCommand.find(({ claims }) => claims.some((claim) => claim.key === key));
          const claim = owner?.claims.find((candidate) => candidate.key === key);
          if (owner === undefined || claim === undefined) throw error;
          refused.set(owner.index, {
            code: 'id_taken',
            message: `${idOf(key)} is already used in this organization: choose another id`,
            path: claim.path,
          });
        }
        continue;
      }
      if (!(error instanceof StreamVersionConflictError)) throw error;
      if (options.minted && leftByThisAppend(error, version, recordedAt, snapshot)) {
        // The store's retry of a request whose answer was lost met the tip this very append wrote.
        return finish(verdicts, finalState, version, allEvents.length);
      }
      const versioned = appended.every(({ index }) => commands[index]?.expectedVersion !== undefined);
      if (versioned) {
        // Every command that would have written named the version it saw: a retry can only conflict again.
        for (const { command, index } of pending) {
          if (command.expectedVersion === undefined) continue;
          verdicts[index] = {
            status: 'conflict',
            commandId: command.commandId,
            expectedVersion: command.expectedVersion,
            currentVersion: error.currentVersion,
          };
        }
        const current =
          error.currentSnapshotSchemaVersion === decider.snapshotSchemaVersion
            ? (error.currentSnapshot as S | null)
            : null;
        return finish(verdicts, current, error.currentVersion, 0);
      }
      if (attempt >= conflictRetry.maxAttempts) {
        throw new StoreUnavailableError(`append to busy stream ${streamId}`, attempt, { cause: error });
      }
      if (attempt === 1 && error.currentSnapshotSchemaVersion === decider.snapshotSchemaVersion) {
        // The cancelled transaction handed back the tip it found: decide again on it at once, reading only
        // the records (the writer that got in first may have been a retry of one of these commands).
        known = {
          loaded: {
            state: error.currentSnapshot as S | null,
            version: error.currentVersion,
            updatedAt: error.currentUpdatedAt,
            full: !decider.compact,
          },
        };
        continue;
      }
      // Still contended: after the wait the returned tip is stale again, so reload instead.
      await sleep(backoffDelay(conflictRetry, attempt));
    }
  }
}

const idOf = (key: string): string => key.slice(key.indexOf(':') + 1);

/**
 * Whether the tip a conflict returned is the one this append wrote: the version it reached, the instant
 * it recorded and the very snapshot. Without a record that is what tells a landed write whose answer was
 * lost from another writer's; a different writer would have to decide the same state at the same
 * millisecond, and then there is nothing left to write anyway.
 */
function leftByThisAppend(
  error: StreamVersionConflictError,
  version: number,
  recordedAt: string,
  snapshot: unknown,
): boolean {
  return (
    error.currentVersion === version &&
    error.currentUpdatedAt === recordedAt &&
    JSON.stringify(error.currentSnapshot) === JSON.stringify(snapshot)
  );
}

function finish<S, E extends EventLike>(
  verdicts: (Verdict<E> | undefined)[],
  state: S | null,
  version: number,
  appended: number,
): Handled<S, E> {
  return {
    verdicts: verdicts.map((verdict, index) => {
      if (verdict === undefined) throw new Error(`command #${index} got no verdict`);
      return verdict;
    }),
    state,
    version,
    appended,
  };
}
