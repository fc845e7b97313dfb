// The objective decider: whether a command on one objective stream is allowed by its current state, the
// caller's role and the cycle's status, and which events record it. Pure: time, actor and cycle are passed
// in; rule violations come back as a rejected Decision, never as a thrown error.
import type { ObjectiveCommand } from './commands.js';
import { LIMITS } from './commands.js';
import { startOfDayInstant } from './day-boundary.js';
import { decideLinkedValue } from './decide-linked-value.js';
import { fieldChanges, INITIATIVE_FIELDS, KEY_RESULT_FIELDS, OBJECTIVE_FIELDS } from './diff.js';
import { accept, type Decision, type DomainError, domainError, reject } from './errors.js';
import { withTeamId } from './team-id.js';
import type { ChangeContext, FieldChange, ObjectiveEvent } from './events.js';
import type {
  Actor,
  CycleState,
  Initiative,
  KeyResultDefinition,
  KeyResultField,
  KeyResultState,
  ObjectiveDefinition,
  ObjectiveField,
  ObjectiveState,
  Role,
  Team,
} from './model.js';
import { validateKeyResultDefinition } from './validate-definition.js';
import { enclosesCycle } from './alignment.js';
import { checkTeamScope, resolveTeam, type TeamScope } from './teams.js';

export interface ObjectiveDecisionContext {
  /** Server time (ISO 8601). */
  now: string;
  actor: Actor;
  role: Role;
  /** The cycle the objective belongs to, as it is now. */
  cycle: CycleState;
  /**
   * For each parent objective a command names: the chain of ids from that parent upwards (the parent
   * first), or null when no objective of the organization has that id. Supplied by the command path, which
   * reads the parents' streams; when absent, only self-parenting is checked.
   */
  parents?: ReadonlyMap<string, readonly string[] | null>;
  /**
   * For each parent objective a command names, the cycle it belongs to (docs/alignment.md: the same cycle
   * or one whose dates enclose this one). When absent, the cycle rule is not checked.
   */
  parentCycles?: ReadonlyMap<string, Pick<CycleState, 'id' | 'startsOn' | 'endsOn'>>;
  /** A team-scoped editor's reach; absent for a role over the whole organization. */
  scope?: TeamScope;
  /** The organization's teams, so an objective is not put into an archived one; absent: not checked. */
  teams?: readonly Team[];
}

/** How far back a check-in may be dated: the cycle's first day, less this many days. */
export const EFFECTIVE_AT_DAYS_BEFORE_CYCLE = 31;
/** How far ahead of the server's clock a check-in may be dated (clients' clocks drift a little). */
export const EFFECTIVE_AT_MINUTES_AHEAD = 5;

type CommandOf<T extends ObjectiveCommand['type']> = Extract<ObjectiveCommand, { type: T }>;
type Path = (string | number)[];

