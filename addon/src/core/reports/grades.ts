// Owns the "Quarter-end grades" report: objective and KR grades (the one that counts, computed, against the
// original definition, override), bands in colour, missed commitments called out, which mid-cycle changes
// made computed and original differ, and a bar chart of objective grades.
import type { GradeRow, GradesReport } from '@okr-ledger/api-contract';
import type { Cell } from '../cells.js';
import { COLORS, columnLetter, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { nullableCell } from '../values.js';

export const GRADES_HEADERS = [
  'Level',
  'Title',
  'Owner',
  'Team',
  'Kind',
  'Weight',
  'Grade',
  'Computed',
  'Original definition',
  'Override',
  'Override reason',
  'Band',
  'Missed commitment',
  'Flags',
  'Changed by',
  'Id',
] as const;

const GRADE_COLUMN = 7;
const CHART_DATA_COLUMN = GRADES_HEADERS.length + 2;

export function gradesSheetName(cycleId: string): string {
  return `Grades ${cycleId}`;
}

function gradeRow(row: GradeRow): Cell[] {
  return [
    row.targetType === 'objective' ? 'Objective' : 'Key result',
    row.title,
    nullableCell(row.owner),
    nullableCell(row.team),
    nullableCell(row.kind),
    row.weight,
    row.final,
    row.computed,
    nullableCell(row.original),
    nullableCell(row.override),
    nullableCell(row.overrideReason),
    row.band,
    row.missedCommitment ? 'yes' : '',
    row.flags.join(', '),
    row.changedBy.join('\n'),
    row.keyResultId ?? row.objectiveId,
  ];
}

function statusLine(report: GradesReport): string {
  if (report.frozen) return 'closed · frozen at close';
  return `${report.status} · provisional until the cycle closes`;
}

export function gradesPlan(report: GradesReport): SheetPlan {
  const width = GRADES_HEADERS.length;
  const pad = (first: string): Cell[] => [first, ...Array.from({ length: width - 1 }, () => '')];
  const rows: Cell[][] = [
    pad(`Quarter-end grades · ${report.cycleId} · ${statusLine(report)}`),
    [...GRADES_HEADERS],
  ];
  rows.push(...report.rows.map(gradeRow));
  if (report.rows.length === 0) rows.push(pad('No objectives in this cycle.'));

  const notes = grid(rows.length, width, '');
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  const fontColors = grid<string | null>(rows.length, width, null);
  const backgrounds = grid<string | null>(rows.length, width, null);
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  report.rows.forEach((row, index) => {
    const r = 2 + index;
    if (row.targetType === 'objective') fontWeights[r] = fontWeights[r]?.map(() => 'bold') ?? [];
    const rowNotes = notes[r];
    const rowColors = fontColors[r];
    if (rowNotes === undefined || rowColors === undefined) return;
    if (row.original !== null && row.original !== row.computed) {
      rowNotes[8] = `Differs from the computed grade because of mid-cycle changes:\n${row.changedBy.join('\n') || '(not listed)'}`;
    }
    if (row.original === null && row.targetType === 'key_result')
      rowNotes[8] = 'Added mid-cycle: no original definition';
    if (row.override !== null)
      rowNotes[9] = `Overridden from ${row.computed.toFixed(2)}: ${row.overrideReason ?? ''}`;
    if (row.missedCommitment) {
      rowColors[1] = '#c5221f';
      rowNotes[12] = 'A committed objective is delivered only at 1.0';
    }
  });

  const dataRows = Math.max(1, report.rows.length);
  const gradeCell = `$${columnLetter(GRADE_COLUMN)}3`;
  const gradeRange = { row: 3, column: GRADE_COLUMN, numRows: dataRows, numColumns: 1 };
  const plan: SheetPlan = {
    ...emptyPlan(gradesSheetName(report.cycleId)),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, notes, fontWeights, fontColors, backgrounds }],
    columnWidths: [90, 320, 160, 110, 100, 60, 60, 80, 90, 70, 220, 70, 90, 140, 260, 120].map(
      (w, index) => ({
        column: index + 1,
        width: w,
      }),
    ),
    numberFormats: [
      ...textFormats(1, 1, [1]),
      { range: { row: 3, column: GRADE_COLUMN, numRows: dataRows, numColumns: 4 }, format: '0.00' },
      // Every text cell (titles, owners, teams, the override reason, flags, names, ids) as text.
      ...textFormats(3, dataRows, [1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 16]),
    ],
    conditionalFormats: [
      {
        range: gradeRange,
        formula: `=AND(ISNUMBER(${gradeCell}),${gradeCell}>=0.7)`,
        background: COLORS.green,
      },
      {
        range: gradeRange,
        formula: `=AND(ISNUMBER(${gradeCell}),${gradeCell}>=0.4,${gradeCell}<0.7)`,
        background: COLORS.yellow,
      },
      { range: gradeRange, formula: `=AND(ISNUMBER(${gradeCell}),${gradeCell}<0.4)`, background: COLORS.red },
    ],
  };

  const objectives = report.rows.filter((row) => row.targetType === 'objective');
  if (objectives.length > 0) {
    const chartRows: Cell[][] = [['Objective', 'Grade'], ...objectives.map((row) => [row.title, row.final])];
    const range = { row: 1, column: CHART_DATA_COLUMN, numRows: chartRows.length, numColumns: 2 };
    plan.blocks.push({ row: 1, column: CHART_DATA_COLUMN, values: chartRows });
    plan.numberFormats.push(...textFormats(2, objectives.length, [CHART_DATA_COLUMN]));
    plan.charts.push({
      kind: 'bar',
      title: `Objective grades ${report.cycleId}`,
      ranges: [range],
      anchor: { row: 3, column: CHART_DATA_COLUMN + 3 },
      width: 600,
      height: Math.min(800, 120 + objectives.length * 28),
    });
  }
  return plan;
}
