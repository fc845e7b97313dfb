// SpreadsheetApp.openById / openByUrl as Apps Script answers them under the `spreadsheets` scope: the
// active document, or another one the user may open (registered with env.addSpreadsheet); a document not
// shared with the user and an id naming nothing throw Apps Script's messages; NONE and custom functions
// may not open anything.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

const OTHER = '1OtherSpreadsheetId_abcdefghij';

describe('SpreadsheetApp.openById', () => {
  it('opens another spreadsheet the user may open, with its own sheets and values', () => {
    // Prepare
    const env = createAppsScriptEnvironment({ spreadsheetId: '1ActiveSpreadsheet_0000' });
    const other = env.addSpreadsheet({ id: OTHER, name: 'Sales metrics' });
    other.insertSheet('Pipeline').getRange('C3').setValue(1250);

    // Act
    const opened = env.globals.SpreadsheetApp.openById(OTHER);

    // Assess
    expect(opened.getId()).toBe(OTHER);
    expect(opened.getName()).toBe('Sales metrics');
    expect(opened.getSheetByName('Pipeline')?.getRange('C3').getValue()).toBe(1250);
    expect(env.spreadsheet.getSheetByName('Pipeline')).toBeNull();
    expect(env.globals.SpreadsheetApp.openById('1ActiveSpreadsheet_0000')).toBe(env.spreadsheet);
    expect(env.globals.SpreadsheetApp.getActiveSpreadsheet()).toBe(env.spreadsheet);
  });

  it('opens by URL the same document', () => {
    const env = createAppsScriptEnvironment();
    const other = env.addSpreadsheet({ id: OTHER });

    const opened = env.globals.SpreadsheetApp.openByUrl(
      `https://docs.google.com/spreadsheets/d/${OTHER}/edit#gid=0`,
    );

    expect(opened).toBe(other);
  });

  it('refuses a spreadsheet not shared with the user, and an id that names none, with Apps Script’s messages', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    env.addSpreadsheet({ id: OTHER, access: 'none' });
    const caught = (body: () => unknown) => {
      try {
        body();
      } catch (error) {
        return String(error);
      }
      throw new Error('nothing was thrown');
    };

    // Act
    const private_ = caught(() => env.globals.SpreadsheetApp.openById(OTHER));
    const unknown = caught(() => env.globals.SpreadsheetApp.openById('1NoSuchDocument_xxxxxxxx'));

    // Assess
    expect(private_).toBe('Exception: You do not have permission to access the requested document.');
    expect(unknown).toBe(
      'Exception: Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
  });

  it('needs authorization, and custom functions may not open other spreadsheets', () => {
    const env = createAppsScriptEnvironment();
    env.addSpreadsheet({ id: OTHER });

    expect(() => env.runTrigger('NONE', () => env.globals.SpreadsheetApp.openById(OTHER))).toThrow(
      /You do not have permission to call SpreadsheetApp.openById/,
    );
    expect(() => env.runAsCustomFunction(() => env.globals.SpreadsheetApp.openById(OTHER))).toThrow(
      /You do not have permission to call SpreadsheetApp.openById/,
    );
    expect(env.globals.SpreadsheetApp.openById(OTHER).getId()).toBe(OTHER);
  });

  it('refuses registering an id twice', () => {
    const env = createAppsScriptEnvironment();
    env.addSpreadsheet({ id: OTHER });

    expect(() => env.addSpreadsheet({ id: OTHER })).toThrow(/already registered/);
  });
});
