// Owns the pure steps of pull, push and refresh, end to end: what to write after a pull, what to send for
// a push and what to write once the results are back, and how a single objective update (a sidebar
// check-in) refreshes the sheet without touching rows that hold unsent edits.
import type { Board, ObjectiveView } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import {
  applyBatchResults,
  issuesByRow,
  type NotSent,
  type PushOutcome,
  type PushReplies,
} from './apply-results.js';
import type { Grid } from './cells.js';
import type { CheckInContext } from './check-in-form.js';
import type { CellIssue } from './columns.js';
import { type PlannedCommand, type PushPlan, planPush } from './diff.js';
import { editingSheetPlan, pulledSources, syncedSources } from './editing-sheet.js';
import type { IdSource } from './ids.js';
import { BATCH_LIMIT } from './limits.js';
import { indexBoard } from './model.js';
import { readEditingRows, type SheetRead } from './read-sheet.js';
import type { SheetPlan } from './sheet-plan.js';
import { snapshotPlan, withObjective } from './snapshot.js';

export interface SheetWrites {
  editing: SheetPlan;
  snapshot: SheetPlan;
}

export function pullWrites(board: Board): SheetWrites {
  return { editing: editingSheetPlan(board, pulledSources(board)), snapshot: snapshotPlan(board) };
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
  read: SheetRead;
  plan: PushPlan;
  batches: ObjectiveCommand[][];
}

/** `values` are the data rows of the editing sheet (from its first data row); `baseline` the last pull. */
export function preparePush(values: Grid, baseline: Board, ids: IdSource): PreparedPush {
  const read = readEditingRows(values);
  const plan = planPush(read, baseline, { cycleStatus: baseline.cycle.status, ids });
  return { read, plan, batches: batchByObjective(plan.commands) };
}

export interface FinishedPush extends SheetWrites {
  outcome: PushOutcome;
}

export function finishPush(
  prepared: PreparedPush,
  baseline: Board,
  replies: PushReplies,
  notSent: NotSent | null,
): FinishedPush {
  const outcome = applyBatchResults(baseline, prepared.plan, replies, notSent);
  const sources = syncedSources(prepared.read.rows, outcome.board, outcome.pending, outcome.entityIdByRow);
  return {
    outcome,
    editing: editingSheetPlan(outcome.board, sources),
    snapshot: snapshotPlan(outcome.board),
  };
}

/** Issues only (nothing to send): the sheet rewritten with the issues as notes, nothing else changed. */
export function annotateOnly(prepared: PreparedPush, baseline: Board): SheetPlan {
  const pending = issuesByRow(prepared.plan.issues, prepared.plan.blockedRows);
  return editingSheetPlan(baseline, syncedSources(prepared.read.rows, baseline, pending));
}

const PLACEHOLDER_IDS: IdSource = { next: (prefix) => `${prefix}_pending00` };

/** After one objective changed on the server: rows with unsent edits keep them, the rest refresh. */
export function refreshWithObjective(values: Grid, baseline: Board, objective: ObjectiveView): SheetWrites {
  const read = readEditingRows(values);
  const plan = planPush(read, baseline, { cycleStatus: baseline.cycle.status, ids: PLACEHOLDER_IDS });
  const pending = issuesByRow(plan.issues, plan.blockedRows);
  for (const planned of plan.commands) if (!pending.has(planned.row)) pending.set(planned.row, []);
  const board = withObjective(baseline, objective);
  return {
    editing: editingSheetPlan(board, syncedSources(read.rows, board, pending)),
    snapshot: snapshotPlan(board),
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
