// The editing sheet in a sheet people rearranged: columns found by anchor or header, one clear error for a
// missing column, rows read in canonical order, pulled KRs grouped by their hidden parent after a sort, and
// an in-place write that keeps a person's columns, notes, formulas and colours, and marks (or clears) rows
// the server no longer has.
import type { Board } from '@okr-ledger/api-contract';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../addon/src/core/cells.js';
import {
  canonicalRows,
  type ColumnMap,
  defaultColumnMap,
  locateColumns,
  requireColumns,
} from '../../../addon/src/core/column-map.js';
import {
  type ColumnKey,
  columnIndex,
  DATA_START_ROW,
  EDITING_COLUMNS,
} from '../../../addon/src/core/columns.js';
import { markNote } from '../../../addon/src/core/editing-sheet.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import { COLORS, RULE_MARK } from '../../../addon/src/core/sheet-plan.js';
import { type EditingSheetState, editingSyncPlan, rowTargets } from '../../../addon/src/core/sheet-sync.js';
import { pullWrites } from '../../../addon/src/core/sync.js';
import { pulledGrid, rowOf, sampleBoard } from './fixtures.js';

const baseline = sampleBoard({ status: 'active' });
const HEADERS = EDITING_COLUMNS.map((spec) => spec.header);

/** The default layout with a person's column inserted before sheet column `at` (1-based). */
function withUserColumn(at: number): { headers: Cell[]; rows: Cell[][]; columns: ColumnMap } {
  const insert = <T>(row: T[], value: T): T[] => [...row.slice(0, at - 1), value, ...row.slice(at - 1)];
  const headers = insert<Cell>(HEADERS, 'Comments');
  const rows = pulledGrid(baseline).map((row, i) => insert(row, i === 1 ? 'call Dana' : ''));
  const columns = new Map(
    [...defaultColumnMap()].map(([key, column]) => [key, column >= at ? column + 1 : column] as const),
  );
  return { headers, rows, columns };
}

function state(
  rows: Cell[][],
  columns: ColumnMap,
  extra: Partial<EditingSheetState> = {},
): EditingSheetState {
  return { columns, unanchored: [], values: rows, formulas: [], notes: [], backgrounds: [], ...extra };
}

function cell(row: Cell[] | undefined, columns: ColumnMap, key: ColumnKey): Cell | undefined {
  return row?.[(columns.get(key) ?? 0) - 1];
}

describe('finding the columns', () => {
  it('finds each column by its header, wherever a person inserted columns', () => {
    const { headers, columns } = withUserColumn(3);

    const located = locateColumns(headers, []);

    expect(located).toEqual({ ok: true, columns, unanchored: EDITING_COLUMNS.map((spec) => spec.key) });
  });

  it('follows the anchor of a column whose header was renamed', () => {
    const headers = HEADERS.map((header) => (header === 'Current value' ? 'Now' : header));
    const anchors = [{ key: 'current', column: columnIndex('current') + 1 }];

    const located = locateColumns(headers, anchors);

    expect(located.ok && located.columns.get('current')).toBe(columnIndex('current') + 1);
    expect(located.ok && located.unanchored).not.toContain('current');
  });

  it('names the missing column in one clear error', () => {
    const headers = HEADERS.filter((header) => header !== 'Owner');

    expect(() => requireColumns('OKRs 2026-Q4', headers, [])).toThrow(
      'The column “Owner” is missing from row 2 of “OKRs 2026-Q4”',
    );
  });
});

describe('reading a rearranged sheet', () => {
  it('reads the same model with a person’s column inserted after Title', () => {
    const { rows, columns } = withUserColumn(3);

    const read = readEditingRows(canonicalRows(rows, columns));

    expect(read.issues).toEqual([]);
    expect(read.model).toEqual(readEditingRows(pulledGrid(baseline)).model);
  });

  it('keeps a sorted KR with the objective its hidden parent names', () => {
    // Prepare: the first objective's first KR moved below the second objective
    const grid = pulledGrid(baseline);
    const krRow = rowOf(grid, 'kr_adoption01') - DATA_START_ROW;
    const [moved] = grid.splice(krRow, 1);
    if (moved === undefined) throw new Error('no KR row');
    grid.splice(rowOf(grid, 'obj_quality01') - DATA_START_ROW + 1, 0, moved);

    // Act
    const read = readEditingRows(grid);

    // Assess
    const growth = read.model.groups.find((group) => group.objective.id === 'obj_growth001');
    expect(read.issues).toEqual([]);
    expect(growth?.keyResults.map((kr) => kr.id)).toContain('kr_adoption01');
  });
});

