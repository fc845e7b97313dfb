// Loading a stream's state for the command handler: the tip's snapshot when its shape is current, the fold
// of the events otherwise (or when a command needs more than the snapshot keeps), and the recording time.
import type { EventLike, EventStore, StreamTip } from '@okr-ledger/event-store';
import type { Command, Decider } from './handler.js';

export interface Loaded<S> {
  state: S | null;
  version: number;
  updatedAt: string | null;
  /** False when the state is the tip's compacted form. */
  full: boolean;
}

/** A tip read elsewhere, as `loadState` would have read it. */
export async function fromTip<S, E extends EventLike, C extends Command>(
  store: EventStore,
  org: string,
  streamId: string,
  decider: Decider<S, E, C>,
  tip: StreamTip<S> | null,
): Promise<Loaded<S>> {
  if (tip === null) return { state: null, version: 0, updatedAt: null, full: true };
  if (tip.snapshotSchemaVersion === decider.snapshotSchemaVersion) {
    return { state: tip.snapshot, version: tip.version, updatedAt: tip.updatedAt, full: !decider.compact };
  }
  return loadState(store, org, streamId, decider);
}

/** The tip's snapshot when its shape is current, otherwise the state refolded from every event. */
export async function loadState<S, E extends EventLike, C extends Command>(
  store: EventStore,
  org: string,
  streamId: string,
  decider: Decider<S, E, C>,
): Promise<Loaded<S>> {
  const tip = await store.readTip<S>(org, streamId);
  if (tip === null) return { state: null, version: 0, updatedAt: null, full: true };
  if (tip.snapshotSchemaVersion === decider.snapshotSchemaVersion) {
    return { state: tip.snapshot, version: tip.version, updatedAt: tip.updatedAt, full: !decider.compact };
  }
  const events = await store.readStream<E>(org, streamId, { toVersion: tip.version });
  return { state: decider.fold(events), version: tip.version, updatedAt: tip.updatedAt, full: true };
}

export async function loadFull<S, E extends EventLike, C extends Command>(
  store: EventStore,
  org: string,
  streamId: string,
  decider: Decider<S, E, C>,
  loaded: Loaded<S>,
): Promise<Loaded<S>> {
  const events = await store.readStream<E>(org, streamId, { toVersion: loaded.version });
  return { ...loaded, state: decider.fold(events), full: true };
}

/**
 * Server time, but never earlier than the stream's last change: servers' clocks may disagree slightly, and
 * a stream whose recordedAt only moves forward gives exact "as of" cuts.
 */
export function recordingTime(clock: Date, streamUpdatedAt: string | null): string {
  const previous = streamUpdatedAt === null ? Number.NaN : Date.parse(streamUpdatedAt);
  return new Date(
    Number.isNaN(previous) ? clock.getTime() : Math.max(clock.getTime(), previous),
  ).toISOString();
}
