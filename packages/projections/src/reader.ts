// Reads the views for the API: each answer from one query of one partition where the layout allows it
// (a board is the cycle's partition; a KR history the KR's), in the generation the pointer names. The
// pointer is cached briefly: after a rebuild switches generations, readers follow within that time.

import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AuditEntry,
  AuditKind,
  Board,
  CycleView,
  GradeRow,
  GradesReport,
  HistoryEntry,
  KeyResultHistory,
} from '@okr-ledger/api-contract';
import type { CycleState, ObjectiveState } from '@okr-ledger/okr-domain';
import { gradesFor, withCurrentOverrides } from './builders/grades.js';
import { linkCorrections, withSource } from './builders/history.js';
import { toBoard } from './builders/objective-view.js';
import { queryAll } from './store/dynamo.js';
import { readPointer } from './store/generations.js';
import type {
  AuditItem,
  CycleItem,
  CycleListItem,
  FrozenGradesItem,
  HistoryItem,
  KeyResultMetaItem,
  MidCycleChangeItem,
  ObjectiveItem,
  OriginalItem,
} from './store/items.js';
import { unpackObjectiveState } from './store/items.js';
import {
  CHANGE_SK_PREFIX,
  HISTORY_SK_PREFIX,
  OBJECTIVE_SK_PREFIX,
  ORIGINAL_SK_PREFIX,
  viewKeys,
} from './store/keys.js';

export interface ChangeFilters {
  /** Instants (any ISO offset); entries recorded at or after `from` and at or before `to`. */
  from?: string;
  to?: string;
  team?: string;
  owner?: string;
  kind?: AuditKind;
}

export interface ObjectiveStates {
  current: ObjectiveState;
  /**
   * Its definitions as they stood when the cycle became active, without check-ins, initiatives or
   * overrides (see `originalDefinitions`); null when it did not exist then (or the cycle never was).
   */
  original: ObjectiveState | null;
}

export interface ViewsReader {
  cycles(org: string): Promise<CycleView[]>;
  cycle(org: string, cycleId: string): Promise<CycleState | null>;
  /** The board with progress and confidence as they stand at instant `at`. */
  board(org: string, cycleId: string, at: string): Promise<Board | null>;
  objectiveStates(org: string, cycleId: string): Promise<ObjectiveStates[]>;
  keyResultLocation(
    org: string,
    keyResultId: string,
  ): Promise<{ objectiveId: string; cycleId: string } | null>;
  history(org: string, keyResultId: string): Promise<KeyResultHistory | null>;
  changes(org: string, cycleId: string, filters?: ChangeFilters): Promise<AuditEntry[]>;
  /**
   * Grades are graded at the end of the cycle whenever they are asked for, so no instant is taken: a
   * closed cycle answers its frozen grades, an open one the grades its check-ins give so far.
   */
  grades(org: string, cycleId: string): Promise<GradesReport | null>;
}

export interface ViewsReaderOptions {
  doc: DynamoDBDocumentClient;
  viewsTableName: string;
  /** How long a read of the generation pointer is reused. */
  pointerCacheMs?: number;
  /** Milliseconds clock for the cache; tests move it. */
  clock?: () => number;
}

export const DEFAULT_POINTER_CACHE_MS = 5_000;

interface CyclePartition {
  cycle: CycleState | null;
  objectives: ObjectiveState[];
  originals: Map<string, ObjectiveState>;
  /** The mid-cycle definition changes, in audit order. */
  changes: AuditEntry[];
}

/** An instant in the form recordedAt is stored in, so that key ranges compare like instants. */
const canonical = (instant: string): string => new Date(instant).toISOString();

