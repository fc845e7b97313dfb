// Owns the key result rows of a push: a new KR row becomes AddKeyResult, a changed one EditKeyResult or
// RemoveKeyResult, and a changed current value, confidence or note a check-in.
import type { KeyResultView } from '@okr-ledger/api-contract';
import { changedFields, KEY_RESULT_FIELD_COLUMNS } from './field-columns.js';
import { sameMilestones } from './milestones.js';
import { type KeyResultRow, milestonesText } from './model.js';
import type { Command, PushPlanner } from './push-planner.js';

export function planNewKeyResult(
  planner: PushPlanner,
  keyResult: KeyResultRow,
  objectiveId: string,
  version: number | undefined,
  groupReason: string,
): void {
  if (keyResult.remove) {
    planner.block({
      row: keyResult.row,
      column: 'type',
      message: 'A new key result cannot be removed; delete the row instead',
    });
    return;
  }
  const reason = planner.reasonFor(keyResult.row, keyResult.reason, groupReason, 'adding a key result');
  if (reason === null) return;
  const subject = `row:${keyResult.row}`;
  const body = {
    type: 'AddKeyResult' as const,
    ...(version === undefined ? {} : { expectedVersion: version }),
    objectiveId,
    definition: {
      title: keyResult.title,
      owner: keyResult.owner,
      weight: keyResult.weight,
      type: keyResult.type,
      start: keyResult.start,
      target: keyResult.target,
      threshold: keyResult.threshold,
      unit: keyResult.unit,
      milestones: planner.milestonesWithIds(subject, keyResult.milestones, []),
      progressSource: keyResult.progressSource ?? 'check_ins',
      // A new row is typed; "Link KR to a cell…" links it once it exists.
      valueSource: null,
    },
    ...(reason === '' ? {} : { reason }),
  };
  const keyResultId = planner.mint('kr', subject, body.type, body);
  const command: Command<'AddKeyResult'> = {
    ...body,
    keyResultId,
    commandId: planner.mint('cmd', subject, body.type, body),
  };
  planner.keyResultIdByRow.set(keyResult.row, keyResultId);
  planner.add({
    command,
    row: keyResult.row,
    entityId: keyResultId,
    objectiveId,
    columns: [
      'title',
      'owner',
      'weight',
      'type',
      'start',
      'target',
      'threshold',
      'unit',
      'milestones',
      'progressFrom',
    ],
  });
  const measured = keyResult.type === 'binary' ? keyResult.done === true : keyResult.current !== null;
  if (measured || keyResult.confidence !== null || keyResult.note !== '') {
    planCheckIn(planner, keyResult, keyResultId, objectiveId, null, version ?? 0);
  }
}

