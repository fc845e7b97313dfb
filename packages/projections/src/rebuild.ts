// Rebuilds the views from the events table into a fresh generation while the live one keeps serving:
// announce the new generation (from then on the projector feeds both), replay every stream in version order
// through the same apply code, switch the pointer, and delete the old generation after a grace period
// that lets readers' cached pointers and in-flight projector batches move on.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type EventItem, EventStore, isTransientError } from '@okr-ledger/event-store';
import { scanPages } from './store/dynamo.js';
import { type ProjectableEvent, projectableFromItem, streamKindOf } from './store/event-input.js';
import { beginBuilding, deleteGeneration, readPointer, switchToBuilt } from './store/generations.js';
import { createViewsWriter } from './store/writer.js';

export interface RebuildOptions {
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  viewsTableName: string;
  /** Wait between the switch and deleting the old generation (readers cache the pointer for seconds). */
  graceMs?: number;
  /** Leave the old generation in place (to compare it with the new one). */
  keepOldGeneration?: boolean;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
  now?: () => Date;
}

export interface RebuildReport {
  generation: number;
  previousGeneration: number;
  /** Events read from the events table and applied by the rebuild (gap fills included). */
  eventsReplayed: number;
  streams: number;
  viewItemsWritten: number;
  /** Events that could not be applied and were set aside as dead letters. */
  parked: number;
  oldItemsDeleted: number;
  elapsedMs: number;
}

export const DEFAULT_REBUILD_GRACE_MS = 10_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface StreamToReplay {
  org: string;
  streamId: string;
  items: EventItem[];
}

/** Every event item of the projected streams, grouped per stream and in version order. */
async function readAllStreams(
  doc: DynamoDBDocumentClient,
  eventsTableName: string,
): Promise<StreamToReplay[]> {
  const streams = new Map<string, StreamToReplay>();
  await scanPages(
    doc,
    {
      TableName: eventsTableName,
      FilterExpression: 'kind = :event',
      ExpressionAttributeValues: { ':event': 'event' },
      ConsistentRead: true,
    },
    (items) => {
      for (const item of items as unknown as EventItem[]) {
        if (streamKindOf(item.streamId) === null) continue;
        const key = `${item.org}#${item.streamId}`;
        const stream = streams.get(key) ?? { org: item.org, streamId: item.streamId, items: [] };
        stream.items.push(item);
        streams.set(key, stream);
      }
    },
  );
  // Cycles first: their objectives then fold their original definitions as they go, rather than having
  // each activation read every objective stream again (either order gives the same views).
  const cyclesFirst = (stream: StreamToReplay) => (streamKindOf(stream.streamId) === 'cycle' ? 0 : 1);
  return [...streams.values()]
    .map((stream) => ({ ...stream, items: stream.items.sort((a, b) => a.version - b.version) }))
    .sort(
      (a, b) =>
        cyclesFirst(a) - cyclesFirst(b) || a.org.localeCompare(b.org) || a.streamId.localeCompare(b.streamId),
    );
}

export async function rebuildViews(options: RebuildOptions): Promise<RebuildReport> {
  const { doc, viewsTableName } = options;
  const sleep = options.sleep ?? realSleep;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const store = new EventStore({ client: doc, tableName: options.eventsTableName });
  const writer = createViewsWriter({
    doc,
    viewsTableName,
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  const pointer = await readPointer(doc, viewsTableName);
  const generation = Math.max(pointer.current, pointer.building ?? 0) + 1;
  if (pointer.building !== null) {
    // A rebuild that stopped half-way: its generation is never used, clear it.
    log(`abandoned generation ${pointer.building} found; deleting it`);
    await deleteGeneration(doc, viewsTableName, pointer.building);
  }
  await beginBuilding(doc, viewsTableName, pointer, generation);
  log(`building generation ${generation} (current ${pointer.current})`);

  const report: RebuildReport = {
    generation,
    previousGeneration: pointer.current,
    eventsReplayed: 0,
    streams: 0,
    viewItemsWritten: 0,
    parked: 0,
    oldItemsDeleted: 0,
    elapsedMs: 0,
  };
  for (const stream of await readAllStreams(doc, options.eventsTableName)) {
    report.streams += 1;
    for (const item of stream.items) {
      let projectable: ProjectableEvent | null = null;
      try {
        projectable = projectableFromItem(item);
        if (projectable === null) continue;
        const outcome = await writer.apply(generation, projectable, { fillGaps: true });
        report.eventsReplayed += (outcome.status === 'applied' ? 1 : 0) + outcome.filled;
        report.viewItemsWritten += outcome.itemsWritten;
        report.parked += outcome.parked;
      } catch (error) {
        if (isTransientError(error)) throw error;
        log(
          `${stream.streamId} v${item.version} cannot be applied (${String(error)}); parked as a dead letter`,
        );
        await writer.park([generation], {
          org: stream.org,
          streamId: stream.streamId,
          version: item.version,
          sequenceNumber: null,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          attempts: 1,
          record: item,
        });
        report.parked += 1;
      }
    }
  }

  await switchToBuilt(doc, viewsTableName, generation);
  log(`generation ${generation} is now current`);
  if (!options.keepOldGeneration) {
    await sleep(options.graceMs ?? DEFAULT_REBUILD_GRACE_MS);
    report.oldItemsDeleted = await deleteGeneration(doc, viewsTableName, pointer.current);
  }
  report.elapsedMs = Date.now() - started;
  return report;
}
