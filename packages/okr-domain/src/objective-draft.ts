// The fold's own accumulator for an objective stream. `evolveObjective` copies the state on every event
// (it must: snapshots and as-of folds share objects), which makes a replay copy each KR's check-in list
// once per check-in. A fold owns every object it builds until it returns, so it may grow one private
// draft in place and hand it over once at the end. The draft is built field by field in the order
// `evolveObjective` builds them, so the result is the same JSON, and it refuses the same impossible
// events with the same errors.
import { keyResultDefinitionOf, type ObjectiveEvent, type RecordedEvent, sourceOf } from './events.js';
import { CorruptStreamError, clearsLinkFailure } from './evolve-objective.js';
import type { CheckIn, Initiative, KeyResultState, ObjectiveState } from './model.js';

/** A state under construction, with the look-ups that spare a scan per event. */
interface Draft {
  state: ObjectiveState;
  /** Every KR carrying an id, in stream order (a damaged stream may repeat one; all are updated). */
  keyResults: Map<string, KeyResultState[]>;
  initiatives: Map<string, Initiative[]>;
}

type Metadata = RecordedEvent<ObjectiveEvent>['metadata'];
type CheckInData = Extract<ObjectiveEvent, { type: 'CheckInRecorded' }>['data'];

function keyResultsOf(draft: Draft, keyResultId: string, event: RecordedEvent<ObjectiveEvent>) {
  const found = draft.keyResults.get(keyResultId);
  if (found === undefined) {
    throw new CorruptStreamError(`${event.streamId}: event for unknown key result ${keyResultId}`);
  }
  return found;
}

/** A check-in as evolveObjective builds it (same fields, same order). */
function checkInOf(
  data: CheckInData,
  metadata: Metadata,
  corrects: string | null,
  correctionReason: string | null,
): CheckIn {
  return {
    id: data.checkInId,
    keyResultId: data.keyResultId,
    value: data.value,
    milestonesDone: data.milestonesDone,
    done: data.done,
    confidence: data.confidence,
    note: data.note,
    effectiveAt: data.effectiveAt,
    source: sourceOf(data),
    recordedAt: metadata.recordedAt,
    recordedBy: metadata.actor,
    corrects,
    correctionReason,
    correctedBy: null,
  };
}

function createdDraft(event: RecordedEvent<ObjectiveEvent & { type: 'ObjectiveCreated' }>): Draft {
  const { data, metadata } = event;
  return {
    state: {
      id: data.objectiveId,
      cycleId: data.cycleId,
      definition: { ...data.definition },
      archived: false,
      keyResults: [],
      initiatives: [],
      overrides: {},
      version: 1,
      createdAt: metadata.recordedAt,
      updatedAt: metadata.recordedAt,
      ...(data.carriedFrom === undefined ? {} : { carriedFrom: data.carriedFrom }),
    },
    keyResults: new Map(),
    initiatives: new Map(),
  };
}

/**
 * Applies one event after the first to the draft, in place. Each of the event's own fields is read once:
 * events come from many sources (unmarshalled items, spread literals) in many shapes, and those reads
 * cost more than the rest of a check-in's work.
 */