describe('writing in place', () => {
  it('writes only the add-on’s columns and keeps a person’s notes, formulas and colours', () => {
    // Prepare
    const { rows, columns } = withUserColumn(3);
    const row = rowOf(canonicalRows(rows, columns), 'kr_adoption01') - DATA_START_ROW;
    const title = (columns.get('title') ?? 0) - 1;
    const notes = rows.map((cells) => cells.map(() => ''));
    const formulas = rows.map((cells) => cells.map(() => ''));
    const backgrounds = rows.map((cells) => cells.map(() => '#ffffff'));
    (notes[row] as string[])[title] = 'Ask Dana';
    (formulas[row] as string[])[(columns.get('target') ?? 0) - 1] = '=40+35';
    (backgrounds[row] as string[])[title] = '#d9ead3';
    const sheet = state(rows, columns, { notes, formulas, backgrounds });

    // Act
    const { editing } = pullWrites(baseline, sheet);

    // Assess
    const data = editing.blocks.find((block) => block.row === DATA_START_ROW);
    expect(editing.mode).toBe('update');
    expect(data?.columns).not.toContain(3);
    expect(data?.notes?.[row]?.[title]).toBe('Ask Dana');
    expect(data?.backgrounds?.[row]?.[title]).toBe('#d9ead3');
    expect(editing.conditionalFormats.every((rule) => rule.formula.includes(RULE_MARK))).toBe(true);
    expect(editing.blocks[0]).toMatchObject({ row: 1, column: 1 });
    // A pulled row's cells come from the server: the person's formula in Target is replaced by its value.
    expect(cell(data?.values[row], columns, 'target')).toBe(75);
  });

  it('keeps a person’s formula in a cell the sync does not write', () => {
    const grid = pulledGrid(baseline);
    const formulas = grid.map((cells) => cells.map(() => ''));
    const row = rowOf(grid, 'kr_adoption01') - DATA_START_ROW;
    (formulas[row] as string[])[columnIndex('note')] = '=CONCAT("a","b")';
    const sheet = state(grid, defaultColumnMap(), { formulas });
    const read = readEditingRows(grid);

    const plan = editingSyncPlan(
      baseline,
      sheet,
      rowTargets(read.rows, baseline, new Map(), new Map(), new Set()),
      read.rows,
      {
        banner: false,
      },
    );

    expect(plan.blocks[0]?.values[row]?.[columnIndex('note')]).toBe('=CONCAT("a","b")');
  });

  it('marks a row the server no longer has when it holds a person’s content, and clears it otherwise', () => {
    // Prepare: the server archived the first objective
    const archived: Board = {
      ...baseline,
      objectives: baseline.objectives.map((o, i) => (i === 0 ? { ...o, archived: true } : o)),
    };
    const { rows, columns } = withUserColumn(3);
    const backgrounds = rows.map((cells) => cells.map(() => '#ffffff'));
    const titleColumn = (columns.get('title') ?? 0) - 1;
    (backgrounds[0] as string[])[titleColumn] = '#d9ead3'; // a person's colour on the objective's title
    (backgrounds[0] as string[])[(columns.get('score') ?? 0) - 1] = COLORS.computed;
    const sheet = state(rows, columns, { backgrounds });
    const read = readEditingRows(canonicalRows(rows, columns));

    // Act
    const plan = editingSyncPlan(archived, sheet, rowTargets(read.rows, archived, new Map()), read.rows, {
      banner: false,
    });

    // Assess: row 1 of the data (the objective's first KR) had "call Dana" in the person's column
    const data = plan.blocks.find((block) => block.row === DATA_START_ROW);
    const kept = data?.values[1];
    expect(cell(kept, columns, 'id')).toMatch(/^gone:kr_/);
    expect(cell(kept, columns, 'title')).not.toBe('');
    expect(cell(kept, columns, 'status')).toBe('archived on the server');
    expect(data?.notes?.[1]?.[(columns.get('title') ?? 0) - 1]).toContain(
      'It is kept because it holds your content',
    );
    const cleared = data?.values[0];
    expect(data?.backgrounds?.[0]?.[titleColumn]).toBe('#d9ead3');
    expect(data?.backgrounds?.[0]?.[(columns.get('score') ?? 0) - 1]).toBeNull();
    expect(EDITING_COLUMNS.map((spec) => cell(cleared, columns, spec.key))).toEqual(
      EDITING_COLUMNS.map(() => ''),
    );
    const again = readEditingRows(canonicalRows(plan.blocks[0]?.values ?? [], columns));
    expect(again.rows.some((r) => r.row === DATA_START_ROW + 1)).toBe(false);
  });

  it('clears its own flag colour and note once a row is fixed, leaving the person’s note', () => {
    const grid = pulledGrid(baseline);
    const row = rowOf(grid, 'kr_adoption01') - DATA_START_ROW;
    const notes = grid.map((cells) => cells.map(() => ''));
    const backgrounds = grid.map((cells) => cells.map(() => '#ffffff'));
    (notes[row] as string[])[columnIndex('target')] =
      `${markNote('Not sent: Target must be a number')}\n\nmine`;
    (backgrounds[row] as string[])[columnIndex('target')] = COLORS.error;
    const sheet = state(grid, defaultColumnMap(), { notes, backgrounds });

    const { editing } = pullWrites(baseline, sheet);

    const data = editing.blocks.find((block) => block.row === DATA_START_ROW);
    expect(data?.notes?.[row]?.[columnIndex('target')]).toBe('mine');
    expect(data?.backgrounds?.[row]?.[columnIndex('target')]).toBeNull();
  });
});
