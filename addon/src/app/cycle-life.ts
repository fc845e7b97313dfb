// Owns the cycle's life from the sheet (admins): New cycle… (a dialog with defaults from the last cycle),
// Activate cycle and Reopen cycle… (a reason required), each confirmed with what it changes.
// The server checks the role again; these items are only offered to admins.
import type { CycleListResponse, CycleView } from '@okr-ledger/api-contract';
import { cycleOfEditingSheet, editingSheetName } from '../core/columns.js';
import {
  activateConfirmation,
  createdMessage,
  type NewCycleDefaults,
  newCycleDefaults,
  parseNewCycleForm,
  reopenPrompt,
} from '../core/cycle-life.js';
import { needsAction } from '../core/failures.js';
import type { AddonServices } from './services.js';
import { PullFlow } from './pull.js';
import { chooseCycle, dialogCall, requireConnection, runAction } from './runner.js';
import { EditingSheets } from './sheets.js';

export interface DialogResult {
  message: string;
}

export class CycleLife {
  constructor(private readonly services: AddonServices) {}

  private api() {
    return this.services.api(requireConnection(this.services));
  }

  /** The cycle of the active "OKRs <cycle>" sheet when it is in `status`, else the person picks one. */
  private cycleIn(status: CycleView['status'], title: string, none: string): string | null {
    const api = this.api();
    const fromSheet = cycleOfEditingSheet(this.services.sheets.activeSheetName());
    if (fromSheet !== null) {
      const { cycles } = api.call<CycleListResponse>({ path: '/cycles' });
      if (cycles.some((cycle) => cycle.id === fromSheet && cycle.status === status)) return fromSheet;
    }
    return chooseCycle(this.services, api, title, { eligible: (cycle) => cycle.status === status, none });
  }

  /** The cycle's sheet, when there is one, learns the new status: a push then asks for reasons as the server will. */
  private pullAgain(cycleId: string): void {
    if (!this.services.sheets.hasSheet(editingSheetName(cycleId))) return;
    const sheets = new EditingSheets(this.services.sheets);
    new PullFlow(this.services, sheets).pull(requireConnection(this.services), {
      cycleId,
      ...this.services.settings.pullFilter(cycleId),
    });
  }

  openNewCycle(): void {
    runAction(this.services, 'new cycle', () => {
      requireConnection(this.services);
      this.services.ui.showDialog('NewCycleDialog', 'New cycle', 420, 470);
    });
  }

  /** The dialog's defaults (google.script.run). */
  loadNewCycleDefaults(): NewCycleDefaults {
    return dialogCall(this.services, () => {
      const { cycles } = this.api().call<CycleListResponse>({ path: '/cycles' });
      return newCycleDefaults(cycles, this.services.now().toISOString().slice(0, 10));
    });
  }

  /** The dialog's answer (google.script.run): the cycle is created in planning. */
  createCycle(form: unknown): DialogResult {
    return dialogCall(this.services, () => {
      const parsed = parseNewCycleForm(form);
      if (!parsed.ok) throw needsAction(parsed.message);
      const { cycleId, title, startsOn, endsOn, timeZone } = parsed.value;
      const cycle = this.api().call<CycleView>({
        method: 'post',
        path: '/cycles',
        body: { cycleId, startsOn, endsOn, timeZone, ...(title === '' ? {} : { title }) },
      });
      const message = createdMessage(cycle);
      this.services.sheets.toast(message, `Created ${cycle.id}`);
      return { message };
    });
  }

  activate(): void {
    runAction(this.services, 'activate', () => {
      const cycleId = this.cycleIn(
        'planning',
        'Activate cycle',
        'No cycle is in planning: create one first.',
      );
      if (cycleId === null) return;
      const { title, message } = activateConfirmation(cycleId);
      if (!this.services.ui.confirm(title, message)) return;
      const cycle = this.api().call<CycleView>({ method: 'post', path: `/cycles/${cycleId}/activate` });
      this.pullAgain(cycle.id);
      this.services.ui.alert(
        'Cycle activated',
        `${cycle.id} is ${cycle.status}. Definition changes now need a Reason for change.`,
      );
    });
  }

  reopen(): void {
    runAction(this.services, 'reopen', () => {
      const cycleId = this.cycleIn('closed', 'Reopen cycle', 'No cycle is closed.');
      if (cycleId === null) return;
      const { title, message } = reopenPrompt(cycleId);
      const answer = this.services.ui.prompt(title, message);
      if (answer === null) return;
      const reason = answer.trim();
      if (reason === '') throw needsAction('Reopening a cycle needs a reason: nothing was changed.');
      const cycle = this.api().call<CycleView>({
        method: 'post',
        path: `/cycles/${cycleId}/reopen`,
        body: { reason },
      });
      this.pullAgain(cycle.id);
      this.services.ui.alert(
        'Cycle reopened',
        `${cycle.id} is ${cycle.status} again (“${reason}”). Close it again once the late check-ins and corrections are in.`,
      );
    });
  }
}
