// What a person does to a sheet beyond typing, as Apps Script documents it: developer metadata on a whole
// column or row follows it and dies with it (a row's also follows a sort); Range.sort moves whole cells (formulas with relative row
// references follow their row, blanks go last); a sheet has one filter, whose hidden rows are still read.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';
import { shiftRowReferences } from '../../support/apps-script/sheet-extras.js';

function newSheet() {
  const env = createAppsScriptEnvironment();
  return { env, sheet: env.spreadsheet.insertSheet('OKRs') };
}

describe('Developer metadata on columns', () => {
  it('moves with its column when columns are inserted before it, and dies with a deleted column', () => {
    // Prepare
    const { sheet } = newSheet();
    sheet.getRange('C:C').addDeveloperMetadata('okr-ledger-column', 'owner');
    sheet.getRange('E:E').addDeveloperMetadata('okr-ledger-column', 'team');

    // Act
    sheet.insertColumnsBefore(2, 2);
    sheet.deleteColumn(7);
    const found = sheet.createDeveloperMetadataFinder().withKey('okr-ledger-column').find();

    // Assess
    expect(found.map((m) => [m.getValue(), m.getLocation().getColumn()?.getColumn()])).toEqual([
      ['owner', 5],
    ]);
    expect(
      sheet
        .getRange('E:E')
        .getDeveloperMetadata()
        .map((m) => m.getValue()),
    ).toEqual(['owner']);
  });

  it('refuses a range that is not a whole row or column, with Sheets’ message', () => {
    const { sheet } = newSheet();

    expect(() => sheet.getRange('C2:C9').addDeveloperMetadata('k', 'v')).toThrow(
      /Developer metadata may only be added to a top-level sheet or an entire row or column/,
    );
  });

  it('keeps the metadata when the header text of its column changes', () => {
    const { sheet } = newSheet();
    sheet.getRange('B:B').addDeveloperMetadata('okr-ledger-column', 'owner');

    sheet.getRange('B2').setValue('Responsible');

    expect(sheet.createDeveloperMetadataFinder().withValue('owner').find()).toHaveLength(1);
  });
});

describe('Developer metadata on rows', () => {
  it('sits on a whole row, is found by key and location type, and is gone once removed', () => {
    // Prepare
    const { env, sheet } = newSheet();
    const whole = sheet.getRange(5, 1, 1, sheet.getMaxColumns());
    whole.addDeveloperMetadata('okr-ledger.linked-cell', '{"a":1}');
    sheet.getRange('B:B').addDeveloperMetadata('okr-ledger.linked-cell', 'a column');
    const rows = () =>
      sheet
        .createDeveloperMetadataFinder()
        .withKey('okr-ledger.linked-cell')
        .withLocationType(env.globals.SpreadsheetApp.DeveloperMetadataLocationType.ROW)
        .find();

    // Act
    const [found] = rows();

    // Assess
    expect(found?.getLocation().getLocationType()).toBe('ROW');
    expect(found?.getLocation().getRow()?.getRow()).toBe(5);
    expect(found?.getLocation().getRow()?.getNumColumns()).toBe(sheet.getMaxColumns());
    expect(found?.getLocation().getColumn()).toBeNull();
    expect(whole.getDeveloperMetadata().map((m) => m.getValue())).toEqual(['{"a":1}']);
    expect(sheet.getRange('5:5').getDeveloperMetadata()).toHaveLength(1);
    expect(sheet.getRange(4, 1, 1, sheet.getMaxColumns()).getDeveloperMetadata()).toEqual([]);
    found?.remove();
    expect(rows()).toEqual([]);
    expect(sheet.createDeveloperMetadataFinder().withKey('okr-ledger.linked-cell').find()).toHaveLength(1);
  });

  it('refuses part of a row with Sheets’ message', () => {
    const { sheet } = newSheet();

    expect(() => sheet.getRange('A5:F5').addDeveloperMetadata('k', 'v')).toThrow(
      /Developer metadata may only be added to a top-level sheet or an entire row or column/,
    );
  });

  it('moves with its row when rows are inserted above, and dies with a deleted row', () => {
    // Prepare
    const { sheet } = newSheet();
    sheet.getRange('4:4').addDeveloperMetadata('k', 'four');
    sheet.getRange('6:6').addDeveloperMetadata('k', 'six');

    // Act
    sheet.insertRowsBefore(2, 3);
    sheet.deleteRow(9);
    const found = sheet.createDeveloperMetadataFinder().withKey('k').find();

    // Assess
    expect(found.map((m) => [m.getValue(), m.getLocation().getRow()?.getRow()])).toEqual([['four', 7]]);
  });

  it('follows its row’s cells when a sort moves them, and stays put outside the sorted rows', () => {
    // Prepare
    const { sheet } = newSheet();
    sheet.getRange('A1:B4').setValues([
      ['header', 'x'],
      ['carol', 3],
      ['bob', 2],
      ['alice', 1],
    ]);
    sheet.getRange('2:2').addDeveloperMetadata('k', 'carol');
    sheet.getRange('4:4').addDeveloperMetadata('k', 'alice');
    sheet.getRange('1:1').addDeveloperMetadata('k', 'header');

    // Act
    sheet.getRange('A2:B4').sort(1);

    // Assess
    const where = Object.fromEntries(
      sheet
        .createDeveloperMetadataFinder()
        .withKey('k')
        .find()
        .map((m) => [m.getValue(), m.getLocation().getRow()?.getRow()]),
    );
    expect(where).toEqual({ header: 1, alice: 2, carol: 4 });
    expect(sheet.getRange('A2').getValue()).toBe('alice');
  });
});

