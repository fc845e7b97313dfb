// Sheet structure: size and growth, last row/column, appendRow, row insertion/deletion (and what follows
// rows), hidden columns, freezing, row groups, and the spreadsheet's sheets.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

function newSheet(name = 'OKRs') {
  const env = createAppsScriptEnvironment();
  return { env, sheet: env.spreadsheet.insertSheet(name) };
}

describe('Sheet size', () => {
  it('starts at 1000 × 26 and grows when a script writes past the edge', () => {
    // Prepare
    const { sheet } = newSheet();
    const block = Array.from({ length: 5 }, (_, row) =>
      Array.from({ length: 3 }, (__, column) => row * 3 + column),
    );

    // Act
    const before = [sheet.getMaxRows(), sheet.getMaxColumns()];
    sheet.getRange(998, 25, 5, 3).setValues(block);

    // Assess
    expect(before).toEqual([1000, 26]);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1002, 27]);
    expect(sheet.getRange(1002, 27).getValue()).toBe(14);
  });

  it('reads past the edge without growing', () => {
    const { sheet } = newSheet();

    const values = sheet.getRange(1001, 1, 2, 1).getValues();

    expect(values).toEqual([[''], ['']]);
    expect(sheet.getMaxRows()).toBe(1000);
  });

  it('reports the last row and column holding content, ignoring notes and formats', () => {
    const { sheet } = newSheet();
    sheet.getRange('B3:C4').setValues([
      ['a', ''],
      ['', 'b'],
    ]);
    sheet.getRange('F20').setNote('a note is not content');
    sheet.getRange('A30').setBackground('#ff0000');

    expect(sheet.getLastRow()).toBe(4);
    expect(sheet.getLastColumn()).toBe(3);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:C4');
  });

  it('reports 0 and a one-cell data range on an empty sheet', () => {
    const { sheet } = newSheet();

    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getLastColumn()).toBe(0);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
  });

  it('appends rows after the last row with content, coercing like setValues', () => {
    const { sheet } = newSheet();
    sheet.getRange('A1:B1').setValues([['id', 'value']]);

    sheet.appendRow(['kr_1', '41']);
    sheet.appendRow(['kr_2', 75]);

    expect(sheet.getDataRange().getValues()).toEqual([
      ['id', 'value'],
      ['kr_1', 41],
      ['kr_2', 75],
    ]);
  });

  it('grows by a row when appending to a full sheet', () => {
    const { sheet } = newSheet();
    sheet.getRange(1000, 1).setValue('last');

    sheet.appendRow(['beyond']);

    expect(sheet.getMaxRows()).toBe(1001);
    expect(sheet.getRange(1001, 1).getValue()).toBe('beyond');
  });
});

describe('Row insertion and deletion', () => {
  it('moves cells, notes and hidden rows down when rows are inserted', () => {
    // Prepare
    const { sheet } = newSheet();
    sheet.getRange('A1:A3').setValues([['objective'], ['kr 1'], ['kr 2']]);
    sheet.getRange('A3').setNote('moved with its cell');
    sheet.hideRows(3);

    // Act
    sheet.insertRowsAfter(2, 2);

    // Assess
    expect(sheet.getRange('A1:A5').getValues()).toEqual([['objective'], ['kr 1'], [''], [''], ['kr 2']]);
    expect(sheet.getRange('A5').getNote()).toBe('moved with its cell');
    expect(sheet.isRowHiddenByUser(5)).toBe(true);
    expect(sheet.getMaxRows()).toBe(1002);
  });

  it('gives inserted rows the formatting, not the content, of the row above', () => {
    const { sheet } = newSheet();
    sheet.getRange('A2').setValue('12.5').setNumberFormat('0.00').setBackground('#d9ead3');

    sheet.insertRowAfter(2);

    const inserted = sheet.getRange('A3');
    expect(inserted.getValue()).toBe('');
    expect(inserted.getNumberFormat()).toBe('0.00');
    expect(inserted.getBackground()).toBe('#d9ead3');
  });

  it('pulls later rows up when rows are deleted', () => {
    const { sheet } = newSheet();
    sheet.getRange('A1:A4').setValues([['1'], ['2'], ['3'], ['4']]);

    sheet.deleteRows(2, 2);

    expect(sheet.getDataRange().getValues()).toEqual([[1], [4]]);
    expect(sheet.getMaxRows()).toBe(998);
  });

  it('keeps named ranges on their cells as rows come and go', () => {
    // Prepare
    const { env, sheet } = newSheet();
    env.spreadsheet.setNamedRange('kr_ids', sheet.getRange('A5:A8'));

    // Act
    sheet.insertRowsBefore(2, 3);
    const afterInsert = env.spreadsheet.getRangeByName('kr_ids')?.getA1Notation();
    sheet.insertRowsAfter(9, 1);
    const afterInsertInside = env.spreadsheet.getRangeByName('kr_ids')?.getA1Notation();
    sheet.deleteRows(1, 9);
    const afterDelete = env.spreadsheet.getRangeByName('kr_ids')?.getA1Notation();

    // Assess
    expect(afterInsert).toBe('A8:A11');
    expect(afterInsertInside).toBe('A8:A12');
    expect(afterDelete).toBe('A1:A3');
  });

  it('refuses row positions outside the sheet and deleting every row', () => {
    const { sheet } = newSheet();

    expect(() => sheet.insertRowsAfter(1001, 1)).toThrow('Those rows are out of bounds.');
    expect(() => sheet.deleteRows(999, 5)).toThrow('Those rows are out of bounds.');
    expect(() => sheet.deleteRows(1, 1000)).toThrow(
      'Sorry, it is not possible to delete all non-frozen rows.',
    );
  });
});

