// What every objective command is decided against: the decision context, and the rules the commands share
// (a closed cycle freezes definitions, a mid-cycle change needs a reason, a named KR must be live).
import type { ObjectiveCommand } from './commands.js';
import { type DomainError, domainError } from './errors.js';
import type { ChangeContext } from './events.js';
import type { Actor, CycleState, KeyResultState, ObjectiveState, Role, Team } from './model.js';
import type { TeamScope } from './teams.js';

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

export type CommandOf<T extends ObjectiveCommand['type']> = Extract<ObjectiveCommand, { type: T }>;
export type Path = (string | number)[];

export function closedCycleError(ctx: ObjectiveDecisionContext, path: Path = []): DomainError {
  return domainError(
    'cycle_closed',
    `cycle ${ctx.cycle.id} is closed and its grades are frozen; an admin must reopen it first`,
    path,
  );
}

/** Definitions (and the initiatives grades may be computed from) are frozen once the cycle is closed. */
export function checkNotClosed(ctx: ObjectiveDecisionContext): DomainError | null {
  return ctx.cycle.status === 'closed' ? closedCycleError(ctx) : null;
}

/**
 * Whether the cycle is active decides, at recording time, whether a change is mid-cycle and so needs a
 * reason. The reason is kept (trimmed) in planning too, where it is optional.
 */
export function changeContext(
  reason: string | undefined,
  ctx: ObjectiveDecisionContext,
): ChangeContext | DomainError {
  const midCycle = ctx.cycle.status === 'active';
  const trimmed = reason?.trim() ?? '';
  if (midCycle && trimmed === '') {
    return domainError(
      'reason_required',
      `a mid-cycle change needs a reason: cycle ${ctx.cycle.id} is active`,
      ['reason'],
    );
  }
  return { midCycle, reason: trimmed === '' ? null : trimmed };
}

export const isError = (value: object): value is DomainError => 'code' in value && 'message' in value;

export function prefixPath(domainError: DomainError, prefix: Path): DomainError {
  return { ...domainError, path: [...prefix, ...domainError.path] };
}

/** The KR a command names, which must exist in this objective and not be removed. */
export function findLiveKeyResult(
  state: ObjectiveState,
  keyResultId: string,
  path: Path = ['keyResultId'],
): KeyResultState | DomainError {
  const keyResult = state.keyResults.find((kr) => kr.id === keyResultId);
  if (keyResult === undefined) {
    return domainError('unknown_key_result', `key result ${keyResultId} is not part of this objective`, path);
  }
  if (keyResult.removed) {
    return domainError(
      'key_result_removed',
      `key result ${keyResultId} was removed and can no longer change`,
      path,
    );
  }
  return keyResult;
}
