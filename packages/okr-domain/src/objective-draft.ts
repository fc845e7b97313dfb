// The fold's own accumulator for an objective stream. `evolveObjective` copies the state on every event
// (it must: snapshots and as-of folds share objects), which makes a replay copy each KR's check-in list
// once per check-in. A fold owns every object it builds until it returns, so it may grow one private
// draft in place and hand it over once at the end. The draft is built field by field in the order
// `evolveObjective` builds them, so the result is the same JSON, and it refuses the same impossible
// events with the same errors.
import type { ObjectiveEvent, RecordedEvent } from './events.js';
import { CorruptStreamError } from './evolve-objective.js';
import type { CheckIn, Initiative, KeyResultState, ObjectiveState } from './model.js';

/** A state under construction, with the look-ups that spare a scan per event. */
interface Draft {
  state: ObjectiveState;
  /** Every KR carrying an id, in stream order (a damaged stream may repeat one; all are updated). */
  keyResults: Map<string, KeyResultState[]>;
  initiatives: Map<string, Initiative[]>;
}

function keyResultsOf(draft: Draft, keyResultId: string, streamId: string): KeyResultState[] {
  const found = draft.keyResults.get(keyResultId);
  if (found === undefined) {
    throw new CorruptStreamError(`${streamId}: event for unknown key result ${keyResultId}`);
  }
  return found;
}

function checkInOf(event: RecordedEvent<ObjectiveEvent>, corrects: string | null): CheckIn {
  const data = event.data as Extract<
    ObjectiveEvent,
    { type: 'CheckInRecorded' | 'CheckInCorrected' }
  >['data'];
  return {
    id: data.checkInId,
    keyResultId: data.keyResultId,
    value: data.value,
    milestonesDone: data.milestonesDone,
    done: data.done,
    confidence: data.confidence,
    note: data.note,
    effectiveAt: data.effectiveAt,
    recordedAt: event.metadata.recordedAt,
    recordedBy: event.metadata.actor,
    corrects,
    correctionReason: corrects === null ? null : (data as { reason: string }).reason,
    correctedBy: null,
  };
}

/** Applies one event to the draft in place; `draft` is null until the stream's first event. */
function applyToDraft(draft: Draft | null, event: RecordedEvent<ObjectiveEvent>): Draft {
  const { recordedAt, actor } = event.metadata;
  if (event.type === 'ObjectiveCreated') {
    if (draft !== null) throw new CorruptStreamError(`${event.streamId}: objective created twice`);
    return {
      state: {
        id: event.data.objectiveId,
        cycleId: event.data.cycleId,
        definition: { ...event.data.definition },
        archived: false,
        keyResults: [],
        initiatives: [],
        overrides: {},
        version: 1,
        createdAt: recordedAt,
        updatedAt: recordedAt,
      },
      keyResults: new Map(),
      initiatives: new Map(),
    };
  }
  if (draft === null) {
    throw new CorruptStreamError(`${event.streamId}: ${event.type} before ObjectiveCreated`);
  }
  const { state } = draft;

  switch (event.type) {
    case 'ObjectiveChanged':
      for (const change of event.data.changes) {
        Object.assign(state.definition, { [change.field]: change.after });
      }
      break;
    case 'ObjectiveArchived':
      state.archived = true;
      break;
    case 'KeyResultAdded': {
      const keyResult: KeyResultState = {
        id: event.data.keyResultId,
        objectiveId: state.id,
        definition: { ...event.data.definition },
        removed: false,
        checkIns: [],
        createdAt: recordedAt,
      };
      state.keyResults.push(keyResult);
      const same = draft.keyResults.get(keyResult.id);
      if (same === undefined) draft.keyResults.set(keyResult.id, [keyResult]);
      else same.push(keyResult);
      break;
    }
    case 'KeyResultChanged':
      for (const kr of keyResultsOf(draft, event.data.keyResultId, event.streamId)) {
        for (const change of event.data.changes) {
          Object.assign(kr.definition, { [change.field]: change.after });
        }
      }
      break;
    case 'KeyResultRemoved':
      for (const kr of keyResultsOf(draft, event.data.keyResultId, event.streamId)) kr.removed = true;
      break;
    case 'CheckInRecorded': {
      const krs = keyResultsOf(draft, event.data.keyResultId, event.streamId);
      // One check-in object per KR, as evolveObjective gives each copy of a repeated KR its own.
      for (const kr of krs) kr.checkIns.push(checkInOf(event, null));
      break;
    }
    case 'CheckInCorrected': {
      const { checkInId, correctsCheckInId } = event.data;
      for (const kr of keyResultsOf(draft, event.data.keyResultId, event.streamId)) {
        let found = false;
        for (const checkIn of kr.checkIns) {
          if (checkIn.id !== correctsCheckInId) continue;
          found = true;
          checkIn.correctedBy = checkInId;
        }
        if (!found) {
          throw new CorruptStreamError(`${event.streamId}: correction of unknown ${correctsCheckInId}`);
        }
        kr.checkIns.push(checkInOf(event, correctsCheckInId));
      }
      break;
    }
    case 'InitiativeAdded': {
      const initiative: Initiative = { ...event.data.initiative, objectiveId: state.id };
      state.initiatives.push(initiative);
      const same = draft.initiatives.get(initiative.id);
      if (same === undefined) draft.initiatives.set(initiative.id, [initiative]);
      else same.push(initiative);
      break;
    }
    case 'InitiativeUpdated': {
      const { initiativeId, changes } = event.data;
      const initiatives = draft.initiatives.get(initiativeId);
      if (initiatives === undefined) {
        throw new CorruptStreamError(`${event.streamId}: update of unknown initiative ${initiativeId}`);
      }
      for (const initiative of initiatives) {
        for (const change of changes) Object.assign(initiative, { [change.field]: change.after });
      }
      break;
    }
    case 'GradeOverridden': {
      const { targetType, targetId, grade, reason } = event.data;
      // Defined, not assigned: a spread in evolveObjective makes an own key of any id.
      Object.defineProperty(state.overrides, targetId, {
        value: { targetType, targetId, grade, reason, by: actor, at: recordedAt },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    }
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown objective event ${JSON.stringify(unhandled)}`);
    }
  }
  state.version += 1;
  state.updatedAt = recordedAt;
  return draft;
}

/**
 * Folds events in order through one private draft. Equal, as JSON, to reducing them with
 * `evolveObjective` from null; the result shares only the events' own leaves (actors, milestone lists)
 * with them, as that reduce does.
 */
export function foldObjectiveDraft(events: readonly RecordedEvent<ObjectiveEvent>[]): ObjectiveState | null {
  let draft: Draft | null = null;
  for (const event of events) draft = applyToDraft(draft, event);
  return draft === null ? null : draft.state;
}