describe('Range.sort', () => {
  it('moves whole rows of the range (values, notes, formats, formulas), blanks last, rest untouched', () => {
    // Prepare
    const { sheet } = newSheet();
    sheet.getRange('A1:B4').setValues([
      ['header', 'x'],
      ['carol', 3],
      ['', 9],
      ['alice', 1],
    ]);
    sheet.getRange('C2').setFormula('=B2*2');
    sheet.getRange('A4').setNote('first!');
    sheet.getRange('B4').setBackground('#ff0000');
    sheet.getRange('D4').setValue('outside');

    // Act
    sheet.getRange('A2:C4').sort(1);

    // Assess
    expect(sheet.getRange('A1:B4').getValues()).toEqual([
      ['header', 'x'],
      ['alice', 1],
      ['carol', 3],
      ['', 9],
    ]);
    expect(sheet.getRange('C3').getFormula()).toBe('=B3*2');
    expect(sheet.getRange('A2').getNote()).toBe('first!');
    expect(sheet.getRange('B2').getBackground()).toBe('#ff0000');
    expect(sheet.getRange('D4').getValue()).toBe('outside');
  });

  it('sorts descending and refuses a column outside the range', () => {
    const { sheet } = newSheet();
    sheet.getRange('A1:A3').setValues([[1], [3], [2]]);

    sheet.getRange('A1:A3').sort({ column: 1, ascending: false });

    expect(sheet.getRange('A1:A3').getValues()).toEqual([[3], [2], [1]]);
    expect(() => sheet.getRange('A1:A3').sort(4)).toThrow(/outside the range/);
  });

  it('shifts relative row references only, never absolute ones or text in quotes', () => {
    expect(shiftRowReferences('=B2*$C$1+D$2+"A2"', 3)).toBe('=B5*$C$1+D$2+"A2"');
  });
});

describe('Filters', () => {
  it('hides rows by criteria, follows inserted columns, and is one per sheet', () => {
    // Prepare
    const { env, sheet } = newSheet();
    sheet.getRange('A1:B4').setValues([
      ['Title', 'Team'],
      ['a', 'Growth'],
      ['b', 'Core'],
      ['c', 'Growth'],
    ]);
    const criteria = env.globals.SpreadsheetApp.newFilterCriteria().whenTextEqualTo('Growth').build();

    // Act
    const filter = sheet.getRange('A1:B4').createFilter();
    filter.setColumnFilterCriteria(2, criteria);
    sheet.insertColumnBefore(1);

    // Assess
    expect([2, 3, 4].map((row) => sheet.isRowHiddenByFilter(row))).toEqual([false, true, false]);
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe('B1:C4');
    expect(sheet.getFilter()?.getColumnFilterCriteria(3)?.getCriteriaValues()).toEqual(['Growth']);
    expect(sheet.getRange('B3').getValue()).toBe('b');
    expect(() => sheet.getRange('A1:A2').createFilter()).toThrow(/already has a filter/);
  });

  it('hides listed values with setHiddenValues and shows everything once removed', () => {
    const { env, sheet } = newSheet();
    sheet.getRange('A1:A3').setValues([['Team'], ['Core'], ['Growth']]);
    const filter = sheet.getRange('A1:A3').createFilter();
    filter.setColumnFilterCriteria(
      1,
      env.globals.SpreadsheetApp.newFilterCriteria().setHiddenValues(['Core']).build(),
    );

    const before = sheet.isRowHiddenByFilter(2);
    filter.remove();

    expect([before, sheet.isRowHiddenByFilter(2), sheet.getFilter()]).toEqual([true, false, null]);
  });
});