function applyToDraft(draft: Draft, event: RecordedEvent<ObjectiveEvent>): void {
  const { type, data, metadata } = event;
  const { state } = draft;
  switch (type) {
    case 'CheckInRecorded': {
      const krs = keyResultsOf(draft, data.keyResultId, event);
      // One check-in object per KR, as evolveObjective gives each copy of a repeated KR its own.
      for (let index = 0; index < krs.length; index += 1) {
        const kr = krs[index];
        if (kr === undefined) continue;
        const checkIn = checkInOf(data, metadata, null, null);
        kr.checkIns.push(checkIn);
        if (clearsLinkFailure(kr, checkIn)) kr.linkFailure = null;
      }
      break;
    }
    case 'ObjectiveCreated':
      throw new CorruptStreamError(`${event.streamId}: objective created twice`);
    case 'ObjectiveChanged':
      for (const change of data.changes) Object.assign(state.definition, { [change.field]: change.after });
      break;
    case 'ObjectiveArchived':
      state.archived = true;
      break;
    case 'KeyResultAdded': {
      const keyResult: KeyResultState = {
        id: data.keyResultId,
        objectiveId: state.id,
        definition: keyResultDefinitionOf(data.definition),
        removed: false,
        checkIns: [],
        createdAt: metadata.recordedAt,
        ...(data.carriedFrom === undefined ? {} : { carriedFrom: data.carriedFrom }),
      };
      state.keyResults.push(keyResult);
      const same = draft.keyResults.get(keyResult.id);
      if (same === undefined) draft.keyResults.set(keyResult.id, [keyResult]);
      else same.push(keyResult);
      break;
    }
    case 'KeyResultChanged':
      for (const kr of keyResultsOf(draft, data.keyResultId, event)) {
        for (const change of data.changes) Object.assign(kr.definition, { [change.field]: change.after });
        if (kr.linkFailure && data.changes.some((c) => c.field === 'valueSource')) kr.linkFailure = null;
      }
      break;
    case 'KeyResultRemoved':
      for (const kr of keyResultsOf(draft, data.keyResultId, event)) kr.removed = true;
      break;
    case 'CheckInCorrected': {
      const { checkInId, correctsCheckInId } = data;
      for (const kr of keyResultsOf(draft, data.keyResultId, event)) {
        let found = false;
        for (const checkIn of kr.checkIns) {
          if (checkIn.id !== correctsCheckInId) continue;
          found = true;
          checkIn.correctedBy = checkInId;
        }
        if (!found) {
          throw new CorruptStreamError(`${event.streamId}: correction of unknown ${correctsCheckInId}`);
        }
        const correction = checkInOf(data, metadata, correctsCheckInId, data.reason);
        kr.checkIns.push(correction);
        if (clearsLinkFailure(kr, correction)) kr.linkFailure = null;
      }
      break;
    }
    case 'InitiativeAdded': {
      const initiative: Initiative = { ...data.initiative, objectiveId: state.id };
      state.initiatives.push(initiative);
      const same = draft.initiatives.get(initiative.id);
      if (same === undefined) draft.initiatives.set(initiative.id, [initiative]);
      else same.push(initiative);
      break;
    }
    case 'InitiativeUpdated': {
      const initiatives = draft.initiatives.get(data.initiativeId);
      if (initiatives === undefined) {
        throw new CorruptStreamError(`${event.streamId}: update of unknown initiative ${data.initiativeId}`);
      }
      for (const initiative of initiatives) {
        for (const change of data.changes) Object.assign(initiative, { [change.field]: change.after });
      }
      break;
    }
    case 'GradeOverridden': {
      const { targetType, targetId, grade, reason } = data;
      // Defined, not assigned: a spread in evolveObjective makes an own key of any id, `__proto__` too.
      Object.defineProperty(state.overrides, targetId, {
        value: { targetType, targetId, grade, reason, by: metadata.actor, at: metadata.recordedAt },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    }
    case 'LinkedValueFailed':
      for (const kr of keyResultsOf(draft, data.keyResultId, event)) {
        kr.linkFailure = {
          problem: data.problem,
          detail: data.detail,
          valueSource: data.valueSource,
          since: kr.linkFailure?.since ?? metadata.recordedAt,
          reportedAt: metadata.recordedAt,
          reportedBy: metadata.actor,
        };
      }
      break;
    case 'LinkedValueRestored':
      for (const kr of keyResultsOf(draft, data.keyResultId, event)) {
        if (kr.linkFailure) kr.linkFailure = null;
      }
      break;
    default: {
      const _exhaustive: never = type;
      throw new CorruptStreamError(`unknown objective event ${JSON.stringify(event)}`);
    }
  }
  state.version += 1;
  state.updatedAt = metadata.recordedAt;
}

/**
 * Folds events in order through one private draft. Equal, as JSON, to reducing them with
 * `evolveObjective` from null; the result shares only the events' own leaves (actors, milestone lists)
 * with them, as that reduce does.
 */
export function foldObjectiveDraft(events: readonly RecordedEvent<ObjectiveEvent>[]): ObjectiveState | null {
  const first = events[0];
  if (first === undefined) return null;
  if (first.type !== 'ObjectiveCreated') {
    throw new CorruptStreamError(`${first.streamId}: ${first.type} before ObjectiveCreated`);
  }
  const draft = createdDraft(first);
  for (let index = 1; index < events.length; index += 1) {
    applyToDraft(draft, events[index] as RecordedEvent<ObjectiveEvent>);
  }
  return draft.state;
}
