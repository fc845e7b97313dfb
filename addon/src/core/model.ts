// Owns the editing model: what a cycle's sheet can express, row by row (objective, its KRs, its
// initiatives). Both sides of a push are this model — the sheet as a person left it and the board as last
// pulled — so the diff compares like with like.
import type { Board, InitiativeView, KeyResultView, ObjectiveView } from '@okr-ledger/api-contract';
import type {
  Confidence,
  InitiativeStatus,
  KeyResultType,
  ObjectiveKind,
  ProgressMode,
  ProgressSource,
} from '@okr-ledger/okr-domain';
import { DATA_START_ROW } from './columns.js';
import type { MilestoneSpec } from './milestones.js';

export interface ObjectiveRow {
  kind: 'objective';
  row: number;
  id: string | null;
  title: string;
  owner: string | null;
  team: string | null;
  /** The objective it aligns to; null: none; undefined: blank, keep the server's. */
  parentObjectiveId?: string | null | undefined;
  objectiveKind: ObjectiveKind;
  archive: boolean;
  weight: number;
  /** How its progress is computed; null when the cell is blank (or the column missing): keep the server's. */
  progressMode: ProgressMode | null;
  /** The initiatives' share of a blended objective (0–1); null keeps the server's. */
  blendShare: number | null;
  reason: string;
}

export interface KeyResultRow {
  kind: 'key_result';
  row: number;
  id: string | null;
  title: string;
  owner: string | null;
  weight: number;
  type: KeyResultType;
  remove: boolean;
  /** Check-ins or initiatives; null when the cell is blank: keep the server's. */
  progressSource: ProgressSource | null;
  start: number | null;
  target: number | null;
  threshold: number | null;
  unit: string;
  /** Numeric types: the value now (null before any check-in). */
  current: number | null;
  /** Binary: done or not (null for other types). */
  done: boolean | null;
  /** Milestone: "2 of 4 done" — read-only in the sheet, checked in from the sidebar. */
  milestonesText: string;
  /** Milestone: the milestones' definition, in order (their completion is not part of it). */
  milestones: MilestoneSpec[];
  /** Only a confidence a person set; a derived one is shown in the Status column. */
  confidence: Confidence | null;
  note: string;
  /** A check-in's effective instant (noon of the day typed), null for now. */
  effectiveAt: string | null;
  reason: string;
}

export interface InitiativeRow {
  kind: 'initiative';
  row: number;
  id: string | null;
  title: string;
  owner: string | null;
  status: InitiativeStatus;
  percentComplete: number;
  /** The title of the key result it serves, as the sheet names it; '' for the objective as a whole. */
  servesKr: string;
}

export type ModelRow = ObjectiveRow | KeyResultRow | InitiativeRow;

export interface ObjectiveGroup {
  objective: ObjectiveRow;
  keyResults: KeyResultRow[];
  initiatives: InitiativeRow[];
}

export interface SheetModel {
  groups: ObjectiveGroup[];
}

/** One row of a pulled board in sheet order, with the views it renders. */
export type BoardEntry =
  | { kind: 'objective'; objective: ObjectiveView }
  | { kind: 'key_result'; objective: ObjectiveView; keyResult: KeyResultView }
  | { kind: 'initiative'; objective: ObjectiveView; initiative: InitiativeView };

/** Live entities only: archived objectives and removed KRs are history, not rows to edit. */
export function boardEntries(board: Board): BoardEntry[] {
  const entries: BoardEntry[] = [];
  for (const objective of board.objectives) {
    if (objective.archived) continue;
    entries.push({ kind: 'objective', objective });
    for (const keyResult of objective.keyResults) {
      if (!keyResult.removed) entries.push({ kind: 'key_result', objective, keyResult });
    }
    for (const initiative of objective.initiatives)
      entries.push({ kind: 'initiative', objective, initiative });
  }
  return entries;
}

export function milestonesText(keyResult: KeyResultView): string {
  if (keyResult.type !== 'milestone') return '';
  const done = keyResult.milestones.filter((milestone) => milestone.done).length;
  return `${done} of ${keyResult.milestones.length} done`;
}

