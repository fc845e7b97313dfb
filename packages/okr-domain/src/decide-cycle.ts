// The cycle decider: creating a cycle and moving it through planning → active → closed (and back to
// active when an admin reopens it with a reason). Only admins run a cycle's life.
import type { CycleCommand } from './commands.js';
import { isCalendarDate, isValidTimeZone } from './day-boundary.js';
import { accept, type Decision, reject } from './errors.js';
import type { CycleEvent } from './events.js';
import type { Actor, CycleState, CycleStatus, Role } from './model.js';

export interface CycleDecisionContext {
  /** Server time (ISO 8601). */
  now: string;
  actor: Actor;
  role: Role;
}

type CommandOf<T extends CycleCommand['type']> = Extract<CycleCommand, { type: T }>;

export function decideCycle(
  command: CycleCommand,
  state: CycleState | null,
  ctx: CycleDecisionContext,
): Decision<CycleEvent> {
  if (ctx.role !== 'admin') return reject('forbidden', 'only an admin may create, open or close a cycle');
  if (command.type !== 'CreateCycle' && (state === null || state.id !== command.cycleId)) {
    return reject('not_found', `cycle ${command.cycleId} does not exist`, ['cycleId']);
  }

  switch (command.type) {
    case 'CreateCycle':
      return createCycle(command, state);
    case 'ActivateCycle':
      return transition(state, 'planning', 'activate', {
        type: 'CycleActivated',
        data: { cycleId: command.cycleId },
      });
    case 'CloseCycle':
      return transition(state, 'active', 'close', {
        type: 'CycleClosed',
        data: { cycleId: command.cycleId },
      });
    case 'ReopenCycle': {
      const reason = command.reason.trim();
      if (reason === '') return reject('reason_required', 'reopening a cycle needs a reason', ['reason']);
      return transition(state, 'closed', 'reopen', {
        type: 'CycleReopened',
        data: { cycleId: command.cycleId, reason },
      });
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled cycle command ${JSON.stringify(unhandled)}`);
    }
  }
}

function createCycle(command: CommandOf<'CreateCycle'>, state: CycleState | null): Decision<CycleEvent> {
  if (state !== null) return reject('already_exists', `cycle ${command.cycleId} already exists`, ['cycleId']);
  if (!isCalendarDate(command.startsOn)) {
    return reject('invalid_definition', `${command.startsOn} is not a calendar date`, ['startsOn']);
  }
  if (!isCalendarDate(command.endsOn)) {
    return reject('invalid_definition', `${command.endsOn} is not a calendar date`, ['endsOn']);
  }
  // YYYY-MM-DD strings order like the dates they name.
  if (command.endsOn < command.startsOn) {
    return reject('invalid_definition', 'a cycle cannot end before it starts', ['endsOn']);
  }
  if (!isValidTimeZone(command.timeZone)) {
    return reject('invalid_definition', `${command.timeZone} is not an IANA time zone`, ['timeZone']);
  }
  return accept({
    type: 'CycleCreated',
    data: {
      cycleId: command.cycleId,
      title: command.title ?? command.cycleId,
      startsOn: command.startsOn,
      endsOn: command.endsOn,
      timeZone: command.timeZone,
    },
  });
}

function transition(
  state: CycleState | null,
  from: CycleStatus,
  verb: string,
  event: CycleEvent,
): Decision<CycleEvent> {
  if (state?.status !== from) {
    return reject(
      'invalid_transition',
      `only a ${from} cycle can ${verb}; cycle ${state?.id ?? ''} is ${state?.status ?? 'missing'}`,
    );
  }
  return accept(event);
}
