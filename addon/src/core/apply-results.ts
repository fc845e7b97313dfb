// Owns what a push leaves behind: the per-command results of the batch folded into a new last-pull board
// and into notes on the rows. Applied rows are refreshed from the objective views the server returned (once
// per objective, beside the results); invalid cells get the error as a note on a red background; a conflict
// keeps what the person typed and shows the server's value beside it, so nothing typed is lost.
import type { Board, CommandResult, ObjectiveView } from '@okr-ledger/api-contract';
import { readText } from './cells.js';
import type { CellIssue, ColumnKey } from './columns.js';
import { columnHeader, columnIndex } from './columns.js';
import { FIELD_COLUMNS, type PlannedCommand, type PushPlan } from './diff.js';
import { type CellAnnotation, serverCells } from './editing-sheet.js';
import type { BoardEntry } from './model.js';
import { withObjective } from './snapshot.js';

export interface PushSummary {
  applied: number;
  conflicts: number;
  invalid: number;
  notSent: number;
  /** Rows held back before sending (see their notes). */
  blockedRows: number;
}

export interface PushOutcome {
  /** The board as the server now has it, as far as the results tell: the next push diffs against it. */
  board: Board;
  /** Rows that keep what was typed, with what to tell about their cells. */
  pending: Map<number, CellAnnotation[]>;
  /** Ids minted for new rows whose commands were applied. */
  entityIdByRow: Map<number, string>;
  summary: PushSummary;
}

/** What the push's requests answered, put together in the order they were sent. */
export interface PushReplies {
  results: CommandResult[];
  /** Each objective's view after its request; a later request's view of the same objective wins. */
  objectives: ObjectiveView[];
}

/** Why some commands got no result: the request for their chunk failed. */
export interface NotSent {
  message: string;
}

function addAnnotation(
  pending: Map<number, CellAnnotation[]>,
  row: number,
  annotation: CellAnnotation,
): void {
  const list = pending.get(row) ?? [];
  const duplicate = list.some((a) => a.column === annotation.column && a.message === annotation.message);
  if (!duplicate) list.push(annotation);
  pending.set(row, list);
}

/** "definition.target", "changes/target", "target" → the Target column; else the command's first column. */
export function columnForPath(path: string, fallback: ColumnKey): ColumnKey {
  const segments = path.split(/[./[\]]+/).filter((segment) => segment !== '');
  // "definition.milestones.2.title" is about the Milestones cell, not the KR's Title.
  if (segments.includes('milestones')) return 'milestones';
  for (let index = segments.length - 1; index >= 0; index -= 1) {
    const segment = segments[index];
    const column = segment === undefined ? undefined : FIELD_COLUMNS[segment];
    if (column !== undefined) return column;
  }
  return fallback;
}

function findEntry(board: Board, objectiveId: string, entityId: string): BoardEntry | null {
  const objective = board.objectives.find((candidate) => candidate.id === objectiveId);
  if (objective === undefined) return null;
  if (entityId === objective.id) return { kind: 'objective', objective };
  const keyResult = objective.keyResults.find((kr) => kr.id === entityId);
  if (keyResult !== undefined) return { kind: 'key_result', objective, keyResult };
  const initiative = objective.initiatives.find((i) => i.id === entityId);
  if (initiative !== undefined) return { kind: 'initiative', objective, initiative };
  return null;
}

function shown(text: string): string {
  return text === '' ? '(empty)' : text;
}

function conflictNotes(planned: PlannedCommand, entry: BoardEntry | null, message: string): CellAnnotation[] {
  const server = entry === null ? null : serverCells(entry, 0);
  return planned.columns.map((column) => {
    const serverValue =
      server === null ? '(not on the server)' : shown(readText(server[columnIndex(column)]));
    return {
      column,
      tone: 'conflict' as const,
      message: `Conflict: ${message}\nThe server now has ${columnHeader(column)} = ${serverValue}. Your value is kept here: push again to replace the server's, or type the server's value to keep it.`,
    };
  });
}

