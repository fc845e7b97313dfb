// What the command records say about the commands of a call: read them (one request for one command, batch
// reads for many), answer a recorded command as the same request or refuse it, and recognise this call's
// own write when its answer was lost.
import type { CommandRecord, EventLike, EventStore, StoredEvent } from '@okr-ledger/event-store';
import type { Command, Verdict } from './decider.js';

export async function readRecords<C extends Command>(
  store: EventStore,
  org: string,
  commands: readonly C[],
): Promise<Map<string, CommandRecord>> {
  if (commands.length === 1 && commands[0] !== undefined) {
    const record = await store.getCommand(org, commands[0].commandId);
    return new Map(record === null ? [] : [[record.commandId, record]]);
  }
  return store.getCommands(
    org,
    commands.map((command) => command.commandId),
  );
}

export interface Attempt<E extends EventLike> {
  appendId: string;
  /** Per command index, the events and the answer the append carried. */
  events: ReadonlyMap<number, StoredEvent<E>[]>;
  responses: ReadonlyMap<number, Record<string, unknown> | undefined>;
}

/** The command's record when it is the one this call's last append wrote: applied now, not replayed. */
export function ownWrite<E extends EventLike>(
  attempt: Attempt<E> | null,
  index: number,
  record: CommandRecord | undefined,
): Verdict<E> | undefined {
  const events = attempt?.events.get(index);
  if (attempt === null || events === undefined || record === undefined) return undefined;
  if (record.appendId === undefined || record.appendId !== attempt.appendId) return undefined;
  const response = attempt.responses.get(index);
  return {
    status: 'applied',
    commandId: record.commandId,
    events,
    replayed: false,
    ...(response === undefined ? {} : { response }),
  };
}

/**
 * A recorded command is answered from its record when it is the same request (same stream, same fingerprint;
 * records older than fingerprints match on the stream alone) and refused otherwise, never replayed.
 */
export function recordedVerdict<E extends EventLike>(
  command: Command,
  record: CommandRecord | undefined,
  fingerprint: string,
  streamId: string,
): Verdict<E> | undefined {
  if (record === undefined) return undefined;
  const same =
    record.streamId === streamId && (record.fingerprint === undefined || record.fingerprint === fingerprint);
  if (!same) return { status: 'key_reused', commandId: command.commandId, recordedStreamId: record.streamId };
  return {
    status: 'applied',
    commandId: command.commandId,
    events: [],
    replayed: true,
    ...(record.response === undefined ? {} : { response: record.response }),
  };
}
