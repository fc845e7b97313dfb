// Owns finding things in the spreadsheet for the entry points: which cycle sheet is active, the last pull
// of a cycle (board and members, one read of its data sheet), the editing sheet with its columns located,
// how many rows hold unsent edits, and the id of the selected row.
import type { Board } from '@okr-ledger/api-contract';
import type { SheetsGateway } from '../adapters/spreadsheet.js';
import { readText } from '../core/cells.js';
import { cycleOfEditingSheet, DATA_START_ROW, editingSheetName } from '../core/columns.js';
import { needsAction } from '../core/failures.js';
import { fingerprintIds } from '../core/ids.js';
import { GONE_PREFIX } from '../core/read-sheet.js';
import { type EditingSheetState, editingState } from '../core/sheet-sync.js';
import {
  decodeAlignmentChoices,
  decodeAttentionCadence,
  decodeMembers,
  decodeSnapshot,
  snapshotSheetName,
} from '../core/snapshot.js';
import type { AlignmentChoices } from '../core/alignment-cells.js';
import { preparePush } from '../core/sync.js';

export interface LastPull {
  board: Board;
  members: string[];
  /** The Team and Parent objective dropdowns' lists. */
  alignment: AlignmentChoices;
  /** The cadence of the attention list the pull coloured (null: none was read). */
  cadenceDays: number | null;
}

export class EditingSheets {
  constructor(private readonly sheets: SheetsGateway) {}

  /** The cycle of the active "OKRs <cycle>" sheet, if that is what the person is looking at. */
  activeCycle(): string | null {
    return cycleOfEditingSheet(this.sheets.activeSheetName());
  }

  /** The cycle of the active "OKRs <cycle>" sheet, or of the only such sheet. */
  editingCycle(): string | null {
    const active = this.activeCycle();
    if (active !== null) return active;
    const cycles = this.sheets.sheetNames().flatMap((name) => {
      const cycle = cycleOfEditingSheet(name);
      return cycle === null ? [] : [cycle];
    });
    return cycles.length === 1 ? (cycles[0] ?? null) : null;
  }

  /** The last pull's board and the members it saw, from one read of the data sheet. */
  lastPull(cycleId: string): LastPull | null {
    const values = this.sheets.readAll(snapshotSheetName(cycleId));
    const board = decodeSnapshot(values);
    if (board === null) return null;
    return {
      board,
      members: decodeMembers(values),
      alignment: decodeAlignmentChoices(values),
      cadenceDays: decodeAttentionCadence(values),
    };
  }

  requireLastPull(cycleId: string): LastPull {
    const last = this.lastPull(cycleId);
    if (last === null)
      throw needsAction(`Pull ${cycleId} first: the sheet has no last pull to compare with.`);
    return last;
  }

  /** The editing sheet as it stands, its columns found by anchor or header; null when missing or empty. */
  editingSheet(cycleId: string, decorations: boolean): EditingSheetState | null {
    const name = editingSheetName(cycleId);
    const raw = this.sheets.readEditing(name, decorations);
    return raw === null ? null : editingState(name, raw);
  }

  /** How many rows of the editing sheet hold edits that were never pushed (0 when there is no sheet). */
  unsentChanges(cycleId: string): number {
    if (!this.sheets.hasSheet(editingSheetName(cycleId))) return 0;
    const last = this.lastPull(cycleId);
    if (last === null) return 0;
    const state = this.editingSheet(cycleId, false);
    if (state === null) return 0;
    const { plan } = preparePush(state, last.board, fingerprintIds(last.board), last.alignment);
    return new Set([...plan.commands.map((c) => c.row), ...plan.blockedRows]).size;
  }

  /** The hidden id of the active row of an editing sheet. */
  selectedId(): string | null {
    const sheetName = this.sheets.activeSheetName();
    if (cycleOfEditingSheet(sheetName) === null) return null;
    const row = this.sheets.activeRow();
    if (row < DATA_START_ROW) return null;
    const raw = this.sheets.readEditingRow(sheetName, row);
    if (raw === null) return null;
    const { columns } = editingState(sheetName, raw);
    const id = readText(raw.values[0]?.[(columns.get('id') ?? 0) - 1]);
    return id === '' || id.startsWith(GONE_PREFIX) ? null : id;
  }

  selectedKeyResult(): { board: Board; keyResultId: string; cycleId: string } {
    const cycleId = this.activeCycle();
    const keyResultId = this.selectedId();
    if (cycleId === null || keyResultId === null || !keyResultId.startsWith('kr_')) {
      throw needsAction('Select a key result row in an “OKRs <cycle>” sheet, then choose Check in again.');
    }
    return { board: this.requireLastPull(cycleId).board, keyResultId, cycleId };
  }
}
