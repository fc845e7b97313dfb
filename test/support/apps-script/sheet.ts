// Owns Sheet: range lookup (row/column and A1), size and growth, row/column insertion and deletion, hidden
// rows/columns, freezing, widths, row groups, protections, conditional format rules and charts. Test-only
// views of the sheet live in sheet-inspector.ts, reached through sheet.inspect().
import { parseA1 } from './a1.js';
import {
  AUTOMATIC_FORMAT,
  type CellValue,
  interpretWrittenValue,
  MAX_CELL_CHARACTERS,
} from './cell-values.js';
import { type FakeEmbeddedChart, FakeEmbeddedChartBuilder } from './charts.js';
import type { Execution } from './execution.js';
import { AnchoredArea, type AxisState, Grid } from './grid.js';
import { FakeProtection } from './protection.js';
import { type ClearOptions, FakeRange } from './range.js';
import type { FakeConditionalFormatRule } from './rules.js';
import { type FakeFilter, filterOfSheet, metadataFinder } from './sheet-extras.js';
import { SheetInspector } from './sheet-inspector.js';
import type { FakeSpreadsheet } from './spreadsheet.js';

export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_MAX_COLUMNS = 26;
const DEFAULT_COLUMN_WIDTH = 100;
const DEFAULT_ROW_HEIGHT = 21;

export class FakeGroup {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly first: number,
    private readonly last: number,
    private readonly depth: number,
  ) {}

  getDepth(): number {
    return this.depth;
  }
  getRange(): FakeRange {
    return this.sheet.getRange(this.first, 1, this.last - this.first + 1, this.sheet.getMaxColumns());
  }
  getControlIndex(): number {
    return this.sheet.getRowGroupControlPosition() === 'BEFORE' ? this.first - 1 : this.last + 1;
  }
  isCollapsed(): boolean {
    return this.sheet.grid.rows.collapsed.has(this.first);
  }
  collapse(): this {
    for (let row = this.first; row <= this.last; row++) this.sheet.grid.rows.collapsed.add(row);
    return this;
  }
  expand(): this {
    for (let row = this.first; row <= this.last; row++) this.sheet.grid.rows.collapsed.delete(row);
    return this;
  }
  remove(): void {
    this.getRange().shiftRowGroupDepth(-1);
  }
}

export class FakeSheet {
  readonly grid = new Grid(DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS);
  private hidden = false;
  private frozenRows = 0;
  private frozenColumns = 0;
  private tabColor: string | null = null;
  private rowGroupControlPosition: 'BEFORE' | 'AFTER' = 'AFTER';
  private sheetProtection: FakeProtection | null = null;
  private rangeProtections: FakeProtection[] = [];
  private conditionalRules: FakeConditionalFormatRule[] = [];
  private charts: FakeEmbeddedChart[] = [];

  constructor(
    readonly execution: Execution,
    private readonly spreadsheet: FakeSpreadsheet,
    private name: string,
    private readonly sheetId: number,
  ) {}

  private count(method: string): void {
    this.execution.counters.count(`Sheet.${method}`, this.name);
  }

  private refuse(method: string): void {
    this.execution.refuseInCustomFunction(method);
    this.count(method);
  }

  // ---- identity -------------------------------------------------------------------------------------------

  getName(): string {
    return this.name;
  }
  getSheetName(): string {
    return this.name;
  }
  setName(name: string): this {
    this.refuse('setName');
    this.spreadsheet.checkSheetName(name, this);
    this.name = name;
    return this;
  }
  getSheetId(): number {
    return this.sheetId;
  }
  getIndex(): number {
    return this.spreadsheet.indexOf(this) + 1;
  }
  getParent(): FakeSpreadsheet {
    return this.spreadsheet;
  }
  activate(): this {
    this.spreadsheet.setActiveSheet(this);
    return this;
  }
  inspect(): SheetInspector {
    return new SheetInspector(this);
  }

  // ---- ranges ---------------------------------------------------------------------------------------------

