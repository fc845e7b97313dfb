// Replay throughput: how many events per second the domain folds in process (100,000 events over 1,000
// objective streams), and how many per second are read back from DynamoDB Local and folded, stream by
// stream, as a rebuild or an "as of" query does. The in-process figure bounds what storage can reach.
import { SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';
import type { EventStore } from '@okr-ledger/event-store';
import { foldObjective, type ObjectiveEvent, type RecordedEvent, streamIdOf } from '@okr-ledger/okr-domain';
import type { DynamoMeter } from '../lib/dynamo-meter.js';
import { median, ratio, round } from '../lib/stats.js';
import type { ReplayFigures } from '../report/results.js';
import { inParallel } from '../setup/seed.js';
import { objectiveIdFor, syntheticObjectiveStream } from '../setup/workload.js';

export const IN_PROCESS_STREAMS = 1_000;
export const EVENTS_PER_STREAM = 100;
const IN_PROCESS_ROUNDS = 3;
const ORG = 'replay';
const CYCLE = 'replay';
const EVENTS_PER_APPEND = 90;

/** `streams` synthetic objective streams of `EVENTS_PER_STREAM` events each. */
export function syntheticStreams(scope: string, streams: number): RecordedEvent<ObjectiveEvent>[][] {
  return Array.from({ length: streams }, (_, index) =>
    syntheticObjectiveStream(objectiveIdFor(scope, index), CYCLE, EVENTS_PER_STREAM),
  );
}

/** Folds every stream once; returns how many events were folded (and checks each fold produced a state). */
export function foldAll(streams: readonly RecordedEvent<ObjectiveEvent>[][]): number {
  let events = 0;
  for (const stream of streams) {
    if (foldObjective(stream) === null) throw new Error('a synthetic stream folded to nothing');
    events += stream.length;
  }
  return events;
}

function measureInProcess(): ReplayFigures['inProcess'] {
  const streams = syntheticStreams('mem', IN_PROCESS_STREAMS);
  foldAll(streams); // warm-up: let the JIT see the code before it is timed
  const rounds: number[] = [];
  let events = 0;
  for (let round = 0; round < IN_PROCESS_ROUNDS; round += 1) {
    const started = performance.now();
    events = foldAll(streams);
    rounds.push(performance.now() - started);
  }
  const ms = median(rounds);
  return {
    events,
    streams: streams.length,
    ms: round(ms, 1),
    eventsPerSecond: Math.round(events / (ms / 1000)),
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
  const inProcess = measureInProcess();

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
