// Owns the "Link KR to a cell…" dialog's server side: opening it on a KR row that can take a value from a
// cell, what it offers (the cell selected when it opened, and again on request, this spreadsheet's named
// ranges, the reason field while the cycle is active), and its answer, read by core/link-form and linked
// by the same flow a sync uses. The dialog is modeless, so the person can click the metric's cell while it
// is open. Also binds the linked-value entry points Apps Script calls.
import type { LinkedCellReader } from '../adapters/linked-cells.js';
import { describeValueSource } from '@okr-ledger/okr-domain/linked-values';
import { needsAction } from '../core/failures.js';
import {
  cellReference,
  type LinkCellContext,
  readLinkForm,
  type SelectedCell,
  selectedCell,
} from '../core/link-form.js';
import type { AddonServices } from './services.js';
import type { DialogResult } from './cycle-life.js';
import { HOURLY_NOTE, type LinkedValuesFlow } from './linked-values.js';
import { dialogCall, runAction } from './runner.js';
import { EditingSheets } from './sheets.js';

/** The HTML file HtmlService opens (DIALOG_FILES in addon/build.ts). */
export const LINK_DIALOG_FILE = 'LinkCellDialog';

/** The entry points the linked values answer (listed in core/entry-points.ts). */
export const LINKED_VALUE_ENTRY_POINTS = [
  'linkKeyResultToCell',
  'loadLinkCellContext',
  'readSelectedCellForLink',
  'submitLinkCell',
  'unlinkKeyResultCell',
  'syncLinkedValuesNow',
  'syncLinkedValuesOnSchedule',
] as const;
export type LinkedValuesEntryPoint = (typeof LINKED_VALUE_ENTRY_POINTS)[number];

export class LinkCellDialog {
  constructor(
    private readonly services: AddonServices,
    private readonly flow: LinkedValuesFlow,
    private readonly cells: LinkedCellReader,
  ) {}

  open(): void {
    runAction(this.services, 'link', () => {
      const { keyResult } = this.flow.selected();
      this.flow.requireLinkable(keyResult);
      this.services.ui.showDialog(LINK_DIALOG_FILE, 'Link KR to a cell', 460, 560, 'modeless');
    });
  }

  loadContext(): LinkCellContext {
    return dialogCall(this.services, () => {
      const { board, keyResult } = this.flow.selected();
      this.flow.requireLinkable(keyResult);
      const current = keyResult.valueSource ?? null;
      return {
        cycleId: board.cycle.id,
        keyResultId: keyResult.id,
        title: keyResult.title,
        reasonRequired: board.cycle.status === 'active',
        current: current === null ? null : describeValueSource(current),
        selected: this.selectedCell(),
        namedRanges: this.cells
          .namedRanges()
          .map((named) => ({ name: named.name, reference: cellReference(named.sheetName, named.a1) })),
        hourly: HOURLY_NOTE,
      };
    });
  }

  /** The cell selected now ("Use the cell selected now"). */
  readSelectedCell(): SelectedCell | null {
    return dialogCall(this.services, () => this.selectedCell());
  }

  submit(form: unknown): DialogResult {
    return dialogCall(this.services, () => {
      const cycleId =
        typeof form === 'object' && form !== null
          ? String((form as { cycleId?: unknown }).cycleId ?? '')
          : '';
      const pulled = cycleId === '' ? null : new EditingSheets(this.services.sheets).lastPull(cycleId);
      if (pulled === null)
        throw needsAction(`Pull ${cycleId || 'the cycle'} first, then link the key result again.`);
      const request = readLinkForm(
        form,
        this.cells.thisSpreadsheetId(),
        this.cells.namedRanges().map((named) => named.name),
        pulled.board.cycle.status === 'active',
      );
      if (!request.ok) throw needsAction(request.message);
      const message = this.flow.link(request.value);
      this.services.sheets.toast(message, 'Linked');
      return { message };
    });
  }

  private selectedCell(): SelectedCell | null {
    const selection = this.cells.selection();
    return selection === null ? null : selectedCell(selection.sheetName, selection.a1);
  }
}

/** The entry points of linked values, bound to one flow and its dialog. */
export function linkedValueEntryPoints(flow: LinkedValuesFlow, dialog: LinkCellDialog) {
  return {
    linkKeyResultToCell: () => dialog.open(),
    loadLinkCellContext: () => dialog.loadContext(),
    readSelectedCellForLink: () => dialog.readSelectedCell(),
    submitLinkCell: (form: unknown) => dialog.submit(form),
    unlinkKeyResultCell: () => flow.unlink(),
    syncLinkedValuesNow: () => flow.syncNow(),
    syncLinkedValuesOnSchedule: () => flow.onSchedule(),
  } satisfies Record<LinkedValuesEntryPoint, (...args: never[]) => unknown>;
}
