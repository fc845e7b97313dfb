// Owns the pure steps of pull, push and refresh, end to end: what to write after a pull, what to send for
// a push and what to write once the results are back, and how a single objective update (a sidebar
// check-in) refreshes the sheet without touching rows that hold unsent edits.
import type { AttentionResponse, Board, ObjectiveView } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import {
  applyBatchResults,
  issuesByRow,
  type NotSent,
  type PushOutcome,
  type PushReplies,
} from './apply-results.js';
import { type AlignmentChoices, NO_ALIGNMENT_CHOICES } from './alignment-cells.js';
import { idsForLabels } from './alignment-labels.js';
import { type AttentionAt, attentionAfterWrite } from './attention-highlights.js';
import type { CheckInContext } from './check-in-form.js';
import { canonicalRows } from './column-map.js';
import type { CellIssue } from './columns.js';
import { type PlannedCommand, type PushPlan, planPush } from './diff.js';
import { editingSheetPlan, entryId, pulledSources } from './editing-sheet.js';
import type { IdSource } from './ids.js';
import { BATCH_LIMIT } from './limits.js';
import { indexBoard } from './model.js';
import { type ReadRow, readEditingRows, type SheetRead } from './read-sheet.js';
import type { SheetPlan } from './sheet-plan.js';
import { type EditingSheetState, editingSyncPlan, rowTargets } from './sheet-sync.js';
import { snapshotPlan, withObjective } from './snapshot.js';

/**
 * The editing sheet read as the server's model: the Team and Parent objective labels mapped back to ids
 * (docs/alignment.md), a label that matches nothing refused on its cell.
 */
export function readSheet(
  state: EditingSheetState,
  baseline: Board | null,
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
): SheetRead {
  const { values, issues } = idsForLabels(canonicalRows(state.values, state.columns), alignment, baseline);
  const read = readEditingRows(values);
  for (const issue of issues) read.invalidRows.add(issue.row);
  return { ...read, issues: [...read.issues, ...issues] };
}

export interface SheetWrites {
  editing: SheetPlan;
  snapshot: SheetPlan;
}

/**
 * A pull: a new sheet is laid out whole; an existing one is refreshed in place, every pulled row from the
 * server (the person confirmed replacing unsent edits), rows typed but never pushed kept as they are.
 */
export function pullWrites(
  board: Board,
  state: EditingSheetState | null,
  members: readonly string[] = [],
  outside: ReadonlySet<string> = new Set(),
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  attention: AttentionResponse | null = null,
): SheetWrites {
  const snapshot = snapshotPlan(board, members, alignment, attention?.cadenceDays ?? null);
  if (state === null)
    return {
      editing: editingSheetPlan(board, pulledSources(board), members, alignment, attention),
      snapshot,
    };
  const read = readSheet(state, board, alignment);
  const targets = rowTargets(read.rows, board, new Map(), new Map(), null, outside);
  const options = { banner: true, members, alignment, attention };
  return { editing: editingSyncPlan(board, state, targets, read.rows, options), snapshot };
}

