/// <reference types="google-apps-script" />
// Owns SpreadsheetApp for the add-on: applying a SheetPlan (one setValues per block, one call per format
// kind, then widths, rules, charts, protections, groups) and reading a block back with one getValues.
// Everything the sheets look like is decided in the core; this module only carries it out.
import type { Cell } from '../core/cells.js';
import { COLUMN_ANCHOR_KEY } from '../core/column-map.js';
import { HEADER_ROW } from '../core/columns.js';
import {
  type BlockPlan,
  type ChartPlan,
  type ConditionalFormatPlan,
  type GridRange,
  RULE_MARK,
  type SheetPlan,
  type ValidationPlan,
} from '../core/sheet-plan.js';
import type { RawEditingSheet } from '../core/sheet-sync.js';

type SpreadsheetService = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type DataValidation = GoogleAppsScript.Spreadsheet.DataValidation;

/** Contiguous runs of sheet columns: [2, 3, 5] → 2–3 and 5. */
function columnRuns(columns: readonly number[]): { column: number; count: number }[] {
  const runs: { column: number; count: number }[] = [];
  for (const column of [...columns].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.column + last.count === column) last.count += 1;
    else if (last === undefined || last.column + last.count < column) runs.push({ column, count: 1 });
  }
  return runs;
}

const HEADER_PROTECTION = 'OKR Ledger headers';

/** Our protections carry this prefix, so a rewrite removes ours and leaves a person's own alone. */
const PROTECTION_PREFIX = 'OKR Ledger';
const MAX_GROUP_DEPTH = 8;

export class SheetsGateway {
  constructor(private readonly app: SpreadsheetService) {}

  private spreadsheet(): Spreadsheet {
    return this.app.getActiveSpreadsheet();
  }

  sheetNames(): string[] {
    return this.spreadsheet()
      .getSheets()
      .map((sheet) => sheet.getName());
  }

  hasSheet(name: string): boolean {
    return this.spreadsheet().getSheetByName(name) !== null;
  }

  activeSheetName(): string {
    return this.spreadsheet().getActiveSheet().getName();
  }

  /** The row of the active cell on the active sheet. */
  activeRow(): number {
    return this.spreadsheet().getActiveRange()?.getRow() ?? 0;
  }

  /** Rows from `firstRow` to the last used row, `numColumns` wide: one getValues (none when empty). */
  readRows(name: string, firstRow: number, numColumns: number): Cell[][] {
    const sheet = this.spreadsheet().getSheetByName(name);
    if (sheet === null) return [];
    const lastRow = sheet.getLastRow();
    if (lastRow < firstRow) return [];
    return sheet.getRange(firstRow, 1, lastRow - firstRow + 1, numColumns).getValues() as Cell[][];
  }

  /** One row, `numColumns` wide. */
  readRow(name: string, row: number, numColumns: number): Cell[] {
    const sheet = this.spreadsheet().getSheetByName(name);
    if (sheet === null) return [];
    return (sheet.getRange(row, 1, 1, numColumns).getValues()[0] ?? []) as Cell[];
  }

  /** Every used cell of a sheet (one getValues); [] when the sheet does not exist. */
  readAll(name: string): Cell[][] {
    const sheet = this.spreadsheet().getSheetByName(name);
    if (sheet === null) return [];
    return sheet.getDataRange().getValues() as Cell[][];
  }

  /**
   * An editing sheet as it stands (null when missing or empty): headers, column anchors and every column
   * of the data rows, one read per kind. `decorations` adds formulas, notes and backgrounds for a write.
   */
  readEditing(name: string, decorations: boolean): RawEditingSheet | null {
    const sheet = this.spreadsheet().getSheetByName(name);
    if (sheet === null) return null;
    const lastRow = sheet.getLastRow();
    const lastColumn = sheet.getLastColumn();
    if (lastRow < HEADER_ROW || lastColumn < 1) return null;
    const range = sheet.getRange(HEADER_ROW, 1, lastRow - HEADER_ROW + 1, lastColumn);
    const [headers = [], ...values] = range.getValues() as Cell[][];
    const rest = <T>(grid: T[][]): T[][] => grid.slice(1);
    const anchors = this.anchors(sheet);
    if (!decorations) return { headers, anchors, values, formulas: [], notes: [], backgrounds: [] };
    return {
      headers,
      anchors,
      values,
      formulas: rest(range.getFormulas()),
      notes: rest(range.getNotes()),
      backgrounds: rest(range.getBackgrounds()),
    };
  }

  /** The headers, anchors and one data row of an editing sheet (the selected row). */
  readEditingRow(name: string, row: number): RawEditingSheet | null {
    const sheet = this.spreadsheet().getSheetByName(name);
    if (sheet === null) return null;
    const lastColumn = sheet.getLastColumn();
    if (lastColumn < 1) return null;
    const headers = (sheet.getRange(HEADER_ROW, 1, 1, lastColumn).getValues()[0] ?? []) as Cell[];
    const values = sheet.getRange(row, 1, 1, lastColumn).getValues() as Cell[][];
    return { headers, anchors: this.anchors(sheet), values, formulas: [], notes: [], backgrounds: [] };
  }

