// Owns reading grade overrides typed into a "Grades <cycle>" sheet: the Override and Override reason
// columns of each row, against the grades the server holds now, become OverrideGrade commands (one batch);
// a grade outside 0–1 or an override without a reason is an issue on its row, and nothing is sent for it.
import type { GradeRow, GradesReport } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { type Cell, readNumber, readText } from './cells.js';
import { fingerprint } from './ids.js';
import { GRADES_HEADERS } from './reports/grades.js';

type OverrideCommand = Extract<ObjectiveCommand, { type: 'OverrideGrade' }>;

export interface PlannedOverride {
  row: number;
  title: string;
  command: OverrideCommand;
}

export interface OverrideIssue {
  row: number;
  message: string;
}

export interface OverridePlan {
  overrides: PlannedOverride[];
  issues: OverrideIssue[];
}

const FIRST_DATA_ROW = 3;
const column = (header: (typeof GRADES_HEADERS)[number]) => GRADES_HEADERS.indexOf(header);

export function cycleOfGradesSheet(sheetName: string): string | null {
  return /^Grades (\S+)$/.exec(sheetName)?.[1] ?? null;
}

/** Rows whose Override or reason differ from what the server holds; blank overrides are left alone. */
export function planOverrides(values: Cell[][], report: GradesReport): OverridePlan {
  const byId = new Map<string, GradeRow>(report.rows.map((row) => [row.keyResultId ?? row.objectiveId, row]));
  const plan: OverridePlan = { overrides: [], issues: [] };
  values.slice(FIRST_DATA_ROW - 1).forEach((cells, offset) => {
    const row = FIRST_DATA_ROW + offset;
    const id = readText(cells[column('Id')]);
    const server = byId.get(id);
    if (server === undefined) return;
    const typed = cells[column('Override')];
    const reason = readText(cells[column('Override reason')]);
    if (readText(typed) === '') return;
    const grade = readNumber(typed, 'Override');
    if (!grade.ok || grade.value === null) {
      plan.issues.push({ row, message: grade.ok ? 'Override must be a number' : grade.message });
      return;
    }
    if (grade.value < 0 || grade.value > 1) {
      plan.issues.push({ row, message: `Override must be between 0 and 1, got ${grade.value}` });
      return;
    }
    if (grade.value === server.override && reason === (server.overrideReason ?? '')) return;
    if (reason === '') {
      plan.issues.push({ row, message: `Override of “${server.title}” needs a reason in Override reason` });
      return;
    }
    const body = {
      objectiveId: server.objectiveId,
      targetType: server.targetType,
      targetId: id,
      grade: grade.value,
      reason,
    };
    plan.overrides.push({
      row,
      title: server.title,
      command: {
        type: 'OverrideGrade',
        commandId: `cmd_${fingerprint(`override|${report.cycleId}|${JSON.stringify(body)}`)}`,
        ...body,
      },
    });
  });
  return plan;
}
