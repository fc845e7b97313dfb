// Applies recorded events to one generation of the views: the one apply path shared by the live projector
// and the rebuild. Per stream it is ordered and idempotent: version = last + 1 is applied, ≤ last is
// skipped, a gap fails (or, when asked, is filled from the events table first). Each event's view items
// and the stream's checkpoint are written in one transaction conditioned on the checkpoint, so two
// writers racing on the same event (the projector and a rebuild) apply it exactly once.
// This module owns that order per stream (skip, gap filling, retries after a lost race); applying an
// objective or a cycle event, the writes they share and the dead letters are the modules beside it.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type EventStore, isTransientError } from '@okr-ledger/event-store';
import { ProjectionContentionError, ProjectionGapError } from '../errors.js';
import { cycleEventApplier } from './apply-cycle.js';
import { objectiveEventApplier } from './apply-objective.js';
import { type DeadLetter, deadLetterKeeper } from './dead-letters.js';
import { isLostRace } from './dynamo.js';
import { type ProjectableEvent, toProjectable } from './event-input.js';
import type { CheckpointItem } from './items.js';
import { viewKeys } from './keys.js';
import { createViewWrites } from './view-writes.js';

export type { DeadLetter } from './dead-letters.js';

export interface ViewsWriterOptions {
  doc: DynamoDBDocumentClient;
  viewsTableName: string;
  /** Read access to the events table: gaps, original definitions and frozen grades are read from it. */
  store: EventStore;
  now?: () => Date;
  /** How often to re-read and retry after losing a race on the checkpoint. */
  maxRaceRetries?: number;
}

export interface ApplyOptions {
  /** Fill a gap from the events table instead of failing (the generation a rebuild is building). */
  fillGaps?: boolean;
}

export interface ApplyOutcome {
  status: 'applied' | 'skipped';
  /** View items put (conditions and deletes not counted). */
  itemsWritten: number;
  /** Missing versions read from the events table and applied first. */
  filled: number;
  /** Missing versions that could not be applied and were set aside as dead letters. */
  parked: number;
}

export interface ViewsWriter {
  apply(generation: number, input: ProjectableEvent, options?: ApplyOptions): Promise<ApplyOutcome>;
  /** Counts one more failed attempt at a stream's version; returns the attempts so far. */
  recordFailure(
    generation: number,
    org: string,
    streamId: string,
    version: number,
    error: string,
  ): Promise<number>;
  /** Sets a version aside: a dead-letter item, and the stream moves past it in every given generation. */
  park(generations: number[], letter: DeadLetter): Promise<void>;
}

const DEFAULT_RACE_RETRIES = 8;

const errorMessage = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export function createViewsWriter(options: ViewsWriterOptions): ViewsWriter {
  const { doc, viewsTableName: table, store } = options;
  const now = options.now ?? (() => new Date());
  const maxRaceRetries = options.maxRaceRetries ?? DEFAULT_RACE_RETRIES;
  const views = createViewWrites(doc, table, store);
  const { get } = views;
  const applyObjectiveEvent = objectiveEventApplier(views);
  const applyCycleEvent = cycleEventApplier(views);
  const { park, recordFailure } = deadLetterKeeper(doc, table, now);

  /**
   * Reads the versions between the checkpoint and `version` from the events table and applies them. One
   * that cannot be applied is parked in this generation (a rebuild replays what it can and says what not).
   */
  async function fillGap(
    generation: number,
    input: ProjectableEvent,
    lastApplied: number,
  ): Promise<Omit<ApplyOutcome, 'status'>> {
    const { org, event } = input;
    const missing = await store.readStream<{ type: string; data: unknown }>(org, event.streamId, {
      fromVersion: lastApplied + 1,
      toVersion: event.version - 1,
    });
    if (missing.length !== event.version - 1 - lastApplied) {
      throw new ProjectionGapError(event.streamId, lastApplied, event.version);
    }
    const outcome = { itemsWritten: 0, filled: 0, parked: 0 };
    for (const stored of missing) {
      try {
        const projectable = toProjectable(
          org,
          stored,
          input.kind === 'objective' ? input.cycleId : undefined,
        );
        if (projectable === null) continue;
        const applied = await apply(generation, projectable, { fillGaps: false });
        outcome.itemsWritten += applied.itemsWritten;
        outcome.filled += applied.status === 'applied' ? 1 : 0;
      } catch (error) {
        if (isTransientError(error) || error instanceof ProjectionGapError) throw error;
        await park([generation], {
          org,
          streamId: stored.streamId,
          version: stored.version,
          sequenceNumber: null,
          error: errorMessage(error),
          attempts: 1,
          record: stored,
        });
        outcome.parked += 1;
      }
    }
    return outcome;
  }

  async function apply(generation: number, input: ProjectableEvent, applyOptions: ApplyOptions = {}) {
    const { org, event } = input;
    const totals = { itemsWritten: 0, filled: 0, parked: 0 };
    for (let attempt = 1; attempt <= maxRaceRetries; ) {
      const checkpoint = await get<CheckpointItem>(viewKeys.checkpoint(generation, org, event.streamId));
      const lastApplied = checkpoint?.lastVersion ?? 0;
      if (event.version <= lastApplied) return { status: 'skipped' as const, ...totals };
      if (event.version > lastApplied + 1) {
        if (!applyOptions.fillGaps) throw new ProjectionGapError(event.streamId, lastApplied, event.version);
        const filled = await fillGap(generation, input, lastApplied);
        totals.itemsWritten += filled.itemsWritten;
        totals.filled += filled.filled;
        totals.parked += filled.parked;
        continue;
      }
      try {
        const written =
          input.kind === 'objective'
            ? await applyObjectiveEvent(generation, input, checkpoint)
            : await applyCycleEvent(generation, input, checkpoint);
        return { status: 'applied' as const, ...totals, itemsWritten: totals.itemsWritten + written };
      } catch (error) {
        if (!isLostRace(error)) throw error;
        attempt += 1;
      }
    }
    throw new ProjectionContentionError(event.streamId, event.version, maxRaceRetries);
  }

  return { apply, recordFailure, park };
}
