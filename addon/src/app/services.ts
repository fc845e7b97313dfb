// What the add-on runs on, injected by main.ts (Apps Script) and by the tests (the fakes): the sheet, UI
// and settings gateways, the API client, the document lock, the identity token, the clock and the log;
// and the shapes of the trigger event and a check-in's result that entry points share.
import type { ApiClient } from '../adapters/http.js';
import type { SettingsStore } from '../adapters/settings.js';
import type { SheetsGateway } from '../adapters/spreadsheet.js';
import type { UiGateway } from '../adapters/ui.js';
import type { Connection } from '../core/connection.js';

export interface AddonServices {
  sheets: SheetsGateway;
  ui: UiGateway;
  settings: SettingsStore;
  api(connection: Connection): ApiClient;
  lock<T>(work: () => T): T;
  /** The Google identity token the API receives (null when Google gives none). */
  identityToken(): string | null;
  now(): Date;
  log(message: string): void;
  /** Waits (Utilities.sleep): reports read from the views trail a write by a moment. */
  sleep?(ms: number): void;
  /** The link developer metadata on an editing sheet's rows: wanted value by sheet row (adapters/linked-cells). */
  linkRows?: { apply(sheetName: string, wanted: ReadonlyMap<number, string>): unknown };
}

/** The trigger event, as much of it as the add-on reads. */
export interface OpenEvent {
  authMode?: unknown;
}

export interface CheckInResult {
  message: string;
}
