// Owns Range: a fixed rectangle on one sheet (a Range object does not move when rows are inserted, as in
// Apps Script). Reads and writes go through 2-D arrays with Apps Script's dimension checks and value
// semantics (see cell-values.ts); every call is counted per sheet. Formula cells hold their formula text;
// getValues on them returns the result the test set (inspector.setFormulaResult, or the environment's
// evaluateFormula option) and '' otherwise — nothing is calculated.
import { areaToA1, type GridArea } from './a1.js';
import {
  AUTOMATIC_FORMAT,
  type CellValue,
  displayValue,
  interpretWrittenValue,
  MAX_CELL_CHARACTERS,
  readValue,
} from './cell-values.js';
import type { Execution } from './execution.js';
import { type Cell, type CellFormat, DEFAULT_FORMAT } from './grid.js';
import { FakeProtection } from './protection.js';
import { isDateValue } from './realm.js';
import { type FakeDataValidation, normalizeColor } from './rules.js';
import type { FakeSheet } from './sheet.js';
import {
  addRangeMetadata,
  columnMetadata,
  createFilter,
  type FakeDeveloperMetadata,
  type FakeFilter,
  metadataLocationOf,
  rowMetadata,
  sortRange,
} from './sheet-extras.js';

const MAX_GROUP_DEPTH = 8;

function describeArgument(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (Array.isArray(first)) return 'Object[][]';
    return `${typeof first === 'number' ? 'number' : typeof first === 'string' ? 'String' : 'Object'}[]`;
  }
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Object';
}

export interface ClearOptions {
  commentsOnly?: boolean;
  contentsOnly?: boolean;
  formatOnly?: boolean;
  validationsOnly?: boolean;
  skipFilteredRows?: boolean;
}

export class FakeRange {
  private readonly execution: Execution;

  constructor(
    private readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    this.execution = sheet.execution;
  }

  // ---- bookkeeping ----------------------------------------------------------------------------------------

  private count(method: string): void {
    this.execution.counters.count(`Range.${method}`, this.sheet.getName());
  }

  private get timeZone(): string {
    return this.sheet.getParent().getSpreadsheetTimeZone();
  }

  private cellAt(rowOffset: number, columnOffset: number): Cell | undefined {
    return this.sheet.grid.get(this.row + rowOffset, this.column + columnOffset);
  }

  private ensureCell(rowOffset: number, columnOffset: number): Cell {
    return this.sheet.grid.ensure(this.row + rowOffset, this.column + columnOffset);
  }

