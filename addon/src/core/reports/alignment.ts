// Owns the "Alignment" report sheet (docs/alignment.md): the alignment tree of a cycle as an indented
// list, own and aligned progress as numbers with in-cell bars (SPARKLINE), and each figure's band as a
// colour. Built from GET /cycles/{cycle}/alignment; a plan like every other report, applied by the adapter.
import type { AlignmentObjective, AlignmentResponse } from '@okr-ledger/api-contract';
import type { Cell } from '../cells.js';
import { COLORS, columnLetter, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { nullableCell } from '../values.js';

export const ALIGNMENT_HEADERS = [
  'Objective',
  'Cycle',
  'Team',
  'Owner',
  'Own',
  'Own bar',
  'Aligned',
  'Aligned bar',
  'Weight',
  'Id',
] as const;

const OWN_COLUMN = 5;
const ALIGNED_COLUMN = 7;
const BAR_COLOR = '#1a73e8';
const INDENT = '    ';

export const alignmentSheetName = (cycleId: string): string => `Alignment ${cycleId}`;

const BAND_BACKGROUND: Record<AlignmentObjective['alignedBand'], string> = {
  green: COLORS.green,
  yellow: COLORS.yellow,
  red: COLORS.red,
};

/** An in-cell bar of the figure in `column` of the same row, clamped to 0–1. */
const bar = (column: number, row: number): string => {
  const cell = `${columnLetter(column)}${row}`;
  return `=IF(ISNUMBER(${cell}),SPARKLINE(MAX(0,MIN(1,${cell})),{"charttype","bar";"max",1;"color1","${BAR_COLOR}"}),"")`;
};

function objectiveRow(objective: AlignmentObjective, sheetRow: number): Cell[] {
  return [
    `${INDENT.repeat(objective.depth)}${objective.depth > 0 ? '↳ ' : ''}${objective.title}`,
    objective.cycleId,
    nullableCell(objective.teamName ?? objective.team),
    nullableCell(objective.owner),
    objective.ownProgress,
    bar(OWN_COLUMN, sheetRow),
    objective.alignedProgress,
    bar(ALIGNED_COLUMN, sheetRow),
    objective.weight,
    objective.id,
  ];
}

export function alignmentPlan(view: AlignmentResponse): SheetPlan {
  const width = ALIGNMENT_HEADERS.length;
  const pad = (first: string): Cell[] => [first, ...Array.from({ length: width - 1 }, () => '')];
  const rows: Cell[][] = [
    pad(`Alignment · ${view.cycleId} · as of ${view.asOf}`),
    [...ALIGNMENT_HEADERS],
    ...view.objectives.map((objective, index) => objectiveRow(objective, index + 3)),
  ];
  if (view.objectives.length === 0) rows.push(pad('No objectives in this cycle or the cycles around it.'));

  const backgrounds = grid<string | null>(rows.length, width, null);
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  const notes = grid(rows.length, width, '');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  view.objectives.forEach((objective, index) => {
    const r = index + 2;
    const colours = backgrounds[r];
    const rowNotes = notes[r];
    if (colours === undefined || rowNotes === undefined) return;
    colours[OWN_COLUMN - 1] = BAND_BACKGROUND[objective.ownBand];
    colours[ALIGNED_COLUMN - 1] = BAND_BACKGROUND[objective.alignedBand];
    if (objective.depth === 0) fontWeights[r] = fontWeights[r]?.map(() => 'bold') ?? [];
    if (objective.graded)
      rowNotes[OWN_COLUMN - 1] = `Cycle ${objective.cycleId} is closed: its settled grade`;
    if (objective.weight === 0) rowNotes[8] = 'Weight 0: shown, not counted in its parent’s aligned progress';
  });

  const dataRows = Math.max(1, view.objectives.length);
  return {
    ...emptyPlan(alignmentSheetName(view.cycleId)),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, backgrounds, fontWeights, notes }],
    columnWidths: [420, 80, 140, 180, 60, 120, 70, 120, 60, 170].map((w, index) => ({
      column: index + 1,
      width: w,
    })),
    numberFormats: [
      ...textFormats(1, 1, [1]),
      ...textFormats(3, dataRows, [1, 2, 3, 4, 10]),
      { range: { row: 3, column: OWN_COLUMN, numRows: dataRows, numColumns: 1 }, format: '0%' },
      { range: { row: 3, column: ALIGNED_COLUMN, numRows: dataRows, numColumns: 1 }, format: '0%' },
    ],
  };
}
