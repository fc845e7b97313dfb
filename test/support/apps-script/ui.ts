// Owns the spreadsheet Ui (SpreadsheetApp.getUi()): menus recorded as specs, alerts and prompts answered
// from queues the test fills, sidebars and dialogs recorded with what they showed, and toasts.
import type { FakeHtmlOutput } from './html.js';

export const Button = Object.freeze({
  CLOSE: 'CLOSE',
  OK: 'OK',
  CANCEL: 'CANCEL',
  YES: 'YES',
  NO: 'NO',
} as const);
export type ButtonName = (typeof Button)[keyof typeof Button];

export const ButtonSet = Object.freeze({
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const);
export type ButtonSetName = (typeof ButtonSet)[keyof typeof ButtonSet];

const BUTTONS_OF: Record<ButtonSetName, ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export type MenuItemSpec =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; caption: string; items: MenuItemSpec[] };

export interface MenuSpec {
  /** null for the add-on menu, whose caption Sheets takes from the add-on's name. */
  caption: string | null;
  addon: boolean;
  items: MenuItemSpec[];
}

export interface AlertRecord {
  title: string;
  prompt: string;
  buttons: ButtonSetName;
  response: ButtonName;
}

export interface PromptRecord {
  title: string;
  prompt: string;
  buttons: ButtonSetName;
  responseText: string;
  response: ButtonName;
}

export interface ShownHtml {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  content: string;
  width: number | null;
  height: number | null;
}

export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}

export class FakeMenu {
  private readonly items: MenuItemSpec[] = [];

  constructor(
    private readonly ui: FakeUi | null,
    private readonly caption: string | null,
    private readonly addon: boolean,
  ) {}

  addItem(caption: string, functionName: string): this {
    this.items.push({ kind: 'item', caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): this {
    this.items.push({ kind: 'separator' });
    return this;
  }

  addSubMenu(menu: FakeMenu): this {
    this.items.push({ kind: 'submenu', caption: menu.caption ?? '', items: menu.spec().items });
    return this;
  }

  addToUi(): void {
    this.ui?.recordMenu(this.spec());
  }

  spec(): MenuSpec {
    return { caption: this.caption, addon: this.addon, items: structuredClone(this.items) };
  }
}

export class FakePromptResponse {
  constructor(
    private readonly text: string,
    private readonly button: ButtonName,
  ) {}
  getResponseText(): string {
    return this.text;
  }
  getSelectedButton(): ButtonName {
    return this.button;
  }
}

function isButtonSet(value: unknown): value is ButtonSetName {
  return typeof value === 'string' && value in BUTTONS_OF;
}

/** alert/prompt take (prompt), (prompt, buttons) or (title, prompt, buttons). */
function dialogArguments(args: unknown[]): { title: string; prompt: string; buttons: ButtonSetName | null } {
  const [first, second, third] = args;
  if (args.length >= 3)
    return { title: String(first), prompt: String(second), buttons: isButtonSet(third) ? third : null };
  if (args.length === 2 && isButtonSet(second)) return { title: '', prompt: String(first), buttons: second };
  if (args.length === 2) return { title: String(first), prompt: String(second), buttons: null };
  return { title: '', prompt: String(first ?? ''), buttons: null };
}

export class FakeUi {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;

  readonly menus: MenuSpec[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly prompts: PromptRecord[] = [];
  readonly sidebars: ShownHtml[] = [];
  readonly dialogs: ShownHtml[] = [];
  readonly toasts: ToastRecord[] = [];
  private readonly alertAnswers: ButtonName[] = [];
  private readonly promptAnswers: { text: string; button: ButtonName }[] = [];

  // ---- what the test controls (not Apps Script) ----------------------------------------------------------

  /** The button the person will press on the next alert. Without one, the first button of the set. */
  queueAlertResponse(button: ButtonName): void {
    this.alertAnswers.push(button);
  }

  /** What the person will type and press on the next prompt. A prompt with nothing queued fails the test. */
  queuePromptResponse(text: string, button: ButtonName = 'OK'): void {
    this.promptAnswers.push({ text, button });
  }

  /** The function name behind a menu item, found by captions ("OKR Ledger", "Pull cycle"). */
  menuFunction(menuCaption: string | null, ...itemPath: string[]): string | null {
    const menu = this.menus.find(
      (candidate) => candidate.caption === menuCaption || (menuCaption === null && candidate.addon),
    );
    let items = menu?.items ?? [];
    for (const [index, caption] of itemPath.entries()) {
      const found = items.find((item) => item.kind !== 'separator' && item.caption === caption);
      if (!found || found.kind === 'separator') return null;
      if (index === itemPath.length - 1) return found.kind === 'item' ? found.functionName : null;
      if (found.kind !== 'submenu') return null;
      items = found.items;
    }
    return null;
  }

  /** Internal. */
  recordMenu(spec: MenuSpec): void {
    const existing = this.menus.findIndex(
      (menu) => menu.caption === spec.caption && menu.addon === spec.addon,
    );
    if (existing >= 0) this.menus.splice(existing, 1, spec);
    else this.menus.push(spec);
  }

  /** Internal. */
  recordToast(message: string, title: string, timeoutSeconds: number): void {
    this.toasts.push({ message, title, timeoutSeconds });
  }

  // ---- Apps Script Ui -------------------------------------------------------------------------------------

  createMenu(caption: string): FakeMenu {
    return new FakeMenu(this, String(caption), false);
  }

  createAddonMenu(): FakeMenu {
    return new FakeMenu(this, null, true);
  }

  alert(...args: unknown[]): ButtonName {
    const { title, prompt, buttons } = dialogArguments(args);
    const buttonSet = buttons ?? 'OK';
    const allowed = BUTTONS_OF[buttonSet];
    const response = this.alertAnswers.shift() ?? (allowed[0] as ButtonName);
    if (!allowed.includes(response)) {
      throw new Error(`Queued alert answer ${response} is not a button of ${buttonSet} (alert: "${prompt}")`);
    }
    this.alerts.push({ title, prompt, buttons: buttonSet, response });
    return response;
  }

  prompt(...args: unknown[]): FakePromptResponse {
    const { title, prompt, buttons } = dialogArguments(args);
    const buttonSet = buttons ?? 'OK';
    const answer = this.promptAnswers.shift();
    if (!answer) throw new Error(`A prompt was shown with no queued answer: "${prompt}"`);
    if (answer.button !== 'CLOSE' && !BUTTONS_OF[buttonSet].includes(answer.button)) {
      throw new Error(
        `Queued prompt answer ${answer.button} is not a button of ${buttonSet} (prompt: "${prompt}")`,
      );
    }
    this.prompts.push({
      title,
      prompt,
      buttons: buttonSet,
      responseText: answer.text,
      response: answer.button,
    });
    return new FakePromptResponse(answer.text, answer.button);
  }

  showSidebar(userInterface: FakeHtmlOutput): void {
    this.sidebars.push(userInterface.shown('sidebar', userInterface.getTitle()));
  }

  showModalDialog(userInterface: FakeHtmlOutput, title: string): void {
    this.dialogs.push(userInterface.shown('modal', String(title)));
  }

  showModelessDialog(userInterface: FakeHtmlOutput, title: string): void {
    this.dialogs.push(userInterface.shown('modeless', String(title)));
  }
}
