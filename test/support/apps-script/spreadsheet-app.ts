// Owns the SpreadsheetApp and Charts globals: entry points to the active spreadsheet, the Ui (refused in
// custom functions, as in Apps Script), rule builders, and the enums the add-on passes around. Enum
// members are their own names as strings, so `String(SpreadsheetApp.ProtectionType.SHEET) === 'SHEET'`
// and equality comparisons behave as in Apps Script.
import { CHART_TYPES } from './charts.js';
import type { Execution } from './execution.js';
import type { FakeRange } from './range.js';
import { FakeConditionalFormatRuleBuilder, FakeDataValidationBuilder } from './rules.js';
import type { FakeSheet } from './sheet.js';
import { newFilterCriteria } from './sheet-extras.js';
import type { FakeSpreadsheet } from './spreadsheet.js';
import type { FakeUi } from './ui.js';

function enumOf<const T extends readonly string[]>(names: T): Readonly<{ [K in T[number]]: K }> {
  return Object.freeze(Object.fromEntries(names.map((name) => [name, name]))) as { [K in T[number]]: K };
}

export const ProtectionType = enumOf(['RANGE', 'SHEET']);
export const BorderStyle = enumOf(['DOTTED', 'DASHED', 'SOLID', 'SOLID_MEDIUM', 'SOLID_THICK', 'DOUBLE']);
export const GroupControlTogglePosition = enumOf(['BEFORE', 'AFTER']);
export const Dimension = enumOf(['COLUMNS', 'ROWS']);
export const WrapStrategy = enumOf(['WRAP', 'OVERFLOW', 'CLIP']);
export const DataValidationCriteria = enumOf([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
]);
export const BooleanCriteria = enumOf([
  'CELL_EMPTY',
  'CELL_NOT_EMPTY',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_STARTS_WITH',
  'TEXT_ENDS_WITH',
  'CUSTOM_FORMULA',
]);

/**
 * The other spreadsheets a test registers (`env.addSpreadsheet`): `edit` opens, `none` is a
 * document that exists but was never shared with the user.
 */
export type SpreadsheetAccess = 'edit' | 'none';
export type OtherSpreadsheets = ReadonlyMap<
  string,
  { spreadsheet: FakeSpreadsheet; access: SpreadsheetAccess }
>;

const URL_ID = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/;

export function createSpreadsheetApp(
  execution: Execution,
  spreadsheet: FakeSpreadsheet,
  ui: FakeUi,
  others: OtherSpreadsheets = new Map(),
) {
  // Apps Script (with the `spreadsheets` scope) opens any document the user may open; one they may not
  // is refused, and an id that names no document fails with the service's unhelpful generic message.
  const open = (method: 'openById' | 'openByUrl', id: string): FakeSpreadsheet => {
    execution.requireAuthorization(`SpreadsheetApp.${method}`);
    execution.refuseInCustomFunction(`SpreadsheetApp.${method}`);
    execution.counters.count(`SpreadsheetApp.${method}`);
    if (id === spreadsheet.getId()) return spreadsheet;
    const other = others.get(id);
    if (other === undefined) {
      throw execution.exception(
        `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
      );
    }
    if (other.access === 'none') {
      throw execution.exception('You do not have permission to access the requested document.');
    }
    return other.spreadsheet;
  };
  return {
    ProtectionType,
    BorderStyle,
    GroupControlTogglePosition,
    Dimension,
    WrapStrategy,
    DataValidationCriteria,
    BooleanCriteria,
    // An add-on that is not authorized yet (AuthMode.NONE) cannot open the document.
    getActiveSpreadsheet: (): FakeSpreadsheet => {
      execution.requireAuthorization('SpreadsheetApp.getActiveSpreadsheet');
      return spreadsheet;
    },
    getActive: (): FakeSpreadsheet => {
      execution.requireAuthorization('SpreadsheetApp.getActive');
      return spreadsheet;
    },
    getActiveSheet: (): FakeSheet => spreadsheet.getActiveSheet(),
    getActiveRange: (): FakeRange => spreadsheet.getActiveRange(),
    getCurrentCell: (): FakeRange => spreadsheet.getCurrentCell(),
    setActiveSheet: (sheet: FakeSheet): FakeSheet => spreadsheet.setActiveSheet(sheet),
    setActiveRange: (range: FakeRange): FakeRange => spreadsheet.setActiveRange(range),
    getUi(): FakeUi {
      if (execution.inCustomFunction)
        throw execution.exception('Cannot call SpreadsheetApp.getUi() from this context.');
      return ui;
    },
    flush(): void {
      execution.counters.count('SpreadsheetApp.flush');
    },
    newDataValidation: () => new FakeDataValidationBuilder(execution),
    newConditionalFormatRule: () => new FakeConditionalFormatRuleBuilder(execution),
    newFilterCriteria: () => newFilterCriteria(),
    DeveloperMetadataLocationType: enumOf(['SPREADSHEET', 'SHEET', 'ROW', 'COLUMN']),
    openById: (id: string): FakeSpreadsheet => open('openById', String(id)),
    openByUrl(url: string): FakeSpreadsheet {
      const id = URL_ID.exec(String(url))?.[1];
      if (id === undefined) throw execution.exception(`Invalid argument: url`);
      return open('openByUrl', id);
    },
  };
}

export function createCharts() {
  return {
    ChartType: enumOf(CHART_TYPES),
    Position: enumOf(['TOP', 'RIGHT', 'BOTTOM', 'NONE']),
    ChartHiddenDimensionStrategy: enumOf(['IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH']),
    ChartMergeStrategy: enumOf(['MERGE_COLUMNS', 'MERGE_ROWS']),
  };
}
