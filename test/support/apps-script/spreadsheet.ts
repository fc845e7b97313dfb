// Owns Spreadsheet: its sheets (names unique regardless of case, as in Sheets), the active sheet and
// selection, named ranges, protections across sheets, toasts, and the spreadsheet time zone.
import { parseA1 } from './a1.js';
import type { CellValue } from './cell-values.js';
import type { Execution } from './execution.js';
import type { AnchoredArea } from './grid.js';
import type { FakeProtection } from './protection.js';
import type { FakeRange } from './range.js';
import { type FakeDataValidation, FakeDataValidationBuilder } from './rules.js';
import { FakeSheet } from './sheet.js';
import { FakeUser } from './users.js';

export interface FormulaCell {
  sheetName: string;
  row: number;
  column: number;
}

export type FormulaEvaluator = (formula: string, cell: FormulaCell) => CellValue;

const MAX_SHEET_NAME_LENGTH = 100;

export class FakeNamedRange {
  constructor(
    private readonly spreadsheet: FakeSpreadsheet,
    private name: string,
    readonly sheet: FakeSheet,
    readonly area: AnchoredArea,
  ) {}

  getName(): string {
    return this.name;
  }
  setName(name: string): this {
    this.spreadsheet.renameNamedRange(this.name, name);
    this.name = name;
    return this;
  }
  getRange(): FakeRange {
    return this.sheet.rangeOfArea(this.area);
  }
  setRange(range: FakeRange): this {
    this.spreadsheet.setNamedRange(this.name, range);
    return this;
  }
  remove(): void {
    this.spreadsheet.removeNamedRange(this.name);
  }
}

export interface SpreadsheetOptions {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  evaluateFormula: FormulaEvaluator | undefined;
}

export class FakeSpreadsheet {
  private sheets: FakeSheet[] = [];
  /** Each person's selection: people who open the same document each have their own active sheet and range. */
  private readonly selections = new Map<string, { sheet: FakeSheet; range: FakeRange | null }>();
  private readonly firstSheet: FakeSheet;
  private readonly namedRanges = new Map<string, FakeNamedRange>();
  private nextSheetId = 0;
  private chartIds = 0;
  private name: string;
  private timeZone: string;

  constructor(
    private readonly execution: Execution,
    private readonly options: SpreadsheetOptions,
  ) {
    this.name = options.name;
    this.timeZone = options.timeZone;
    this.firstSheet = this.addSheet('Sheet1', 0);
  }

  /** The selection of the person running the script; someone who just opened the document is on a visible sheet. */
  private selection(): { sheet: FakeSheet; range: FakeRange | null } {
    const who = this.execution.userEmail;
    let selection = this.selections.get(who);
    if (selection === undefined) {
      const opened = this.sheets.includes(this.firstSheet)
        ? this.firstSheet
        : (this.sheets.find((sheet) => !sheet.isSheetHidden()) as FakeSheet);
      selection = { sheet: opened, range: null };
      this.selections.set(who, selection);
    }
    return selection;
  }

  private get activeSheet(): FakeSheet {
    return this.selection().sheet;
  }

