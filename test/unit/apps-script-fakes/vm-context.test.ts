// Loading a script into a vm context with the fakes as its globals, as the add-on's bundle test does:
// values and exceptions must be native to the script's realm, and the clock must be the test's.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

describe('Scripts in a vm context', () => {
  it('sees arrays, dates and plain objects native to its own realm', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const sheet = env.spreadsheet.insertSheet('OKRs');
    sheet.getRange('A1:B1').setValues([['2026-01-05', 'x']]);
    env.properties.document.setProperty('org', 'acme');

    // Act
    const context = env.load(`
      var values = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('OKRs').getRange('A1:B1').getValues();
      var props = PropertiesService.getDocumentProperties().getProperties();
      var checks = {
        outerIsArray: values instanceof Array,
        rowIsArray: values[0] instanceof Array,
        cellIsDate: values[0][0] instanceof Date,
        propsArePlain: Object.getPrototypeOf(props) === Object.prototype,
        org: props.org,
      };
    `);

    // Assess
    expect(context.checks).toEqual({
      outerIsArray: true,
      rowIsArray: true,
      cellIsDate: true,
      propsArePlain: true,
      org: 'acme',
    });
  });

  it('catches fake exceptions as its own Error, named Exception', () => {
    const env = createAppsScriptEnvironment();

    const context = env.load(`
      var caught;
      try {
        SpreadsheetApp.getActiveSheet().getRange(1, 1, 2, 1).setValues([[1]]);
      } catch (e) {
        caught = { isError: e instanceof Error, name: e.name, text: String(e) };
      }
    `);

    expect(context.caught).toEqual({
      isError: true,
      name: 'Exception',
      text: 'Exception: The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    });
  });

  it('stores the script’s own Date objects and hands them back as dates of its realm', () => {
    const env = createAppsScriptEnvironment();

    const context = env.load(`
      var sheet = SpreadsheetApp.getActiveSheet();
      sheet.getRange('A1').setValue(new Date(Date.UTC(2026, 2, 31)));
      var back = sheet.getRange('A1').getValue();
      var result = { isDate: back instanceof Date, iso: back.toISOString() };
    `);

    expect(context.result).toEqual({ isDate: true, iso: '2026-03-31T00:00:00.000Z' });
  });

  it('runs on the test clock when `now` is given, leaving explicit dates alone', () => {
    const env = createAppsScriptEnvironment({ now: () => new Date('2026-02-14T09:30:00Z') });

    const context = env.load(`
      var result = {
        now: new Date().toISOString(),
        nowMs: Date.now(),
        explicit: new Date(2020, 0, 2, 3, 4, 5).getFullYear(),
        fromMs: new Date(0).toISOString(),
        isDate: new Date() instanceof Date,
        utc: Date.UTC(2026, 0, 1),
      };
    `);

    expect(context.result).toEqual({
      now: '2026-02-14T09:30:00.000Z',
      nowMs: Date.parse('2026-02-14T09:30:00Z'),
      explicit: 2020,
      fromMs: '1970-01-01T00:00:00.000Z',
      isDate: true,
      utc: Date.UTC(2026, 0, 1),
    });
  });

  it('offers no Node globals, like the Apps Script runtime', () => {
    const env = createAppsScriptEnvironment();

    const context = env.load(
      `var kinds = [typeof require, typeof process, typeof setTimeout, typeof fetch, typeof Buffer];`,
    );

    expect(context.kinds).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('exposes the script’s top-level functions on the context, for tests to call like triggers', () => {
    const env = createAppsScriptEnvironment();
    const context = env.load(
      `function onOpen() { SpreadsheetApp.getUi().createMenu('OKR Ledger').addItem('Pull cycle', 'pullCycle').addToUi(); }`,
    );

    context.onOpen({});

    expect(env.ui.menuFunction('OKR Ledger', 'Pull cycle')).toBe('pullCycle');
  });

  it('adds extra globals a test passes', () => {
    const env = createAppsScriptEnvironment();

    const context = env.load(`var seen = OKR_TEST_FLAG;`, 'probe.js', { OKR_TEST_FLAG: 'on' });

    expect(context.seen).toBe('on');
  });
});
