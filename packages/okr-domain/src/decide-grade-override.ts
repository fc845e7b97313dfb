// The grade override: an admin or the objective's owner settling a grade at quarter end, with a reason.
// It stays open on archived objectives and closed cycles, where grades are settled.
import { accept, type Decision, reject } from './errors.js';
import type { ObjectiveEvent } from './events.js';
import type { ObjectiveState } from './model.js';
import { type CommandOf, findLiveKeyResult, isError } from './decide-objective-guards.js';

export function overrideGrade(
  command: CommandOf<'OverrideGrade'>,
  state: ObjectiveState,
): Decision<ObjectiveEvent> {
  if (command.targetType === 'objective' && command.targetId !== state.id) {
    return reject('not_found', `the objective to override is ${state.id}, not ${command.targetId}`, [
      'targetId',
    ]);
  }
  if (command.targetType === 'key_result') {
    const keyResult = findLiveKeyResult(state, command.targetId, ['targetId']);
    if (isError(keyResult)) return reject(keyResult);
  }
  const reason = command.reason.trim();
  if (reason === '') return reject('reason_required', 'a grade override needs a reason', ['reason']);
  return accept({
    type: 'GradeOverridden',
    data: {
      objectiveId: state.id,
      targetType: command.targetType,
      targetId: command.targetId,
      grade: command.grade,
      previousGrade: state.overrides[command.targetId]?.grade ?? null,
      reason,
    },
  });
}
