// "As of": a cycle and its objectives folded from the event store up to an instant, straight from the
// events rather than the views, so any past instant can be asked for and two instants compared.
import type { EventStore } from '@okr-ledger/event-store';
import {
  type CycleEvent,
  type CycleState,
  foldCycle,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { mapWithLimit } from '../concurrency.js';

/** Reads of many streams run a few at a time: enough to be quick, few enough to stay inside throughput. */
const PARALLEL_READS = 8;

export async function cycleAsOf(
  store: EventStore,
  org: string,
  cycleId: string,
  asOf: string,
): Promise<CycleState | null> {
  const events = await store.readStream<CycleEvent>(org, streamIdOf.cycle(cycleId), { asOf });
  return foldCycle(events as RecordedEvent<CycleEvent>[]);
}

/** Every objective stream of the cycle, read once (all events), for folding at one or more instants. */
export async function objectiveHistories(
  store: EventStore,
  org: string,
  cycleId: string,
): Promise<RecordedEvent<ObjectiveEvent>[][]> {
  const streamIds = await store.listCycleStreams(org, cycleId);
  return mapWithLimit(streamIds, PARALLEL_READS, (streamId) =>
    store.readStream<ObjectiveEvent>(org, streamId),
  );
}

/**
 * Every objective of the cycle as it is now, from the stream tips: one index query and one batch read per
 * 100 objectives, strongly consistent, so a read right after a write sees it. A tip written with another
 * snapshot shape is refolded from its events.
 */
export async function currentObjectives(
  store: EventStore,
  org: string,
  cycleId: string,
  snapshotSchemaVersion: number,
): Promise<ObjectiveState[]> {
  const streamIds = await store.listCycleStreams(org, cycleId);
  const tips = await store.batchReadTips<ObjectiveState>(org, streamIds);
  const states = await mapWithLimit(streamIds, PARALLEL_READS, async (streamId) => {
    const tip = tips.get(streamId);
    if (tip && tip.snapshotSchemaVersion === snapshotSchemaVersion) return tip.snapshot;
    return foldObjective(
      (await store.readStream<ObjectiveEvent>(org, streamId)) as RecordedEvent<ObjectiveEvent>[],
    );
  });
  return states.filter((state): state is ObjectiveState => state !== null);
}

export function objectivesAt(histories: RecordedEvent<ObjectiveEvent>[][], asOf: string): ObjectiveState[] {
  return histories
    .map((events) => foldObjective(events, asOf))
    .filter((state): state is ObjectiveState => state !== null);
}
