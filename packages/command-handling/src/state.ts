// Loading a stream's state for the command handler: the tip's snapshot when its shape is current, the fold
// of the events otherwise (or when a command needs more than the snapshot keeps), and the recording time.
import type { EventLike, EventStore, StreamTip } from '@okr-ledger/event-store';
import type { Command, Decider } from './decider.js';

export interface Loaded<S> {
  state: S | null;
  version: number;
  updatedAt: string | null;
  /** False when the state is the tip's compacted form. */
  full: boolean;
}

/** What loading needs of a decider: the snapshot shape it stores, and how to fold when that shape is old. */
export type StateShape<S, E extends EventLike> = Pick<
  Decider<S, E, Command>,
  'snapshotSchemaVersion' | 'fold' | 'compact'
>;

/** A tip (read here or elsewhere) as state: its snapshot when the shape is current, else the events folded. */
export async function fromTip<S, E extends EventLike>(
  store: EventStore,
  org: string,
  streamId: string,
  shape: StateShape<S, E>,
  tip: StreamTip<S> | null,
): Promise<Loaded<S>> {
  if (tip === null) return { state: null, version: 0, updatedAt: null, full: true };
  if (tip.snapshotSchemaVersion === shape.snapshotSchemaVersion) {
    return { state: tip.snapshot, version: tip.version, updatedAt: tip.updatedAt, full: !shape.compact };
  }
  // A tip written with an older state shape: the events are the truth, so fold them again.
  const events = await store.readStream<E>(org, streamId, { toVersion: tip.version });
  return { state: shape.fold(events), version: tip.version, updatedAt: tip.updatedAt, full: true };
}

export async function loadState<S, E extends EventLike>(
  store: EventStore,
  org: string,
  streamId: string,
  shape: StateShape<S, E>,
): Promise<Loaded<S>> {
  return fromTip(store, org, streamId, shape, await store.readTip<S>(org, streamId));
}

export async function loadFull<S, E extends EventLike>(
  store: EventStore,
  org: string,
  streamId: string,
  shape: StateShape<S, E>,
  loaded: Loaded<S>,
): Promise<Loaded<S>> {
  const events = await store.readStream<E>(org, streamId, { toVersion: loaded.version });
  return { ...loaded, state: shape.fold(events), full: true };
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