export function planExistingKeyResult(
  planner: PushPlanner,
  keyResult: KeyResultRow,
  keyResultId: string,
  groupReason: string,
): void {
  const base = planner.index.keyResults.get(keyResultId);
  const objective = base === undefined ? undefined : planner.index.objectives.get(base.objectiveId);
  if (base === undefined || objective === undefined) {
    planner.block({
      row: keyResult.row,
      column: 'title',
      message: `This key result (${keyResultId}) is not in the last pull of this cycle; pull the cycle again`,
    });
    return;
  }
  const target = { row: keyResult.row, entityId: keyResultId, objectiveId: objective.id };
  if (keyResult.remove) {
    if (base.removed) return;
    const reason = planner.reasonFor(keyResult.row, keyResult.reason, groupReason, 'removing a key result');
    if (reason === null) return;
    const body = {
      type: 'RemoveKeyResult' as const,
      expectedVersion: objective.version,
      objectiveId: objective.id,
      keyResultId,
      ...(reason === '' ? {} : { reason }),
    };
    const command: Command<'RemoveKeyResult'> = {
      ...body,
      commandId: planner.mint('cmd', keyResultId, body.type, body),
    };
    planner.add({ ...target, command, columns: ['type'] });
    return;
  }
  const changed = changedFields(KEY_RESULT_FIELD_COLUMNS, base, keyResult);
  const changes: Command<'EditKeyResult'>['changes'] = changed.changes;
  const columns = [...changed.columns];
  if (!sameMilestones(keyResult.milestones, base.milestones)) {
    changes.milestones = planner.milestonesWithIds(keyResultId, keyResult.milestones, base.milestones);
    columns.push('milestones');
  }
  if (keyResult.progressSource !== null && keyResult.progressSource !== base.progressSource) {
    changes.progressSource = keyResult.progressSource;
    columns.push('progressFrom');
  }
  if (columns.length > 0) {
    const reason = planner.reasonFor(
      keyResult.row,
      keyResult.reason,
      groupReason,
      `changing ${columns.join(', ')}`,
    );
    if (reason === null) return;
    const body = {
      type: 'EditKeyResult' as const,
      expectedVersion: objective.version,
      objectiveId: objective.id,
      keyResultId,
      changes,
      ...(reason === '' ? {} : { reason }),
    };
    const command: Command<'EditKeyResult'> = {
      ...body,
      commandId: planner.mint('cmd', keyResultId, body.type, body),
    };
    planner.add({ ...target, command, columns });
  }
  if (measurementChanged(planner, keyResult, base)) {
    planCheckIn(planner, keyResult, keyResultId, objective.id, base, objective.version);
  }
}

function measurementChanged(planner: PushPlanner, keyResult: KeyResultRow, base: KeyResultView): boolean {
  const baseConfidence = base.confidenceSource === 'set' ? base.confidence : null;
  if (keyResult.confidence !== baseConfidence || keyResult.note !== '') return true;
  if (keyResult.type !== base.type) return false;
  if (keyResult.type === 'binary') return keyResult.done !== (base.done ?? false);
  if (keyResult.type === 'milestone') {
    if (keyResult.milestonesText === milestonesText(base)) return false;
    planner.block({
      row: keyResult.row,
      column: 'current',
      message: 'Milestones are checked in from the sidebar (OKR Ledger → Check in); this cell is read-only',
    });
    return false;
  }
  return keyResult.current !== base.current;
}

/** A check-in records a measurement, not a definition: it needs no reason and no expected version. */
function planCheckIn(
  planner: PushPlanner,
  keyResult: KeyResultRow,
  keyResultId: string,
  objectiveId: string,
  base: KeyResultView | null,
  seenVersion: number,
): void {
  const measurement: Pick<Command<'RecordCheckIn'>, 'value' | 'done' | 'milestonesDone'> = {};
  if (keyResult.type === 'binary') {
    measurement.done = keyResult.done ?? false;
  } else if (keyResult.type === 'milestone') {
    measurement.milestonesDone = (base?.milestones ?? []).filter((m) => m.done).map((m) => m.id);
  } else if (keyResult.current === null) {
    planner.block({ row: keyResult.row, column: 'current', message: 'Enter the current value to check in' });
    return;
  } else {
    measurement.value = keyResult.current;
  }
  const body = {
    type: 'RecordCheckIn' as const,
    objectiveId,
    keyResultId,
    ...measurement,
    confidence: keyResult.confidence,
    note: keyResult.note,
    ...(keyResult.effectiveAt === null ? {} : { effectiveAt: keyResult.effectiveAt }),
  };
  // The version seen makes a deliberate repeat of a value, after a later pull, a new check-in.
  const seed = { ...body, seenVersion };
  const command: Command<'RecordCheckIn'> = {
    ...body,
    commandId: planner.mint('cmd', keyResultId, body.type, seed),
    checkInId: planner.mint('chk', keyResultId, body.type, seed),
  };
  planner.add({
    command,
    row: keyResult.row,
    entityId: keyResultId,
    objectiveId,
    columns: [
      'current',
      'confidence',
      'note',
      ...(keyResult.effectiveAt === null ? [] : ['effectiveDate' as const]),
    ],
  });
}
