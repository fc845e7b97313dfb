// The projector: applies a DynamoDB Streams batch of event items to the views, ordered and idempotent
// per stream. A record that fails holds back the later records of its stream in the batch while other
// streams go on, and the batch reports exactly the first failed record so Lambda redelivers from there
// (what was applied already is skipped). A record that keeps failing is parked as a dead letter after a
// few attempts so one bad event cannot stop its stream for good; a gap that does not close by itself is
// filled from the events table.
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore, type EventItem, isTransientError } from '@okr-ledger/event-store';
import {
  createViewsWriter,
  type GenerationPointer,
  ProjectionContentionError,
  ProjectionGapError,
  projectableFromItem,
  readPointer,
  type ViewsWriter,
} from '@okr-ledger/projections';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { countParked, type ProjectorMetrics, publishMetrics } from './metrics.js';
import { type EventRecord, readEventRecords } from './stream-records.js';

export interface ProjectorOptions {
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  viewsTableName: string;
  now?: () => Date;
  logger?: Logger;
  /** Counts parked records (CloudWatch metric `ParkedRecords`, alarmed on by the stack). */
  metrics?: ProjectorMetrics;
  /** Failed attempts at one record before it is parked (or, for a gap, filled from the events table). */
  maxAttempts?: number;
  /** Streams applied side by side within a batch. */
  concurrency?: number;
}

export interface Projector {
  handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_CONCURRENCY = 4;

type RecordOutcome = 'applied' | 'failed';

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Records grouped per stream, each group in batch order. */
function byStream(records: EventRecord[]): EventRecord[][] {
  const groups = new Map<string, EventRecord[]>();
  for (const record of records) {
    const key = `${record.org}#${record.streamId}`;
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return [...groups.values()];
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export function createProjector(options: ProjectorOptions): Projector {
  const { doc, viewsTableName } = options;
  const logger = options.logger ?? new Logger({ serviceName: 'okr-ledger-projector' });
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const store = new EventStore({ client: doc, tableName: options.eventsTableName });
  const writer: ViewsWriter = createViewsWriter({
    doc,
    viewsTableName,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  /** Into the generation readers use and, during a rebuild, the one being built (which fills its gaps). */
  async function applyRecord(
    record: EventRecord,
    pointer: GenerationPointer,
    fillGaps: boolean,
  ): Promise<void> {
    const projectable = projectableFromItem(record.item as unknown as EventItem);
    if (projectable === null) return;
    const current = await writer.apply(pointer.current, projectable, { fillGaps });
    countParked(options.metrics, current.parked);
    if (pointer.building !== null) {
      const building = await writer.apply(pointer.building, projectable, { fillGaps: true });
      countParked(options.metrics, building.parked);
    }
  }

  async function onFailure(
    record: EventRecord,
    error: unknown,
    pointer: GenerationPointer,
  ): Promise<RecordOutcome> {
    const context = {
      streamId: record.streamId,
      version: record.version,
      sequenceNumber: record.sequenceNumber,
    };
    const message = describeError(error);
    // Throttling or contention says nothing about the record: try again later, without counting it.
    if (isTransientError(error) || error instanceof ProjectionContentionError) {
      logger.warn('record not applied yet (transient)', { ...context, error: message });
      return 'failed';
    }
    const attempts = await writer.recordFailure(
      pointer.current,
      record.org,
      record.streamId,
      record.version,
      message,
    );
    if (attempts < maxAttempts) {
      logger.warn('record failed; it waits for redelivery', { ...context, attempts, error: message });
      return 'failed';
    }
    if (error instanceof ProjectionGapError) {
      // The missing records did not arrive in time; the events table has them.
      await applyRecord(record, pointer, true);
      logger.warn('gap filled from the events table', { ...context, attempts });
      return 'applied';
    }
    const generations = pointer.building === null ? [pointer.current] : [pointer.current, pointer.building];
    await writer.park(generations, {
      org: record.org,
      streamId: record.streamId,
      version: record.version,
      sequenceNumber: record.sequenceNumber,
      error: message,
      attempts,
      record: record.raw,
    });
    countParked(options.metrics, 1);
    logger.error('record parked as a dead letter; its stream moves on without it', {
      ...context,
      attempts,
      error: message,
    });
    return 'applied';
  }

  async function project(record: EventRecord, pointer: GenerationPointer): Promise<RecordOutcome> {
    try {
      await applyRecord(record, pointer, false);
      return 'applied';
    } catch (error) {
      try {
        return await onFailure(record, error, pointer);
      } catch (failure) {
        logger.error('could not record the failure of a record', {
          streamId: record.streamId,
          version: record.version,
          error: describeError(failure),
        });
        return 'failed';
      }
    }
  }

  return {
    async handle(event) {
      const { records, ignored } = readEventRecords(event);
      for (const skipped of ignored.filter((entry) => entry.reason.startsWith('event item without'))) {
        logger.error('unreadable event item ignored', { ...skipped });
      }
      if (records.length === 0) return { batchItemFailures: [] };

      // Read once per batch: every record of the batch was committed before this read, so a rebuild that
      // begins after it scans them itself (see the rebuild for the other half of that argument).
      const pointer = await readPointer(doc, viewsTableName);
      const failed: EventRecord[] = [];
      let handled = 0;
      await inPool(byStream(records), concurrency, async (group) => {
        for (const record of group) {
          if ((await project(record, pointer)) === 'failed') {
            // The stream's later records wait: applying them now would only hit a gap.
            failed.push(record);
            return;
          }
          handled += 1;
        }
      });

      publishMetrics(options.metrics);
      const firstFailed = failed.sort((a, b) => a.position - b.position)[0];
      logger.info('batch projected', {
        records: event.Records.length,
        eventRecords: records.length,
        handled,
        failedStreams: failed.length,
        generation: pointer.current,
        building: pointer.building,
      });
      return {
        batchItemFailures: firstFailed === undefined ? [] : [{ itemIdentifier: firstFailed.sequenceNumber }],
      };
    },
  };
}
