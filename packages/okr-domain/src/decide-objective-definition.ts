// The definition commands of an objective: creating, editing and archiving the objective (with its parent
// link) and adding, editing and removing its key results.
import { LIMITS } from './commands.js';
import { fieldChanges, KEY_RESULT_FIELDS, OBJECTIVE_FIELDS } from './diff.js';
import { accept, type Decision, type DomainError, domainError, reject } from './errors.js';
import type { FieldChange, ObjectiveEvent } from './events.js';
import type {
  KeyResultDefinition,
  KeyResultField,
  ObjectiveDefinition,
  ObjectiveField,
  ObjectiveState,
} from './model.js';
import { validateKeyResultDefinition } from './validate-definition.js';
import { enclosesCycle } from './alignment.js';
import {
  type CommandOf,
  changeContext,
  checkNotClosed,
  findLiveKeyResult,
  isError,
  type ObjectiveDecisionContext,
  type Path,
  prefixPath,
} from './decide-objective-guards.js';

export function createObjective(
  command: CommandOf<'CreateObjective'>,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  if (state !== null) {
    return reject(
      'id_taken',
      `objective ${command.objectiveId} already exists: ids are created once per organization`,
      ['objectiveId'],
    );
  }
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const definition: ObjectiveDefinition = command.definition;
  const parent = checkParent(command.objectiveId, definition.parentObjectiveId, ctx, [
    'definition',
    'parentObjectiveId',
  ]);
  if (parent !== null) return reject(parent);
  return accept({
    type: 'ObjectiveCreated',
    data: {
      objectiveId: command.objectiveId,
      cycleId: ctx.cycle.id,
      definition,
      ...(command.carriedFrom === undefined ? {} : { carriedFrom: command.carriedFrom }),
    },
  });
}

/**
 * A parent must be another objective of the organization, in this cycle or an enclosing one, and the link
 * must not close a loop.
 */
function checkParent(
  objectiveId: string,
  parentId: string | null,
  ctx: ObjectiveDecisionContext,
  path: Path,
): DomainError | null {
  if (parentId === null) return null;
  if (parentId === objectiveId) {
    return domainError('invalid_definition', 'an objective cannot be its own parent', path);
  }
  if (ctx.parents === undefined) return null;
  const chain = ctx.parents.get(parentId);
  if (chain === undefined || chain === null) {
    return domainError('parent_not_found', `there is no objective ${parentId} in this organization`, path);
  }
  if (chain.includes(objectiveId)) {
    return domainError(
      'parent_loop',
      `${parentId} is aligned (through ${chain.join(' → ')}) to ${objectiveId}: the link would make a loop`,
      path,
    );
  }
  const parentCycle = ctx.parentCycles?.get(parentId);
  if (
    parentCycle !== undefined &&
    parentCycle.id !== ctx.cycle.id &&
    !enclosesCycle(parentCycle, ctx.cycle)
  ) {
    return domainError(
      'parent_cycle_mismatch',
      `${parentId} belongs to cycle ${parentCycle.id} (${parentCycle.startsOn} – ${parentCycle.endsOn}), which neither is nor encloses ${ctx.cycle.id}`,
      path,
    );
  }
  return null;
}

export function editObjective(
  command: CommandOf<'EditObjective'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const changes = fieldChanges<ObjectiveDefinition, ObjectiveField>(
    state.definition,
    command.changes,
    OBJECTIVE_FIELDS,
  );
  if (changes.length === 0) return accept();
  const parent = checkParent(state.id, command.changes.parentObjectiveId ?? null, ctx, [
    'changes',
    'parentObjectiveId',
  ]);
  if (parent !== null) return reject(parent);
  const context = changeContext(command.reason, ctx);
  if (isError(context)) return reject(context);
  return accept({ type: 'ObjectiveChanged', data: { objectiveId: state.id, changes, ...context } });
}

export function archiveObjective(
  command: CommandOf<'ArchiveObjective'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const context = changeContext(command.reason, ctx);
  if (isError(context)) return reject(context);
  return accept({ type: 'ObjectiveArchived', data: { objectiveId: state.id, ...context } });
}

// ---------------------------------------------------------------------------------------------------------
// Key result definition.

/**
 * An edit is refused on a field it sent: when the merged definition breaks a rule on a field the edit left
 * alone (a new target that contradicts the unchanged type), the error names the changed field instead.
 */
function onChangedField(domainError: DomainError, changes: FieldChange<KeyResultField>[]): DomainError {
  const [field] = domainError.path;
  if (changes.some((change) => change.field === field)) return domainError;
  const culprit = changes.find((change) => ['target', 'start', 'threshold', 'type'].includes(change.field));
  const fallback = culprit ?? changes[0];
  return fallback ? { ...domainError, path: [fallback.field] } : domainError;
}

function liveKeyResultCount(state: ObjectiveState): number {
  return state.keyResults.filter((kr) => !kr.removed).length;
}

export function addKeyResult(
  command: CommandOf<'AddKeyResult'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  // Ids of removed KRs stay taken: their history still answers to them.
  if (state.keyResults.some((kr) => kr.id === command.keyResultId)) {
    return reject(
      'id_taken',
      `key result ${command.keyResultId} already exists: ids are created once per organization`,
      ['keyResultId'],
    );
  }
  if (liveKeyResultCount(state) >= LIMITS.keyResultsPerObjectiveMax) {
    return reject(
      'too_many_key_results',
      `an objective has at most ${LIMITS.keyResultsPerObjectiveMax} key results`,
    );
  }
  const definition: KeyResultDefinition = command.definition;
  const invalid = validateKeyResultDefinition(definition);
  if (invalid !== null) return reject(prefixPath(invalid, ['definition']));
  const context = changeContext(command.reason, ctx);
  if (isError(context)) return reject(context);
  return accept({
    type: 'KeyResultAdded',
    data: {
      objectiveId: state.id,
      keyResultId: command.keyResultId,
      definition,
      ...(command.carriedFrom === undefined ? {} : { carriedFrom: command.carriedFrom }),
      ...context,
    },
  });
}

export function editKeyResult(
  command: CommandOf<'EditKeyResult'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  const changes = fieldChanges<KeyResultDefinition, KeyResultField>(
    keyResult.definition,
    command.changes,
    KEY_RESULT_FIELDS,
  );
  if (changes.length === 0) return accept();
  const merged = { ...keyResult.definition };
  for (const change of changes) Object.assign(merged, { [change.field]: change.after });
  const invalid = validateKeyResultDefinition(merged);
  if (invalid !== null) return reject(prefixPath(onChangedField(invalid, changes), ['changes']));
  const context = changeContext(command.reason, ctx);
  if (isError(context)) return reject(context);
  return accept({
    type: 'KeyResultChanged',
    data: { objectiveId: state.id, keyResultId: keyResult.id, changes, ...context },
  });
}

export function removeKeyResult(
  command: CommandOf<'RemoveKeyResult'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const closed = checkNotClosed(ctx);
  if (closed !== null) return reject(closed);
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  const context = changeContext(command.reason, ctx);
  if (isError(context)) return reject(context);
  return accept({
    type: 'KeyResultRemoved',
    data: { objectiveId: state.id, keyResultId: keyResult.id, ...context },
  });
}