export function objectiveRowOf(objective: ObjectiveView, row: number): ObjectiveRow {
  return {
    kind: 'objective',
    row,
    id: objective.id,
    title: objective.title,
    owner: objective.owner,
    team: objective.team,
    // A blank cell reads as "keep the server's": no parent shows blank.
    parentObjectiveId: objective.parentObjectiveId ?? undefined,
    objectiveKind: objective.kind,
    archive: objective.archived,
    weight: objective.weight,
    progressMode: objective.progressMode,
    // The sheet shows a share only for blended objectives (blank keeps the server's).
    blendShare: objective.progressMode === 'blended' ? objective.blendShare : null,
    reason: '',
  };
}

export function keyResultRowOf(keyResult: KeyResultView, row: number): KeyResultRow {
  const numeric = keyResult.type !== 'milestone' && keyResult.type !== 'binary';
  return {
    kind: 'key_result',
    row,
    id: keyResult.id,
    title: keyResult.title,
    owner: keyResult.owner,
    weight: keyResult.weight,
    type: keyResult.type,
    remove: keyResult.removed,
    progressSource: keyResult.progressSource,
    start: keyResult.start,
    target: keyResult.target,
    threshold: keyResult.threshold,
    unit: keyResult.unit,
    current: numeric ? keyResult.current : null,
    done: keyResult.type === 'binary' ? (keyResult.done ?? false) : null,
    milestonesText: milestonesText(keyResult),
    milestones: keyResult.milestones.map((milestone) => ({
      title: milestone.title,
      weight: milestone.weight,
    })),
    confidence: keyResult.confidenceSource === 'set' ? keyResult.confidence : null,
    note: '',
    effectiveAt: null,
    reason: '',
  };
}

/** The title a sheet shows for the key result an initiative serves ('' when none, or when it is gone). */
export function servedKeyResultTitle(objective: ObjectiveView, initiative: InitiativeView): string {
  if (initiative.keyResultId === null) return '';
  return objective.keyResults.find((keyResult) => keyResult.id === initiative.keyResultId)?.title ?? '';
}

export function initiativeRowOf(
  objective: ObjectiveView,
  initiative: InitiativeView,
  row: number,
): InitiativeRow {
  return {
    kind: 'initiative',
    row,
    id: initiative.id,
    title: initiative.title,
    owner: initiative.owner,
    status: initiative.status,
    percentComplete: initiative.percentComplete,
    servesKr: servedKeyResultTitle(objective, initiative),
  };
}

/** The model a freshly pulled sheet holds, rows numbered as the editing sheet lays them out. */
export function boardToModel(board: Board, firstRow = DATA_START_ROW): SheetModel {
  const groups: ObjectiveGroup[] = [];
  let row = firstRow;
  for (const entry of boardEntries(board)) {
    if (entry.kind === 'objective') {
      groups.push({ objective: objectiveRowOf(entry.objective, row), keyResults: [], initiatives: [] });
    } else {
      const group = groups[groups.length - 1];
      if (group === undefined) throw new Error('a board entry came before its objective');
      if (entry.kind === 'key_result') group.keyResults.push(keyResultRowOf(entry.keyResult, row));
      else group.initiatives.push(initiativeRowOf(entry.objective, entry.initiative, row));
    }
    row += 1;
  }
  return { groups };
}

/** Where each entity of a board lives, for lookups by id. */
export interface BoardIndex {
  objectives: Map<string, ObjectiveView>;
  keyResults: Map<string, KeyResultView>;
  initiatives: Map<string, InitiativeView>;
}

export function indexBoard(board: Board): BoardIndex {
  const index: BoardIndex = { objectives: new Map(), keyResults: new Map(), initiatives: new Map() };
  for (const objective of board.objectives) {
    index.objectives.set(objective.id, objective);
    for (const keyResult of objective.keyResults) index.keyResults.set(keyResult.id, keyResult);
    for (const initiative of objective.initiatives) index.initiatives.set(initiative.id, initiative);
  }
  return index;
}

/** The id of the objective, KR or initiative an entry is about. */
export function entryId(entry: BoardEntry): string {
  switch (entry.kind) {
    case 'objective':
      return entry.objective.id;
    case 'key_result':
      return entry.keyResult.id;
    case 'initiative':
      return entry.initiative.id;
  }
}
