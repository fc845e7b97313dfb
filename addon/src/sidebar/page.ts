// Owns the slice of the browser the sidebar uses, typed here: the repository compiles for Node without the
// DOM library, and adding it would change the globals every other package type-checks against.
import type { CheckInContext, CheckInForm } from '../core/check-in-form.js';

export interface PageEvent {
  preventDefault(): void;
}

export interface PageElement {
  textContent: string | null;
  hidden: boolean;
  className: string;
  readonly classList: { toggle(token: string, force?: boolean): boolean };
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  appendChild<T extends PageElement>(child: T): T;
  replaceChildren(...children: PageElement[]): void;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
  focus(): void;
}

/** Inputs, selects and textareas: the properties the form reads and writes. */
export interface FormControl extends PageElement {
  value: string;
  checked: boolean;
  disabled: boolean;
  type: string;
  max: string;
}

export interface PageDocument {
  readyState: string;
  getElementById(id: string): FormControl | null;
  createElement(tag: string): FormControl;
  addEventListener(type: string, listener: () => void): void;
}

/** What google.script.run offers the page: the server functions it may call. */
export interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
  loadCheckInContext(): void;
  submitCheckIn(form: CheckInForm): void;
}

interface PageGlobals {
  document: PageDocument;
  google: { script: { run: ScriptRunner } };
  crypto: { getRandomValues(array: Uint8Array): Uint8Array };
}

export const page = globalThis as unknown as PageGlobals;

export function element(id: string): FormControl {
  const found = page.document.getElementById(id);
  if (found === null) throw new Error(`the sidebar has no #${id}`);
  return found;
}

export type { CheckInContext };