export function decideObjective(
  named: ObjectiveCommand,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const resolved = withTeamId(named, ctx.teams ?? ctx.scope?.teams);
  if ('error' in resolved) return reject(resolved.error);
  const { command } = resolved;
  const forbidden = checkRole(command, state, ctx) ?? checkScope(command, state, ctx);
  if (forbidden !== null) return reject(forbidden);

  switch (command.type) {
    case 'CreateObjective':
      return createObjective(command, state, ctx);
    case 'EditObjective':
      return onExisting(command, state, ctx, editObjective);
    case 'ArchiveObjective':
      return onExisting(command, state, ctx, archiveObjective);
    case 'AddKeyResult':
      return onExisting(command, state, ctx, addKeyResult);
    case 'EditKeyResult':
      return onExisting(command, state, ctx, editKeyResult);
    case 'RemoveKeyResult':
      return onExisting(command, state, ctx, removeKeyResult);
    case 'RecordCheckIn':
      return onExisting(command, state, ctx, recordCheckIn);
    case 'CorrectCheckIn':
      return onExisting(command, state, ctx, correctCheckIn);
    case 'AddInitiative':
      return onExisting(command, state, ctx, addInitiative);
    case 'UpdateInitiative':
      return onExisting(command, state, ctx, updateInitiative);
    case 'OverrideGrade':
      return onExisting(command, state, ctx, overrideGrade);
    case 'ReportLinkedValueFailure':
    case 'ReportLinkedValueRestored':
      return onExisting(command, state, ctx, (c, s) => decideLinkedValue(c, s, ctx.cycle));
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled objective command ${JSON.stringify(unhandled)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Guards shared by the commands.

const error = domainError;

function checkRole(
  command: ObjectiveCommand,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
): DomainError | null {
  if (ctx.role === 'viewer') return error('forbidden', 'a viewer may read OKRs but not change them');
  if (command.type === 'OverrideGrade' && ctx.role !== 'admin' && !ownsObjective(state, ctx.actor)) {
    return error('forbidden', "only an admin or the objective's owner may override its grades");
  }
  return null;
}

/** The objective's owner settles its own objective's grades at quarter end, as an admin may. */
function ownsObjective(state: ObjectiveState | null, actor: Actor): boolean {
  const owner = state?.definition.owner;
  return owner !== null && owner !== undefined && owner.toLowerCase() === actor.email.toLowerCase();
}

/**
 * A team-scoped editor changes only objectives of their teams: the objective's team as it is (or as the
 * create names it) and, when an edit moves it, the team it moves to. An objective that does not exist is
 * left to the command's own not_found.
 */
function checkScope(
  command: ObjectiveCommand,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
): DomainError | null {
  const archived = archivedTeam(command, ctx);
  if (archived !== null) return archived;
  if (ctx.scope === undefined) return null;
  if (command.type === 'CreateObjective') {
    return checkTeamScope(ctx.role, ctx.scope, command.definition.team ?? null, ['definition', 'team']);
  }
  if (state === null || state.id !== command.objectiveId) return null;
  const current = checkTeamScope(ctx.role, ctx.scope, state.definition.team, ['objectiveId']);
  if (current !== null || command.type !== 'EditObjective' || command.changes.team === undefined) {
    return current;
  }
  return checkTeamScope(ctx.role, ctx.scope, command.changes.team, ['changes', 'team']);
}

/** An objective is not created in, or moved into, an archived team (its existing objectives stay). */
function archivedTeam(command: ObjectiveCommand, ctx: ObjectiveDecisionContext): DomainError | null {
  const teams = ctx.teams ?? ctx.scope?.teams;
  if (teams === undefined) return null;
  const [value, path] =
    command.type === 'CreateObjective'
      ? [command.definition.team ?? null, ['definition', 'team']]
      : command.type === 'EditObjective' && command.changes.team !== undefined
        ? [command.changes.team, ['changes', 'team']]
        : [null, []];
  const team = resolveTeam(value, teams);
  if (team === null || !team.archived) return null;
  return error(
    'invalid_definition',
    `team ${team.id} (${team.name}) is archived and takes no new objectives`,
    path,
  );
}

/**
 * Runs a command that needs the objective to exist in the caller's cycle and not be archived. An
 * objective of another cycle answers not_found, like one that does not exist, so ids do not leak.
 */
function onExisting<C extends ObjectiveCommand>(
  command: C,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
  handle: (command: C, state: ObjectiveState, ctx: ObjectiveDecisionContext) => Decision<ObjectiveEvent>,
): Decision<ObjectiveEvent> {
  if (state === null || state.id !== command.objectiveId || state.cycleId !== ctx.cycle.id) {
    return reject('not_found', `objective ${command.objectiveId} does not exist`, ['objectiveId']);
  }
  // Overrides stay possible on archived objectives: grades are settled at quarter end for everything.
  if (state.archived && command.type !== 'OverrideGrade') {
    return reject('objective_archived', `objective ${state.id} is archived and can no longer change`);
  }
  return handle(command, state, ctx);
}

function closedCycleError(ctx: ObjectiveDecisionContext, path: Path = []): DomainError {
  return error(
    'cycle_closed',
    `cycle ${ctx.cycle.id} is closed and its grades are frozen; an admin must reopen it first`,
    path,
  );
}

/** Definitions (and the initiatives grades may be computed from) are frozen once the cycle is closed. */
function checkNotClosed(ctx: ObjectiveDecisionContext): DomainError | null {
  return ctx.cycle.status === 'closed' ? closedCycleError(ctx) : null;
}

/**
 * Whether the cycle is active decides, at recording time, whether a change is mid-cycle and so needs a
 * reason. The reason is kept (trimmed) in planning too, where it is optional.
 */
function changeContext(
  reason: string | undefined,
  ctx: ObjectiveDecisionContext,
): ChangeContext | DomainError {
  const midCycle = ctx.cycle.status === 'active';
  const trimmed = reason?.trim() ?? '';
  if (midCycle && trimmed === '') {
    return error('reason_required', `a mid-cycle change needs a reason: cycle ${ctx.cycle.id} is active`, [
      'reason',
    ]);
  }
  return { midCycle, reason: trimmed === '' ? null : trimmed };
}

const isError = (value: object): value is DomainError => 'code' in value && 'message' in value;

function prefixPath(domainError: DomainError, prefix: Path): DomainError {
  return { ...domainError, path: [...prefix, ...domainError.path] };
}

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

/** The KR a command names, which must exist in this objective and not be removed. */
function findLiveKeyResult(
  state: ObjectiveState,
  keyResultId: string,
  path: Path = ['keyResultId'],
): KeyResultState | DomainError {
  const keyResult = state.keyResults.find((kr) => kr.id === keyResultId);
  if (keyResult === undefined) {
    return error('unknown_key_result', `key result ${keyResultId} is not part of this objective`, path);
  }
  if (keyResult.removed) {
    return error(
      'key_result_removed',
      `key result ${keyResultId} was removed and can no longer change`,
      path,
    );
  }
  return keyResult;
}

function checkInIdTaken(state: ObjectiveState, checkInId: string): boolean {
  return state.keyResults.some((kr) => kr.checkIns.some((checkIn) => checkIn.id === checkInId));
}

// ---------------------------------------------------------------------------------------------------------
// Objective definition.

function createObjective(
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
    return error('invalid_definition', 'an objective cannot be its own parent', path);
  }
  if (ctx.parents === undefined) return null;
  const chain = ctx.parents.get(parentId);
  if (chain === undefined || chain === null) {
    return error('parent_not_found', `there is no objective ${parentId} in this organization`, path);
  }
  if (chain.includes(objectiveId)) {
    return error(
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
    return error(
      'parent_cycle_mismatch',
      `${parentId} belongs to cycle ${parentCycle.id} (${parentCycle.startsOn} – ${parentCycle.endsOn}), which neither is nor encloses ${ctx.cycle.id}`,
      path,
    );
  }
  return null;
}

function editObjective(
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

function archiveObjective(
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

function addKeyResult(
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

function editKeyResult(
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

function removeKeyResult(
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

// ---------------------------------------------------------------------------------------------------------
// Check-ins.

interface MeasurementInput {
  value?: number | null | undefined;
  milestonesDone?: string[] | null | undefined;
  done?: boolean | null | undefined;
}

interface Measurement {
  value: number | null;
  milestonesDone: string[] | null;
  done: boolean | null;
}

/** Each type is measured one way; anything else in the check-in is a mistake worth telling the sender. */
function checkMeasurement(keyResult: KeyResultState, input: MeasurementInput): Measurement | DomainError {
  const type = keyResult.definition.type;
  const measurement: Measurement = {
    value: input.value ?? null,
    milestonesDone: input.milestonesDone ?? null,
    done: input.done ?? null,
  };
  const wrong = (path: Path, message: string) => error('wrong_measurement', message, path);
  const notFor = (field: keyof Measurement) =>
    wrong([field], `${field} does not apply to a ${type} key result`);

  switch (type) {
    case 'increase':
    case 'decrease':
    case 'stay_above':
    case 'stay_below':
      if (measurement.value === null) return wrong(['value'], `a ${type} key result is measured by a value`);
      if (!Number.isFinite(measurement.value)) return wrong(['value'], 'value must be a finite number');
      if (measurement.milestonesDone !== null) return notFor('milestonesDone');
      if (measurement.done !== null) return notFor('done');
      return measurement;
    case 'milestone': {
      if (measurement.milestonesDone === null) {
        return wrong(['milestonesDone'], 'a milestone key result is measured by the milestones done');
      }
      if (measurement.value !== null) return notFor('value');
      if (measurement.done !== null) return notFor('done');
      const known = new Set(keyResult.definition.milestones.map((milestone) => milestone.id));
      const seen = new Set<string>();
      for (const [index, milestoneId] of measurement.milestonesDone.entries()) {
        if (!known.has(milestoneId)) {
          return wrong(['milestonesDone', index], `${milestoneId} is not a milestone of this key result`);
        }
        if (seen.has(milestoneId)) return wrong(['milestonesDone', index], `${milestoneId} is listed twice`);
        seen.add(milestoneId);
      }
      return measurement;
    }
    case 'binary':
      if (measurement.done === null) {
        return wrong(['done'], 'a binary key result is measured by done (true or false)');
      }
      if (measurement.value !== null) return notFor('value');
      if (measurement.milestonesDone !== null) return notFor('milestonesDone');
      return measurement;
    default: {
      const unknownType: never = type;
      throw new Error(`unknown key result type ${String(unknownType)}`);
    }
  }
}

/**
 * A check-in is true for an instant no later than a few minutes from now (a value is not known before it
 * happens) and no earlier than a month before the cycle starts (a typo'd year must not rewrite history).
 */
function checkEffectiveAt(effectiveAt: string, ctx: ObjectiveDecisionContext): DomainError | null {
  const instant = Date.parse(effectiveAt);
  if (Number.isNaN(instant)) {
    return error('wrong_measurement', 'effectiveAt must be an ISO 8601 date-time', ['effectiveAt']);
  }
  const latest = Date.parse(ctx.now) + EFFECTIVE_AT_MINUTES_AHEAD * 60_000;
  if (instant > latest) {
    return error(
      'effective_at_out_of_range',
      `effectiveAt must be no later than ${EFFECTIVE_AT_MINUTES_AHEAD} minutes from now (${new Date(latest).toISOString()})`,
      ['effectiveAt'],
    );
  }
  const earliest =
    Date.parse(startOfDayInstant(ctx.cycle.startsOn, ctx.cycle.timeZone)) -
    EFFECTIVE_AT_DAYS_BEFORE_CYCLE * 86_400_000;
  if (instant < earliest) {
    return error(
      'effective_at_out_of_range',
      `effectiveAt must be no earlier than ${EFFECTIVE_AT_DAYS_BEFORE_CYCLE} days before the cycle starts (${new Date(earliest).toISOString()})`,
      ['effectiveAt'],
    );
  }
  return null;
}

/** A closed cycle takes no measurement at all, whatever its date: an admin reopens it first. */
function fallsInClosedCycle(ctx: ObjectiveDecisionContext): boolean {
  return ctx.cycle.status === 'closed';
}

function recordCheckIn(
  command: CommandOf<'RecordCheckIn'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  if (checkInIdTaken(state, command.checkInId)) {
    return reject(
      'id_taken',
      `check-in ${command.checkInId} already exists: ids are created once per organization`,
      ['checkInId'],
    );
  }
  const effectiveAt = command.effectiveAt ?? ctx.now;
  const badInstant = checkEffectiveAt(effectiveAt, ctx);
  if (badInstant !== null) return reject(badInstant);
  if (fallsInClosedCycle(ctx)) return reject(closedCycleError(ctx, ['effectiveAt']));
  const measurement = checkMeasurement(keyResult, command);
  if (isError(measurement)) return reject(measurement);
  return accept({
    type: 'CheckInRecorded',
    data: {
      objectiveId: state.id,
      keyResultId: keyResult.id,
      checkInId: command.checkInId,
      ...measurement,
      confidence: command.confidence ?? null,
      note: command.note,
      effectiveAt,
      source: command.source ?? { kind: 'manual' },
    },
  });
}

function correctCheckIn(
  command: CommandOf<'CorrectCheckIn'>,
  state: ObjectiveState,
  ctx: ObjectiveDecisionContext,
): Decision<ObjectiveEvent> {
  const keyResult = findLiveKeyResult(state, command.keyResultId);
  if (isError(keyResult)) return reject(keyResult);
  const original = keyResult.checkIns.find((checkIn) => checkIn.id === command.correctsCheckInId);
  if (original === undefined) {
    return reject(
      'unknown_check_in',
      `check-in ${command.correctsCheckInId} is not a check-in of key result ${keyResult.id}`,
      ['correctsCheckInId'],
    );
  }
  if (original.correctedBy !== null) {
    return reject(
      'already_corrected',
      `check-in ${original.id} was already corrected by ${original.correctedBy}; correct that one instead`,
      ['correctsCheckInId'],
    );
  }
  if (checkInIdTaken(state, command.checkInId)) {
    return reject(
      'id_taken',
      `check-in ${command.checkInId} already exists: ids are created once per organization`,
      ['checkInId'],
    );
  }
  const reason = command.reason.trim();
  if (reason === '') return reject('reason_required', 'a correction needs a reason', ['reason']);
  // A correction fixes what was measured for the original's day unless the sender says otherwise.
  const effectiveAt = command.effectiveAt ?? original.effectiveAt;
  const badInstant = checkEffectiveAt(effectiveAt, ctx);
  if (badInstant !== null) return reject(badInstant);
  // Replacing a check-in that counted in a closed cycle would move its frozen grades just the same.
  if (fallsInClosedCycle(ctx)) {
    return reject(closedCycleError(ctx, ['correctsCheckInId']));
  }
  if (fallsInClosedCycle(ctx)) return reject(closedCycleError(ctx, ['effectiveAt']));
  const measurement = checkMeasurement(keyResult, command);
  if (isError(measurement)) return reject(measurement);
  return accept({
    type: 'CheckInCorrected',
    data: {
      objectiveId: state.id,
      keyResultId: keyResult.id,
      checkInId: command.checkInId,
      correctsCheckInId: original.id,
      ...measurement,
      confidence: command.confidence ?? null,
      note: command.note,
      effectiveAt,
      source: command.source ?? { kind: 'manual' },
      reason,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Initiatives.

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

function addInitiative(
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

function updateInitiative(
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

// ---------------------------------------------------------------------------------------------------------
// Grades.

function overrideGrade(command: CommandOf<'OverrideGrade'>, state: ObjectiveState): Decision<ObjectiveEvent> {
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
