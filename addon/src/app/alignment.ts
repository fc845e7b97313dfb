// Owns the "Alignment" menu item: the alignment tree of a cycle (its objectives with those of the cycles
// around it, docs/alignment.md) read with one call and laid out as the "Alignment ‹cycle›" report sheet.
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import { alignmentPlan } from '../core/reports/alignment.js';
import type { AddonServices } from './services.js';
import { chooseCycle, requireConnection, runAction } from './runner.js';
import { EditingSheets } from './sheets.js';

export class AlignmentView {
  constructor(private readonly services: AddonServices) {}

  /** The active editing sheet's cycle, else the one the person chooses. */
  show(): void {
    runAction(this.services, 'alignment', () => {
      const api = this.services.api(requireConnection(this.services));
      const cycleId =
        new EditingSheets(this.services.sheets).activeCycle() ?? chooseCycle(this.services, api, 'Alignment');
      if (cycleId === null) return;
      const view = api.call<AlignmentResponse>({ path: `/cycles/${cycleId}/alignment` });
      this.services.sheets.write(alignmentPlan(view));
      const cycles = new Set(view.objectives.map((objective) => objective.cycleId)).size;
      this.services.sheets.toast(
        `${view.objectives.length} objectives from ${cycles} cycle${cycles === 1 ? '' : 's'}.`,
        `Alignment ${cycleId}`,
      );
    });
  }
}
