// Owns what the add-on says on the cells of the editing sheet: lint findings as notes on the cells they
// concern (and a colour unless merely informative), milestone and last check-in notes on Current value,
// and after a sync the errors and conflicts of a row first. Its notes end with a mark line, so a person's
// own note on the same cell is told apart and kept.
import type { Board, LintFindingView } from '@okr-ledger/api-contract';
import type { ColumnKey } from './columns.js';
import { type BoardEntry, entryId } from './model.js';
import { COLORS } from './sheet-plan.js';

export type AnnotationTone = 'error' | 'conflict' | 'info';

/** Something to tell a person about one cell after a sync. */
export interface CellAnnotation {
  column: ColumnKey;
  tone: AnnotationTone;
  message: string;
}

const LINT_COLUMNS: Record<string, ColumnKey> = {
  'kr-is-output': 'title',
  'kr-not-measurable': 'title',
  'kr-no-baseline': 'start',
  'kr-no-owner': 'owner',
  'objective-kr-count': 'title',
  'objective-has-number': 'title',
  'objective-all-outputs': 'title',
};

export function lintNote(finding: LintFindingView): string {
  return `${finding.severity === 'info' ? 'ℹ' : '⚠'} ${finding.message}\nHint: ${finding.hint} (${finding.rule})`;
}

export function findingsByTarget(board: Board): Map<string, LintFindingView[]> {
  const byTarget = new Map<string, LintFindingView[]>();
  for (const finding of [...board.lint, ...board.objectives.flatMap((objective) => objective.lint)]) {
    if (finding.targetType === 'cycle') continue;
    const list = byTarget.get(finding.targetId) ?? [];
    list.push(finding);
    byTarget.set(finding.targetId, list);
  }
  return byTarget;
}

/**
 * What the add-on says about one row: notes per cell (what went wrong first, then lint, then check-in
 * facts), the colours that flag them, and the Lint cell's summary.
 */
export interface RowDecorations {
  notes: Map<ColumnKey, string>;
  colors: Map<ColumnKey, string>;
  lintCell: string | null;
}

export function rowDecorations(
  entry: BoardEntry | null,
  annotations: readonly CellAnnotation[],
  findings: ReadonlyMap<string, LintFindingView[]>,
): RowDecorations {
  const notes = new Map<ColumnKey, string>();
  const colors = new Map<ColumnKey, string>();
  const append = (key: ColumnKey, text: string) => {
    const existing = notes.get(key);
    notes.set(key, existing === undefined ? text : `${existing}\n\n${text}`);
  };
  let lintCell: string | null = null;
  if (entry !== null) {
    const rowFindings = findings.get(entryId(entry)) ?? [];
    for (const finding of rowFindings) {
      const key = LINT_COLUMNS[finding.rule] ?? 'lint';
      append(key, lintNote(finding));
      if (finding.severity !== 'info') colors.set(key, COLORS.lint);
    }
    if (rowFindings.length > 0) {
      lintCell = `${rowFindings.length} finding${rowFindings.length > 1 ? 's' : ''}: ${rowFindings.map((f) => f.rule).join(', ')}`;
      append('lint', rowFindings.map(lintNote).join('\n\n'));
    }
    if (entry.kind === 'key_result') {
      const { keyResult } = entry;
      if (keyResult.type === 'milestone') {
        const list = keyResult.milestones.map((m) => `${m.done ? '✓' : '○'} ${m.title}`).join('\n');
        append(
          'current',
          `${list}\n\nCheck milestones in with OKR Ledger → Check in; edit them in the Milestones column`,
        );
      }
      if (keyResult.lastCheckInAt !== null) {
        const note = keyResult.lastNote === '' ? '' : `: ${keyResult.lastNote}`;
        append('current', `Last check-in ${keyResult.lastCheckInAt.slice(0, 10)}${note}`);
      }
    }
  }
  const byColumn = new Map<ColumnKey, string[]>();
  for (const annotation of annotations) {
    byColumn.set(annotation.column, [...(byColumn.get(annotation.column) ?? []), annotation.message]);
    const color = TONE_COLORS[annotation.tone];
    if (color !== null) colors.set(annotation.column, color);
  }
  // What went wrong comes before what is merely informative.
  for (const [key, messages] of byColumn) {
    const existing = notes.get(key);
    const text = messages.join('\n\n');
    notes.set(key, existing === undefined ? text : `${text}\n\n${existing}`);
  }
  return { notes, colors, lintCell };
}

/** The last line of every note the add-on writes on a data cell: the rest of a note is a person's. */
export const NOTE_MARK = '— OKR Ledger';

export function markNote(text: string): string {
  return text === '' ? '' : `${text}\n${NOTE_MARK}`;
}

/** A cell's note split into the add-on's part (without the mark) and a person's part. */
export function splitNote(note: string): { ours: string; theirs: string } {
  const at = note.indexOf(NOTE_MARK);
  if (at < 0) return { ours: '', theirs: note };
  return { ours: note.slice(0, at).trimEnd(), theirs: note.slice(at + NOTE_MARK.length).trim() };
}

/** The add-on's new note for a cell, keeping whatever a person wrote there. */
export function mergeNote(existing: string, ours: string): string {
  const { theirs } = splitNote(existing);
  const marked = markNote(ours);
  if (theirs === '') return marked;
  return marked === '' ? theirs : `${marked}\n\n${theirs}`;
}

const TONE_COLORS: Record<AnnotationTone, string | null> = {
  error: COLORS.error,
  conflict: COLORS.conflict,
  info: null,
};