describe('Columns, freezing and groups', () => {
  it('hides and shows columns', () => {
    const { sheet } = newSheet();

    sheet.hideColumns(20, 3);
    sheet.showColumns(21);

    expect([20, 21, 22, 23].map((column) => sheet.isColumnHiddenByUser(column))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(sheet.inspect().hiddenColumns()).toEqual([20, 22]);
  });

  it('hides columns through a range too', () => {
    const { sheet } = newSheet();

    sheet.hideColumn(sheet.getRange('X1:Z1'));

    expect(sheet.inspect().hiddenColumns()).toEqual([24, 25, 26]);
  });

  it('freezes rows and records column widths', () => {
    const { sheet } = newSheet();

    sheet.setFrozenRows(2);
    sheet.setColumnWidth(2, 320);

    expect(sheet.getFrozenRows()).toBe(2);
    expect(sheet.getColumnWidth(2)).toBe(320);
    expect(sheet.getColumnWidth(3)).toBe(100);
  });

  it('records row group depth shifted through ranges', () => {
    // Prepare: an objective on row 2 with key results on rows 3–5 and an initiative beneath one of them
    const { sheet } = newSheet();

    // Act
    sheet.getRange('3:5').shiftRowGroupDepth(1);
    sheet.getRange('5:5').shiftRowGroupDepth(1);

    // Assess
    expect([2, 3, 4, 5, 6].map((row) => sheet.getRowGroupDepth(row))).toEqual([0, 1, 1, 2, 0]);
    expect(sheet.inspect().rowGroupDepths()).toEqual([0, 0, 1, 1, 2]);
  });

  it('finds a row group from any of its rows or its control row, and removes it', () => {
    const { sheet } = newSheet();
    sheet.getRange(3, 1, 3, 1).shiftRowGroupDepth(1);

    const fromInside = sheet.getRowGroup(4, 1);
    const fromControl = sheet.getRowGroup(6, 1);
    const none = sheet.getRowGroup(10, 1);
    fromInside?.collapse();

    expect(fromInside?.getRange().getRow()).toBe(3);
    expect(fromInside?.getRange().getNumRows()).toBe(3);
    expect(fromInside?.getControlIndex()).toBe(6);
    expect(fromControl?.getDepth()).toBe(1);
    expect(fromControl?.isCollapsed()).toBe(true);
    expect(none).toBeNull();

    fromInside?.remove();
    expect(sheet.getRowGroupDepth(4)).toBe(0);
  });

  it('never shifts a group depth below zero', () => {
    const { sheet } = newSheet();

    sheet.getRange('2:2').shiftRowGroupDepth(-1);

    expect(sheet.getRowGroupDepth(2)).toBe(0);
  });
});

describe('Spreadsheet sheets', () => {
  it('refuses a second sheet with the same name, whatever the case', () => {
    const { env } = newSheet('OKRs 2026-Q4');

    const act = () => env.spreadsheet.insertSheet('okrs 2026-q4');

    expect(act).toThrow('A sheet with the name "okrs 2026-q4" already exists. Please enter another name.');
  });

  it('finds sheets by name regardless of case and returns null for a missing one', () => {
    const { env, sheet } = newSheet('Grades');

    expect(env.spreadsheet.getSheetByName('grades')).toBe(sheet);
    expect(env.spreadsheet.getSheetByName('Missing')).toBeNull();
  });

  it('makes an inserted sheet the active one and places it at the requested index', () => {
    const { env } = newSheet('Second');

    const first = env.spreadsheet.insertSheet('First', 0);

    expect(env.spreadsheet.getActiveSheet()).toBe(first);
    expect(env.spreadsheet.getSheets().map((sheet) => sheet.getName())).toEqual([
      'First',
      'Sheet1',
      'Second',
    ]);
    expect(first.getIndex()).toBe(1);
  });

  it('deletes sheets but never the last visible one', () => {
    const env = createAppsScriptEnvironment();
    const first = env.spreadsheet.getActiveSheet();
    const hidden = env.spreadsheet.insertSheet('_data');
    hidden.hideSheet();

    expect(() => env.spreadsheet.deleteSheet(first)).toThrow(
      "You can't remove all the sheets in a document.",
    );
    env.spreadsheet.deleteSheet(hidden);
    expect(env.spreadsheet.getSheets()).toHaveLength(1);
  });

  it('hides sheets but never the last visible one', () => {
    const env = createAppsScriptEnvironment();
    const data = env.spreadsheet.insertSheet('_data');

    data.hideSheet();

    expect(data.isSheetHidden()).toBe(true);
    expect(() => env.spreadsheet.getSheetByName('Sheet1')?.hideSheet()).toThrow(
      "You can't hide all the sheets in a document.",
    );
  });

  it('tracks the active sheet and range', () => {
    const { env, sheet } = newSheet();

    const range = sheet.getRange('C4:D5').activate();

    expect(env.spreadsheet.getActiveRange()).toBe(range);
    expect(env.spreadsheet.getActiveSheet()).toBe(sheet);
    expect(env.spreadsheet.getActiveCell().getA1Notation()).toBe('C4');
  });

  it('resolves sheet-qualified A1 notation at the spreadsheet level', () => {
    const { env, sheet } = newSheet('My OKRs');
    sheet.getRange('B2').setValue('found');

    expect(env.spreadsheet.getRange("'My OKRs'!B2").getValue()).toBe('found');
  });
});
