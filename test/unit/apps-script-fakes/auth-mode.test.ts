// Triggers and AuthMode, as Apps Script documents them for Editor add-ons: onOpen/onInstall receive
// `e.authMode`; in AuthMode.NONE (not yet authorized) a script may build its add-on menu but may not read
// properties, open the document, fetch URLs or get tokens; LIMITED and FULL events carry the source.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

describe('AuthMode in triggers', () => {
  it('refuses everything that needs authorization in NONE, but builds the add-on menu', () => {
    // Prepare
    const env = createAppsScriptEnvironment({ fetch: () => ({ status: 200, body: {} }) });
    const { SpreadsheetApp, PropertiesService, UrlFetchApp, ScriptApp } = env.globals;

    // Act
    const event = env.runTrigger('NONE', (e) => {
      SpreadsheetApp.getUi().createAddonMenu().addItem('Pull', 'pullCycle').addToUi();
      return e;
    });
    const refused = env.runTrigger('NONE', () =>
      [
        () => PropertiesService.getDocumentProperties(),
        () => SpreadsheetApp.getActiveSpreadsheet(),
        () => UrlFetchApp.fetch('https://okr.example.com/'),
        () => ScriptApp.getIdentityToken(),
      ].map((call) => {
        try {
          call();
          return 'allowed';
        } catch (error) {
          return (error as Error).message;
        }
      }),
    );

    // Assess
    expect(event).toEqual({ authMode: 'NONE' });
    expect(env.ui.menuFunction(null, 'Pull')).toBe('pullCycle');
    expect(refused).toEqual([
      'You do not have permission to call PropertiesService.getDocumentProperties. Authorization is required to perform that action.',
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Authorization is required to perform that action.',
      'You do not have permission to call UrlFetchApp.fetch. Authorization is required to perform that action.',
      'You do not have permission to call ScriptApp.getIdentityToken. Authorization is required to perform that action.',
    ]);
  });

  it('passes the spreadsheet and user once authorized, and restores the mode afterwards', () => {
    const env = createAppsScriptEnvironment({ userEmail: 'lead@example.com' });

    const event = env.runTrigger('FULL', (e) => e);

    expect(event.authMode).toBe('FULL');
    expect(event.source).toBe(env.spreadsheet);
    expect(event.user?.getEmail()).toBe('lead@example.com');
    expect(() => env.globals.PropertiesService.getUserProperties()).not.toThrow();
  });
});