  private addSheet(name: string, index: number): FakeSheet {
    const sheet = new FakeSheet(this.execution, this, name, this.nextSheetId);
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_000_001 : this.nextSheetId + 7919;
    this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  // ---- identity -------------------------------------------------------------------------------------------

  getId(): string {
    return this.options.id;
  }
  getName(): string {
    return this.name;
  }
  rename(newName: string): void {
    this.execution.refuseInCustomFunction('rename');
    this.name = newName;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.options.id}/edit`;
  }
  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  setSpreadsheetTimeZone(timezone: string): void {
    this.execution.refuseInCustomFunction('setSpreadsheetTimeZone');
    this.timeZone = timezone;
  }
  getSpreadsheetLocale(): string {
    return this.options.locale;
  }
  getOwner(): FakeUser {
    return new FakeUser(this.execution.userEmail);
  }
  getEditors(): FakeUser[] {
    return this.execution.bridge.array([new FakeUser(this.execution.userEmail)]);
  }

  // ---- sheets ---------------------------------------------------------------------------------------------

  getSheets(): FakeSheet[] {
    return this.execution.bridge.array(this.sheets);
  }
  getNumSheets(): number {
    return this.sheets.length;
  }
  /** Sheet names are matched without regard to case, as Sheets does. */
  getSheetByName(name: string): FakeSheet | null {
    const wanted = String(name).toLowerCase();
    return this.sheets.find((sheet) => sheet.getName().toLowerCase() === wanted) ?? null;
  }
  getSheetById(id: number): FakeSheet | null {
    return this.sheets.find((sheet) => sheet.getSheetId() === id) ?? null;
  }
  indexOf(sheet: FakeSheet): number {
    return this.sheets.indexOf(sheet);
  }

  /** Internal: Apps Script's rules for a new or renamed sheet's name. */
  checkSheetName(name: string, renaming?: FakeSheet): void {
    if (typeof name !== 'string' || name.trim() === '')
      throw this.execution.exception('Invalid argument: sheetName');
    if (name.length > MAX_SHEET_NAME_LENGTH) {
      throw this.execution.exception(
        `The sheet name cannot be longer than ${MAX_SHEET_NAME_LENGTH} characters.`,
      );
    }
    const existing = this.getSheetByName(name);
    if (existing && existing !== renaming) {
      throw this.execution.exception(
        `A sheet with the name "${name}" already exists. Please enter another name.`,
      );
    }
  }

  insertSheet(...args: unknown[]): FakeSheet {
    this.execution.refuseInCustomFunction('insertSheet');
    this.execution.counters.count('Spreadsheet.insertSheet');
    const [first, second] = args;
    const name = typeof first === 'string' ? first : this.defaultSheetName();
    const requestedIndex =
      typeof first === 'number' ? first : typeof second === 'number' ? second : this.sheets.length;
    this.checkSheetName(name);
    if (requestedIndex < 0 || requestedIndex > this.sheets.length) {
      throw this.execution.exception('Those sheet indexes are out of bounds.');
    }
    const sheet = this.addSheet(name, requestedIndex);
    this.setActiveSheet(sheet);
    return sheet;
  }

  private defaultSheetName(): string {
    let number = this.sheets.length + 1;
    while (this.getSheetByName(`Sheet${number}`)) number += 1;
    return `Sheet${number}`;
  }

  deleteSheet(sheet: FakeSheet): void {
    this.execution.refuseInCustomFunction('deleteSheet');
    const visibleOthers = this.sheets.filter(
      (candidate) => candidate !== sheet && !candidate.isSheetHidden(),
    );
    if (visibleOthers.length === 0)
      throw this.execution.exception("You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((candidate) => candidate !== sheet);
    for (const [name, named] of this.namedRanges) if (named.sheet === sheet) this.namedRanges.delete(name);
    for (const selection of this.selections.values()) {
      if (selection.sheet !== sheet) continue;
      selection.sheet = visibleOthers[0] as FakeSheet;
      selection.range = null;
    }
  }

  /** Internal: hiding the last visible sheet is refused by Sheets. */
  checkCanHide(sheet: FakeSheet): void {
    const visibleOthers = this.sheets.filter(
      (candidate) => candidate !== sheet && !candidate.isSheetHidden(),
    );
    if (visibleOthers.length === 0)
      throw this.execution.exception("You can't hide all the sheets in a document.");
  }

  getActiveSheet(): FakeSheet {
    return this.activeSheet;
  }
  setActiveSheet(sheet: FakeSheet): FakeSheet {
    const selection = this.selection();
    if (selection.sheet !== sheet) selection.range = null;
    selection.sheet = sheet;
    return sheet;
  }
  getActiveRange(): FakeRange {
    const selection = this.selection();
    return selection.range ?? selection.sheet.getRange(1, 1);
  }
  setActiveRange(range: FakeRange): FakeRange {
    const selection = this.selection();
    selection.sheet = range.getSheet();
    selection.range = range;
    return range;
  }
  getActiveCell(): FakeRange {
    return this.getActiveRange().getCell(1, 1);
  }
  getCurrentCell(): FakeRange {
    return this.getActiveCell();
  }

  /** "Sheet!A1:B2", or A1 on the active sheet. */
  getRange(a1Notation: string): FakeRange {
    const parsed = parseA1(a1Notation);
    const sheet = parsed?.sheetName ? this.getSheetByName(parsed.sheetName) : this.activeSheet;
    if (!parsed || !sheet) throw this.execution.exception('Range not found');
    return sheet.getRange(a1Notation);
  }

  // Spreadsheet-level shortcuts that act on the active sheet, as in Apps Script.
  getDataRange(): FakeRange {
    return this.activeSheet.getDataRange();
  }
  getLastRow(): number {
    return this.activeSheet.getLastRow();
  }
  getLastColumn(): number {
    return this.activeSheet.getLastColumn();
  }
  appendRow(rowContents: unknown[]): FakeSheet {
    return this.activeSheet.appendRow(rowContents);
  }

  // ---- named ranges ---------------------------------------------------------------------------------------

  setNamedRange(name: string, range: FakeRange): void {
    this.execution.refuseInCustomFunction('setNamedRange');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || parseA1(name) !== null || /^(true|false)$/i.test(name)) {
      throw this.execution.exception(`Invalid argument: name`);
    }
    const sheet = range.getSheet();
    this.namedRanges.set(name, new FakeNamedRange(this, name, sheet, sheet.anchor(range)));
  }
  getRangeByName(name: string): FakeRange | null {
    const named = this.namedRanges.get(name);
    return named?.area.valid ? named.getRange() : null;
  }
  getNamedRanges(): FakeNamedRange[] {
    return this.execution.bridge.array([...this.namedRanges.values()].filter((named) => named.area.valid));
  }
  removeNamedRange(name: string): void {
    this.execution.refuseInCustomFunction('removeNamedRange');
    if (!this.namedRanges.delete(name)) throw this.execution.exception(`Invalid argument: name`);
  }
  /** Internal: NamedRange.setName(). */
  renameNamedRange(from: string, to: string): void {
    const named = this.namedRanges.get(from);
    if (!named) return;
    this.namedRanges.delete(from);
    this.namedRanges.set(to, named);
  }

  // ---- everything else ------------------------------------------------------------------------------------

  getProtections(type: 'RANGE' | 'SHEET'): FakeProtection[] {
    return this.execution.bridge.array(this.sheets.flatMap((sheet) => sheet.getProtections(type)));
  }

  toast(message: string, title?: string, timeoutSeconds?: number): void {
    // The toast shows to the person whose script made it.
    this.execution.current.toast(
      String(message),
      title === undefined ? '' : String(title),
      timeoutSeconds ?? 5,
    );
  }

  /** Internal. */
  nextChartId(): number {
    this.chartIds += 1;
    return this.chartIds;
  }

  /** Internal: the value a newly written formula reports (the test's evaluator, or ''). */
  evaluateFormula(formula: string, cell: { sheetName: string; row: number; column: number }): CellValue {
    return this.options.evaluateFormula ? this.options.evaluateFormula(formula, cell) : '';
  }

  /** Internal: the rule Range.insertCheckboxes() applies. */
  checkboxRule(): FakeDataValidation {
    return new FakeDataValidationBuilder(this.execution).requireCheckbox().build();
  }
}
