// Range values as Sheets returns them: 2-D arrays, '' for empty cells, typed values, typing-like coercion
// of strings (and its absence under the plain-text format '@'), formulas, and Apps Script's errors.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

function sheetOf(env = createAppsScriptEnvironment()) {
  const sheet = env.spreadsheet.insertSheet('OKRs');
  return { env, sheet };
}

describe('Range values', () => {
  it('round-trips a 2-D block and reports empty cells as empty strings', () => {
    // Prepare
    const { sheet } = sheetOf();
    const rows = [
      ['Objective', 3, true],
      ['Key result', 0.5, false],
    ];

    // Act
    sheet.getRange(2, 2, 2, 3).setValues(rows);
    const values = sheet.getRange('A1:D3').getValues();

    // Assess
    expect(values).toEqual([
      ['', '', '', ''],
      ['', 'Objective', 3, true],
      ['', 'Key result', 0.5, false],
    ]);
  });

  it('writes null and undefined as empty cells', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:C1').setValues([['x', 'y', 'z']]);

    sheet.getRange('A1:C1').setValues([[null, undefined, 'kept']]);

    expect(sheet.getRange('A1:C1').getValues()).toEqual([['', '', 'kept']]);
    expect(sheet.getLastColumn()).toBe(3);
  });

  it('refuses data whose row count differs from the range, with Apps Script’s message', () => {
    const { sheet } = sheetOf();

    const act = () => sheet.getRange(1, 1, 3, 2).setValues([[1, 2]]);

    expect(act).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 3.',
    );
  });

  it('refuses a row whose width differs from the range', () => {
    const { sheet } = sheetOf();

    const act = () =>
      sheet.getRange(1, 1, 2, 3).setValues([
        [1, 2, 3],
        [4, 5],
      ]);

    expect(act).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(sheet.getRange('A1:C2').getValues()).toEqual([
      ['', '', ''],
      ['', '', ''],
    ]);
  });

  it('refuses a one-dimensional array as Apps Script does', () => {
    const { sheet } = sheetOf();

    const act = () => sheet.getRange('A1:C1').setValues([1, 2, 3] as unknown as unknown[][]);

    expect(act).toThrow(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });

  it('throws errors named Exception, printed as "Exception: ..."', () => {
    const { sheet } = sheetOf();

    let caught: unknown;
    try {
      sheet.getRange(1, 1, 2, 1).setValues([['only one']]);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('Exception');
    expect(String(caught)).toMatch(/^Exception: The number of rows/);
  });

  it('turns strings that look like numbers, percents, booleans and dates into typed values', () => {
    const { sheet } = sheetOf();

    sheet.getRange('A1:F1').setValues([['42', ' 1,250.5 ', '12%', 'TRUE', '2026-01-05', '-3e2']]);
    const [row = []] = sheet.getRange('A1:F1').getValues();

    expect(row.slice(0, 4)).toEqual([42, 1250.5, 0.12, true]);
    expect(row[4]).toBeInstanceOf(Date);
    expect((row[4] as Date).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(row[5]).toBe(-300);
    expect(sheet.getRange('C1').getNumberFormat()).toBe('0%');
    expect(sheet.getRange('E1').getNumberFormat()).toBe('yyyy-mm-dd');
  });

  it('keeps text that merely contains digits, ISO timestamps and apostrophe-prefixed input as strings', () => {
    const { sheet } = sheetOf();

    sheet.getRange('A1:D1').setValues([['abc', 'Q4 2026', '2026-01-05T10:00:00Z', "'42"]]);

    expect(sheet.getRange('A1:D1').getValues()).toEqual([['abc', 'Q4 2026', '2026-01-05T10:00:00Z', '42']]);
  });

  it('keeps every string verbatim in a column formatted as plain text "@"', () => {
    // Prepare: the add-on formats id and free-text columns as text
    const { sheet } = sheetOf();
    sheet.getRange('B:B').setNumberFormat('@');

    // Act
    sheet.getRange('A1:B2').setValues([
      ['42', '42'],
      ['abc', '=1+1'],
    ]);

    // Assess
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      [42, '42'],
      ['abc', '=1+1'],
    ]);
    expect(sheet.getRange('B2').getFormula()).toBe('');
  });

  it('keeps a person’s "abc" in a number column as a string, for the add-on to report', () => {
    const { sheet } = sheetOf();
    sheet.getRange('C2:C3').setNumberFormat('0.00');

    sheet.getRange('C2:C3').setValues([['12.5'], ['abc']]);

    expect(sheet.getRange('C2:C3').getValues()).toEqual([[12.5], ['abc']]);
    expect(sheet.getRange('C2:C3').getDisplayValues()).toEqual([['12.50'], ['abc']]);
  });

  it('keeps numbers, booleans and Date objects as the types they were written with', () => {
    const { sheet } = sheetOf();
    const when = new Date('2026-03-31T23:59:59Z');

    sheet.getRange('A1:C1').setValues([[7, false, when]]);
    const [row = []] = sheet.getRange('A1:C1').getValues();

    expect(row[0]).toBe(7);
    expect(row[1]).toBe(false);
    expect(row[2]).toBeInstanceOf(Date);
    expect((row[2] as Date).getTime()).toBe(when.getTime());
    expect(row[2]).not.toBe(when);
  });

  it('displays values under their number formats', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:D1').setValues([[0.755, 1234567.891, 0.8, true]]);
    sheet.getRange('A1:D1').setNumberFormats([['0.00', '#,##0.00', '0%', '0']]);

    const display = sheet.getRange('A1:D1').getDisplayValues();

    expect(display).toEqual([['0.76', '1,234,567.89', '80%', 'TRUE']]);
  });

  it('reports the automatic number format on cells never formatted', () => {
    const { sheet } = sheetOf();

    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.###############');
  });

  it('sets one value into every cell of a multi-cell range with setValue', () => {
    const { sheet } = sheetOf();

    sheet.getRange('A1:B2').setValue('x');

    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['x', 'x'],
      ['x', 'x'],
    ]);
    expect(sheet.getRange('B2').getValue()).toBe('x');
  });

  it('stores formulas as text; getValues reports "" until the test sets a result', () => {
    // Prepare
    const { sheet } = sheetOf();

    // Act
    sheet.getRange('A1').setFormula('=SPARKLINE(B1)');
    sheet.getRange('A2').setValue('=REPT("█", 5)');
    const before = sheet.getRange('A1:A2').getValues();
    sheet.inspect().setFormulaResult('A1', 0.75);

    // Assess
    expect(sheet.getRange('A1:A2').getFormulas()).toEqual([['=SPARKLINE(B1)'], ['=REPT("█", 5)']]);
    expect(before).toEqual([[''], ['']]);
    expect(sheet.getRange('A1').getValue()).toBe(0.75);
    expect(sheet.getLastRow()).toBe(2);
  });

  it('asks the evaluateFormula option for the value of a newly written formula', () => {
    const env = createAppsScriptEnvironment({
      evaluateFormula: (formula, cell) => `${formula}@${cell.sheetName}!R${cell.row}C${cell.column}`,
    });
    const sheet = env.spreadsheet.insertSheet('Data');

    sheet.getRange('B3').setFormulas([['=1+1']]);

    expect(sheet.getRange('B3').getValue()).toBe('=1+1@Data!R3C2');
  });

  it('refuses more than 50,000 characters in one cell', () => {
    const { sheet } = sheetOf();

    const act = () => sheet.getRange('A1').setValues([['x'.repeat(50_001)]]);

    expect(act).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
  });

  it('describes ranges the way Apps Script does', () => {
    const { sheet } = sheetOf();

    const range = sheet.getRange('B2:D5');
    const moved = range.offset(1, 1, 2);

    expect([range.getRow(), range.getColumn(), range.getNumRows(), range.getNumColumns()]).toEqual([
      2, 2, 4, 3,
    ]);
    expect([range.getLastRow(), range.getLastColumn()]).toEqual([5, 4]);
    expect(moved.getA1Notation()).toBe('C3:E4');
    expect(range.getCell(2, 3).getA1Notation()).toBe('D3');
    expect(sheet.getRange(27, 28).getA1Notation()).toBe('AB27');
    expect(range.getSheet()).toBe(sheet);
  });

  it('refuses impossible coordinates with Apps Script’s messages', () => {
    const { sheet } = sheetOf();

    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange('not a range')).toThrow('Range not found');
  });

  it('counts every getValues and setValues, in total and per sheet', () => {
    // Prepare
    const { env, sheet } = sheetOf();
    const other = env.spreadsheet.insertSheet('Other');

    // Act
    sheet.getRange('A1:B2').setValues([
      [1, 2],
      [3, 4],
    ]);
    sheet.getRange('A1:B2').getValues();
    other.getRange('A1').getValues();
    other.getRange('A1').getValue();

    // Assess
    expect(env.counters.getValues).toBe(2);
    expect(env.counters.setValues).toBe(1);
    expect(env.counters.getValue).toBe(1);
    expect(env.counters.sheet('OKRs')).toMatchObject({ getValues: 1, setValues: 1 });
    expect(env.counters.sheet('Other')).toMatchObject({ getValues: 1, setValues: 0, getValue: 1 });
    expect(env.counters.byMethod['Range.getValues']).toBe(2);
  });

  it('leaves the counters untouched when a test inspects the sheet', () => {
    const { env, sheet } = sheetOf();
    sheet.getRange('A1:B1').setValues([['a', 'b']]);
    env.counters.reset();

    const seen = sheet.inspect().values();

    expect(seen).toEqual([['a', 'b']]);
    expect(env.counters.getValues).toBe(0);
  });
});
