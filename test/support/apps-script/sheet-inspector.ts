// Owns the test-side view of a sheet (not part of Apps Script): reading cells, formats, groups, charts,
// rules and protections without touching the call counters, and setting what a formula cell evaluates to.
import { parseA1 } from './a1.js';
import { type CellValue, displayValue, readValue } from './cell-values.js';
import type { ChartSpec } from './charts.js';
import { type CellFormat, DEFAULT_FORMAT } from './grid.js';
import type { ProtectionSpec } from './protection.js';
import type { ConditionStyle, FakeDataValidation } from './rules.js';
import type { FakeSheet } from './sheet.js';

export interface CellSnapshot {
  value: CellValue;
  displayValue: string;
  formula: string;
  note: string;
  format: CellFormat;
  validation: FakeDataValidation | null;
  /** The background after conditional format rules, as a person would see it. */
  effectiveBackground: string;
  /** Covered by a sheet or range protection (and not one of a sheet protection's exceptions). */
  protected: boolean;
}

export interface ConditionalFormatSpec {
  criteria: string;
  values: unknown[];
  style: ConditionStyle;
  ranges: string[];
}

export class SheetInspector {
  constructor(private readonly sheet: FakeSheet) {}

  private position(a1: string): { row: number; column: number } {
    const parsed = parseA1(a1);
    if (!parsed || parsed.startRow === null || parsed.startColumn === null)
      throw new Error(`Not a cell: ${a1}`);
    return { row: parsed.startRow, column: parsed.startColumn };
  }

  private get timeZone(): string {
    return this.sheet.getParent().getSpreadsheetTimeZone();
  }

  cell(a1: string): CellSnapshot {
    const { row, column } = this.position(a1);
    const cell = this.sheet.grid.get(row, column);
    const format = { ...DEFAULT_FORMAT, ...(cell?.format ?? {}) };
    const value = cell ? readValue(cell.value, format.numberFormat, this.timeZone) : '';
    return {
      value,
      displayValue: cell ? displayValue(cell.value, format.numberFormat, this.timeZone) : '',
      formula: cell?.formula ?? '',
      note: cell?.note ?? '',
      format,
      validation: cell?.validation ?? null,
      effectiveBackground: this.effectiveBackground(row, column, value, format.background),
      protected: this.sheet.state().protections.some((protection) => protection.covers(row, column)),
    };
  }

  private effectiveBackground(row: number, column: number, value: CellValue, background: string): string {
    for (const rule of this.sheet.state().conditionalRules) {
      const applies = rule.targets.some(
        (target) => target.sheet === this.sheet && target.area.contains(row, column),
      );
      if (applies && rule.condition.matches(value) && rule.condition.style.background) {
        return rule.condition.style.background;
      }
    }
    return background;
  }

  /** Values of the data range (or of `a1`), as getValues would return them, without counting a call. */
  values(a1?: string): CellValue[][] {
    const area = a1 ? this.area(a1) : this.dataArea();
    return this.grid(area, (row, column) => {
      const cell = this.sheet.grid.get(row, column);
      return cell
        ? readValue(cell.value, cell.format.numberFormat ?? DEFAULT_FORMAT.numberFormat, this.timeZone)
        : '';
    });
  }

  displayValues(a1?: string): string[][] {
    const area = a1 ? this.area(a1) : this.dataArea();
    return this.grid(area, (row, column) => {
      const cell = this.sheet.grid.get(row, column);
      return cell
        ? displayValue(cell.value, cell.format.numberFormat ?? DEFAULT_FORMAT.numberFormat, this.timeZone)
        : '';
    });
  }

  notes(a1?: string): string[][] {
    const area = a1 ? this.area(a1) : this.dataArea();
    return this.grid(area, (row, column) => this.sheet.grid.get(row, column)?.note ?? '');
  }

  /** What getValues/getValue report for a formula cell from now on. */
  setFormulaResult(a1: string, value: CellValue): void {
    const { row, column } = this.position(a1);
    const cell = this.sheet.grid.ensure(row, column);
    if (!cell.formula) throw new Error(`${a1} holds no formula`);
    cell.value = value;
  }

  rowGroupDepth(row: number): number {
    return this.sheet.grid.rows.groupDepth.get(row) ?? 0;
  }

  /** Row group depth of each row from 1 to the last row with content. */
  rowGroupDepths(): number[] {
    const depths: number[] = [];
    for (
      let row = 1;
      row <= Math.max(this.sheet.grid.lastRow(), ...this.sheet.grid.rows.groupDepth.keys());
      row++
    ) {
      depths.push(this.rowGroupDepth(row));
    }
    return depths;
  }

  hiddenColumns(): number[] {
    return [...this.sheet.grid.columns.hidden].sort((a, b) => a - b);
  }

  hiddenRows(): number[] {
    return [...this.sheet.grid.rows.hidden].sort((a, b) => a - b);
  }

  frozenRows(): number {
    return this.sheet.state().frozenRows;
  }

  charts(): ChartSpec[] {
    return this.sheet.state().charts.map((chart) => chart.spec());
  }

  conditionalFormats(): ConditionalFormatSpec[] {
    return this.sheet.state().conditionalRules.map((rule) => ({
      criteria: rule.condition.criteriaType,
      values: [...rule.condition.criteriaValues],
      style: { ...rule.condition.style },
      ranges: rule.targets
        .filter((target) => target.area.valid)
        .map((target) => target.sheet.rangeOfArea(target.area).getA1Notation()),
    }));
  }

  protections(): ProtectionSpec[] {
    return this.sheet.state().protections.map((protection) => protection.spec());
  }

  private area(a1: string): { row: number; column: number; numRows: number; numColumns: number } {
    const parsed = parseA1(a1);
    if (!parsed) throw new Error(`Not A1 notation: ${a1}`);
    const row = parsed.startRow ?? 1;
    const column = parsed.startColumn ?? 1;
    const endRow = parsed.endRow ?? this.sheet.grid.rows.max;
    const endColumn = parsed.endColumn ?? this.sheet.grid.columns.max;
    return { row, column, numRows: endRow - row + 1, numColumns: endColumn - column + 1 };
  }

  private dataArea(): { row: number; column: number; numRows: number; numColumns: number } {
    return {
      row: 1,
      column: 1,
      numRows: this.sheet.grid.lastRow(),
      numColumns: this.sheet.grid.lastColumn(),
    };
  }

  private grid<T>(
    area: { row: number; column: number; numRows: number; numColumns: number },
    project: (row: number, column: number) => T,
  ): T[][] {
    const rows: T[][] = [];
    for (let r = 0; r < area.numRows; r++) {
      const values: T[] = [];
      for (let c = 0; c < area.numColumns; c++) values.push(project(area.row + r, area.column + c));
      rows.push(values);
    }
    return rows;
  }
}
