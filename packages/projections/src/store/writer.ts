// Applies recorded events to one generation of the views: the one apply path shared by the live projector
// and the rebuild. Per stream it is ordered and idempotent: version = last + 1 is applied, ≤ last is
// skipped, a gap fails (or, when asked, is filled from the events table first). Each event's view items
// and the stream's checkpoint are written in one transaction conditioned on the checkpoint, so two
// writers racing on the same event (the projector and a rebuild) apply it exactly once.

import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type EventStore,
  isTransientError,
  type StorableItem,
  toStorableItem,
} from '@okr-ledger/event-store';
import {
  type CycleEvent,
  type CycleState,
  evolveCycle,
  evolveObjective,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { alignedToYouEntry, parentLinkedBy } from '../builders/aligned-to-you.js';
import { auditEntriesFor, DEFINITION_CHANGE_KINDS } from '../builders/audit.js';
import { gradesAtClose, originalDefinitions } from '../builders/grades.js';
import { historyEntriesForEvent } from '../builders/history.js';
import { toCycleView } from '../builders/objective-view.js';
import { ProjectionContentionError, ProjectionGapError, UnreadableEventError } from '../errors.js';
import { deleteKeys, isLostRace, queryAll } from './dynamo.js';
import { type ProjectableEvent, toProjectable } from './event-input.js';
import type {
  AuditItem,
  CheckpointItem,
  CycleItem,
  DeadLetterItem,
  FrozenGradesItem,
  MidCycleChangeItem,
  ObjectiveItem,
  OriginalItem,
} from './items.js';
import { packObjectiveState, unpackObjectiveState } from './items.js';
import { OBJECTIVE_SK_PREFIX, viewKeys } from './keys.js';

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

export interface DeadLetter {
  org: string;
  streamId: string;
  version: number;
  sequenceNumber: string | null;
  error: string;
  attempts: number;
  record: unknown;
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

type Put = {
  Put: {
    TableName: string;
    Item: StorableItem;
    ConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
};
type TransactAction =
  | Put
  | {
      ConditionCheck: {
        TableName: string;
        Key: Record<string, string>;
        ConditionExpression: string;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    };

const FROZEN_ROWS_PER_ITEM = 100;
const DEFAULT_RACE_RETRIES = 8;

const errorMessage = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export function createViewsWriter(options: ViewsWriterOptions): ViewsWriter {
  const { doc, viewsTableName: table, store } = options;
  const now = options.now ?? (() => new Date());
  const maxRaceRetries = options.maxRaceRetries ?? DEFAULT_RACE_RETRIES;

  const get = async <T>(key: { pk: string; sk: string }): Promise<T | null> => {
    const output = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return (output.Item as T | undefined) ?? null;
  };

  const put = (item: Record<string, unknown>, condition?: string): Put => ({
    Put: {
      TableName: table,
      Item: toStorableItem(item),
      ...(condition === undefined ? {} : { ConditionExpression: condition }),
    },
  });

  /** The checkpoint write that makes an event's transaction fail if another writer applied it first. */
  const checkpointPut = (checkpoint: CheckpointItem | null, next: CheckpointItem): Put => {
    if (checkpoint === null) return put({ ...next }, 'attribute_not_exists(pk)');
    if (checkpoint.lastVersion === undefined) return put({ ...next }, 'attribute_not_exists(lastVersion)');
    const { Put: unconditional } = put({ ...next });
    return {
      Put: {
        ...unconditional,
        ConditionExpression: 'lastVersion = :previous',
        ExpressionAttributeValues: { ':previous': checkpoint.lastVersion },
      },
    };
  };

  const transact = async (actions: TransactAction[]): Promise<void> => {
    await doc.send(new TransactWriteCommand({ TransactItems: actions }));
  };

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

  const auditPuts = (
    generation: number,
    org: string,
    cycleId: string,
    event: RecordedEvent<ObjectiveEvent | CycleEvent>,
    entries: AuditItem['entry'][],
    firstIndex = 0,
  ): Put[] =>
    entries.map((entry, index) =>
      put({
        ...viewKeys.auditEntry(
          generation,
          org,
          cycleId,
          entry.at,
          event.streamId,
          event.version,
          firstIndex + index,
        ),
        cycleId,
        entry,
      } satisfies AuditItem),
    );

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

  /** Moves a generation's checkpoint past a version that cannot be applied; a no-op if it moved already. */
  async function skipVersion(
    generation: number,
    org: string,
    streamId: string,
    version: number,
  ): Promise<void> {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: viewKeys.checkpoint(generation, org, streamId),
          UpdateExpression:
            'SET org = :org, streamId = :streamId, lastVersion = :version, parked = list_append(if_not_exists(parked, :none), :parked) REMOVE failingVersion, failedAttempts, lastError',
          ConditionExpression:
            version === 1 ? 'attribute_not_exists(lastVersion)' : 'lastVersion = :previous',
          ExpressionAttributeValues: {
            ':org': org,
            ':streamId': streamId,
            ':version': version,
            ':none': [],
            ':parked': [version],
            ...(version === 1 ? {} : { ':previous': version - 1 }),
          },
        }),
      );
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }

  async function park(generations: number[], letter: DeadLetter): Promise<void> {
    // The dead letter first: a record must never be skipped without a trace of it.
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: toStorableItem({
          ...viewKeys.deadLetter(letter.org, letter.streamId, letter.version),
          ...letter,
          generations,
          parkedAt: now().toISOString(),
        } satisfies DeadLetterItem),
      }),
    );
    for (const generation of generations)
      await skipVersion(generation, letter.org, letter.streamId, letter.version);
  }

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

  async function recordFailure(
    generation: number,
    org: string,
    streamId: string,
    version: number,
    error: string,
  ): Promise<number> {
    const key = viewKeys.checkpoint(generation, org, streamId);
    try {
      const output = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET failedAttempts = failedAttempts + :one, lastError = :error',
          ConditionExpression: 'failingVersion = :version',
          ExpressionAttributeValues: { ':one': 1, ':error': error, ':version': version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(output.Attributes?.failedAttempts ?? 1);
    } catch (failure) {
      if (!isLostRace(failure)) throw failure;
    }
    // The first failure of this version: start counting afresh.
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression:
          'SET org = :org, streamId = :streamId, failingVersion = :version, failedAttempts = :one, lastError = :error',
        ExpressionAttributeValues: {
          ':org': org,
          ':streamId': streamId,
          ':version': version,
          ':one': 1,
          ':error': error,
        },
      }),
    );
    return 1;
  }

  return { apply, recordFailure, park };
}