  getRange(a1Notation: string): FakeRange;
  getRange(row: number, column: number, numRows?: number, numColumns?: number): FakeRange;
  getRange(...args: unknown[]): FakeRange {
    this.count('getRange');
    const [first, column, numRows, numColumns] = args as [
      unknown,
      number | undefined,
      number | undefined,
      number | undefined,
    ];
    if (typeof first === 'string' && args.length === 1) return this.rangeFromA1(first);
    if (args.length < 2) args.push(undefined);
    if (args.some((arg) => typeof arg !== 'number' || !Number.isFinite(arg))) {
      const types = args.map((arg) =>
        typeof arg === 'number' ? 'number' : arg === undefined ? 'null' : 'String',
      );
      throw this.execution.exception(
        `The parameters (${types.join(',')}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`,
      );
    }
    const row = Math.trunc(first as number);
    const col = Math.trunc(column as number);
    const rows = Math.trunc(numRows ?? 1);
    const cols = Math.trunc(numColumns ?? 1);
    if (row < 1) throw this.execution.exception('The starting row of the range is too small.');
    if (col < 1) throw this.execution.exception('The starting column of the range is too small.');
    if (rows < 1) throw this.execution.exception('The number of rows in the range must be at least 1.');
    if (cols < 1) throw this.execution.exception('The number of columns in the range must be at least 1.');
    return new FakeRange(this, row, col, rows, cols);
  }

  private rangeFromA1(notation: string): FakeRange {
    const parsed = parseA1(notation);
    if (
      !parsed ||
      (parsed.sheetName !== null && parsed.sheetName.toLowerCase() !== this.name.toLowerCase())
    ) {
      throw this.execution.exception('Range not found');
    }
    const startRow = parsed.startRow ?? 1;
    const startColumn = parsed.startColumn ?? 1;
    const endRow = parsed.endRow ?? this.grid.rows.max;
    const endColumn = parsed.endColumn ?? this.grid.columns.max;
    const top = Math.min(startRow, endRow);
    const left = Math.min(startColumn, endColumn);
    return new FakeRange(
      this,
      top,
      left,
      Math.abs(endRow - startRow) + 1,
      Math.abs(endColumn - startColumn) + 1,
    );
  }

