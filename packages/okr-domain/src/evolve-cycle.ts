// Applies one recorded event to a cycle's state, without mutating the state it is given.
import type { CycleEvent, RecordedEvent } from './events.js';
import { CorruptStreamError } from './evolve-objective.js';
import type { CycleState } from './model.js';

export function evolveCycle(state: CycleState | null, event: RecordedEvent<CycleEvent>): CycleState {
  if (event.type === 'CycleCreated') {
    if (state !== null) throw new CorruptStreamError(`${event.streamId}: cycle created twice`);
    const { cycleId, title, startsOn, endsOn, timeZone } = event.data;
    return {
      id: cycleId,
      title,
      startsOn,
      endsOn,
      timeZone,
      status: 'planning',
      activatedAt: null,
      closedAt: null,
      version: 1,
    };
  }
  if (state === null) throw new CorruptStreamError(`${event.streamId}: ${event.type} before CycleCreated`);
  const next: CycleState = { ...state, version: state.version + 1 };
  const { recordedAt } = event.metadata;

  switch (event.type) {
    case 'CycleActivated':
      // The first activation is the moment "the definition in force when the cycle became active" refers to.
      return { ...next, status: 'active', activatedAt: state.activatedAt ?? recordedAt };
    case 'CycleClosed':
      return { ...next, status: 'closed', closedAt: recordedAt };
    case 'CycleReopened':
      return { ...next, status: 'active', closedAt: null };
    case 'CycleDatesChanged': {
      const changed = { ...next };
      for (const change of event.data.changes) Object.assign(changed, { [change.field]: change.after });
      return changed;
    }
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown cycle event ${JSON.stringify(unhandled)}`);
    }
  }
}
