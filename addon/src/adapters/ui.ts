/// <reference types="google-apps-script" />
// Owns the spreadsheet Ui: the menu, alerts, prompts, confirmations, and the check-in sidebar from
// HtmlService. Cancelling a prompt is a normal answer (null), not an error.
import type { MenuEntry } from '../core/menu.js';

type SpreadsheetService = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type HtmlService = GoogleAppsScript.HTML.HtmlService;

export const SIDEBAR_FILE = 'Sidebar';
export const PULL_DIALOG_FILE = 'PullDialog';

export class UiGateway {
  constructor(
    private readonly app: SpreadsheetService,
    private readonly html: HtmlService,
  ) {}

  private ui(): GoogleAppsScript.Base.Ui {
    return this.app.getUi();
  }

  /** The add-on's menu (Extensions → OKR Ledger): an Editor add-on may only add this one. */
  showMenu(entries: MenuEntry[]): void {
    const menu = this.ui().createAddonMenu();
    for (const entry of entries) {
      if (entry === 'separator') menu.addSeparator();
      else menu.addItem(entry.caption, entry.functionName);
    }
    menu.addToUi();
  }

  alert(title: string, message: string): void {
    const ui = this.ui();
    ui.alert(title, message, ui.ButtonSet.OK);
  }

  confirm(title: string, message: string): boolean {
    const ui = this.ui();
    return ui.alert(title, message, ui.ButtonSet.YES_NO) === ui.Button.YES;
  }

  /** What the person typed, or null when they cancelled. */
  prompt(title: string, message: string): string | null {
    const ui = this.ui();
    const response = ui.prompt(title, message, ui.ButtonSet.OK_CANCEL);
    return response.getSelectedButton() === ui.Button.OK ? response.getResponseText() : null;
  }

  /** The Pull dialog: cycles, a team and an owner filter (it calls loadPullOptions and pullWithOptions). */
  showPullDialog(): void {
    const output = this.html.createHtmlOutputFromFile(PULL_DIALOG_FILE).setWidth(380).setHeight(330);
    this.ui().showModalDialog(output, 'Pull a cycle');
  }

  /**
   * A dialog built from one of the add-on's HTML files (it talks back through google.script.run); a
   * modeless one leaves the sheet clickable while it is open.
   */
  showDialog(
    file: string,
    title: string,
    width: number,
    height: number,
    mode: 'modal' | 'modeless' = 'modal',
  ): void {
    const output = this.html.createHtmlOutputFromFile(file).setWidth(width).setHeight(height);
    if (mode === 'modeless') this.ui().showModelessDialog(output, title);
    else this.ui().showModalDialog(output, title);
  }

  showCheckInSidebar(): void {
    const output = this.html.createHtmlOutputFromFile(SIDEBAR_FILE).setTitle('OKR Ledger · Check in');
    this.ui().showSidebar(output);
  }
}