/** Splits commands into batches the API accepts (at most BATCH_LIMIT each), order kept. */
export function chunk<T>(items: readonly T[], size = BATCH_LIMIT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Batches of at most `size` commands that never split one objective's commands. Each carries the version
 * of the last pull, and the server checks it against the objective as it stands: the tail of an objective
 * sent in a later request would meet the versions the earlier request added and come back as a conflict
 * with the push itself. Order is kept within each objective.
 */
export function batchByObjective(
  commands: readonly PlannedCommand[],
  size = BATCH_LIMIT,
): ObjectiveCommand[][] {
  const groups = new Map<string, ObjectiveCommand[]>();
  for (const planned of commands) {
    const group = groups.get(planned.objectiveId) ?? [];
    group.push(planned.command);
    groups.set(planned.objectiveId, group);
  }
  const batches: ObjectiveCommand[][] = [];
  let current: ObjectiveCommand[] = [];
  for (const group of groups.values()) {
    if (current.length > 0 && current.length + group.length > size) {
      batches.push(current);
      current = [];
    }
    // One objective never holds this many (12 KRs, 50 initiatives), but the API's limit must hold regardless.
    if (group.length > size) batches.push(...chunk(group, size));
    else current.push(...group);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface PreparedPush {
  state: EditingSheetState;
  read: SheetRead;
  plan: PushPlan;
  batches: ObjectiveCommand[][];
}

/** `state` is the editing sheet as read; `baseline` the last pull, `alignment` its dropdowns' labels. */
export function preparePush(
  state: EditingSheetState,
  baseline: Board,
  ids: IdSource,
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
): PreparedPush {
  const read = readSheet(state, baseline, alignment);
  const plan = planPush(read, baseline, { cycleStatus: baseline.cycle.status, ids });
  return { state, read, plan, batches: batchByObjective(plan.commands) };
}

export interface FinishedPush extends SheetWrites {
  outcome: PushOutcome;
}

export function finishPush(
  prepared: PreparedPush,
  baseline: Board,
  replies: PushReplies,
  notSent: NotSent | null,
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  attentionAt?: AttentionAt,
): FinishedPush {
  const outcome = applyBatchResults(baseline, prepared.plan, replies, notSent);
  const { rows } = prepared.read;
  const targets = rowTargets(rows, outcome.board, outcome.pending, outcome.entityIdByRow);
  return {
    outcome,
    editing: editingSyncPlan(outcome.board, prepared.state, targets, rows, {
      banner: false,
      members,
      alignment,
      attention: attentionAfterWrite(outcome.board, attentionAt),
    }),
    snapshot: snapshotPlan(outcome.board, members, alignment, attentionAt?.cadenceDays ?? null),
  };
}

/** Issues only (nothing to send): the issues as notes on their cells, nothing else changed. */
export function annotateOnly(
  prepared: PreparedPush,
  baseline: Board,
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  attentionAt?: AttentionAt,
): SheetPlan {
  const pending = issuesByRow(prepared.plan.issues, prepared.plan.blockedRows);
  const { rows } = prepared.read;
  const targets = rowTargets(rows, baseline, pending, new Map(), new Set(pendingIds(rows, pending)));
  // Rows without issues are left alone: only the flagged rows (ids or not) are touched.
  for (const read of rows) {
    const annotations = pending.get(read.row);
    if (annotations !== undefined && !targets.byRow.has(read.row))
      targets.byRow.set(read.row, { kind: 'pending', entry: null, annotations, id: null });
  }
  return editingSyncPlan(baseline, prepared.state, targets, rows, {
    banner: false,
    members,
    alignment,
    attention: attentionAfterWrite(baseline, attentionAt),
  });
}

function pendingIds(rows: readonly ReadRow[], pending: ReadonlyMap<number, unknown>): string[] {
  return rows.flatMap((read) => (read.id !== null && pending.has(read.row) ? [read.id] : []));
}

const PLACEHOLDER_IDS: IdSource = { next: (prefix) => `${prefix}_pending00` };

/**
 * After one objective changed on the server: only that objective's rows are written. With `keyResultId`
 * (a sidebar check-in) only that KR's row and its objective's are refreshed; the objective's other rows
 * take its new version and nothing else. Rows with unsent edits keep them.
 */
export function refreshWithObjective(
  state: EditingSheetState,
  baseline: Board,
  objective: ObjectiveView,
  keyResultId?: string,
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  attentionAt?: AttentionAt,
): SheetWrites {
  const read = readSheet(state, baseline, alignment);
  const plan = planPush(read, baseline, { cycleStatus: baseline.cycle.status, ids: PLACEHOLDER_IDS });
  const pending = issuesByRow(plan.issues, plan.blockedRows);
  for (const planned of plan.commands) if (!pending.has(planned.row)) pending.set(planned.row, []);
  const board = withObjective(baseline, objective);
  const scope = new Set([
    objective.id,
    ...objective.keyResults.map((kr) => kr.id),
    ...objective.initiatives.map((initiative) => initiative.id),
  ]);
  const targets = rowTargets(read.rows, board, pending, new Map(), scope);
  if (keyResultId !== undefined) {
    // The other rows of the objective only take its new version (hidden): their cells did not change.
    for (const [row, target] of targets.byRow) {
      if (target.kind !== 'server') continue;
      const id = entryId(target.entry);
      if (id !== objective.id && id !== keyResultId)
        targets.byRow.set(row, { kind: 'pending', entry: target.entry, annotations: [], id });
    }
  }
  return {
    editing: editingSyncPlan(board, state, targets, read.rows, {
      banner: false,
      members,
      alignment,
      attention: attentionAfterWrite(board, attentionAt),
    }),
    snapshot: snapshotPlan(board, members, alignment, attentionAt?.cadenceDays ?? null),
  };
}

/** The sidebar's view of one KR, from the last pull (no API call). */
export function checkInContext(board: Board, keyResultId: string): CheckInContext | null {
  const keyResult = indexBoard(board).keyResults.get(keyResultId);
  if (keyResult === undefined || keyResult.removed) return null;
  const objective = board.objectives.find((candidate) => candidate.id === keyResult.objectiveId);
  if (objective === undefined) return null;
  return {
    cycleId: board.cycle.id,
    objectiveId: objective.id,
    objectiveTitle: objective.title,
    keyResultId: keyResult.id,
    title: keyResult.title,
    type: keyResult.type,
    unit: keyResult.unit,
    start: keyResult.start,
    target: keyResult.target,
    threshold: keyResult.threshold,
    current: keyResult.current,
    done: keyResult.done,
    milestones: keyResult.milestones.map((m) => ({ id: m.id, title: m.title, done: m.done })),
    confidence: keyResult.confidenceSource === 'set' ? keyResult.confidence : null,
    lastCheckInAt: keyResult.lastCheckInAt,
    lastNote: keyResult.lastNote,
  };
}

export function listIssues(issues: CellIssue[], max = 8): string {
  const lines = issues.slice(0, max).map((issue) => `• Row ${issue.row}: ${issue.message}`);
  if (issues.length > max) lines.push(`• … and ${issues.length - max} more (see the notes on red cells)`);
  return lines.join('\n');
}
