/// <reference types="google-apps-script" />
// Owns the Apps Script side of linked values: reading the cell a link names (in this spreadsheet, or
// another one by id when the person may open it: the `spreadsheets` scope), the row developer metadata
// that stores a KR's link with its row, and the installable hourly trigger that syncs them.
// Editor add-ons may run a time-driven trigger at most once an hour, one per user and document.
import type { ValueSource } from '@okr-ledger/okr-domain';
import { LINKED_VALUE_SYNC_EVERY_HOURS } from '@okr-ledger/okr-domain/vocabulary';
import type { Cell } from '../core/cells.js';
import { LINK_METADATA_KEY, type LinkRead } from '../core/linked-cells.js';

type SpreadsheetService = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type ScriptService = GoogleAppsScript.Script.ScriptApp;

/** The function Apps Script calls on the hourly trigger (an entry point). */
export const SCHEDULED_SYNC_HANDLER = 'syncLinkedValuesOnSchedule';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class LinkedCellReader {
  private readonly opened = new Map<string, Spreadsheet | string>();

  constructor(private readonly app: SpreadsheetService) {}

  thisSpreadsheetId(): string {
    return this.app.getActiveSpreadsheet().getId();
  }

  /** The active range's sheet and A1 notation, as the person has it selected now. */
  selection(): { sheetName: string; a1: string } | null {
    const range = this.app.getActiveSpreadsheet().getActiveRange();
    return range === null ? null : { sheetName: range.getSheet().getName(), a1: range.getA1Notation() };
  }

  /** This spreadsheet's named ranges, with the top-left cell each one reads. */
  namedRanges(): { name: string; sheetName: string; a1: string }[] {
    return this.app
      .getActiveSpreadsheet()
      .getNamedRanges()
      .map((named) => {
        const range = named.getRange();
        return { name: named.getName(), sheetName: range.getSheet().getName(), a1: range.getA1Notation() };
      });
  }

  /** The spreadsheet a link names, opened once per sync; a message when it cannot be opened. */
  private spreadsheet(id: string): Spreadsheet | string {
    const known = this.opened.get(id);
    if (known !== undefined) return known;
    let opened: Spreadsheet | string;
    const active = this.app.getActiveSpreadsheet();
    if (active.getId() === id) opened = active;
    else {
      try {
        opened = this.app.openById(id);
      } catch (error) {
        opened = `spreadsheet ${id} could not be opened: ${messageOf(error)}`;
      }
    }
    this.opened.set(id, opened);
    return opened;
  }

  read(source: ValueSource): LinkRead {
    const spreadsheet = this.spreadsheet(source.spreadsheetId);
    if (typeof spreadsheet === 'string') return { ok: false, reason: spreadsheet };
    try {
      if (source.kind === 'named_range') {
        const range = spreadsheet.getRangeByName(source.name);
        if (range === null) return { ok: false, reason: `there is no named range ${source.name}` };
        const cell = range.getCell(1, 1);
        return {
          ok: true,
          value: cell.getValue() as Cell,
          sheetName: range.getSheet().getName(),
          a1: cell.getA1Notation(),
        };
      }
      const sheet = spreadsheet.getSheetByName(source.sheetName);
      if (sheet === null) return { ok: false, reason: `there is no sheet ${source.sheetName}` };
      const value = sheet.getRange(source.a1).getValue() as Cell;
      return { ok: true, value, sheetName: source.sheetName, a1: source.a1 };
    } catch (error) {
      return { ok: false, reason: messageOf(error) };
    }
  }
}

/** The link metadata on the rows of one sheet: what is wanted stays, stale metadata goes, missing is added. */
export class LinkedRowMetadata {
  constructor(private readonly app: SpreadsheetService) {}

  apply(sheetName: string, wanted: ReadonlyMap<number, string>): { added: number; removed: number } {
    const sheet = this.app.getActiveSpreadsheet().getSheetByName(sheetName);
    if (sheet === null) return { added: 0, removed: 0 };
    const existing = sheet
      .createDeveloperMetadataFinder()
      .withKey(LINK_METADATA_KEY)
      .withLocationType(this.app.DeveloperMetadataLocationType.ROW)
      .find();
    const kept = new Set<number>();
    let removed = 0;
    for (const metadata of existing) {
      const row = metadata.getLocation().getRow()?.getRow() ?? null;
      if (row !== null && !kept.has(row) && wanted.get(row) === metadata.getValue()) kept.add(row);
      else {
        metadata.remove();
        removed += 1;
      }
    }
    let added = 0;
    for (const [row, value] of wanted) {
      if (kept.has(row)) continue;
      // Sheets takes row metadata only on a whole row.
      sheet.getRange(row, 1, 1, sheet.getMaxColumns()).addDeveloperMetadata(LINK_METADATA_KEY, value);
      added += 1;
    }
    return { added, removed };
  }
}

export class SyncTrigger {
  constructor(private readonly script: ScriptService) {}

  installed(): boolean {
    return this.script
      .getProjectTriggers()
      .some((trigger) => trigger.getHandlerFunction() === SCHEDULED_SYNC_HANDLER);
  }

  /** Installs the hourly trigger unless this person already has it in this document. */
  ensure(): boolean {
    if (this.installed()) return false;
    this.script
      .newTrigger(SCHEDULED_SYNC_HANDLER)
      .timeBased()
      .everyHours(LINKED_VALUE_SYNC_EVERY_HOURS)
      .create();
    return true;
  }

  remove(): void {
    for (const trigger of this.script.getProjectTriggers()) {
      if (trigger.getHandlerFunction() === SCHEDULED_SYNC_HANDLER) this.script.deleteTrigger(trigger);
    }
  }
}
