// The spreadsheet Ui (menus, alerts, prompts, sidebars, dialogs, toasts), HtmlService and the limits of
// a custom function.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

describe('Ui', () => {
  it('records menus with items, separators and sub-menus', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const ui = env.globals.SpreadsheetApp.getUi();

    // Act
    ui.createMenu('OKR Ledger')
      .addItem('Connect…', 'showConnect')
      .addItem('Pull cycle', 'pullCycle')
      .addSeparator()
      .addSubMenu(ui.createMenu('Reports').addItem('Quarter-end grades', 'pullGrades'))
      .addToUi();

    // Assess
    expect(env.ui.menus).toEqual([
      {
        caption: 'OKR Ledger',
        addon: false,
        items: [
          { kind: 'item', caption: 'Connect…', functionName: 'showConnect' },
          { kind: 'item', caption: 'Pull cycle', functionName: 'pullCycle' },
          { kind: 'separator' },
          {
            kind: 'submenu',
            caption: 'Reports',
            items: [{ kind: 'item', caption: 'Quarter-end grades', functionName: 'pullGrades' }],
          },
        ],
      },
    ]);
    expect(env.ui.menuFunction('OKR Ledger', 'Reports', 'Quarter-end grades')).toBe('pullGrades');
    expect(env.ui.menuFunction('OKR Ledger', 'Missing')).toBeNull();
  });

  it('replaces a menu added again under the same caption, and records the add-on menu', () => {
    const env = createAppsScriptEnvironment();
    const ui = env.globals.SpreadsheetApp.getUi();

    ui.createMenu('OKR Ledger').addItem('Old', 'old').addToUi();
    ui.createMenu('OKR Ledger').addItem('New', 'fresh').addToUi();
    ui.createAddonMenu().addItem('Open', 'open').addToUi();

    expect(env.ui.menus.map((menu) => [menu.caption, menu.addon, menu.items.length])).toEqual([
      ['OKR Ledger', false, 1],
      [null, true, 1],
    ]);
    expect(env.ui.menuFunction('OKR Ledger', 'New')).toBe('fresh');
    expect(env.ui.menuFunction(null, 'Open')).toBe('open');
  });

  it('answers alerts from the queue, defaulting to the first button of the set', () => {
    const env = createAppsScriptEnvironment();
    const ui = env.globals.SpreadsheetApp.getUi();
    env.ui.queueAlertResponse(ui.Button.NO);

    const first = ui.alert('Close cycle', 'Close 2026-Q4 and freeze its grades?', ui.ButtonSet.YES_NO);
    const second = ui.alert('Pushed 12 changes.');

    expect([first, second]).toEqual(['NO', 'OK']);
    expect(env.ui.alerts).toEqual([
      {
        title: 'Close cycle',
        prompt: 'Close 2026-Q4 and freeze its grades?',
        buttons: 'YES_NO',
        response: 'NO',
      },
      { title: '', prompt: 'Pushed 12 changes.', buttons: 'OK', response: 'OK' },
    ]);
  });

  it('refuses a queued alert answer that the dialog does not offer', () => {
    const env = createAppsScriptEnvironment();
    const ui = env.globals.SpreadsheetApp.getUi();
    env.ui.queueAlertResponse('YES');

    expect(() => ui.alert('Only OK here')).toThrow(/not a button of OK/);
  });

  it('answers prompts from the queue and fails a prompt nobody answered', () => {
    const env = createAppsScriptEnvironment();
    const ui = env.globals.SpreadsheetApp.getUi();
    env.ui.queuePromptResponse('http://127.0.0.1:8787', 'OK');

    const answer = ui.prompt('Connect', 'API URL', ui.ButtonSet.OK_CANCEL);

    expect(answer.getResponseText()).toBe('http://127.0.0.1:8787');
    expect(answer.getSelectedButton()).toBe(ui.Button.OK);
    expect(env.ui.prompts[0]).toMatchObject({ title: 'Connect', prompt: 'API URL', buttons: 'OK_CANCEL' });
    expect(() => ui.prompt('Organization')).toThrow(/no queued answer/);
  });

  it('records sidebars, dialogs and toasts with what they showed', () => {
    // Prepare
    const env = createAppsScriptEnvironment();
    const { SpreadsheetApp, HtmlService } = env.globals;
    const ui = SpreadsheetApp.getUi();

    // Act
    ui.showSidebar(
      HtmlService.createHtmlOutput('<form id="check-in"></form>').setTitle('Check in').setWidth(300),
    );
    ui.showModalDialog(
      HtmlService.createHtmlOutput('<p>History</p>').setWidth(600).setHeight(400),
      'KR history',
    );
    SpreadsheetApp.getActiveSpreadsheet().toast('Pulled 42 rows', 'OKR Ledger', 3);

    // Assess
    expect(env.ui.sidebars).toEqual([
      {
        kind: 'sidebar',
        title: 'Check in',
        content: '<form id="check-in"></form>',
        width: 300,
        height: null,
      },
    ]);
    expect(env.ui.dialogs).toEqual([
      { kind: 'modal', title: 'KR history', content: '<p>History</p>', width: 600, height: 400 },
    ]);
    expect(env.ui.toasts).toEqual([{ message: 'Pulled 42 rows', title: 'OKR Ledger', timeoutSeconds: 3 }]);
  });
});

