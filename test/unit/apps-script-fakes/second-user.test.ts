// Two people running the add-on in one document: each environment is a person (email, identity token,
// user properties, triggers, Ui, selection, log), both over the same spreadsheet, document properties,
// document cache and document lock. Whoever's script reaches for a service runs as themselves.
import { describe, expect, it } from 'vitest';
import { createAppsScriptEnvironment } from '../../support/apps-script/index.js';

/** A script each person loads: who runs it, what they see, and what they leave behind. */
const SCRIPT = `
function whoAmI() { return Session.getActiveUser().getEmail() + ' ' + ScriptApp.getIdentityToken(); }
function remember(key, value) { PropertiesService.getUserProperties().setProperty(key, value); }
function recall(key) { return PropertiesService.getUserProperties().getProperty(key); }
function share(key, value) { PropertiesService.getDocumentProperties().setProperty(key, value); }
function shared(key) { return PropertiesService.getDocumentProperties().getProperty(key); }
function write(a1, value) { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(a1).setValue(value); }
function read(a1) { return SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(a1).getValue(); }
function select(a1) { var s = SpreadsheetApp.getActiveSpreadsheet(); s.setActiveRange(s.getSheets()[0].getRange(a1)); }
function selected() { return SpreadsheetApp.getActiveSpreadsheet().getActiveRange().getA1Notation(); }
function hourly() { return ScriptApp.newTrigger('sync').timeBased().everyHours(1).create().getUniqueId(); }
function triggers() { return ScriptApp.getProjectTriggers().length; }
function toast(text) { SpreadsheetApp.getActiveSpreadsheet().toast(text); }
function isDate(a1) { return read(a1) instanceof Date; }
function lockDocument() { return LockService.getDocumentLock().tryLock(0); }
function unlockDocument() { LockService.getDocumentLock().releaseLock(); }
`;

type Script = Record<
  | 'whoAmI'
  | 'remember'
  | 'recall'
  | 'share'
  | 'shared'
  | 'write'
  | 'read'
  | 'select'
  | 'selected'
  | 'hourly'
  | 'triggers'
  | 'toast'
  | 'isDate'
  | 'lockDocument'
  | 'unlockDocument',
  (...args: unknown[]) => unknown
>;

function twoPeople() {
  const lead = createAppsScriptEnvironment({ userEmail: 'lead@example.com', identityToken: 'lead-token' });
  const teammate = lead.openAsAnotherUser({ userEmail: 'mate@example.com', identityToken: 'mate-token' });
  return {
    lead,
    teammate,
    leadScript: lead.load(SCRIPT) as unknown as Script,
    mateScript: teammate.load(SCRIPT) as unknown as Script,
  };
}

describe('a second person in the same document', () => {
  it('runs as themselves: their email, token, user properties and triggers; the document is shared', () => {
    // Prepare
    const { lead, teammate, leadScript, mateScript } = twoPeople();

    // Act
    leadScript.remember('filter', 'Data');
    mateScript.remember('filter', 'Support');
    leadScript.share('apiUrl', 'https://okr.example.com');
    leadScript.write('B2', 58);
    const leadTrigger = leadScript.hourly();
    const mateTrigger = mateScript.hourly();

    // Assess
    expect(leadScript.whoAmI()).toBe('lead@example.com lead-token');
    expect(mateScript.whoAmI()).toBe('mate@example.com mate-token');
    expect([leadScript.recall('filter'), mateScript.recall('filter')]).toEqual(['Data', 'Support']);
    expect(mateScript.shared('apiUrl')).toBe('https://okr.example.com');
    expect(mateScript.read('B2')).toBe(58);
    expect(teammate.spreadsheet).toBe(lead.spreadsheet);
    expect(leadTrigger).not.toBe(mateTrigger);
    expect([leadScript.triggers(), mateScript.triggers()]).toEqual([1, 1]);
    expect(lead.triggers.installed.map((t) => t.getUniqueId())).toEqual([leadTrigger]);
    expect(teammate.triggers.installed.map((t) => t.getUniqueId())).toEqual([mateTrigger]);
  });

  it('keeps each person’s selection, toasts and realm, and shares the document lock', () => {
    // Prepare
    const { lead, teammate, leadScript, mateScript } = twoPeople();
    leadScript.write('C3', new Date('2026-11-20T00:00:00Z'));

    // Act
    leadScript.select('B2');
    mateScript.select('D4');
    leadScript.toast('pulled');
    mateScript.toast('synced');
    const leadLocked = leadScript.lockDocument();
    const mateLocked = mateScript.lockDocument();
    mateScript.unlockDocument();
    const stillLead = [leadScript.lockDocument(), mateScript.lockDocument()];
    leadScript.unlockDocument();
    const mateAfterRelease = mateScript.lockDocument();

    // Assess
    expect([leadScript.selected(), mateScript.selected()]).toEqual(['B2', 'D4']);
    expect(lead.spreadsheet.getActiveRange().getA1Notation()).toBe('B2');
    expect(teammate.spreadsheet.getActiveRange().getA1Notation()).toBe('D4');
    expect(lead.ui.toasts.map((t) => t.message)).toEqual(['pulled']);
    expect(teammate.ui.toasts.map((t) => t.message)).toEqual(['synced']);
    expect([leadScript.isDate('C3'), mateScript.isDate('C3')]).toEqual([true, true]);
    expect([leadLocked, mateLocked]).toEqual([true, false]);
    expect(stillLead).toEqual([true, false]);
    expect(mateAfterRelease).toBe(true);
    expect(lead.locks.document).toBe(teammate.locks.document);
  });
});
