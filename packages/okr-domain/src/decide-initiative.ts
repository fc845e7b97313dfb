// The initiative commands: adding an initiative to an objective and updating it, with its link to a live KR.
import { LIMITS } from './commands.js';
import { fieldChanges, INITIATIVE_FIELDS } from './diff.js';
import { accept, type Decision, type DomainError, reject } from './errors.js';
import type { ObjectiveEvent } from './events.js';
import type { Initiative, ObjectiveState } from './model.js';
import {
  type CommandOf,
  checkNotClosed,
  findLiveKeyResult,
  isError,
  type ObjectiveDecisionContext,
  type Path,
} from './decide-objective-guards.js';

/** An initiative may point at a KR only if that KR is live in the same objective. */
function checkLinkedKeyResult(
  state: ObjectiveState,
  keyResultId: string | null,
  path: Path,
): DomainError | null {
  if (keyResultId === null) return null;
  const keyResult = findLiveKeyResult(state, keyResultId, path);
  return isError(keyResult) ? keyResult : null;
}

export function addInitiative(
  command: CommandOf<'AddInitiative'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  if (state.initiatives.some((initiative) => initiative.id === command.initiativeId)) {
    return reject(
      'id_taken',
      `initiative ${command.initiativeId} already exists: ids are created once per organization`,
      ['initiativeId'],
    );
  }
  if (state.initiatives.length >= LIMITS.initiativesPerObjectiveMax) {
    return reject(
      'too_many_initiatives',
      `an objective has at most ${LIMITS.initiativesPerObjectiveMax} initiatives`,
    );
  }
  const badLink = checkLinkedKeyResult(state, command.keyResultId, ['keyResultId']);
  if (badLink !== null) return reject(badLink);
  const initiative: Omit<Initiative, 'objectiveId'> = {
    id: command.initiativeId,
    keyResultId: command.keyResultId,
    title: command.title,
    owner: command.owner,
    status: command.status,
    percentComplete: command.percentComplete,
  };
  return accept({ type: 'InitiativeAdded', data: { objectiveId: state.id, initiative } });
}

export function updateInitiative(
  command: CommandOf<'UpdateInitiative'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const initiative = state.initiatives.find((candidate) => candidate.id === command.initiativeId);
  if (initiative === undefined) {
    return reject('not_found', `initiative ${command.initiativeId} does not exist`, ['initiativeId']);
  }
  const changes = fieldChanges(initiative, command.changes, INITIATIVE_FIELDS);
  if (changes.length === 0) return accept();
  if (changes.some((change) => change.field === 'keyResultId')) {
    const badLink = checkLinkedKeyResult(state, command.changes.keyResultId ?? null, [
      'changes',
      'keyResultId',
    ]);
    if (badLink !== null) return reject(badLink);
  }
  return accept({
    type: 'InitiativeUpdated',
    data: { objectiveId: state.id, initiativeId: initiative.id, changes },
  });
}
