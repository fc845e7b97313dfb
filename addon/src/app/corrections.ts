// Owns "Correct this check-in…" from the KR history sheet: the dialog's context (the selected check-in as
// the server has it) and its answer, sent as one CorrectCheckIn command to the cycle the KR belongs to;
// the history is then laid out again, the original kept and greyed beside its correction.
import type { BatchResponse, KeyResultHistory } from '@okr-ledger/api-contract';
import {
  type CorrectionContext,
  correctionCommand,
  correctionContext,
  selectedCheckIn,
} from '../core/corrections.js';
import { needsAction } from '../core/failures.js';
import { HISTORY_SHEET, historyPlan } from '../core/reports/history.js';
import { decodeSnapshot } from '../core/snapshot.js';
import type { AddonServices } from './services.js';
import type { DialogResult } from './cycle-life.js';
import { dialogCall, readUntil, requireConnection, runAction } from './runner.js';

export class Corrections {
  constructor(private readonly services: AddonServices) {}

  private api() {
    return this.services.api(requireConnection(this.services));
  }

  private selected() {
    const { sheets } = this.services;
    if (sheets.activeSheetName() !== HISTORY_SHEET)
      throw needsAction(
        'Open the “KR history” sheet and select the check-in to correct, then choose Correct this check-in again.',
      );
    const selected = selectedCheckIn(sheets.readAll(HISTORY_SHEET), sheets.activeRow());
    if (!selected.ok) throw needsAction(selected.message);
    return selected.value;
  }

  private context(): { context: CorrectionContext; history: KeyResultHistory } {
    const selected = this.selected();
    const history = this.api().call<KeyResultHistory>({
      path: `/key-results/${selected.keyResultId}/history`,
    });
    const context = correctionContext(history, selected);
    if (!context.ok) throw needsAction(context.message);
    return { context: context.value, history };
  }

  open(): void {
    runAction(this.services, 'correct', () => {
      this.selected();
      this.services.ui.showDialog('CorrectionDialog', 'Correct this check-in', 420, 420);
    });
  }

  loadCorrectionContext(): CorrectionContext {
    return dialogCall(this.services, () => this.context().context);
  }

  submitCorrection(form: unknown): DialogResult {
    return dialogCall(this.services, () => {
      const { context, history } = this.context();
      const command = correctionCommand(context, history.objectiveId, form);
      if (!command.ok) throw needsAction(command.message);
      const cycleId = this.cycleOf(history.objectiveId);
      const api = this.api();
      const response = api.call<BatchResponse>({
        method: 'post',
        path: `/cycles/${cycleId}/commands`,
        body: { commands: [command.value] },
      });
      const result = response.results[0];
      if (result === undefined || result.status === 'conflict')
        throw needsAction(
          `The check-in could not be corrected: ${result?.message ?? 'no answer'}. Try again.`,
        );
      if (result.status === 'invalid')
        throw needsAction(result.errors.map((error) => error.message).join('\n') || result.code);
      const refreshed = readUntil(
        this.services,
        () => api.call<KeyResultHistory>({ path: `/key-results/${context.keyResultId}/history` }),
        (h) => h.entries.some((entry) => entry.checkInId === context.checkInId && entry.correctedBy !== null),
      );
      this.services.sheets.write(historyPlan(refreshed));
      const message = `Corrected the check-in of “${context.title}”: the original is kept, greyed, beside its correction.`;
      this.services.sheets.toast(message, 'Check-in corrected');
      return { message };
    });
  }

  /** The cycle of an objective, from the last pulls in this spreadsheet. */
  private cycleOf(objectiveId: string): string {
    for (const name of this.services.sheets.sheetNames()) {
      if (!name.startsWith('_okr_pull_')) continue;
      const board = decodeSnapshot(this.services.sheets.readAll(name));
      if (board?.objectives.some((objective) => objective.id === objectiveId)) return board.cycle.id;
    }
    throw needsAction('Pull the cycle of this key result first, then correct the check-in again.');
  }
}