describe('HtmlService', () => {
  it('serves project files by name, with or without .html', () => {
    const env = createAppsScriptEnvironment({ files: { Sidebar: '<main>sidebar</main>' } });
    const { HtmlService } = env.globals;

    expect(HtmlService.createHtmlOutputFromFile('Sidebar').getContent()).toBe('<main>sidebar</main>');
    expect(() => HtmlService.createHtmlOutputFromFile('Missing')).toThrow(
      'No HTML file named Missing was found.',
    );
  });

  it('evaluates templates: code, escaped and raw scriptlets over template properties', () => {
    // Prepare
    const env = createAppsScriptEnvironment({
      files: {
        'Report.html':
          '<h1><?= title ?></h1><? for (var i = 0; i < rows.length; i++) { ?><li><?!= rows[i] ?></li><? } ?>',
      },
    });
    const template = env.globals.HtmlService.createTemplateFromFile('Report');

    // Act
    template.title = 'Grades <2026-Q4>';
    template.rows = ['<b>0.77</b>', '0.5'];
    const output = template.evaluate();

    // Assess
    expect(output.getContent()).toBe('<h1>Grades &lt;2026-Q4&gt;</h1><li><b>0.77</b></li><li>0.5</li>');
  });

  it('lets template code call the script’s own functions inside its context', () => {
    const env = createAppsScriptEnvironment({
      files: { Page: '<?!= include("Style") ?>', Style: '<style>p{}</style>' },
    });
    const context =
      env.load(`function include(name) { return HtmlService.createHtmlOutputFromFile(name).getContent(); }
      var page = HtmlService.createTemplateFromFile('Page').evaluate().getContent();`);

    expect(context.page).toBe('<style>p{}</style>');
  });

  it('appends to and titles an output', () => {
    const env = createAppsScriptEnvironment();

    const output = env.globals.HtmlService.createHtmlOutput('<p>a</p>')
      .append('<p>b</p>')
      .appendUntrusted('<i>');

    expect(output.getContent()).toBe('<p>a</p><p>b</p>&lt;i&gt;');
  });
});

describe('Custom functions', () => {
  it('may read the sheet but not the Ui, writes, tokens or the user email', () => {
    // Prepare
    const env = createAppsScriptEnvironment({ userEmail: 'lead@example.com' });
    const data = env.spreadsheet.insertSheet('_grades');
    data.getRange('A1:B1').setValues([['kr_1', 0.77]]);
    const { SpreadsheetApp, ScriptApp, Session } = env.globals;

    // Act
    const outcome = env.runAsCustomFunction(() => ({
      read: SpreadsheetApp.getActiveSpreadsheet().getSheetByName('_grades')?.getRange('B1').getValue(),
      email: Session.getActiveUser().getEmail(),
      ui: attempt(() => SpreadsheetApp.getUi()),
      write: attempt(() => data.getRange('C1').setValue('x')),
      token: attempt(() => ScriptApp.getIdentityToken()),
    }));

    // Assess
    expect(outcome).toEqual({
      read: 0.77,
      email: '',
      ui: 'Cannot call SpreadsheetApp.getUi() from this context.',
      write: 'You do not have permission to call setValue',
      token: 'You do not have permission to call ScriptApp.getIdentityToken',
    });
    expect(Session.getActiveUser().getEmail()).toBe('lead@example.com');
  });
});

function attempt(body: () => unknown): string {
  try {
    body();
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  }
}
