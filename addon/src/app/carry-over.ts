// Owns "Carry over to next cycle…" (editors and admins): the dialog's choices read from the source cycle's
// board, the carry-over sent through the API client, what it created reported, and the target cycle pulled
// into its sheet when the person asked for it. The server checks roles and team scopes per objective.
import type { Board, CycleListResponse } from '@okr-ledger/api-contract';
import {
  type CarryOverChoices,
  type CarryOverResponse,
  carryOverChoices,
  carryOverMessage,
  carryOverRequest,
  parseCarryOverForm,
  sourceCycleOf,
} from '../core/carry-over.js';
import { needsAction } from '../core/failures.js';
import type { AddonServices } from './services.js';
import { PullFlow } from './pull.js';
import { dialogCall, requireConnection, runAction } from './runner.js';
import { EditingSheets } from './sheets.js';

export interface CarryOverResult {
  message: string;
}

export class CarryOverFlow {
  constructor(private readonly services: AddonServices) {}

  private api() {
    return this.services.api(requireConnection(this.services));
  }

  open(): void {
    runAction(this.services, 'carry over', () => {
      requireConnection(this.services);
      this.services.ui.showDialog('CarryOverDialog', 'Carry over to next cycle…', 520, 560);
    });
  }

  private choicesFor(sourceCycleId: string | null): CarryOverChoices {
    const api = this.api();
    const { cycles } = api.call<CycleListResponse>({ path: '/cycles' });
    const sheetCycle = new EditingSheets(this.services.sheets).activeCycle();
    const source = sourceCycleOf(cycles, sourceCycleId, sheetCycle);
    if (source === undefined)
      throw needsAction('This organization has no cycles yet: an admin creates them.');
    const board = api.call<Board>({ path: `/cycles/${source.id}/okrs`, query: { consistent: 'true' } });
    return carryOverChoices(cycles, board);
  }

  /** The dialog's choices (google.script.run): the sheet's cycle, or the source the dialog switched to. */
  loadCarryOverOptions(sourceCycleId?: unknown): CarryOverChoices {
    return dialogCall(this.services, () =>
      this.choicesFor(typeof sourceCycleId === 'string' && sourceCycleId !== '' ? sourceCycleId : null),
    );
  }

  /** The dialog's answer (google.script.run): carried, reported, and the target pulled if asked. */
  submitCarryOver(form: unknown): CarryOverResult {
    return dialogCall(this.services, () => {
      const parsed = parseCarryOverForm(form);
      if (!parsed.ok) throw needsAction(parsed.message);
      const { sourceCycleId, targetCycleId, pull } = parsed.value;
      const choices = this.choicesFor(sourceCycleId);
      const response = this.api().call<CarryOverResponse>({
        method: 'post',
        path: `/cycles/${targetCycleId}/carry-over`,
        body: carryOverRequest(parsed.value, choices),
      });
      let message = carryOverMessage(response);
      if (pull) {
        const pulled = new PullFlow(this.services, new EditingSheets(this.services.sheets)).pull(
          requireConnection(this.services),
          { cycleId: targetCycleId, ...this.services.settings.pullFilter(targetCycleId) },
        );
        message += `\n${pulled ?? `${targetCycleId} was not pulled: your unsent changes in its sheet are kept.`}`;
      }
      this.services.sheets.toast(message, `Carry over to ${targetCycleId}`);
      return { message };
    });
  }
}