export function issuesByRow(
  issues: CellIssue[],
  blockedRows: Iterable<number>,
): Map<number, CellAnnotation[]> {
  const pending = new Map<number, CellAnnotation[]>();
  for (const row of blockedRows) pending.set(row, []);
  for (const issue of issues) {
    addAnnotation(pending, issue.row, {
      column: issue.column,
      tone: 'error',
      message: `Not sent: ${issue.message}`,
    });
  }
  return pending;
}

/**
 * The board with the view of every objective an applied or conflicting result concerns. Invalid results
 * changed nothing, so the rows of their objectives stay as the last pull left them.
 */
function withReturnedObjectives(baseline: Board, replies: PushReplies): Board {
  const viewById = new Map(replies.objectives.map((view) => [view.id, view]));
  const concerned = new Set<string>();
  for (const result of replies.results) if (result.status !== 'invalid') concerned.add(result.objectiveId);
  let board = baseline;
  for (const objectiveId of concerned) {
    const view = viewById.get(objectiveId);
    if (view !== undefined) board = withObjective(board, view);
  }
  return board;
}

/** Folds the replies of a push (possibly partial, when a chunk could not be sent) into the sheet's state. */
export function applyBatchResults(
  baseline: Board,
  plan: PushPlan,
  replies: PushReplies,
  notSent: NotSent | null = null,
): PushOutcome {
  const { results } = replies;
  const pending = issuesByRow(plan.issues, plan.blockedRows);
  const entityIdByRow = new Map<number, string>();
  const summary: PushSummary = {
    applied: 0,
    conflicts: 0,
    invalid: 0,
    notSent: 0,
    blockedRows: plan.blockedRows.size,
  };

  const board = withReturnedObjectives(baseline, replies);

  const resultById = new Map(results.map((result) => [result.commandId, result]));
  for (const planned of plan.commands) {
    const result = resultById.get(planned.command.commandId);
    const firstColumn = planned.columns[0] ?? 'title';
    if (result === undefined) {
      summary.notSent += 1;
      addAnnotation(pending, planned.row, {
        column: firstColumn,
        tone: 'error',
        message:
          notSent === null
            ? 'The server did not confirm this change; push again'
            : `Not sent: ${notSent.message}`,
      });
      continue;
    }
    switch (result.status) {
      case 'applied':
        summary.applied += 1;
        entityIdByRow.set(planned.row, planned.entityId);
        break;
      case 'conflict': {
        summary.conflicts += 1;
        const entry = findEntry(board, planned.objectiveId, planned.entityId);
        for (const note of conflictNotes(planned, entry, result.message))
          addAnnotation(pending, planned.row, note);
        break;
      }
      case 'invalid': {
        summary.invalid += 1;
        const errors = result.errors.length > 0 ? result.errors : [{ path: '', message: result.code }];
        for (const error of errors) {
          // The server may name a field the person did not touch (an edited target refused with path
          // "changes.type"); the note belongs on a cell they edited, where they will look for it.
          const named = columnForPath(error.path, firstColumn);
          addAnnotation(pending, planned.row, {
            column: planned.columns.includes(named) ? named : firstColumn,
            tone: 'error',
            message: `Not saved: ${error.message}`,
          });
        }
        break;
      }
      default: {
        const unknown: never = result;
        throw new Error(`unknown command result ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { board, pending, entityIdByRow, summary };
}

export function describeSummary(summary: PushSummary): string {
  const parts = [`${summary.applied} saved`];
  if (summary.conflicts > 0) parts.push(`${summary.conflicts} in conflict`);
  if (summary.invalid > 0) parts.push(`${summary.invalid} refused`);
  if (summary.notSent > 0) parts.push(`${summary.notSent} not sent`);
  if (summary.blockedRows > 0)
    parts.push(`${summary.blockedRows} row${summary.blockedRows > 1 ? 's' : ''} to fix first`);
  return parts.join(', ');
}
