// The shapes of the items in the views table (see keys.ts for where each lives). The reader and the writer
// both go through these, so a view's format is defined once.
import type { AuditEntry, CycleView, GradeRow, HistoryEntry } from '@okr-ledger/api-contract';
import { compressJson, decompressJson } from '@okr-ledger/event-store';
import type { CycleState, KeyResultType, ObjectiveState } from '@okr-ledger/okr-domain';

export interface GenerationPointer {
  /** The generation readers use. */
  current: number;
  /** The generation a rebuild is filling, which the projector feeds too; null when none is. */
  building: number | null;
}

/** How far a stream has been applied, plus the failures of the record that is stuck, if one is. */
export interface CheckpointItem {
  pk: string;
  sk: string;
  org: string;
  streamId: string;
  /** Absent until the first event is applied (a failure may create the item first). */
  lastVersion?: number;
  /** Objective streams: the cycle whose partition holds the objective. */
  cycleId?: string;
  failingVersion?: number;
  failedAttempts?: number;
  lastError?: string;
  /** Versions set aside as dead letters (applied as nothing). */
  parked?: number[];
}

export interface CycleItem {
  pk: string;
  sk: string;
  state: CycleState;
  /**
   * Kept beside the state so writers can condition on it: objective events fold into the original
   * definitions only once the instant of activation is known.
   */
  activatedAt: string | null;
}

export interface CycleListItem {
  pk: string;
  sk: string;
  view: CycleView;
}

/**
 * An objective's folded state, stored as gzipped JSON (`compressJson`): it is the largest item of the
 * views and is read by every board and grades query. `state` is the plain form items had before; it is
 * still read (a rebuild rewrites it compressed).
 */
export interface StoredObjectiveState {
  stateGzip?: Uint8Array;
  state?: ObjectiveState;
}

export interface ObjectiveItem extends StoredObjectiveState {
  pk: string;
  sk: string;
}

/**
 * The objective's definitions as they stood when its cycle became active (a fold of the first `version`
 * events, kept without check-ins, initiatives or overrides: the original grade takes those from the
 * current state). Items written before that change hold the whole fold, which grades the same.
 */
export interface OriginalItem extends StoredObjectiveState {
  pk: string;
  sk: string;
  version: number;
}

export const packObjectiveState = (state: ObjectiveState): { stateGzip: Uint8Array } => ({
  stateGzip: compressJson(state),
});

export function unpackObjectiveState(item: StoredObjectiveState | null | undefined): ObjectiveState | null {
  if (!item) return null;
  if (item.stateGzip !== undefined) return decompressJson<ObjectiveState>(item.stateGzip);
  return item.state ?? null;
}

export interface KeyResultMetaItem {
  pk: string;
  sk: string;
  keyResultId: string;
  objectiveId: string;
  cycleId: string;
  title: string;
  type: KeyResultType;
  unit: string;
  removed: boolean;
}

export interface HistoryItem {
  pk: string;
  sk: string;
  entry: HistoryEntry;
}

export interface AuditItem {
  pk: string;
  sk: string;
  cycleId: string;
  entry: AuditEntry;
}

/** A mid-cycle definition change, the audit entry itself, copied into the cycle's partition. */
export interface MidCycleChangeItem {
  pk: string;
  sk: string;
  entry: AuditEntry;
}

export interface FrozenGradesItem {
  pk: string;
  sk: string;
  cycleId: string;
  chunk: number;
  chunks: number;
  rows: GradeRow[];
}

export interface DeadLetterItem {
  pk: string;
  sk: string;
  org: string;
  streamId: string;
  version: number;
  /** The stream record's sequence number, when the record came from a stream. */
  sequenceNumber: string | null;
  generations: number[];
  error: string;
  attempts: number;
  parkedAt: string;
  /** Enough to replay: the stream record as delivered, or the event item read from the events table. */
  record: unknown;
}
