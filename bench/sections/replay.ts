// Replay throughput: how many events per second the domain folds in process (100,000 events over 1,000
// objective streams), side by side with the fold it replaced (a reduce with `evolveObjective`, copying
// the state per event), and how many per second are read back from DynamoDB Local and folded, stream by
// stream, as a rebuild or an "as of" query does. The in-process figure bounds what storage can reach.
import { SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';
import type { EventStore } from '@okr-ledger/event-store';
import {
  evolveObjective,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import type { DynamoMeter } from '../lib/dynamo-meter.js';
import { median, ratio, round } from '../lib/stats.js';
import type { ReplayFigures } from '../report/results.js';
import { inParallel } from '../setup/seed.js';
import { objectiveIdFor, syntheticObjectiveStream } from '../setup/workload.js';

export const IN_PROCESS_STREAMS = 1_000;
export const EVENTS_PER_STREAM = 100;
const IN_PROCESS_ROUNDS = 5;
const ORG = 'replay';
const CYCLE = 'replay';
const EVENTS_PER_APPEND = 90;

/**
 * `streams` synthetic objective streams of `EVENTS_PER_STREAM` events each, each event rebuilt in the
 * one literal shape the event store's `readStream` returns (`toStoredEvent`). The workload builds them by
 * spreading, which gives nearly every event a hidden class of its own; a fold over those measures V8's
 * property look-ups more than the fold, and folds never see such events outside this bench.
 */
export function syntheticStreams(scope: string, streams: number): RecordedEvent<ObjectiveEvent>[][] {
  return Array.from({ length: streams }, (_, index) =>
    syntheticObjectiveStream(objectiveIdFor(scope, index), CYCLE, EVENTS_PER_STREAM).map(
      (event) =>
        ({
          type: event.type,
          data: event.data,
          streamId: event.streamId,
          version: event.version,
          metadata: event.metadata,
        }) as RecordedEvent<ObjectiveEvent>,
    ),
  );
}

type Fold = (events: RecordedEvent<ObjectiveEvent>[]) => ObjectiveState | null;

/** The fold before the draft: one `evolveObjective` per event, a fresh state each time. */
export const referenceFold: Fold = (events) => events.reduce<ObjectiveState | null>(evolveObjective, null);

/** Folds every stream once; returns how many events were folded (and checks each fold produced a state). */
export function foldAll(
  streams: readonly RecordedEvent<ObjectiveEvent>[][],
  fold: Fold = foldObjective,
): number {
  let events = 0;
  for (const stream of streams) {
    if (fold(stream) === null) throw new Error('a synthetic stream folded to nothing');
    events += stream.length;
  }
  return events;
}

type InProcess = ReplayFigures['inProcess'];

/**
 * Both folds over the same streams, in alternating rounds so that a change in the machine's load falls
 * on both; each figure is the median of its rounds.
 */
export function measureInProcess(streamCount = IN_PROCESS_STREAMS): {
  draft: InProcess;
  reference: InProcess;
  speedup: number;
} {
  const streams = syntheticStreams('mem', streamCount);
  // Warm-up: let the JIT see both folds before they are timed.
  foldAll(streams, referenceFold);
  foldAll(streams, foldObjective);
  const times = { draft: [] as number[], reference: [] as number[] };
  let events = 0;
  for (let pass = 0; pass < IN_PROCESS_ROUNDS; pass += 1) {
    for (const [name, fold] of [
      ['reference', referenceFold],
      ['draft', foldObjective],
    ] as const) {
      const started = performance.now();
      events = foldAll(streams, fold);
      times[name].push(performance.now() - started);
    }
  }
  const figures = (rounds: number[]): InProcess => {
    const ms = median(rounds);
    return {
      events,
      streams: streams.length,
      ms: round(ms, 1),
      eventsPerSecond: Math.round(events / (ms / 1000)),
    };
  };
  const draft = figures(times.draft);
  const reference = figures(times.reference);
  return {
    draft,
    reference,
    speedup: round(ratio(draft.eventsPerSecond, reference.eventsPerSecond) ?? 0, 1),
  };
}

/** Appends a recorded stream as its writer would have: in transactions of at most EVENTS_PER_APPEND events. */
async function appendStream(store: EventStore, events: RecordedEvent<ObjectiveEvent>[]): Promise<void> {
  for (let start = 0; start < events.length; start += EVENTS_PER_APPEND) {
    const chunk = events.slice(start, start + EVENTS_PER_APPEND);
    const last = chunk.at(-1);
    if (last === undefined) continue;
    await store.append({
      org: ORG,
      streamId: last.streamId,
      expectedVersion: start,
      events: chunk.map(({ type, data }) => ({ type, data }) as ObjectiveEvent),
      metadata: {
        actor: last.metadata.actor,
        commandId: `${last.streamId}-${start}`,
        recordedAt: last.metadata.recordedAt,
      },
      snapshot: foldObjective(events.slice(0, start + chunk.length)),
      snapshotSchemaVersion: SNAPSHOT_SCHEMA_VERSION,
      cycleId: CYCLE,
    });
  }
}

export interface ReplayContext {
  /** Unmetered store for seeding. */
  seedStore: EventStore;
  /** The store whose reads are measured, over a metered client. */
  store: EventStore;
  meter: DynamoMeter;
  dynamoStreams: number;
}

export async function measureReplay(ctx: ReplayContext): Promise<ReplayFigures> {
  const { draft: inProcess, reference, speedup } = measureInProcess();

  const streams = syntheticStreams('ddb', ctx.dynamoStreams);
  await inParallel(streams, 4, (stream) => appendStream(ctx.seedStore, stream));
  const started = performance.now();
  const { tally, value: events } = await ctx.meter.measure(async () => {
    let folded = 0;
    for (let index = 0; index < streams.length; index += 1) {
      const stored = await ctx.store.readStream<ObjectiveEvent>(
        ORG,
        streamIdOf.objective(objectiveIdFor('ddb', index)),
      );
      if (foldObjective(stored) === null) throw new Error('a stored stream folded to nothing');
      folded += stored.length;
    }
    return folded;
  });
  const ms = performance.now() - started;
  const dynamoPerSecond = Math.round(events / (ms / 1000));
  return {
    inProcess,
    inProcessBefore: reference,
    foldSpeedup: speedup,
    dynamo: {
      events,
      streams: streams.length,
      ms: round(ms, 1),
      eventsPerSecond: dynamoPerSecond,
      requests: tally.requests,
      readUnits: tally.readUnits,
    },
    ratio: round(ratio(inProcess.eventsPerSecond, dynamoPerSecond) ?? 0, 1),
  };
}
