// Owns "Board as of…": the board of a cycle as it stood at one instant, laid out read-only (every cell
// protected with a warning) and titled with that instant, one row per objective and its KRs and
// initiatives beneath, with progress, score and confidence as they were then.
import type { Board } from '@okr-ledger/api-contract';
import type { Cell } from '../cells.js';
import { label } from '../labels.js';
import { boardEntries } from '../model.js';
import { COLORS, emptyPlan, grid, type SheetPlan, textFormats } from '../sheet-plan.js';
import { nullableCell } from '../values.js';

export const PAST_BOARD_HEADERS = [
  'Level',
  'Title',
  'Owner',
  'Team',
  'Type / status',
  'Start',
  'Target',
  'Threshold',
  'Unit',
  'Value then',
  'Progress',
  'Score',
  'Confidence',
  'Progress from',
  'Id',
] as const;

export function pastBoardSheetName(cycleId: string): string {
  return `Board ${cycleId} as of`;
}

/** "2026-11-01 12:00 UTC": an instant as the sheet titles it (the ISO form follows in brackets). */
export function describeInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function rowsOf(board: Board): { cells: Cell[]; objective: boolean }[] {
  return boardEntries(board).map((entry) => {
    switch (entry.kind) {
      case 'objective': {
        const o = entry.objective;
        const mode =
          o.progressMode === 'blended'
            ? `blended (${Math.round(o.blendShare * 100)}% initiatives)`
            : label(o.progressMode);
        return {
          objective: true,
          cells: [
            'Objective',
            o.title,
            nullableCell(o.owner),
            nullableCell(o.team),
            label(o.kind),
            '',
            '',
            '',
            '',
            '',
            o.progress,
            o.score,
            '',
            mode,
            o.id,
          ],
        };
      }
      case 'key_result': {
        const kr = entry.keyResult;
        const value =
          kr.type === 'binary'
            ? kr.done
              ? 'done'
              : 'not done'
            : kr.type === 'milestone'
              ? `${kr.milestones.filter((m) => m.done).length} of ${kr.milestones.length} done`
              : nullableCell(kr.current);
        return {
          objective: false,
          cells: [
            'Key result',
            kr.title,
            nullableCell(kr.owner),
            '',
            label(kr.type),
            nullableCell(kr.start),
            nullableCell(kr.target),
            nullableCell(kr.threshold),
            kr.unit,
            value,
            kr.progress,
            kr.score,
            `${label(kr.confidence)} (${kr.confidenceSource})`,
            label(kr.progressSource),
            kr.id,
          ],
        };
      }
      default: {
        const i = entry.initiative;
        return {
          objective: false,
          cells: [
            'Initiative',
            i.title,
            nullableCell(i.owner),
            '',
            label(i.status),
            '',
            '',
            '',
            '%',
            i.percentComplete,
            '',
            '',
            '',
            '',
            i.id,
          ],
        };
      }
    }
  });
}

export function pastBoardPlan(board: Board): SheetPlan {
  const width = PAST_BOARD_HEADERS.length;
  const pad = (first: string): Cell[] => [first, ...Array.from({ length: width - 1 }, () => '')];
  const body = rowsOf(board);
  const rows: Cell[][] = [
    pad(
      `Board ${board.cycle.id} as of ${describeInstant(board.asOf)} (${board.asOf}) · ${board.cycle.status} then · read-only`,
    ),
    [...PAST_BOARD_HEADERS],
    ...body.map((row) => row.cells),
  ];
  if (body.length === 0) rows.push(pad('No objectives at that instant.'));
  const backgrounds = grid<string | null>(rows.length, width, null);
  const fontWeights = grid<'bold' | 'normal'>(rows.length, width, 'normal');
  fontWeights[0] = fontWeights[0]?.map(() => 'bold') ?? [];
  fontWeights[1] = fontWeights[1]?.map(() => 'bold') ?? [];
  backgrounds[1] = backgrounds[1]?.map(() => COLORS.header) ?? [];
  body.forEach((row, index) => {
    if (!row.objective) return;
    backgrounds[index + 2] = backgrounds[index + 2]?.map(() => COLORS.objectiveRow) ?? [];
    fontWeights[index + 2] = fontWeights[index + 2]?.map(() => 'bold') ?? [];
  });
  const dataRows = Math.max(1, body.length);
  return {
    ...emptyPlan(pastBoardSheetName(board.cycle.id)),
    frozenRows: 2,
    blocks: [{ row: 1, column: 1, values: rows, backgrounds, fontWeights }],
    columnWidths: [90, 320, 160, 110, 110, 70, 70, 80, 70, 90, 80, 60, 140, 180, 130].map((w, index) => ({
      column: index + 1,
      width: w,
    })),
    numberFormats: [
      ...textFormats(1, 1, [1]),
      ...textFormats(3, dataRows, [1, 2, 3, 4, 5, 9, 13, 14, 15]),
      { range: { row: 3, column: 11, numRows: dataRows, numColumns: 1 }, format: '0%' },
      { range: { row: 3, column: 12, numRows: dataRows, numColumns: 1 }, format: '0.00' },
    ],
    protections: [
      {
        range: { row: 1, column: 1, numRows: rows.length, numColumns: width },
        description: `OKR Ledger: the board as of ${board.asOf} (history cannot be edited)`,
        warningOnly: true,
      },
    ],
  };
}

/**
 * An instant typed or sent by a dialog: an ISO date-time with its zone (the dialogs convert the person's
 * local time), or a bare date, read as the end of that day in UTC.
 */
export function parseInstant(
  text: unknown,
  field: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = typeof text === 'string' ? text.trim() : '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T23:59:59Z`)))
    return { ok: true, value: `${value}T23:59:59.999Z` };
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
    return { ok: true, value: new Date(value).toISOString() };
  return {
    ok: false,
    message: `${field} must be a date and time, e.g. 2026-11-01T12:00:00Z, got “${value}”.`,
  };
}
