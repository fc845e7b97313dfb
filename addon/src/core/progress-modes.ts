// Owns how the sheet states the way progress is computed: the "Progress from" and "Blend share" cells of
// objective and KR rows (what a pull writes, the dropdown they offer) and the edit a push sends when a
// person picks another mode. A blank cell keeps the server's mode, so sheets pulled before these columns
// existed never send a change by accident.
import type { KeyResultView, ObjectiveView } from '@okr-ledger/api-contract';
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import type { ColumnKey } from './columns.js';
import { label, PROGRESS_MODES, PROGRESS_SOURCES } from './labels.js';
import type { ObjectiveRow } from './model.js';
import type { ValidationPlan } from './sheet-plan.js';

type ObjectiveChanges = Extract<ObjectiveCommand, { type: 'EditObjective' }>['changes'];

/** The edit of an objective's mode and share, into `changes`; the columns it touched. */
export function progressModeChanges(
  objective: ObjectiveRow,
  base: ObjectiveView,
  changes: ObjectiveChanges,
): ColumnKey[] {
  const columns: ColumnKey[] = [];
  if (objective.progressMode !== null && objective.progressMode !== base.progressMode) {
    changes.progressMode = objective.progressMode;
    columns.push('progressFrom');
  }
  if (objective.blendShare !== null && objective.blendShare !== base.blendShare) {
    changes.blendShare = objective.blendShare;
    columns.push('blendShare');
  }
  return columns;
}

/** The Progress from cell of an objective row, and its Blend share (blank unless blended). */
export function objectiveModeCells(objective: ObjectiveView): {
  progressFrom: string;
  blendShare: number | '';
} {
  return {
    progressFrom: label(objective.progressMode),
    blendShare: objective.progressMode === 'blended' ? objective.blendShare : '',
  };
}

export function keyResultModeCell(keyResult: KeyResultView): string {
  return label(keyResult.progressSource);
}

export const OBJECTIVE_MODE_RULE: ValidationPlan = {
  type: 'list',
  values: PROGRESS_MODES.map(label),
  strict: false,
  helpText: 'key results, initiatives or blended',
};

export const KEY_RESULT_MODE_RULE: ValidationPlan = {
  type: 'list',
  values: PROGRESS_SOURCES.map(label),
  strict: false,
  helpText: 'check ins or initiatives',
};

export const BLEND_SHARE_RULE: ValidationPlan = {
  type: 'number',
  min: 0,
  max: 1,
  strict: false,
  helpText: 'The share from initiatives, 0–100%',
};