  getDataRange(): FakeRange {
    this.count('getDataRange');
    return new FakeRange(this, 1, 1, Math.max(1, this.grid.lastRow()), Math.max(1, this.grid.lastColumn()));
  }

  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): CellValue[][] {
    const rows = numRows === -1 ? this.grid.lastRow() - startRow + 1 : numRows;
    const columns = numColumns === -1 ? this.grid.lastColumn() - startColumn + 1 : numColumns;
    return this.getRange(startRow, startColumn, Math.max(1, rows), Math.max(1, columns)).getValues();
  }

  /** Internal: a Range over an anchored area. */
  rangeOfArea(area: AnchoredArea): FakeRange {
    return new FakeRange(
      this,
      area.row,
      area.column,
      Math.max(1, area.numRows),
      Math.max(1, area.numColumns),
    );
  }

  /** Internal: the whole sheet as a range (what a sheet protection reports). */
  wholeSheetRange(): FakeRange {
    return new FakeRange(this, 1, 1, this.grid.rows.max, this.grid.columns.max);
  }

  /** Internal: an area that follows this sheet's inserted and deleted rows and columns. */
  anchor(range: FakeRange): AnchoredArea {
    const area = new AnchoredArea(range.row, range.column, range.numRows, range.numColumns);
    range.getSheet().grid.anchors.add(area);
    return area;
  }

  /** Internal: the value a formula cell reports until the test says otherwise. */
  evaluateFormula(formula: string, row: number, column: number): CellValue {
    return this.spreadsheet.evaluateFormula(formula, { sheetName: this.name, row, column });
  }

  // ---- size -----------------------------------------------------------------------------------------------

  getLastRow(): number {
    this.count('getLastRow');
    return this.grid.lastRow();
  }
  getLastColumn(): number {
    this.count('getLastColumn');
    return this.grid.lastColumn();
  }
  getMaxRows(): number {
    return this.grid.rows.max;
  }
  getMaxColumns(): number {
    return this.grid.columns.max;
  }

  appendRow(rowContents: unknown[]): this {
    this.refuse('appendRow');
    if (!Array.isArray(rowContents)) {
      throw this.execution.exception(
        "The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.appendRow.",
      );
    }
    for (const value of rowContents) {
      if (typeof value === 'string' && value.length > MAX_CELL_CHARACTERS) {
        throw this.execution.exception(
          `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
        );
      }
    }
    const row = this.grid.lastRow() + 1;
    this.grid.growTo(row, rowContents.length);
    const timeZone = this.spreadsheet.getSpreadsheetTimeZone();
    rowContents.forEach((raw, index) => {
      const cell = this.grid.ensure(row, index + 1);
      const interpreted = interpretWrittenValue(raw, cell.format.numberFormat ?? AUTOMATIC_FORMAT, timeZone);
      cell.formula = interpreted.formula;
      cell.value = interpreted.formula
        ? this.evaluateFormula(interpreted.formula, row, index + 1)
        : interpreted.value;
      if (interpreted.impliedFormat && cell.format.numberFormat === undefined) {
        cell.format.numberFormat = interpreted.impliedFormat;
      }
    });
    return this;
  }

  private checkRowSpan(position: number, howMany: number, inclusiveOfMax: boolean): void {
    const limit = this.grid.rows.max + (inclusiveOfMax ? 0 : 1);
    if (
      !Number.isInteger(position) ||
      !Number.isInteger(howMany) ||
      position < 1 ||
      howMany < 1 ||
      position > limit
    ) {
      throw this.execution.exception('Those rows are out of bounds.');
    }
  }

  private checkColumnSpan(position: number, howMany: number, inclusiveOfMax: boolean): void {
    const limit = this.grid.columns.max + (inclusiveOfMax ? 0 : 1);
    if (
      !Number.isInteger(position) ||
      !Number.isInteger(howMany) ||
      position < 1 ||
      howMany < 1 ||
      position > limit
    ) {
      throw this.execution.exception('Those columns are out of bounds.');
    }
  }

  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.refuse('insertRowsAfter');
    this.checkRowSpan(afterPosition, howMany, true);
    this.grid.insertRows(afterPosition + 1, howMany);
    return this;
  }
  insertRowAfter(afterPosition: number): this {
    return this.insertRowsAfter(afterPosition, 1);
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    this.refuse('insertRowsBefore');
    this.checkRowSpan(beforePosition, howMany, true);
    this.grid.insertRows(beforePosition, howMany);
    return this;
  }
  insertRowBefore(beforePosition: number): this {
    return this.insertRowsBefore(beforePosition, 1);
  }
  insertRows(rowIndex: number, numRows = 1): void {
    this.insertRowsBefore(rowIndex, numRows);
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.refuse('deleteRows');
    this.checkRowSpan(rowPosition, howMany, true);
    if (rowPosition + howMany - 1 > this.grid.rows.max)
      throw this.execution.exception('Those rows are out of bounds.');
    if (howMany >= this.grid.rows.max - this.frozenRows) {
      throw this.execution.exception('Sorry, it is not possible to delete all non-frozen rows.');
    }
    this.grid.deleteRows(rowPosition, howMany);
  }
  deleteRow(rowPosition: number): this {
    this.deleteRows(rowPosition, 1);
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.refuse('insertColumnsAfter');
    this.checkColumnSpan(afterPosition, howMany, true);
    this.grid.insertColumns(afterPosition + 1, howMany);
    return this;
  }
  insertColumnAfter(afterPosition: number): this {
    return this.insertColumnsAfter(afterPosition, 1);
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    this.refuse('insertColumnsBefore');
    this.checkColumnSpan(beforePosition, howMany, true);
    this.grid.insertColumns(beforePosition, howMany);
    return this;
  }
  insertColumnBefore(beforePosition: number): this {
    return this.insertColumnsBefore(beforePosition, 1);
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.refuse('deleteColumns');
    this.checkColumnSpan(columnPosition, howMany, true);
    if (columnPosition + howMany - 1 > this.grid.columns.max) {
      throw this.execution.exception('Those columns are out of bounds.');
    }
    if (howMany >= this.grid.columns.max - this.frozenColumns) {
      throw this.execution.exception('Sorry, it is not possible to delete all non-frozen columns.');
    }
    this.grid.deleteColumns(columnPosition, howMany);
  }
  deleteColumn(columnPosition: number): this {
    this.deleteColumns(columnPosition, 1);
    return this;
  }

  // ---- clearing -------------------------------------------------------------------------------------------

  clear(options?: ClearOptions): this {
    this.refuse('clear');
    this.wholeSheetRange().clear(options);
    return this;
  }
  clearContents(): this {
    this.refuse('clearContents');
    this.wholeSheetRange().clearContent();
    return this;
  }
  clearFormats(): this {
    this.refuse('clearFormats');
    this.wholeSheetRange().clearFormat();
    return this;
  }
  clearNotes(): this {
    this.refuse('clearNotes');
    this.wholeSheetRange().clearNote();
    return this;
  }

  // ---- visibility, freezing, sizes ------------------------------------------------------------------------

  private setHidden(axis: AxisState, first: number, count: number, hidden: boolean): void {
    for (let index = first; index < first + count; index++) {
      if (hidden) axis.hidden.add(index);
      else axis.hidden.delete(index);
    }
  }

  hideColumns(columnIndex: number, numColumns = 1): void {
    this.refuse('hideColumns');
    this.checkColumnSpan(columnIndex, numColumns, true);
    this.setHidden(this.grid.columns, columnIndex, numColumns, true);
  }
  showColumns(columnIndex: number, numColumns = 1): void {
    this.refuse('showColumns');
    this.setHidden(this.grid.columns, columnIndex, numColumns, false);
  }
  hideColumn(range: FakeRange): void {
    this.hideColumns(range.getColumn(), range.getNumColumns());
  }
  unhideColumn(range: FakeRange): void {
    this.showColumns(range.getColumn(), range.getNumColumns());
  }
  isColumnHiddenByUser(columnPosition: number): boolean {
    return this.grid.columns.hidden.has(columnPosition);
  }

  hideRows(rowIndex: number, numRows = 1): void {
    this.refuse('hideRows');
    this.checkRowSpan(rowIndex, numRows, true);
    this.setHidden(this.grid.rows, rowIndex, numRows, true);
  }
  showRows(rowIndex: number, numRows = 1): void {
    this.refuse('showRows');
    this.setHidden(this.grid.rows, rowIndex, numRows, false);
  }
  hideRow(range: FakeRange): void {
    this.hideRows(range.getRow(), range.getNumRows());
  }
  unhideRow(range: FakeRange): void {
    this.showRows(range.getRow(), range.getNumRows());
  }
  isRowHiddenByUser(rowPosition: number): boolean {
    return this.grid.rows.hidden.has(rowPosition);
  }
  isRowHiddenByFilter(rowPosition: number): boolean {
    return filterOfSheet(this)?.hidesRow(rowPosition) ?? false;
  }
  getFilter(): FakeFilter | null {
    return filterOfSheet(this);
  }
  createDeveloperMetadataFinder(): ReturnType<typeof metadataFinder> {
    return metadataFinder(this.execution, this);
  }
  hideSheet(): this {
    this.refuse('hideSheet');
    this.spreadsheet.checkCanHide(this);
    this.hidden = true;
    return this;
  }
  showSheet(): this {
    this.refuse('showSheet');
    this.hidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    return this.hidden;
  }

  setFrozenRows(rows: number): void {
    this.refuse('setFrozenRows');
    if (rows < 0 || rows >= this.grid.rows.max)
      throw this.execution.exception('Those rows are out of bounds.');
    this.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    this.refuse('setFrozenColumns');
    if (columns < 0 || columns >= this.grid.columns.max) {
      throw this.execution.exception('Those columns are out of bounds.');
    }
    this.frozenColumns = columns;
  }
  getFrozenColumns(): number {
    return this.frozenColumns;
  }

  setColumnWidth(columnPosition: number, width: number): this {
    this.refuse('setColumnWidth');
    this.grid.columns.sizes.set(columnPosition, width);
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    this.refuse('setColumnWidths');
    for (let column = startColumn; column < startColumn + numColumns; column++)
      this.grid.columns.sizes.set(column, width);
    return this;
  }
  getColumnWidth(columnPosition: number): number {
    return this.grid.columns.sizes.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH;
  }
  autoResizeColumn(columnPosition: number): this {
    this.refuse('autoResizeColumn');
    this.grid.columns.sizes.delete(columnPosition);
    return this;
  }
  autoResizeColumns(startColumn: number, numColumns: number): this {
    this.refuse('autoResizeColumns');
    for (let column = startColumn; column < startColumn + numColumns; column++)
      this.grid.columns.sizes.delete(column);
    return this;
  }
  setRowHeight(rowPosition: number, height: number): this {
    this.refuse('setRowHeight');
    this.grid.rows.sizes.set(rowPosition, height);
    return this;
  }
  setRowHeights(startRow: number, numRows: number, height: number): this {
    this.refuse('setRowHeights');
    for (let row = startRow; row < startRow + numRows; row++) this.grid.rows.sizes.set(row, height);
    return this;
  }
  getRowHeight(rowPosition: number): number {
    return this.grid.rows.sizes.get(rowPosition) ?? DEFAULT_ROW_HEIGHT;
  }

  setTabColor(color: string | null): this {
    this.refuse('setTabColor');
    this.tabColor = color;
    return this;
  }
  getTabColor(): string | null {
    return this.tabColor;
  }

  // ---- row groups -----------------------------------------------------------------------------------------

  getRowGroupDepth(rowIndex: number): number {
    return this.grid.rows.groupDepth.get(rowIndex) ?? 0;
  }
  getColumnGroupDepth(columnIndex: number): number {
    return this.grid.columns.groupDepth.get(columnIndex) ?? 0;
  }

  /** The group of rows at `groupDepth` that contains `rowIndex` or whose control toggle sits on it. */
  getRowGroup(rowIndex: number, groupDepth: number): FakeGroup | null {
    const depthOf = (row: number) => this.grid.rows.groupDepth.get(row) ?? 0;
    const controlOffset = this.rowGroupControlPosition === 'AFTER' ? -1 : 1;
    const start = depthOf(rowIndex) >= groupDepth ? rowIndex : rowIndex + controlOffset;
    if (groupDepth < 1 || start < 1 || depthOf(start) < groupDepth) return null;
    let first = start;
    while (first > 1 && depthOf(first - 1) >= groupDepth) first -= 1;
    let last = start;
    while (last < this.grid.rows.max && depthOf(last + 1) >= groupDepth) last += 1;
    return new FakeGroup(this, first, last, groupDepth);
  }

  setRowGroupControlPosition(position: 'BEFORE' | 'AFTER'): this {
    this.refuse('setRowGroupControlPosition');
    this.rowGroupControlPosition = String(position) === 'BEFORE' ? 'BEFORE' : 'AFTER';
    return this;
  }
  getRowGroupControlPosition(): 'BEFORE' | 'AFTER' {
    return this.rowGroupControlPosition;
  }
  expandAllRowGroups(): this {
    this.grid.rows.collapsed.clear();
    return this;
  }
  collapseAllRowGroups(): this {
    for (const row of this.grid.rows.groupDepth.keys()) this.grid.rows.collapsed.add(row);
    return this;
  }

  // ---- protections ----------------------------------------------------------------------------------------

  /** Apps Script keeps one protection per sheet: protecting a protected sheet returns the same one. */
  protect(): FakeProtection {
    this.refuse('protect');
    if (!this.sheetProtection) this.sheetProtection = new FakeProtection(this.execution, this, 'SHEET', null);
    return this.sheetProtection;
  }

  getProtections(type: 'RANGE' | 'SHEET'): FakeProtection[] {
    const kind = String(type);
    const found =
      kind === 'SHEET'
        ? this.sheetProtection
          ? [this.sheetProtection]
          : []
        : kind === 'RANGE'
          ? this.rangeProtections
          : [];
    return this.execution.bridge.array(found);
  }

  /** Internal. */
  rememberProtection(protection: FakeProtection): void {
    this.rangeProtections.push(protection);
  }

  /** Internal: Protection.remove(). */
  forgetProtection(protection: FakeProtection): void {
    if (this.sheetProtection === protection) this.sheetProtection = null;
    this.rangeProtections = this.rangeProtections.filter((candidate) => candidate !== protection);
  }

  // ---- conditional formats --------------------------------------------------------------------------------

  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    this.refuse('setConditionalFormatRules');
    this.conditionalRules = [...rules];
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    return this.execution.bridge.array(this.conditionalRules);
  }
  clearConditionalFormatRules(): void {
    this.refuse('clearConditionalFormatRules');
    this.conditionalRules = [];
  }

  // ---- charts ---------------------------------------------------------------------------------------------

  newChart(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.execution, this);
  }
  insertChart(chart: FakeEmbeddedChart): void {
    this.refuse('insertChart');
    if (chart.chartId !== null && this.charts.some((existing) => existing.chartId === chart.chartId)) {
      throw this.execution.exception('The chart is already on the sheet.');
    }
    chart.chartId = this.spreadsheet.nextChartId();
    chart.anchorRanges();
    this.charts.push(chart);
  }
  updateChart(chart: FakeEmbeddedChart): void {
    this.refuse('updateChart');
    const index = this.charts.findIndex((existing) => existing.chartId === chart.chartId);
    if (index < 0) throw this.execution.exception('The chart does not exist on the sheet.');
    chart.anchorRanges();
    this.charts[index] = chart;
  }
  removeChart(chart: FakeEmbeddedChart): void {
    this.refuse('removeChart');
    this.charts = this.charts.filter((existing) => existing.chartId !== chart.chartId);
  }
  getCharts(): FakeEmbeddedChart[] {
    return this.execution.bridge.array(this.charts);
  }

  // ---- selection ------------------------------------------------------------------------------------------

  getActiveRange(): FakeRange | null {
    return this.spreadsheet.getActiveSheet() === this ? this.spreadsheet.getActiveRange() : null;
  }
  getActiveCell(): FakeRange {
    const active = this.getActiveRange();
    return active ? active.getCell(1, 1) : new FakeRange(this, 1, 1, 1, 1);
  }
  setActiveRange(range: FakeRange): FakeRange {
    return this.spreadsheet.setActiveRange(range);
  }
  setActiveSelection(selection: string | FakeRange): FakeRange {
    const range = typeof selection === 'string' ? this.getRange(selection) : selection;
    return this.spreadsheet.setActiveRange(range);
  }

  getNamedRanges(): ReturnType<FakeSpreadsheet['getNamedRanges']> {
    return this.execution.bridge.array(
      this.spreadsheet.getNamedRanges().filter((named) => named.getRange().getSheet() === this),
    );
  }

  /** Internal, for the inspector. */
  state(): {
    frozenRows: number;
    frozenColumns: number;
    conditionalRules: readonly FakeConditionalFormatRule[];
    charts: readonly FakeEmbeddedChart[];
    protections: readonly FakeProtection[];
  } {
    return {
      frozenRows: this.frozenRows,
      frozenColumns: this.frozenColumns,
      conditionalRules: this.conditionalRules,
      charts: this.charts,
      protections: [...(this.sheetProtection ? [this.sheetProtection] : []), ...this.rangeProtections],
    };
  }
}
