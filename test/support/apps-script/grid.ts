// Owns the storage of one sheet: sparse cells (value, formula, note, formats, validation), per-row and
// per-column state (hidden, group depth, size), and the areas that must follow rows and columns when they
// are inserted or deleted (named ranges, protections, conditional format rules, charts).
import { AUTOMATIC_FORMAT, type CellValue } from './cell-values.js';
import type { FakeDataValidation } from './rules.js';

export interface CellFormat {
  background: string;
  fontWeight: string;
  fontColor: string;
  fontStyle: string;
  fontSize: number;
  fontFamily: string;
  numberFormat: string;
  horizontalAlignment: string;
  verticalAlignment: string;
  wrap: boolean;
}

export const DEFAULT_FORMAT: CellFormat = {
  background: '#ffffff',
  fontWeight: 'normal',
  fontColor: '#000000',
  fontStyle: 'normal',
  fontSize: 10,
  fontFamily: 'Arial',
  numberFormat: AUTOMATIC_FORMAT,
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: false,
};

export interface Cell {
  value: CellValue;
  formula: string;
  note: string;
  format: Partial<CellFormat>;
  validation: FakeDataValidation | null;
}

export function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== '' || cell.formula !== '');
}

/** A rectangle that moves with its rows and columns, like Sheets' named ranges and protections. */
export class AnchoredArea {
  valid = true;
  constructor(
    public row: number,
    public column: number,
    public numRows: number,
    public numColumns: number,
  ) {}

  contains(row: number, column: number): boolean {
    return (
      this.valid &&
      row >= this.row &&
      row < this.row + this.numRows &&
      column >= this.column &&
      column < this.column + this.numColumns
    );
  }
}

export type Axis = 'rows' | 'columns';

function shiftKeys<T>(map: Map<number, T>, at: number, delta: number): Map<number, T> {
  const shifted = new Map<number, T>();
  for (const [key, value] of map) {
    if (key < at) shifted.set(key, value);
    else if (delta < 0 && key < at - delta) continue;
    else shifted.set(key + delta, value);
  }
  return shifted;
}

export class AxisState {
  hidden = new Set<number>();
  groupDepth = new Map<number, number>();
  sizes = new Map<number, number>();
  collapsed = new Set<number>();

  constructor(public max: number) {}

  insert(at: number, count: number, inheritFrom: number | null): void {
    const depthAbove = inheritFrom === null ? 0 : (this.groupDepth.get(inheritFrom) ?? 0);
    const depthBelow = this.groupDepth.get(at) ?? 0;
    this.hidden = new Set(shiftKeys(new Map([...this.hidden].map((key) => [key, true])), at, count).keys());
    this.collapsed = new Set(
      shiftKeys(new Map([...this.collapsed].map((key) => [key, true])), at, count).keys(),
    );
    this.groupDepth = shiftKeys(this.groupDepth, at, count);
    this.sizes = shiftKeys(this.sizes, at, count);
    // Rows inserted inside a group stay in it; rows added at a group's edge do not.
    const inherited = Math.min(depthAbove, depthBelow);
    if (inherited > 0)
      for (let index = at; index < at + count; index++) this.groupDepth.set(index, inherited);
    this.max += count;
  }

  remove(at: number, count: number): void {
    this.hidden = new Set(shiftKeys(new Map([...this.hidden].map((key) => [key, true])), at, -count).keys());
    this.collapsed = new Set(
      shiftKeys(new Map([...this.collapsed].map((key) => [key, true])), at, -count).keys(),
    );
    this.groupDepth = shiftKeys(this.groupDepth, at, -count);
    this.sizes = shiftKeys(this.sizes, at, -count);
    this.max -= count;
  }
}

export class Grid {
  private cells = new Map<number, Map<number, Cell>>();
  readonly rows: AxisState;
  readonly columns: AxisState;
  readonly anchors = new Set<AnchoredArea>();

  constructor(maxRows: number, maxColumns: number) {
    this.rows = new AxisState(maxRows);
    this.columns = new AxisState(maxColumns);
  }

  get(row: number, column: number): Cell | undefined {
    return this.cells.get(row)?.get(column);
  }

  ensure(row: number, column: number): Cell {
    let cellsOfRow = this.cells.get(row);
    if (!cellsOfRow) {
      cellsOfRow = new Map();
      this.cells.set(row, cellsOfRow);
    }
    let cell = cellsOfRow.get(column);
    if (!cell) {
      cell = { value: '', formula: '', note: '', format: {}, validation: null };
      cellsOfRow.set(column, cell);
    }
    return cell;
  }

  /** Grows the sheet the way Sheets does when a script writes past its last row or column. */
  growTo(row: number, column: number): void {
    if (row > this.rows.max) this.rows.max = row;
    if (column > this.columns.max) this.columns.max = column;
  }

