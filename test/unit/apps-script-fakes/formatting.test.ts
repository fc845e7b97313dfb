// Notes, backgrounds, fonts, number formats, data validation, conditional format rules, protections,
// named ranges and charts — everything the add-on's "sheet plans" apply.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

function setup() {
  const env = createAppsScriptEnvironment({ userEmail: 'lead@example.com' });
  const sheet = env.spreadsheet.insertSheet('OKRs');
  return { env, sheet, app: env.globals.SpreadsheetApp };
}

describe('Notes and formats', () => {
  it('sets and reads notes in blocks and per cell, "" where there is none', () => {
    const { sheet } = setup();

    sheet.getRange('A1:B2').setNotes([
      ['Target must be a number, got "abc"', null],
      ['', 'Server value: 75'],
    ]);
    sheet.getRange('C1').setNote('single');
    sheet.getRange('B2').clearNote();

    expect(sheet.getRange('A1:C2').getNotes()).toEqual([
      ['Target must be a number, got "abc"', '', 'single'],
      ['', '', ''],
    ]);
    expect(sheet.getRange('C1').getNote()).toBe('single');
  });

  it('refuses a note block of the wrong size', () => {
    const { sheet } = setup();

    expect(() => sheet.getRange('A1:A2').setNotes([['one']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  it('reports backgrounds as lower-case hex, white when unset', () => {
    const { sheet } = setup();

    sheet.getRange('A1:B1').setBackgrounds([['#F4CCCC', 'red']]);
    sheet.getRange('C1').setBackground('#abc');
    sheet.getRange('B1').setBackground(null);

    expect(sheet.getRange('A1:D1').getBackgrounds()).toEqual([['#f4cccc', '#ffffff', '#aabbcc', '#ffffff']]);
  });

  it('sets font weights and colours per block', () => {
    const { sheet } = setup();

    sheet.getRange('A1:B1').setFontWeights([['bold', 'normal']]);
    sheet.getRange('A2').setFontWeight('bold').setFontColor('#CC0000');

    expect(sheet.getRange('A1:B2').getFontWeights()).toEqual([
      ['bold', 'normal'],
      ['bold', 'normal'],
    ]);
    expect(sheet.getRange('A2:B2').getFontColors()).toEqual([['#cc0000', '#000000']]);
  });

  it('sets number formats per block', () => {
    const { sheet } = setup();

    sheet.getRange('A1:C1').setNumberFormats([['0%', '@', 'yyyy-mm-dd']]);

    expect(sheet.getRange('A1:D1').getNumberFormats()).toEqual([
      ['0%', '@', 'yyyy-mm-dd', '0.###############'],
    ]);
  });

  it('clears formats, content and notes separately or together', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1').setValue('v').setNote('n').setBackground('#ff0000');

    range.clearFormat();
    const afterFormat = [range.getValue(), range.getNote(), range.getBackground()];
    range.clearContent();
    const afterContent = [range.getValue(), range.getNote()];
    range.setValue('again');
    sheet.clear();

    expect(afterFormat).toEqual(['v', 'n', '#ffffff']);
    expect(afterContent).toEqual(['', 'n']);
    expect([range.getValue(), range.getNote()]).toEqual(['', '']);
  });
});

describe('Data validation', () => {
  it('builds list and number rules and reads them back per cell', () => {
    // Prepare
    const { sheet, app } = setup();
    const confidence = app
      .newDataValidation()
      .requireValueInList(['on_track', 'at_risk', 'off_track'], true)
      .setAllowInvalid(false)
      .setHelpText('Pick a confidence')
      .build();
    const weight = app.newDataValidation().requireNumberBetween(0, 10).build();

    // Act
    sheet.getRange('D2:D3').setDataValidation(confidence);
    sheet.getRange('E2:E3').setDataValidations([[weight], [null]]);
    const rules = sheet.getRange('D2:E3').getDataValidations();

    // Assess
    expect(rules[0]?.[0]?.getCriteriaType()).toBe('VALUE_IN_LIST');
    expect(rules[0]?.[0]?.getCriteriaValues()).toEqual([['on_track', 'at_risk', 'off_track'], true]);
    expect(rules[0]?.[0]?.getAllowInvalid()).toBe(false);
    expect(rules[0]?.[0]?.getHelpText()).toBe('Pick a confidence');
    expect(rules[0]?.[1]?.getCriteriaType()).toBe('NUMBER_BETWEEN');
    expect(rules[1]?.[1]).toBeNull();
    expect(sheet.getRange('F2').getDataValidation()).toBeNull();
  });

  it('lets a script write values a rule would reject, as Sheets does', () => {
    const { sheet, app } = setup();
    const rule = app.newDataValidation().requireNumberBetween(0, 1).setAllowInvalid(false).build();
    sheet.getRange('A1').setDataValidation(rule);

    sheet.getRange('A1').setValue(5);

    expect(sheet.getRange('A1').getValue()).toBe(5);
    expect(rule.accepts(5)).toBe(false);
    expect(rule.accepts(0.5)).toBe(true);
  });

  it('defaults a new rule to allowing invalid input with a warning', () => {
    const { app } = setup();

    expect(app.newDataValidation().requireCheckbox().build().getAllowInvalid()).toBe(true);
  });

  it('inserts checkboxes as unchecked boolean cells', () => {
    const { sheet } = setup();

    sheet.getRange('G2:G3').insertCheckboxes();

    expect(sheet.getRange('G2:G3').getValues()).toEqual([[false], [false]]);
    expect(sheet.getRange('G2').getDataValidation()?.getCriteriaType()).toBe('CHECKBOX');
  });
});

describe('Conditional format rules', () => {
  it('stores rules with their conditions, styles and ranges, and shows their effect', () => {
    // Prepare: the grade bands
    const { sheet, app } = setup();
    const scores = sheet.getRange('H2:H4');
    const rules = [
      app
        .newConditionalFormatRule()
        .whenNumberGreaterThanOrEqualTo(0.7)
        .setBackground('#B7E1CD')
        .setRanges([scores])
        .build(),
      app
        .newConditionalFormatRule()
        .whenNumberBetween(0.4, 0.69)
        .setBackground('#FCE8B2')
        .setRanges([scores])
        .build(),
      app
        .newConditionalFormatRule()
        .whenNumberLessThan(0.4)
        .setBackground('#F4C7C3')
        .setRanges([scores])
        .build(),
      app
        .newConditionalFormatRule()
        .whenTextEqualTo('off_track')
        .setFontColor('#cc0000')
        .setRanges([sheet.getRange('I:I')])
        .build(),
    ];
    scores.setValues([[0.77], [0.5], [0.1]]);

    // Act
    sheet.setConditionalFormatRules(rules);
    const stored = sheet.getConditionalFormatRules();

    // Assess
    expect(stored).toHaveLength(4);
    expect(stored[0]?.getBooleanCondition().getCriteriaType()).toBe('NUMBER_GREATER_THAN_OR_EQUAL_TO');
    expect(stored[1]?.getBooleanCondition().getCriteriaValues()).toEqual([0.4, 0.69]);
    expect(stored[3]?.getBooleanCondition().getFontColor()).toBe('#cc0000');
    expect(stored[0]?.getRanges().map((range) => range.getA1Notation())).toEqual(['H2:H4']);
    expect(['H2', 'H3', 'H4'].map((a1) => sheet.inspect().cell(a1).effectiveBackground)).toEqual([
      '#b7e1cd',
      '#fce8b2',
      '#f4c7c3',
    ]);
    expect(sheet.inspect().conditionalFormats()[3]).toMatchObject({
      criteria: 'TEXT_EQUAL_TO',
      values: ['off_track'],
    });
  });

  it('replaces every rule of the sheet on each set', () => {
    const { sheet, app } = setup();
    const rule = app
      .newConditionalFormatRule()
      .whenCellEmpty()
      .setBackground('#eeeeee')
      .setRanges([sheet.getRange('A1')])
      .build();
    sheet.setConditionalFormatRules([rule, rule]);

    sheet.setConditionalFormatRules([rule]);

    expect(sheet.getConditionalFormatRules()).toHaveLength(1);
  });

  it('refuses to build a rule without a condition or ranges', () => {
    const { sheet, app } = setup();

    expect(() =>
      app
        .newConditionalFormatRule()
        .setBackground('#fff')
        .setRanges([sheet.getRange('A1')])
        .build(),
    ).toThrow();
    expect(() => app.newConditionalFormatRule().whenCellEmpty().build()).toThrow();
  });
});

describe('Protections', () => {
  it('protects a range of computed columns, keeping the current user as an editor', () => {
    // Prepare
    const { sheet, app } = setup();

    // Act
    const protection = sheet
      .getRange('J:L')
      .protect()
      .setDescription('Computed by OKR Ledger')
      .setWarningOnly(false);
    protection.addEditor('someone@example.com');
    protection.removeEditors(protection.getEditors());

    // Assess
    const found = sheet.getProtections(app.ProtectionType.RANGE);
    expect(found).toHaveLength(1);
    expect(found[0]?.getDescription()).toBe('Computed by OKR Ledger');
    expect(found[0]?.getRange().getA1Notation()).toBe('J1:L1000');
    expect(found[0]?.getEditors().map((user) => user.getEmail())).toEqual(['lead@example.com']);
    expect(found[0]?.canEdit()).toBe(true);
    expect(sheet.inspect().cell('K5').protected).toBe(true);
    expect(sheet.inspect().cell('I5').protected).toBe(false);
  });

  it('keeps one protection per sheet, with unprotected exceptions', () => {
    const { env, sheet, app } = setup();

    const first = sheet.protect().setWarningOnly(true);
    const again = sheet.protect();
    first.setUnprotectedRanges([sheet.getRange('B2:B10')]);

    expect(again).toBe(first);
    expect(sheet.getProtections(app.ProtectionType.SHEET)).toHaveLength(1);
    expect(env.spreadsheet.getProtections(app.ProtectionType.SHEET)).toHaveLength(1);
    expect(first.isWarningOnly()).toBe(true);
    expect(sheet.inspect().cell('B5').protected).toBe(false);
    expect(sheet.inspect().cell('C5').protected).toBe(true);
  });

  it('forgets a removed protection', () => {
    const { sheet, app } = setup();
    const protection = sheet.getRange('A1').protect();

    protection.remove();

    expect(sheet.getProtections(app.ProtectionType.RANGE)).toHaveLength(0);
  });
});

describe('Named ranges', () => {
  it('names, lists, renames and removes ranges', () => {
    const { env, sheet } = setup();

    env.spreadsheet.setNamedRange('okr_header', sheet.getRange('A1:N1'));
    const [named] = env.spreadsheet.getNamedRanges();
    named?.setName('okr_columns');

    expect(env.spreadsheet.getRangeByName('okr_header')).toBeNull();
    expect(env.spreadsheet.getRangeByName('okr_columns')?.getA1Notation()).toBe('A1:N1');
    expect(sheet.getNamedRanges().map((range) => range.getName())).toEqual(['okr_columns']);
    env.spreadsheet.removeNamedRange('okr_columns');
    expect(env.spreadsheet.getNamedRanges()).toHaveLength(0);
  });

  it('refuses names that look like cell references', () => {
    const { env, sheet } = setup();

    expect(() => env.spreadsheet.setNamedRange('A1', sheet.getRange('A1'))).toThrow('Invalid argument: name');
  });
});

describe('Charts', () => {
  it('records a built chart as a spec of type, ranges, options and position', () => {
    // Prepare
    const { env, sheet } = setup();
    const { Charts } = env.globals;
    const data = env.spreadsheet.insertSheet('Grades data');

    // Act
    const chart = sheet
      .newChart()
      .setChartType(Charts.ChartType.BAR)
      .addRange(sheet.getRange('A1:A6'))
      .addRange(data.getRange('B1:B6'))
      .setOption('title', 'Grades')
      .setPosition(2, 8, 0, 0)
      .build();
    sheet.insertChart(chart);

    // Assess
    expect(sheet.inspect().charts()).toEqual([
      {
        id: 1,
        type: 'BAR',
        ranges: ['A1:A6', "'Grades data'!B1:B6"],
        options: { title: 'Grades' },
        position: { anchorRow: 2, anchorColumn: 8, offsetX: 0, offsetY: 0 },
      },
    ]);
    expect(sheet.getCharts()[0]?.getOptions().get('title')).toBe('Grades');
    expect(sheet.getCharts()[0]?.getContainerInfo().getAnchorColumn()).toBe(8);
  });

  it('updates a chart through modify() and removes it', () => {
    const { sheet } = setup();
    const inserted = sheet.newChart().asColumnChart().addRange(sheet.getRange('A1:B4')).build();
    sheet.insertChart(inserted);

    sheet.updateChart(inserted.modify().asLineChart().setTitle('Progress').build());
    const updated = sheet.inspect().charts();
    sheet.removeChart(inserted);

    expect(updated).toMatchObject([{ type: 'LINE', options: { title: 'Progress' }, ranges: ['A1:B4'] }]);
    expect(sheet.getCharts()).toHaveLength(0);
  });

  it('moves chart ranges with inserted rows', () => {
    const { sheet } = setup();
    sheet.insertChart(sheet.newChart().setChartType('PIE').addRange(sheet.getRange('A2:B5')).build());

    sheet.insertRowsBefore(1, 2);

    expect(sheet.inspect().charts()[0]?.ranges).toEqual(['A4:B7']);
  });

  it('refuses an unknown chart type and a chart without a type', () => {
    const { sheet } = setup();

    expect(() => sheet.newChart().setChartType('DONUT')).toThrow('Invalid argument: type');
    expect(() => sheet.newChart().addRange(sheet.getRange('A1')).build()).toThrow();
  });
});
