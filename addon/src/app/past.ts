// Owns looking at the past from the sheet: "Board as of…" (the board at one instant, read-only) and
// "Compare two dates…" (what changed between two instants, per objective and KR). Both open a small
// dialog that offers the cycles; the answer is read with one fetchAll and laid out as a report sheet.
import { currentCycle } from '../core/current-cycle.js';
import type { Board, ChangesResponse, CycleListResponse } from '@okr-ledger/api-contract';
import { cycleOfEditingSheet } from '../core/columns.js';
import { needsAction } from '../core/failures.js';
import { type Comparison, comparePlan, type DiffView } from '../core/reports/compare.js';
import { parseInstant, pastBoardPlan } from '../core/reports/past-board.js';
import type { AddonServices } from './services.js';
import type { DialogResult } from './cycle-life.js';
import { dialogCall, requireConnection, runAction } from './runner.js';

export interface PastOptions {
  cycles: { id: string; label: string; startsOn: string; endsOn: string }[];
  preferredCycleId: string;
  /** The server-independent now, for the dialog's default "to". */
  now: string;
}

function formText(form: unknown, key: string): unknown {
  return typeof form === 'object' && form !== null ? (form as Record<string, unknown>)[key] : undefined;
}

export class PastViews {
  constructor(private readonly services: AddonServices) {}

  private api() {
    return this.services.api(requireConnection(this.services));
  }

  openBoardAsOf(): void {
    runAction(this.services, 'board as of', () => {
      requireConnection(this.services);
      this.services.ui.showDialog('AsOfDialog', 'Board as of…', 400, 300);
    });
  }

  openCompare(): void {
    runAction(this.services, 'compare', () => {
      requireConnection(this.services);
      this.services.ui.showDialog('CompareDialog', 'Compare two dates…', 400, 340);
    });
  }

  /** The dialogs' cycles (google.script.run): the active sheet's cycle, else the active one, chosen. */
  loadPastOptions(): PastOptions {
    return dialogCall(this.services, () => {
      const { cycles } = this.api().call<CycleListResponse>({ path: '/cycles' });
      if (cycles.length === 0) throw needsAction('This organization has no cycles yet.');
      const fromSheet = cycleOfEditingSheet(this.services.sheets.activeSheetName());
      const preferred =
        cycles.find((cycle) => cycle.id === fromSheet) ?? currentCycle(cycles, cycles[cycles.length - 1]);
      return {
        cycles: cycles.map((cycle) => ({
          id: cycle.id,
          label: `${cycle.title} (${cycle.id}) · ${cycle.status}`,
          startsOn: cycle.startsOn,
          endsOn: cycle.endsOn,
        })),
        preferredCycleId: preferred?.id ?? '',
        now: this.services.now().toISOString(),
      };
    });
  }

  private cycleOf(form: unknown): string {
    const cycleId = String(formText(form, 'cycleId') ?? '').trim();
    if (cycleId === '') throw needsAction('Choose a cycle.');
    return cycleId;
  }

  private instant(form: unknown, key: string, label: string): string {
    const parsed = parseInstant(formText(form, key), label);
    if (!parsed.ok) throw needsAction(parsed.message);
    return parsed.value;
  }

  /** Board as of (google.script.run): `{cycleId, asOf}`. */
  showBoardAsOf(form: unknown): DialogResult {
    return dialogCall(this.services, () => {
      const cycleId = this.cycleOf(form);
      const asOf = this.instant(form, 'asOf', 'As of');
      const board = this.api().call<Board>({ path: `/cycles/${cycleId}/okrs`, query: { asOf } });
      this.services.sheets.write(pastBoardPlan(board));
      const message = `${board.objectives.length} objectives of ${cycleId} as of ${board.asOf}.`;
      this.services.sheets.toast(message, 'Board as of');
      return { message };
    });
  }

  /** Compare two dates (google.script.run): `{cycleId, from, to}`. */
  compareDates(form: unknown): DialogResult {
    return dialogCall(this.services, () => {
      const cycleId = this.cycleOf(form);
      const from = this.instant(form, 'from', 'From');
      const to = this.instant(form, 'to', 'To');
      if (Date.parse(from) > Date.parse(to)) throw needsAction('From must not be after To.');
      const [diff, before, after, changes] = this.api().callAll([
        { path: `/cycles/${cycleId}/diff`, query: { from, to } },
        { path: `/cycles/${cycleId}/okrs`, query: { asOf: from } },
        { path: `/cycles/${cycleId}/okrs`, query: { asOf: to } },
        { path: `/cycles/${cycleId}/changes`, query: { from, to } },
      ]) as [DiffView, Board, Board, ChangesResponse];
      const comparison: Comparison = { diff, before, after, changes };
      this.services.sheets.write(comparePlan(comparison));
      const message = `${diff.objectives.length} objectives of ${cycleId} changed between ${from} and ${to}.`;
      this.services.sheets.toast(message, 'Compare two dates');
      return { message };
    });
  }
}