  lastRow(): number {
    let last = 0;
    for (const [row, cellsOfRow] of this.cells) {
      if (row <= last) continue;
      for (const cell of cellsOfRow.values()) {
        if (hasContent(cell)) {
          last = row;
          break;
        }
      }
    }
    return last;
  }

  lastColumn(): number {
    let last = 0;
    for (const cellsOfRow of this.cells.values()) {
      for (const [column, cell] of cellsOfRow) if (column > last && hasContent(cell)) last = column;
    }
    return last;
  }

  lastRowInColumns(firstColumn: number, lastColumn: number): number {
    let last = 0;
    for (const [row, cellsOfRow] of this.cells) {
      if (row <= last) continue;
      for (let column = firstColumn; column <= lastColumn; column++) {
        if (hasContent(cellsOfRow.get(column))) {
          last = row;
          break;
        }
      }
    }
    return last;
  }

  allCells(): IterableIterator<[number, Map<number, Cell>]> {
    return this.cells.entries();
  }

  clearAll(): void {
    this.cells.clear();
  }

  insertRows(at: number, count: number): void {
    const formatSource = at > 1 ? this.cells.get(at - 1) : undefined;
    this.cells = shiftKeys(this.cells, at, count);
    if (formatSource) {
      // Like the Sheets UI, new rows take the formatting (not the content) of the row above.
      for (let row = at; row < at + count; row++) {
        for (const [column, source] of formatSource) {
          const cell = this.ensure(row, column);
          cell.format = { ...source.format };
          cell.validation = source.validation;
        }
      }
    }
    this.rows.insert(at, count, at > 1 ? at - 1 : null);
    for (const area of this.anchors) shiftArea(area, 'rows', at, count);
  }

  deleteRows(at: number, count: number): void {
    this.cells = shiftKeys(this.cells, at, -count);
    this.rows.remove(at, count);
    for (const area of this.anchors) shrinkArea(area, 'rows', at, count);
  }

  insertColumns(at: number, count: number): void {
    for (const [row, cellsOfRow] of this.cells) {
      const source = at > 1 ? cellsOfRow.get(at - 1) : undefined;
      const shifted = shiftKeys(cellsOfRow, at, count);
      if (source) {
        for (let column = at; column < at + count; column++) {
          shifted.set(column, {
            value: '',
            formula: '',
            note: '',
            format: { ...source.format },
            validation: source.validation,
          });
        }
      }
      this.cells.set(row, shifted);
    }
    this.columns.insert(at, count, at > 1 ? at - 1 : null);
    for (const area of this.anchors) shiftArea(area, 'columns', at, count);
  }

  /**
   * Rearranges rows `top…top+order.length-1` within columns `left…right`: destination `top+i` receives
   * what row `order[i]` held (value, formula, note, formats, validation), as Range.sort does.
   */
  permuteRows(top: number, left: number, right: number, order: number[]): void {
    const taken = order.map((source) => {
      const moved = new Map<number, Cell>();
      for (let column = left; column <= right; column++) {
        const cell = this.get(source, column);
        if (cell) moved.set(column, cell);
      }
      return moved;
    });
    taken.forEach((moved, index) => {
      const row = top + index;
      const cellsOfRow = this.cells.get(row) ?? new Map<number, Cell>();
      for (let column = left; column <= right; column++) {
        const cell = moved.get(column);
        if (cell) cellsOfRow.set(column, cell);
        else cellsOfRow.delete(column);
      }
      this.cells.set(row, cellsOfRow);
    });
  }

  deleteColumns(at: number, count: number): void {
    for (const [row, cellsOfRow] of this.cells) this.cells.set(row, shiftKeys(cellsOfRow, at, -count));
    this.columns.remove(at, count);
    for (const area of this.anchors) shrinkArea(area, 'columns', at, count);
  }
}

function shiftArea(area: AnchoredArea, axis: Axis, at: number, count: number): void {
  const start = axis === 'rows' ? area.row : area.column;
  const size = axis === 'rows' ? area.numRows : area.numColumns;
  if (start >= at) {
    if (axis === 'rows') area.row += count;
    else area.column += count;
  } else if (at < start + size) {
    if (axis === 'rows') area.numRows += count;
    else area.numColumns += count;
  }
}

function shrinkArea(area: AnchoredArea, axis: Axis, at: number, count: number): void {
  const start = axis === 'rows' ? area.row : area.column;
  const size = axis === 'rows' ? area.numRows : area.numColumns;
  const end = start + size; // exclusive
  const deletedEnd = at + count;
  const overlap = Math.max(0, Math.min(end, deletedEnd) - Math.max(start, at));
  const removedBefore = Math.max(0, Math.min(start, deletedEnd) - at);
  const newStart = start - removedBefore;
  const newSize = size - overlap;
  if (newSize <= 0) area.valid = false;
  if (axis === 'rows') {
    area.row = Math.max(1, newStart);
    area.numRows = Math.max(0, newSize);
  } else {
    area.column = Math.max(1, newStart);
    area.numColumns = Math.max(0, newSize);
  }
}
