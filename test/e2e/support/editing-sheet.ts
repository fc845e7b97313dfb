// Owns reading and typing into a cycle's editing sheet the way a test needs it: data rows keyed by column
// (found through the add-on's column spec, never a literal letter), the row of an id, one cell with its
// note and colours, and typing a value as a person would. Reads go through the fakes' inspector, so they
// do not count as the add-on's calls.
import {
  type ColumnKey,
  columnNumber,
  DATA_START_ROW,
  EDITING_COLUMNS,
} from '../../../addon/src/core/columns.js';
import { columnLetter } from '../../../addon/src/core/sheet-plan.js';
import type { CellSnapshot, CellValue, FakeSheet } from '../../support/apps-script/index.js';

export type EditingRow = { row: number } & Record<ColumnKey, CellValue>;

/** The non-blank data rows (from row 3 on), each cell under its column key. */
export function editingRows(sheet: FakeSheet): EditingRow[] {
  const values = sheet.inspect().values();
  const rows: EditingRow[] = [];
  values.slice(DATA_START_ROW - 1).forEach((cells, offset) => {
    if (cells.every((cell) => cell === '' || cell === null)) return;
    const row = { row: DATA_START_ROW + offset } as EditingRow;
    EDITING_COLUMNS.forEach((spec, index) => {
      row[spec.key] = cells[index] ?? '';
    });
    rows.push(row);
  });
  return rows;
}

/** The row holding `id` in the hidden Id column. */
export function rowOfId(sheet: FakeSheet, id: string): EditingRow {
  const found = editingRows(sheet).find((row) => row.id === id);
  if (found === undefined) throw new Error(`no row with id ${id} in ${sheet.getName()}`);
  return found;
}

export function cellAt(sheet: FakeSheet, row: number, key: ColumnKey): CellSnapshot {
  return sheet.inspect().cell(`${columnLetter(columnNumber(key))}${row}`);
}

/** What a person does: type into one cell (Sheets parses it as typing would). */
export function typeInto(sheet: FakeSheet, row: number, key: ColumnKey, value: CellValue): void {
  sheet.getRange(row, columnNumber(key)).setValue(value);
}

/** The first row below the data, where a new row is typed. */
export function firstBlankRow(sheet: FakeSheet): number {
  const rows = editingRows(sheet);
  return (rows.at(-1)?.row ?? DATA_START_ROW - 1) + 1;
}

/** Types a whole new row: only the given columns. */
export function typeRow(sheet: FakeSheet, row: number, cells: Partial<Record<ColumnKey, CellValue>>): void {
  for (const [key, value] of Object.entries(cells) as [ColumnKey, CellValue][])
    typeInto(sheet, row, key, value);
}