  private anchors(sheet: Sheet): { key: string; column: number }[] {
    return sheet
      .createDeveloperMetadataFinder()
      .withKey(COLUMN_ANCHOR_KEY)
      .find()
      .flatMap((metadata) => {
        const column = metadata.getLocation().getColumn();
        const key = metadata.getValue();
        return column === null || key === null ? [] : [{ key, column: column.getColumn() }];
      });
  }

  /** Lays `plan` out; a visible sheet is brought to the front, a hidden one leaves the view as it was. */
  write(plan: SheetPlan): void {
    const spreadsheet = this.spreadsheet();
    const previouslyActive = spreadsheet.getActiveSheet();
    const update = plan.mode === 'update';
    let sheet = spreadsheet.getSheetByName(plan.name);
    if (sheet === null) sheet = spreadsheet.insertSheet(plan.name);
    else if (!update) this.reset(sheet);
    this.ensureSize(sheet, plan);

    for (const { range, format } of plan.numberFormats) this.range(sheet, range).setNumberFormat(format);
    for (const block of plan.blocks) this.writeBlock(sheet, block);
    for (const { column, width } of plan.columnWidths) sheet.setColumnWidth(column, width);
    for (const { column, count } of plan.hiddenColumns) sheet.hideColumns(column, count);
    if (!update) {
      sheet.setFrozenRows(plan.frozenRows);
      sheet.setFrozenColumns(plan.frozenColumns);
    }
    // A person's own rules stay; the add-on's (marked) are replaced.
    const kept = update
      ? sheet
          .getConditionalFormatRules()
          .filter(
            (rule) => !String(rule.getBooleanCondition()?.getCriteriaValues()[0] ?? '').includes(RULE_MARK),
          )
      : [];
    if (plan.conditionalFormats.length > 0 || kept.length > 0) {
      sheet.setConditionalFormatRules([
        ...kept,
        ...plan.conditionalFormats.map((rule) => this.conditionalRule(sheet, rule)),
      ]);
    }
    for (const chart of plan.charts) this.insertChart(sheet, chart);
    // The headers' protection, laid at creation, stays: it grows with columns people insert among them.
    if (update && plan.protections.length > 0)
      this.removeOurProtections(sheet, (description) => description !== HEADER_PROTECTION);
    for (const { name, range } of plan.namedRanges ?? []) {
      if (spreadsheet.getRangeByName(name) !== null) spreadsheet.removeNamedRange(name);
      spreadsheet.setNamedRange(name, this.range(sheet, range));
    }
    for (const { column, key } of plan.columnAnchors ?? []) {
      sheet.getRange(1, column, sheet.getMaxRows(), 1).addDeveloperMetadata(COLUMN_ANCHOR_KEY, key);
    }
    for (const protection of plan.protections) {
      this.range(sheet, protection.range)
        .protect()
        .setDescription(protection.description)
        .setWarningOnly(protection.warningOnly);
    }
    for (const group of plan.rowGroups) sheet.getRange(group.row, 1, group.count, 1).shiftRowGroupDepth(1);

    if (plan.hidden) {
      if (previouslyActive.getName() !== plan.name) spreadsheet.setActiveSheet(previouslyActive);
      if (!sheet.isSheetHidden()) sheet.hideSheet();
    } else {
      if (sheet.isSheetHidden()) sheet.showSheet();
      sheet.activate();
    }
  }

  toast(message: string, title: string): void {
    this.spreadsheet().toast(message, title, 8);
  }

  private range(sheet: Sheet, area: GridRange): GoogleAppsScript.Spreadsheet.Range {
    return sheet.getRange(area.row, area.column, area.numRows, area.numColumns);
  }

  /** Back to a blank sheet, keeping the sheet itself (formulas elsewhere may point at it). */
  private reset(sheet: Sheet): void {
    sheet.clear();
    sheet.clearNotes();
    const everything = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    everything.clearDataValidations();
    sheet.getRange(1, 1, sheet.getMaxRows(), 1).shiftRowGroupDepth(-MAX_GROUP_DEPTH);
    sheet.showColumns(1, sheet.getMaxColumns());
    sheet.clearConditionalFormatRules();
    for (const chart of sheet.getCharts()) sheet.removeChart(chart);
    this.removeOurProtections(sheet);
  }

  private removeOurProtections(sheet: Sheet, which: (description: string) => boolean = () => true): void {
    for (const protection of sheet.getProtections(this.app.ProtectionType.RANGE)) {
      const description = protection.getDescription();
      if (description.startsWith(PROTECTION_PREFIX) && which(description)) protection.remove();
    }
  }

