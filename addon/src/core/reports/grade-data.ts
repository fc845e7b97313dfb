// Owns the hidden data sheet behind the OKR_GRADE custom function. Custom functions get no identity token,
// so they never call the API: they read the grades the last "Quarter-end grades" pull stored here, per
// cycle, other cycles' grades kept.
import type { GradesReport } from '@okr-ledger/api-contract';
import { type Cell, type Grid, readText } from '../cells.js';
import { emptyPlan, type SheetPlan } from '../sheet-plan.js';

export const GRADE_DATA_SHEET = '_okr_grades';
export const GRADE_DATA_HEADER = [
  'cycle',
  'targetType',
  'id',
  'objectiveId',
  'final',
  'computed',
  'original',
  'band',
  'frozen',
  'pulledAt',
] as const;

export class GradeLookupError extends Error {
  override name = 'GradeLookupError';
}

/** Rows of the data sheet once `report` replaces its cycle's earlier pull (header first). */
export function mergeGradeData(existing: Grid, report: GradesReport, pulledAt: string): Cell[][] {
  const kept = existing
    .filter((row, index) => !(index === 0 && readText(row[0]) === 'cycle'))
    .filter((row) => readText(row[0]) !== '' && readText(row[0]) !== report.cycleId)
    .map((row) => GRADE_DATA_HEADER.map((_, index) => row[index] ?? ''));
  const fresh: Cell[][] = report.rows.map((row) => [
    report.cycleId,
    row.targetType,
    row.keyResultId ?? row.objectiveId,
    row.objectiveId,
    row.final,
    row.computed,
    row.original ?? '',
    row.band,
    report.frozen,
    pulledAt,
  ]);
  return [[...GRADE_DATA_HEADER], ...kept, ...fresh];
}

/**
 * A cell holding when grades were last pulled, named so a formula can pass it to OKR_GRADE: Sheets
 * recalculates a custom function only when an argument changes, and this one changes on every pull.
 */
export const GRADES_PULLED_AT = 'OKR_GRADES_PULLED_AT';
const STAMP_COLUMN = GRADE_DATA_HEADER.length + 2;

export function gradeDataPlan(rows: Cell[][], pulledAt: string): SheetPlan {
  const stamp = { row: 1, column: STAMP_COLUMN, numRows: 1, numColumns: 1 };
  return {
    ...emptyPlan(GRADE_DATA_SHEET),
    hidden: true,
    blocks: [
      { row: 1, column: 1, values: rows },
      { row: 1, column: STAMP_COLUMN, values: [[pulledAt]] },
    ],
    numberFormats: [
      { range: { row: 1, column: 1, numRows: rows.length, numColumns: 4 }, format: '@' },
      { range: { row: 1, column: 8, numRows: rows.length, numColumns: 1 }, format: '@' },
      { range: stamp, format: '@' },
    ],
    namedRanges: [{ name: GRADES_PULLED_AT, range: stamp }],
  };
}

/** The final grade of an objective or KR; `cycle` narrows when the same sheet holds several cycles. */
export function lookupGrade(data: Grid, id: string, cycle?: string): number {
  const wanted = id.trim();
  if (wanted === '') throw new GradeLookupError('OKR_GRADE needs an objective or key result id, e.g. kr_…');
  const matches = data.filter(
    (row) =>
      readText(row[2]) === wanted && (cycle === undefined || cycle === '' || readText(row[0]) === cycle),
  );
  const match = matches[matches.length - 1];
  if (match === undefined) {
    const where = cycle === undefined || cycle === '' ? '' : ` in cycle ${cycle}`;
    throw new GradeLookupError(`No grade for ${wanted}${where}: pull OKR Ledger → Quarter-end grades first`);
  }
  const grade = match[4];
  if (typeof grade !== 'number')
    throw new GradeLookupError(`The stored grade of ${wanted} is damaged: pull the grades again`);
  return grade;
}
