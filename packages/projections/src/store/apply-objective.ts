// Owns applying one objective event to a generation of the views: the objective's folded state, its
// definitions in force at activation, the KR history and metadata, the audit and mid-cycle change entries,
// and the entry on the parent's audit when the event aligns the objective — all in one transaction with
// the stream's checkpoint.
import {
  foldObjective,
  evolveObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { alignedToYouEntry, parentLinkedBy } from '../builders/aligned-to-you.js';
import { auditEntriesFor, DEFINITION_CHANGE_KINDS } from '../builders/audit.js';
import { originalDefinitions } from '../builders/grades.js';
import { historyEntriesForEvent } from '../builders/history.js';
import { UnreadableEventError } from '../errors.js';
import type { ProjectableEvent } from './event-input.js';
import type {
  AuditItem,
  CheckpointItem,
  CycleItem,
  MidCycleChangeItem,
  ObjectiveItem,
  OriginalItem,
} from './items.js';
import { packObjectiveState, unpackObjectiveState } from './items.js';
import { viewKeys } from './keys.js';
import type { Put, TransactAction, ViewWrites } from './view-writes.js';

/** Returns the function that applies an objective event and answers how many items it put. */
export function objectiveEventApplier(views: ViewWrites) {
  const { table, store, get, put, checkpointPut, transact, auditPuts } = views;

  /** Objective events carry no cycle after the first; the checkpoint remembers it. */
  const cycleOfObjective = (
    input: Extract<ProjectableEvent, { kind: 'objective' }>,
    checkpoint: CheckpointItem | null,
  ): string => {
    const { event } = input;
    const cycleId =
      checkpoint?.cycleId ??
      (event.type === 'ObjectiveCreated' ? event.data.cycleId : undefined) ??
      input.cycleId;
    if (cycleId === undefined)
      throw new UnreadableEventError(`${event.streamId} v${event.version}: no cycle known`);
    return cycleId;
  };

  async function applyObjectiveEvent(
    generation: number,
    input: Extract<ProjectableEvent, { kind: 'objective' }>,
    checkpoint: CheckpointItem | null,
  ): Promise<number> {
    const { org, event } = input;
    const cycleId = cycleOfObjective(input, checkpoint);
    const objectiveId = event.data.objectiveId;
    const [objectiveItem, cycleItem, originalItem] = await Promise.all([
      get<ObjectiveItem>(viewKeys.objective(generation, org, cycleId, objectiveId)),
      get<CycleItem>(viewKeys.cycle(generation, org, cycleId)),
      get<OriginalItem>(viewKeys.original(generation, org, cycleId, objectiveId)),
    ]);
    const before = unpackObjectiveState(objectiveItem);
    // The state's version is the stream position, even when a parked version left a hole in the fold.
    const after: ObjectiveState = { ...evolveObjective(before, event), version: event.version };
    const activatedAt = cycleItem?.activatedAt ?? null;

    const actions: TransactAction[] = [
      checkpointPut(checkpoint, {
        ...viewKeys.checkpoint(generation, org, event.streamId),
        org,
        streamId: event.streamId,
        lastVersion: event.version,
        cycleId,
        ...(checkpoint?.parked === undefined ? {} : { parked: checkpoint.parked }),
      }),
      put({
        ...viewKeys.objective(generation, org, cycleId, objectiveId),
        ...packObjectiveState(after),
      } satisfies ObjectiveItem),
      {
        // Folding into the original needs the instant of activation. If it is unknown now, make sure it is
        // still unknown when this commits; otherwise the activation's recompute may have missed this event.
        ConditionCheck: {
          TableName: table,
          Key: viewKeys.cycle(generation, org, cycleId),
          ...(activatedAt === null
            ? {
                ConditionExpression:
                  'attribute_not_exists(activatedAt) OR attribute_type(activatedAt, :null)',
                ExpressionAttributeValues: { ':null': 'NULL' },
              }
            : {
                ConditionExpression: 'activatedAt = :activatedAt',
                ExpressionAttributeValues: { ':activatedAt': activatedAt },
              }),
        },
      },
    ];

    const originalVersion = originalItem?.version ?? 0;
    const inForceAtActivation =
      activatedAt !== null && Date.parse(event.metadata.recordedAt) <= Date.parse(activatedAt);
    if (inForceAtActivation && originalVersion === event.version - 1) {
      // The stored original is the fold of the same versions as `before`, so this event takes both to `after`.
      const { Put: originalPut } = put({
        ...viewKeys.original(generation, org, cycleId, objectiveId),
        ...packObjectiveState(originalDefinitions(after)),
        version: event.version,
      });
      // The activation's recompute may have stored a longer prefix meanwhile; never replace it.
      actions.push({
        Put: {
          ...originalPut,
          ...(originalItem === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :originalVersion',
                ExpressionAttributeValues: { ':originalVersion': originalVersion },
              }),
        },
      });
    }

    for (const { keyResultId, entry } of historyEntriesForEvent(event, before)) {
      actions.push(put({ ...viewKeys.historyEntry(generation, org, keyResultId, event.version), entry }));
    }
    if (
      event.type === 'KeyResultAdded' ||
      event.type === 'KeyResultChanged' ||
      event.type === 'KeyResultRemoved'
    ) {
      const kr = after.keyResults.find((candidate) => candidate.id === event.data.keyResultId);
      if (kr !== undefined) {
        actions.push(
          put({
            ...viewKeys.keyResultMeta(generation, org, kr.id),
            keyResultId: kr.id,
            objectiveId,
            cycleId,
            title: kr.definition.title,
            type: kr.definition.type,
            unit: kr.definition.unit,
            removed: kr.removed,
          }),
        );
      }
    }
    const audit = auditEntriesFor(event, before, after);
    actions.push(...auditPuts(generation, org, cycleId, event, audit));
    actions.push(...midCycleChangePuts(generation, org, cycleId, event, audit));
    const parent = await parentOf(org, event);
    if (parent !== null) {
      const aligned = alignedToYouEntry(event, after, parent, audit.length);
      actions.push(...auditPuts(generation, org, parent.cycleId, event, [aligned], audit.length));
    }

    await transact(actions);
    return actions.filter((action) => 'Put' in action).length;
  }

  /**
   * The objective an event aligns its objective to, read from the events table as it stood when the event
   * was recorded (so a rebuild writes the same entry; the read stops there, however long the parent's
   * stream), or as first created when another writer's clock put its creation a moment later. Null when
   * the event sets no parent or the parent is unknown.
   */
  async function parentOf(org: string, event: RecordedEvent<ObjectiveEvent>): Promise<ObjectiveState | null> {
    const parentId = parentLinkedBy(event);
    if (parentId === null) return null;
    const streamId = streamIdOf.objective(parentId);
    const asOf = await store.readStream<ObjectiveEvent>(org, streamId, { asOf: event.metadata.recordedAt });
    if (asOf.length > 0) return foldObjective(asOf);
    return foldObjective(await store.readStream<ObjectiveEvent>(org, streamId, { toVersion: 1 }));
  }

  /**
   * The definition changes among an event's audit entries again, in the cycle's partition: the grades
   * name them, and reading them there spares the grades a query of the whole audit (late check-ins and
   * corrections by the hundred at quarter end).
   */
  const midCycleChangePuts = (
    generation: number,
    org: string,
    cycleId: string,
    event: RecordedEvent<ObjectiveEvent>,
    entries: AuditItem['entry'][],
  ): Put[] =>
    entries.flatMap((entry, index) =>
      DEFINITION_CHANGE_KINDS.has(entry.kind)
        ? [
            put({
              ...viewKeys.midCycleChange(
                generation,
                org,
                cycleId,
                entry.at,
                event.streamId,
                event.version,
                index,
              ),
              entry,
            } satisfies MidCycleChangeItem),
          ]
        : [],
    );

  return applyObjectiveEvent;
}