  private ensureSize(sheet: Sheet, plan: SheetPlan): void {
    let rows = 1;
    let columns = 1;
    const cover = (area: GridRange) => {
      rows = Math.max(rows, area.row + area.numRows - 1);
      columns = Math.max(columns, area.column + area.numColumns - 1);
    };
    for (const block of plan.blocks) {
      cover({
        row: block.row,
        column: block.column,
        numRows: block.values.length,
        numColumns: block.values[0]?.length ?? 1,
      });
    }
    for (const { range } of plan.numberFormats) cover(range);
    for (const { range } of plan.protections) cover(range);
    for (const chart of plan.charts) cover({ ...chart.anchor, numRows: 1, numColumns: 1 });
    if (sheet.getMaxRows() < rows) sheet.insertRowsAfter(sheet.getMaxRows(), rows - sheet.getMaxRows());
    if (sheet.getMaxColumns() < columns) {
      sheet.insertColumnsAfter(sheet.getMaxColumns(), columns - sheet.getMaxColumns());
    }
  }

  /** One call per kind per run of the block's columns (all of them, unless the block names some). */
  private writeBlock(sheet: Sheet, block: BlockPlan): void {
    const numColumns = block.values[0]?.length ?? 0;
    if (block.values.length === 0 || numColumns === 0) return;
    if (block.columns === undefined) {
      this.writeRun(sheet, block);
      return;
    }
    for (const run of columnRuns(block.columns)) {
      const from = run.column - block.column;
      if (from < 0 || from + run.count > numColumns) continue;
      const cut = <T>(grid: T[][] | undefined) => grid?.map((row) => row.slice(from, from + run.count));
      this.writeRun(sheet, {
        ...block,
        column: run.column,
        values: cut(block.values) ?? [],
        notes: cut(block.notes),
        backgrounds: cut(block.backgrounds),
        fontColors: cut(block.fontColors),
        fontWeights: cut(block.fontWeights),
        validations: cut(block.validations),
        columns: undefined,
      });
    }
  }

  private writeRun(sheet: Sheet, block: BlockPlan): void {
    const numRows = block.values.length;
    const numColumns = block.values[0]?.length ?? 0;
    if (numRows === 0 || numColumns === 0) return;
    const range = sheet.getRange(block.row, block.column, numRows, numColumns);
    if (block.skipValues !== true) range.setValues(block.values);
    if (block.notes) range.setNotes(block.notes);
    if (block.backgrounds) range.setBackgrounds(block.backgrounds as string[][]);
    if (block.fontColors) range.setFontColors(block.fontColors as string[][]);
    if (block.fontWeights) range.setFontWeights(block.fontWeights);
    if (block.validations) range.setDataValidations(this.validations(block.validations));
    if (block.wrap) range.setWrap(true);
  }

  /** Builds each distinct rule once: a 1,000-row sheet shares a handful of rules. */
  private validations(plans: (ValidationPlan | null)[][]): (DataValidation | null)[][] {
    const built = new Map<string, DataValidation>();
    return plans.map((row) =>
      row.map((plan) => {
        if (plan === null) return null;
        const key = JSON.stringify(plan);
        let rule = built.get(key);
        if (rule === undefined) {
          rule = this.validation(plan);
          built.set(key, rule);
        }
        return rule;
      }),
    );
  }

  private validation(plan: ValidationPlan): DataValidation {
    const builder = this.app.newDataValidation();
    switch (plan.type) {
      case 'checkbox':
        return builder.requireCheckbox().build();
      case 'date':
        builder.requireDate().setAllowInvalid(true);
        if (plan.helpText !== undefined) builder.setHelpText(plan.helpText);
        return builder.build();
      case 'list':
        builder.requireValueInList(plan.values, true).setAllowInvalid(!plan.strict);
        if (plan.helpText !== undefined) builder.setHelpText(plan.helpText);
        return builder.build();
      case 'number':
        builder.requireNumberBetween(plan.min ?? -1e15, plan.max ?? 1e15).setAllowInvalid(!plan.strict);
        if (plan.helpText !== undefined) builder.setHelpText(plan.helpText);
        return builder.build();
      default: {
        const unknownPlan: never = plan;
        throw new Error(`unknown validation ${JSON.stringify(unknownPlan)}`);
      }
    }
  }

  private conditionalRule(
    sheet: Sheet,
    plan: ConditionalFormatPlan,
  ): GoogleAppsScript.Spreadsheet.ConditionalFormatRule {
    const builder = this.app.newConditionalFormatRule().whenFormulaSatisfied(plan.formula);
    if (plan.background !== undefined) builder.setBackground(plan.background);
    if (plan.fontColor !== undefined) builder.setFontColor(plan.fontColor);
    return builder.setRanges([this.range(sheet, plan.range)]).build();
  }

  private insertChart(sheet: Sheet, plan: ChartPlan): void {
    const base = sheet.newChart();
    const builder =
      plan.kind === 'line'
        ? base.asLineChart()
        : plan.kind === 'bar'
          ? base.asBarChart()
          : base.asColumnChart();
    for (const area of plan.ranges) builder.addRange(this.range(sheet, area));
    builder
      .setTitle(plan.title)
      .setNumHeaders(1)
      .setPosition(plan.anchor.row, plan.anchor.column, 0, 0)
      .setOption('width', plan.width)
      .setOption('height', plan.height);
    sheet.insertChart(builder.build());
  }
}