export function createViewsReader(options: ViewsReaderOptions): ViewsReader {
  const { doc, viewsTableName: table } = options;
  const cacheMs = options.pointerCacheMs ?? DEFAULT_POINTER_CACHE_MS;
  const clock = options.clock ?? Date.now;
  let cached: { generation: number; readAt: number } | null = null;

  async function generation(): Promise<number> {
    const at = clock();
    if (cached !== null && at - cached.readAt < cacheMs) return cached.generation;
    const pointer = await readPointer(doc, table);
    cached = { generation: pointer.current, readAt: at };
    return pointer.current;
  }

  const partition = (pk: string, skPrefix?: string) =>
    queryAll(doc, {
      TableName: table,
      KeyConditionExpression: skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
    });

  async function cyclePartition(org: string, cycleId: string): Promise<CyclePartition> {
    const items = await partition(viewKeys.cyclePartition(await generation(), org, cycleId));
    const result: CyclePartition = { cycle: null, objectives: [], originals: new Map(), changes: [] };
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === 'cycle') {
        // An activation is published before the cycle's state is written; no state means not created yet.
        result.cycle = (item as Partial<CycleItem>).state ?? null;
      } else if (sk.startsWith(OBJECTIVE_SK_PREFIX)) {
        const objective = unpackObjectiveState(item as unknown as ObjectiveItem);
        if (objective) result.objectives.push(objective);
      } else if (sk.startsWith(ORIGINAL_SK_PREFIX)) {
        const original = unpackObjectiveState(item as unknown as OriginalItem);
        if (original) result.originals.set(original.id, original);
      } else if (sk.startsWith(CHANGE_SK_PREFIX)) {
        result.changes.push((item as unknown as MidCycleChangeItem).entry);
      }
    }
    return result;
  }

  async function auditEntries(
    org: string,
    cycleId: string,
    filters: ChangeFilters = {},
  ): Promise<AuditEntry[]> {
    const from = filters.from === undefined ? undefined : canonical(filters.from);
    const to = filters.to === undefined ? undefined : canonical(filters.to);
    const range = [
      ...(from === undefined ? [] : ['sk >= :from']),
      // Sort keys are `{at}#…`; "\uffff" sorts after every character that can follow the instant.
      ...(to === undefined ? [] : ['sk <= :to']),
    ];
    const items = await queryAll(doc, {
      TableName: table,
      KeyConditionExpression:
        range.length === 2 ? 'pk = :pk AND sk BETWEEN :from AND :to' : ['pk = :pk', ...range].join(' AND '),
      ExpressionAttributeValues: {
        ':pk': viewKeys.auditPartition(await generation(), org, cycleId),
        ...(from === undefined ? {} : { ':from': from }),
        ...(to === undefined ? {} : { ':to': `${to}#\uffff` }),
      },
    });
    return items
      .map((item) => (item as unknown as AuditItem).entry)
      .filter(
        (entry) =>
          (filters.team === undefined || entry.team === filters.team) &&
          (filters.owner === undefined || entry.owner === filters.owner) &&
          (filters.kind === undefined || entry.kind === filters.kind),
      );
  }

  /** The frozen rows when a complete set of chunks is there, else null. */
  async function frozenRows(org: string, cycleId: string): Promise<GradeRow[] | null> {
    const items = (await partition(
      viewKeys.gradesPartition(await generation(), org, cycleId),
    )) as unknown as FrozenGradesItem[];
    if (items.length === 0) return null;
    const chunks = items[0]?.chunks ?? 0;
    const complete =
      items.length === chunks && items.every((item, index) => item.chunk === index && item.chunks === chunks);
    return complete ? items.flatMap((item) => item.rows) : null;
  }

  return {
    async cycles(org) {
      const items = await partition(viewKeys.cycleListPartition(await generation(), org));
      return items
        .map((item) => (item as unknown as CycleListItem).view)
        .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id));
    },

    async cycle(org, cycleId) {
      const output = await doc.send(
        new GetCommand({ TableName: table, Key: viewKeys.cycle(await generation(), org, cycleId) }),
      );
      return (output.Item as Partial<CycleItem> | undefined)?.state ?? null;
    },

    async board(org, cycleId, at) {
      const { cycle, objectives } = await cyclePartition(org, cycleId);
      return cycle === null ? null : toBoard(org, cycle, objectives, at);
    },

    async objectiveStates(org, cycleId) {
      const { objectives, originals } = await cyclePartition(org, cycleId);
      return objectives.map((current) => ({ current, original: originals.get(current.id) ?? null }));
    },

    async keyResultLocation(org, keyResultId) {
      const output = await doc.send(
        new GetCommand({
          TableName: table,
          Key: viewKeys.keyResultMeta(await generation(), org, keyResultId),
        }),
      );
      const meta = output.Item as KeyResultMetaItem | undefined;
      return meta === undefined ? null : { objectiveId: meta.objectiveId, cycleId: meta.cycleId };
    },

    async history(org, keyResultId) {
      const items = await partition(viewKeys.keyResultPartition(await generation(), org, keyResultId));
      const meta = items.find((item) => item.sk === 'meta') as KeyResultMetaItem | undefined;
      if (meta === undefined) return null;
      const entries: HistoryEntry[] = items
        .filter((item) => String(item.sk).startsWith(HISTORY_SK_PREFIX))
        .map((item) => withSource((item as unknown as HistoryItem).entry));
      return {
        keyResultId,
        objectiveId: meta.objectiveId,
        title: meta.title,
        type: meta.type,
        unit: meta.unit,
        entries: linkCorrections(entries),
      };
    },

    changes: auditEntries,

    async grades(org, cycleId) {
      // One query for a cycle that is not closed, the board's own: the frozen rows are only asked for
      // once the partition says the cycle is closed, and the mid-cycle changes come with the partition.
      const { cycle, objectives, originals, changes } = await cyclePartition(org, cycleId);
      if (cycle === null) return null;
      const frozen = cycle.status === 'closed' ? await frozenRows(org, cycleId) : null;
      if (frozen !== null) {
        return {
          cycleId,
          status: cycle.status,
          frozen: true,
          rows: withCurrentOverrides(frozen, objectives),
        };
      }
      return gradesFor(cycle, objectives, [...originals.values()], changes);
    },
  };
}