  private read<T>(project: (cell: Cell | undefined) => T): T[][] {
    const rows: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const values: T[] = [];
      for (let c = 0; c < this.numColumns; c++) values.push(project(this.cellAt(r, c)));
      rows.push(values);
    }
    return this.execution.bridge.grid(rows);
  }

  private readFirst<T>(project: (cell: Cell | undefined) => T): T {
    return project(this.cellAt(0, 0));
  }

  /** Every mutation: refused in custom functions, and grows the sheet when the range reaches past it. */
  private beginWrite(method: string): void {
    this.execution.refuseInCustomFunction(method);
    this.count(method);
    this.sheet.grid.growTo(this.row + this.numRows - 1, this.column + this.numColumns - 1);
  }

  private checkGrid(data: unknown, method: string): unknown[][] {
    if (!Array.isArray(data) || data.some((row) => !Array.isArray(row))) {
      throw this.execution.exception(
        `The parameters (${describeArgument(data)}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
      );
    }
    const rows = data as unknown[][];
    if (rows.length !== this.numRows) {
      throw this.execution.exception(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.numRows}.`,
      );
    }
    for (const row of rows) {
      if (row.length !== this.numColumns) {
        throw this.execution.exception(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`,
        );
      }
    }
    return rows;
  }

  private writeEach(
    method: string,
    apply: (cell: Cell, rowOffset: number, columnOffset: number) => void,
  ): this {
    this.beginWrite(method);
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) apply(this.ensureCell(r, c), r, c);
    }
    return this;
  }

  /** Clearing touches only cells that exist: clearing a whole sheet must not materialise 26,000 cells. */
  private clearEach(method: string, apply: (cell: Cell) => void): this {
    this.execution.refuseInCustomFunction(method);
    this.count(method);
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) {
        const cell = this.cellAt(r, c);
        if (cell) apply(cell);
      }
    }
    return this;
  }

  private writeGrid<T>(method: string, data: unknown, apply: (cell: Cell, value: T) => void): this {
    const rows = this.checkGrid(data, method);
    return this.writeEach(method, (cell, r, c) => apply(cell, rows[r]?.[c] as T));
  }

  private formatOf(cell: Cell | undefined): CellFormat {
    return { ...DEFAULT_FORMAT, ...(cell?.format ?? {}) };
  }

  private valueOf(cell: Cell | undefined): CellValue {
    if (!cell) return '';
    return readValue(cell.value, this.formatOf(cell).numberFormat, this.timeZone);
  }

  private storeValue(cell: Cell, raw: unknown, rowOffset: number, columnOffset: number): void {
    const format = this.formatOf(cell).numberFormat;
    const interpreted = interpretWrittenValue(raw, format, this.timeZone);
    cell.formula = interpreted.formula;
    cell.value = interpreted.formula
      ? this.sheet.evaluateFormula(interpreted.formula, this.row + rowOffset, this.column + columnOffset)
      : interpreted.value;
    if (interpreted.impliedFormat && format === AUTOMATIC_FORMAT)
      cell.format.numberFormat = interpreted.impliedFormat;
  }

  private checkCellSizes(values: unknown[]): void {
    for (const value of values) {
      if (typeof value === 'string' && value.length > MAX_CELL_CHARACTERS) {
        throw this.execution.exception(
          `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
        );
      }
    }
  }

  // ---- geometry -------------------------------------------------------------------------------------------

  getSheet(): FakeSheet {
    return this.sheet;
  }
  getRow(): number {
    return this.row;
  }
  getRowIndex(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  getHeight(): number {
    return this.numRows;
  }
  getWidth(): number {
    return this.numColumns;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }
  getGridId(): number {
    return this.sheet.getSheetId();
  }
  getA1Notation(): string {
    return areaToA1(this.area());
  }
  /** Test helper (not Apps Script). */
  area(): GridArea {
    return { row: this.row, column: this.column, numRows: this.numRows, numColumns: this.numColumns };
  }

  getCell(row: number, column: number): FakeRange {
    if (row < 1 || column < 1 || row > this.numRows || column > this.numColumns) {
      throw this.execution.exception('Cell reference out of range');
    }
    return new FakeRange(this.sheet, this.row + row - 1, this.column + column - 1, 1, 1);
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): FakeRange {
    return this.sheet.getRange(
      this.row + rowOffset,
      this.column + columnOffset,
      numRows ?? this.numRows,
      numColumns ?? this.numColumns,
    );
  }

  isBlank(): boolean {
    this.count('isBlank');
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) {
        const cell = this.cellAt(r, c);
        if (cell && (cell.value !== '' || cell.formula !== '')) return false;
      }
    }
    return true;
  }

  activate(): this {
    this.sheet.getParent().setActiveRange(this);
    return this;
  }

  activateAsCurrentCell(): this {
    return this.activate();
  }

  canEdit(): boolean {
    return true;
  }

  // ---- values ---------------------------------------------------------------------------------------------

  getValues(): CellValue[][] {
    this.count('getValues');
    return this.read((cell) => this.valueOf(cell));
  }

  getValue(): CellValue {
    this.count('getValue');
    const value = this.readFirst((cell) => this.valueOf(cell));
    return isDateValue(value) ? this.execution.bridge.date(value) : value;
  }

  getDisplayValues(): string[][] {
    this.count('getDisplayValues');
    return this.read((cell) =>
      cell ? displayValue(cell.value, this.formatOf(cell).numberFormat, this.timeZone) : '',
    );
  }

  getDisplayValue(): string {
    this.count('getDisplayValue');
    return this.readFirst((cell) =>
      cell ? displayValue(cell.value, this.formatOf(cell).numberFormat, this.timeZone) : '',
    );
  }

  setValues(values: unknown[][]): this {
    const rows = this.checkGrid(values, 'setValues');
    this.checkCellSizes(rows.flat());
    return this.writeEach('setValues', (cell, r, c) => this.storeValue(cell, rows[r]?.[c], r, c));
  }

  setValue(value: unknown): this {
    this.checkCellSizes([value]);
    return this.writeEach('setValue', (cell, r, c) => this.storeValue(cell, value, r, c));
  }

  getFormulas(): string[][] {
    this.count('getFormulas');
    return this.read((cell) => cell?.formula ?? '');
  }

  getFormula(): string {
    this.count('getFormula');
    return this.readFirst((cell) => cell?.formula ?? '');
  }

  setFormula(formula: string): this {
    return this.writeEach('setFormula', (cell, r, c) => {
      const text = String(formula);
      cell.formula = text;
      cell.value = this.sheet.evaluateFormula(text, this.row + r, this.column + c);
    });
  }

  setFormulas(formulas: string[][]): this {
    const rows = this.checkGrid(formulas, 'setFormulas');
    return this.writeEach('setFormulas', (cell, r, c) => {
      const text = String(rows[r]?.[c] ?? '');
      cell.formula = text;
      cell.value = text === '' ? '' : this.sheet.evaluateFormula(text, this.row + r, this.column + c);
    });
  }

  // ---- notes ----------------------------------------------------------------------------------------------

  getNotes(): string[][] {
    this.count('getNotes');
    return this.read((cell) => cell?.note ?? '');
  }

  getNote(): string {
    this.count('getNote');
    return this.readFirst((cell) => cell?.note ?? '');
  }

  setNote(note: string | null): this {
    return this.writeEach('setNote', (cell) => {
      cell.note = note === null || note === undefined ? '' : String(note);
    });
  }

  setNotes(notes: (string | null)[][]): this {
    return this.writeGrid<string | null>('setNotes', notes, (cell, note) => {
      cell.note = note === null || note === undefined ? '' : String(note);
    });
  }

  clearNote(): this {
    return this.clearEach('clearNote', (cell) => {
      cell.note = '';
    });
  }

  // ---- formats --------------------------------------------------------------------------------------------

  private getFormats<K extends keyof CellFormat>(method: string, key: K): CellFormat[K][][] {
    this.count(method);
    return this.read((cell) => this.formatOf(cell)[key]);
  }

  private getFormat<K extends keyof CellFormat>(method: string, key: K): CellFormat[K] {
    this.count(method);
    return this.readFirst((cell) => this.formatOf(cell)[key]);
  }

  private setFormat<K extends keyof CellFormat>(method: string, key: K, value: CellFormat[K] | null): this {
    return this.writeEach(method, (cell) => {
      if (value === null || value === undefined) delete cell.format[key];
      else cell.format[key] = value;
    });
  }

  private setFormatGrid<K extends keyof CellFormat>(
    method: string,
    key: K,
    data: unknown,
    convert: (value: unknown) => CellFormat[K],
  ): this {
    return this.writeGrid<unknown>(method, data, (cell, value) => {
      if (value === null || value === undefined) delete cell.format[key];
      else cell.format[key] = convert(value);
    });
  }

  getBackground(): string {
    return this.getFormat('getBackground', 'background');
  }
  getBackgrounds(): string[][] {
    return this.getFormats('getBackgrounds', 'background');
  }
  setBackground(color: string | null): this {
    return this.setFormat('setBackground', 'background', color === null ? null : normalizeColor(color));
  }
  setBackgrounds(colors: (string | null)[][]): this {
    return this.setFormatGrid('setBackgrounds', 'background', colors, (value) =>
      normalizeColor(String(value)),
    );
  }
  setBackgroundRGB(red: number, green: number, blue: number): this {
    const hex = [red, green, blue].map((channel) => channel.toString(16).padStart(2, '0')).join('');
    return this.setFormat('setBackgroundRGB', 'background', `#${hex}`);
  }

  getFontWeight(): string {
    return this.getFormat('getFontWeight', 'fontWeight');
  }
  getFontWeights(): string[][] {
    return this.getFormats('getFontWeights', 'fontWeight');
  }
  setFontWeight(fontWeight: string | null): this {
    return this.setFormat('setFontWeight', 'fontWeight', fontWeight);
  }
  setFontWeights(fontWeights: (string | null)[][]): this {
    return this.setFormatGrid('setFontWeights', 'fontWeight', fontWeights, String);
  }

  getFontColor(): string {
    return this.getFormat('getFontColor', 'fontColor');
  }
  getFontColors(): string[][] {
    return this.getFormats('getFontColors', 'fontColor');
  }
  setFontColor(color: string | null): this {
    return this.setFormat('setFontColor', 'fontColor', color === null ? null : normalizeColor(color));
  }
  setFontColors(colors: (string | null)[][]): this {
    return this.setFormatGrid('setFontColors', 'fontColor', colors, (value) => normalizeColor(String(value)));
  }

  getFontStyle(): string {
    return this.getFormat('getFontStyle', 'fontStyle');
  }
  getFontStyles(): string[][] {
    return this.getFormats('getFontStyles', 'fontStyle');
  }
  setFontStyle(fontStyle: string | null): this {
    return this.setFormat('setFontStyle', 'fontStyle', fontStyle);
  }
  setFontStyles(fontStyles: (string | null)[][]): this {
    return this.setFormatGrid('setFontStyles', 'fontStyle', fontStyles, String);
  }

  getFontSize(): number {
    return this.getFormat('getFontSize', 'fontSize');
  }
  setFontSize(size: number): this {
    return this.setFormat('setFontSize', 'fontSize', size);
  }
  getFontFamily(): string {
    return this.getFormat('getFontFamily', 'fontFamily');
  }
  setFontFamily(fontFamily: string | null): this {
    return this.setFormat('setFontFamily', 'fontFamily', fontFamily);
  }

  getHorizontalAlignment(): string {
    return this.getFormat('getHorizontalAlignment', 'horizontalAlignment');
  }
  getHorizontalAlignments(): string[][] {
    return this.getFormats('getHorizontalAlignments', 'horizontalAlignment');
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.setFormat('setHorizontalAlignment', 'horizontalAlignment', alignment);
  }
  setHorizontalAlignments(alignments: (string | null)[][]): this {
    return this.setFormatGrid('setHorizontalAlignments', 'horizontalAlignment', alignments, String);
  }
  getVerticalAlignment(): string {
    return this.getFormat('getVerticalAlignment', 'verticalAlignment');
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.setFormat('setVerticalAlignment', 'verticalAlignment', alignment);
  }

  getWrap(): boolean {
    return this.getFormat('getWrap', 'wrap');
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.setFormat('setWrap', 'wrap', isWrapEnabled);
  }
  setWraps(wraps: boolean[][]): this {
    return this.setFormatGrid('setWraps', 'wrap', wraps, Boolean);
  }
  setWrapStrategy(strategy: string): this {
    return this.setFormat('setWrapStrategy', 'wrap', String(strategy) === 'WRAP');
  }

  getNumberFormat(): string {
    return this.getFormat('getNumberFormat', 'numberFormat');
  }
  getNumberFormats(): string[][] {
    return this.getFormats('getNumberFormats', 'numberFormat');
  }
  setNumberFormat(numberFormat: string): this {
    return this.setFormat('setNumberFormat', 'numberFormat', String(numberFormat));
  }
  setNumberFormats(numberFormats: string[][]): this {
    return this.setFormatGrid('setNumberFormats', 'numberFormat', numberFormats, String);
  }

  /** Borders are accepted and counted; nothing reads them back in the add-on. */
  setBorder(..._args: unknown[]): this {
    return this.writeEach('setBorder', () => undefined);
  }

  clearFormat(): this {
    return this.clearEach('clearFormat', (cell) => {
      cell.format = {};
    });
  }

  // ---- data validation ------------------------------------------------------------------------------------

  getDataValidation(): FakeDataValidation | null {
    this.count('getDataValidation');
    return this.readFirst((cell) => cell?.validation ?? null);
  }

  getDataValidations(): (FakeDataValidation | null)[][] {
    this.count('getDataValidations');
    return this.read((cell) => cell?.validation ?? null);
  }

  setDataValidation(rule: FakeDataValidation | null): this {
    return this.writeEach('setDataValidation', (cell) => {
      cell.validation = rule ?? null;
    });
  }

  setDataValidations(rules: (FakeDataValidation | null)[][]): this {
    return this.writeGrid<FakeDataValidation | null>('setDataValidations', rules, (cell, rule) => {
      cell.validation = rule ?? null;
    });
  }

  clearDataValidations(): this {
    return this.clearEach('clearDataValidations', (cell) => {
      cell.validation = null;
    });
  }

  /** Like Apps Script: a checkbox rule on every cell, and every cell set to false. */
  insertCheckboxes(): this {
    const rule = this.sheet.getParent().checkboxRule();
    return this.writeEach('insertCheckboxes', (cell) => {
      cell.validation = rule;
      cell.value = false;
      cell.formula = '';
    });
  }

  removeCheckboxes(): this {
    return this.clearEach('removeCheckboxes', (cell) => {
      if (cell.validation?.criteriaType !== 'CHECKBOX') return;
      cell.validation = null;
      cell.value = '';
    });
  }

  // ---- clearing -------------------------------------------------------------------------------------------

  clear(options?: ClearOptions): this {
    const selective =
      options !== undefined &&
      (options.commentsOnly || options.contentsOnly || options.formatOnly || options.validationsOnly);
    return this.clearEach('clear', (cell) => {
      if (!selective || options?.contentsOnly) {
        cell.value = '';
        cell.formula = '';
      }
      if (!selective || options?.formatOnly) cell.format = {};
      if (!selective || options?.validationsOnly) cell.validation = null;
      if (!selective || options?.commentsOnly) cell.note = '';
    });
  }

  clearContent(): this {
    return this.clearEach('clearContent', (cell) => {
      cell.value = '';
      cell.formula = '';
    });
  }

  // ---- groups and protection ------------------------------------------------------------------------------

  shiftRowGroupDepth(delta: number): this {
    return this.shiftGroupDepth('shiftRowGroupDepth', 'rows', delta);
  }

  shiftColumnGroupDepth(delta: number): this {
    return this.shiftGroupDepth('shiftColumnGroupDepth', 'columns', delta);
  }

  private shiftGroupDepth(method: string, axis: 'rows' | 'columns', delta: number): this {
    this.execution.refuseInCustomFunction(method);
    this.count(method);
    const state = axis === 'rows' ? this.sheet.grid.rows : this.sheet.grid.columns;
    const first = axis === 'rows' ? this.row : this.column;
    const size = axis === 'rows' ? this.numRows : this.numColumns;
    for (let index = first; index < first + size; index++) {
      const depth = Math.min(MAX_GROUP_DEPTH, Math.max(0, (state.groupDepth.get(index) ?? 0) + delta));
      if (depth === 0) state.groupDepth.delete(index);
      else state.groupDepth.set(index, depth);
    }
    return this;
  }

  collapseGroups(): this {
    this.count('collapseGroups');
    for (let index = this.row; index < this.row + this.numRows; index++)
      this.sheet.grid.rows.collapsed.add(index);
    return this;
  }

  expandGroups(): this {
    this.count('expandGroups');
    for (let index = this.row; index < this.row + this.numRows; index++)
      this.sheet.grid.rows.collapsed.delete(index);
    return this;
  }

  /** Sorts the rows of this range by absolute column number(s); see sheet-extras.ts. */
  sort(sortSpecObj: unknown): this {
    this.count('sort');
    sortRange(this.execution, this.sheet, this, sortSpecObj);
    return this;
  }

  createFilter(): FakeFilter {
    this.count('createFilter');
    return createFilter(this.execution, this.sheet, this);
  }

  addDeveloperMetadata(key: string, value?: string): this {
    this.count('addDeveloperMetadata');
    addRangeMetadata(this.execution, this.sheet, this, key, value ?? null);
    return this;
  }

  /** Metadata on exactly this whole column or whole row. */
  getDeveloperMetadata(): FakeDeveloperMetadata[] {
    const location = metadataLocationOf(this.sheet, this);
    const found =
      location === 'COLUMN'
        ? columnMetadata(this.sheet, this.column)
        : location === 'ROW'
          ? rowMetadata(this.sheet, this.row)
          : [];
    return this.execution.bridge.array(found);
  }

  protect(): FakeProtection {
    this.execution.refuseInCustomFunction('protect');
    this.count('protect');
    const protection = new FakeProtection(this.execution, this.sheet, 'RANGE', this.sheet.anchor(this));
    this.sheet.rememberProtection(protection);
    return protection;
  }
}
