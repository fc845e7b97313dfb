// Owns applying one cycle event to a generation of the views: the cycle's state and list entry, and the
// side effects its life brings — the definitions in force at activation recomputed for the objectives
// already projected, grades frozen at close and thawed at reopen.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toStorableItem } from '@okr-ledger/event-store';
import {
  type CycleState,
  evolveCycle,
  foldObjective,
  type ObjectiveEvent,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { auditEntriesFor } from '../builders/audit.js';
import { gradesAtClose, originalDefinitions } from '../builders/grades.js';
import { toCycleView } from '../builders/objective-view.js';
import { deleteKeys, isLostRace, queryAll } from './dynamo.js';
import type { ProjectableEvent } from './event-input.js';
import type { CheckpointItem, CycleItem, FrozenGradesItem } from './items.js';
import { packObjectiveState } from './items.js';
import { OBJECTIVE_SK_PREFIX, viewKeys } from './keys.js';
import type { TransactAction, ViewWrites } from './view-writes.js';

const FROZEN_ROWS_PER_ITEM = 100;

/** Returns the function that applies a cycle event and answers how many items it wrote. */
export function cycleEventApplier(views: ViewWrites) {
  const { doc, table, store, get, put, checkpointPut, transact, auditPuts } = views;

  async function objectiveIdsInViews(generation: number, org: string, cycleId: string): Promise<string[]> {
    const items = await queryAll(doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': viewKeys.cyclePartition(generation, org, cycleId),
        ':prefix': OBJECTIVE_SK_PREFIX,
      },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    });
    return items.map((item) => String(item.sk).slice(OBJECTIVE_SK_PREFIX.length));
  }

  /**
   * The definitions in force at activation, for every objective the views already hold, read from the
   * events table. Objectives projected later fold their original as their events arrive. A higher
   * version already stored means a more complete prefix, which is kept.
   */
  async function recomputeOriginals(
    generation: number,
    org: string,
    cycleId: string,
    activatedAt: string,
  ): Promise<number> {
    let written = 0;
    for (const objectiveId of await objectiveIdsInViews(generation, org, cycleId)) {
      const events = await store.readStream<ObjectiveEvent>(org, streamIdOf.objective(objectiveId), {
        asOf: activatedAt,
      });
      const last = events.at(-1);
      const original = foldObjective(events);
      if (original === null || last === undefined) continue;
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: toStorableItem({
              ...viewKeys.original(generation, org, cycleId, objectiveId),
              ...packObjectiveState(originalDefinitions({ ...original, version: last.version })),
              version: last.version,
            }),
            ConditionExpression: 'attribute_not_exists(pk) OR version <= :version',
            ExpressionAttributeValues: { ':version': last.version },
          }),
        );
        written += 1;
      } catch (error) {
        if (!isLostRace(error)) throw error;
      }
    }
    return written;
  }

  async function frozenKeys(generation: number, org: string, cycleId: string) {
    const items = await queryAll(doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': viewKeys.gradesPartition(generation, org, cycleId) },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    return items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  }

  /**
   * Grades as they stood at close, computed from the events table so the result does not depend on how
   * far other streams' projections have got. The index of cycle streams is eventually consistent, so the
   * objectives the views already know are added to it.
   */
  async function freezeGrades(generation: number, org: string, cycle: CycleState): Promise<number> {
    const closedAt = cycle.closedAt;
    if (closedAt === null) return 0;
    const listed = await store.listCycleStreams(org, cycle.id);
    const known = (await objectiveIdsInViews(generation, org, cycle.id)).map(streamIdOf.objective);
    const streamIds = [...new Set([...listed, ...known])].sort();
    const streams: RecordedEvent<ObjectiveEvent>[][] = [];
    for (const streamId of streamIds) {
      streams.push(await store.readStream<ObjectiveEvent>(org, streamId, { asOf: closedAt }));
    }
    const report = gradesAtClose(cycle, streams);
    const chunks: FrozenGradesItem['rows'][] = [];
    for (let offset = 0; offset === 0 || offset < report.rows.length; offset += FROZEN_ROWS_PER_ITEM) {
      chunks.push(report.rows.slice(offset, offset + FROZEN_ROWS_PER_ITEM));
    }
    const stale = (await frozenKeys(generation, org, cycle.id)).filter(
      (key) =>
        !chunks.some(
          (_, chunk) => viewKeys.frozenGradesChunk(generation, org, cycle.id, chunk).sk === key.sk,
        ),
    );
    await deleteKeys(doc, table, stale);
    for (const [chunk, rows] of chunks.entries()) {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: toStorableItem({
            ...viewKeys.frozenGradesChunk(generation, org, cycle.id, chunk),
            cycleId: cycle.id,
            chunk,
            chunks: chunks.length,
            rows,
          } satisfies FrozenGradesItem),
        }),
      );
    }
    return chunks.length;
  }

  async function applyCycleEvent(
    generation: number,
    input: Extract<ProjectableEvent, { kind: 'cycle' }>,
    checkpoint: CheckpointItem | null,
  ): Promise<number> {
    const { org, event } = input;
    const cycleId = event.data.cycleId;
    const cycleItem = await get<CycleItem>(viewKeys.cycle(generation, org, cycleId));
    const before = cycleItem?.state ?? null;
    const after: CycleState = { ...evolveCycle(before, event), version: event.version };
    let written = 0;

    // Side effects first, each safe to repeat: if the transaction below is lost or never runs, the
    // event is applied again and redoes them.
    if (after.activatedAt !== null && after.activatedAt !== (cycleItem?.activatedAt ?? null)) {
      // Publish the instant before reading the events: an objective event committed after this point
      // sees it (or fails its condition and retries), one committed before it is in what is read next.
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: viewKeys.cycle(generation, org, cycleId),
          UpdateExpression: 'SET activatedAt = :activatedAt',
          ExpressionAttributeValues: { ':activatedAt': after.activatedAt },
        }),
      );
      written += await recomputeOriginals(generation, org, cycleId, after.activatedAt);
    }
    if (event.type === 'CycleClosed') written += await freezeGrades(generation, org, after);
    if (event.type === 'CycleReopened')
      await deleteKeys(doc, table, await frozenKeys(generation, org, cycleId));

    const actions: TransactAction[] = [
      checkpointPut(checkpoint, {
        ...viewKeys.checkpoint(generation, org, event.streamId),
        org,
        streamId: event.streamId,
        lastVersion: event.version,
        ...(checkpoint?.parked === undefined ? {} : { parked: checkpoint.parked }),
      }),
      put({
        ...viewKeys.cycle(generation, org, cycleId),
        state: after,
        activatedAt: after.activatedAt,
      } satisfies CycleItem),
      put({ ...viewKeys.cycleListEntry(generation, org, cycleId), view: toCycleView(after) }),
      ...auditPuts(generation, org, cycleId, event, auditEntriesFor(event, before, after)),
    ];
    await transact(actions);
    return written + actions.length;
  }

  return applyCycleEvent;
}
