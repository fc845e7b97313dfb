// Owns the grades sheet from start to finish: pulling a cycle's grades (the report sheet and the hidden
// data OKR_GRADE reads, under the lock) and pushing the overrides an admin or an objective's owner typed
// into it, as one batch, after which the grades are pulled again so computed and overridden grades show
// side by side.
import type { BatchResponse, GradesReport } from '@okr-ledger/api-contract';
import type { ApiClient } from '../adapters/http.js';
import { needsAction } from '../core/failures.js';
import { planOverrides } from '../core/grade-overrides.js';
import {
  GRADE_DATA_SHEET,
  GRADES_PULLED_AT,
  gradeDataPlan,
  mergeGradeData,
} from '../core/reports/grade-data.js';
import { gradesPlan, gradesSheetName } from '../core/reports/grades.js';
import type { AddonServices } from './services.js';
import { readUntil } from './runner.js';

export class GradesFlow {
  constructor(private readonly services: AddonServices) {}

  /** `expect`: what the report must show (after a write), waited for a moment. */
  pull(
    api: ApiClient,
    cycleId: string,
    expect: (report: GradesReport) => boolean = () => true,
  ): GradesReport {
    const report = readUntil(
      this.services,
      () => api.call<GradesReport>({ path: `/cycles/${cycleId}/grades` }),
      expect,
    );
    this.services.lock(() => {
      const existing = this.services.sheets.readAll(GRADE_DATA_SHEET);
      const pulledAt = this.services.now().toISOString();
      const rows = mergeGradeData(existing, report, pulledAt);
      this.services.sheets.write(gradeDataPlan(rows, pulledAt));
      this.services.sheets.write(gradesPlan(report));
    });
    const note = report.frozen ? 'frozen at close' : 'provisional: the cycle is not closed';
    this.services.sheets.toast(
      `${report.rows.length} rows, ${note}. =OKR_GRADE(id, , ${GRADES_PULLED_AT}) reads them and recalculates after each pull.`,
      `Grades ${cycleId}`,
    );
    return report;
  }

  /** The Override and Override reason cells that differ from the server's, sent as one batch. */
  pushOverrides(api: ApiClient, cycleId: string): void {
    const current = api.call<GradesReport>({ path: `/cycles/${cycleId}/grades` });
    const values = this.services.sheets.readAll(gradesSheetName(cycleId));
    const plan = planOverrides(values, current);
    const issues = plan.issues.map((issue) => `Row ${issue.row}: ${issue.message}`);
    if (plan.overrides.length === 0) {
      if (issues.length > 0) throw needsAction(`Nothing was sent. Fix these first:\n${issues.join('\n')}`);
      this.services.sheets.toast('No override to send: the sheet matches the server.', `Grades ${cycleId}`);
      return;
    }
    const response = api.call<BatchResponse>({
      method: 'post',
      path: `/cycles/${cycleId}/commands`,
      body: { commands: plan.overrides.map((planned) => planned.command) },
    });
    response.results.forEach((result, index) => {
      const planned = plan.overrides[index];
      if (planned === undefined || result.status === 'applied') return;
      const why =
        result.status === 'invalid'
          ? result.errors.map((error) => error.message).join('; ') || result.code
          : result.message;
      issues.push(`Row ${planned.row} (“${planned.title}”): ${why}`);
    });
    const saved = plan.overrides.filter((_, index) => response.results[index]?.status === 'applied');
    this.pull(api, cycleId, (report) =>
      saved.every(({ command }) =>
        report.rows.some(
          (row) =>
            (row.keyResultId ?? row.objectiveId) === command.targetId && row.override === command.grade,
        ),
      ),
    );
    const applied = response.results.filter((result) => result.status === 'applied').length;
    if (issues.length > 0)
      this.services.ui.alert(
        applied > 0 ? 'Overrides pushed with problems' : 'No override saved',
        `${applied} saved.\n\n${issues.join('\n')}`,
      );
    else
      this.services.sheets.toast(
        `${applied} override${applied === 1 ? '' : 's'} saved.`,
        `Grades ${cycleId}`,
      );
  }
}
