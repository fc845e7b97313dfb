// The objective decider: whether a command on one objective stream is allowed by its current state, the
// caller's role and the cycle's status, and which events record it. Pure: time, actor and cycle are passed
// in; rule violations come back as a rejected Decision, never as a thrown error. This module owns who may
// send which command and hands each to its decision: definitions, check-ins, initiatives, grade overrides.
import type { ObjectiveCommand } from './commands.js';
import { correctCheckIn, recordCheckIn } from './decide-check-in.js';
import { overrideGrade } from './decide-grade-override.js';
import { addInitiative, updateInitiative } from './decide-initiative.js';
import { decideLinkedValue } from './decide-linked-value.js';
import {
  addKeyResult,
  archiveObjective,
  createObjective,
  editKeyResult,
  editObjective,
  removeKeyResult,
} from './decide-objective-definition.js';
import type { ObjectiveDecisionContext } from './decide-objective-guards.js';
import { type Decision, type DomainError, domainError, reject } from './errors.js';
import type { ObjectiveEvent } from './events.js';
import type { Actor, ObjectiveState } from './model.js';
import { withTeamId } from './team-id.js';
import { checkTeamScope, resolveTeam } from './teams.js';

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
// Who may send the command.

function checkRole(
  command: ObjectiveCommand,
  state: ObjectiveState | null,
  ctx: ObjectiveDecisionContext,
): DomainError | null {
  if (ctx.role === 'viewer') return domainError('forbidden', 'a viewer may read OKRs but not change them');
  if (command.type === 'OverrideGrade' && ctx.role !== 'admin' && !ownsObjective(state, ctx.actor)) {
    return domainError('forbidden', "only an admin or the objective's owner may override its grades");
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
  return domainError(
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
