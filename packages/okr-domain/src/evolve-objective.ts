// Applies one recorded event to an objective's state. Never mutates the state it is given (snapshots and
// as-of folds share objects), and takes every server-side fact — when, by whom — from the event metadata.
import { keyResultDefinitionOf, type ObjectiveEvent, type RecordedEvent, sourceOf } from './events.js';
import type { CheckIn, KeyResultState, ObjectiveState } from './model.js';

/** A stream whose events cannot follow each other: a bug or a damaged store, never a user mistake. */
export class CorruptStreamError extends Error {
  override readonly name = 'CorruptStreamError';
}

export function evolveObjective(
  state: ObjectiveState | null,
  event: RecordedEvent<ObjectiveEvent>,
): ObjectiveState {
  const { recordedAt, actor } = event.metadata;
  if (event.type === 'ObjectiveCreated') {
    if (state !== null) throw new CorruptStreamError(`${event.streamId}: objective created twice`);
    return {
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
      ...(event.data.carriedFrom === undefined ? {} : { carriedFrom: event.data.carriedFrom }),
    };
  }
  if (state === null) {
    throw new CorruptStreamError(`${event.streamId}: ${event.type} before ObjectiveCreated`);
  }
  const next: ObjectiveState = { ...state, version: state.version + 1, updatedAt: recordedAt };

  switch (event.type) {
    case 'ObjectiveChanged': {
      const definition = { ...state.definition };
      for (const change of event.data.changes) Object.assign(definition, { [change.field]: change.after });
      return { ...next, definition };
    }
    case 'ObjectiveArchived':
      return { ...next, archived: true };
    case 'KeyResultAdded': {
      const keyResult: KeyResultState = {
        id: event.data.keyResultId,
        objectiveId: state.id,
        definition: keyResultDefinitionOf(event.data.definition),
        removed: false,
        checkIns: [],
        createdAt: recordedAt,
        ...(event.data.carriedFrom === undefined ? {} : { carriedFrom: event.data.carriedFrom }),
      };
      return { ...next, keyResults: [...state.keyResults, keyResult] };
    }
    case 'KeyResultChanged':
      return updateKeyResult(next, event.data.keyResultId, event.streamId, (kr) => {
        const definition = { ...kr.definition };
        for (const change of event.data.changes) Object.assign(definition, { [change.field]: change.after });
        // A new link (or none) makes the old link's failure moot.
        const relinked = kr.linkFailure && event.data.changes.some((c) => c.field === 'valueSource');
        return relinked ? { ...kr, definition, linkFailure: null } : { ...kr, definition };
      });
    case 'KeyResultRemoved':
      return updateKeyResult(next, event.data.keyResultId, event.streamId, (kr) => ({
        ...kr,
        removed: true,
      }));
    case 'CheckInRecorded': {
      const { data } = event;
      const checkIn: CheckIn = {
        id: data.checkInId,
        keyResultId: data.keyResultId,
        value: data.value,
        milestonesDone: data.milestonesDone,
        done: data.done,
        confidence: data.confidence,
        note: data.note,
        effectiveAt: data.effectiveAt,
        source: sourceOf(data),
        recordedAt,
        recordedBy: actor,
        corrects: null,
        correctionReason: null,
        correctedBy: null,
      };
      return updateKeyResult(next, data.keyResultId, event.streamId, (kr) =>
        clearsLinkFailure(kr, checkIn)
          ? { ...kr, checkIns: [...kr.checkIns, checkIn], linkFailure: null }
          : { ...kr, checkIns: [...kr.checkIns, checkIn] },
      );
    }
    case 'CheckInCorrected': {
      const { data } = event;
      const correction: CheckIn = {
        id: data.checkInId,
        keyResultId: data.keyResultId,
        value: data.value,
        milestonesDone: data.milestonesDone,
        done: data.done,
        confidence: data.confidence,
        note: data.note,
        effectiveAt: data.effectiveAt,
        source: sourceOf(data),
        recordedAt,
        recordedBy: actor,
        corrects: data.correctsCheckInId,
        correctionReason: data.reason,
        correctedBy: null,
      };
      return updateKeyResult(next, data.keyResultId, event.streamId, (kr) => {
        if (!kr.checkIns.some((checkIn) => checkIn.id === data.correctsCheckInId)) {
          throw new CorruptStreamError(`${event.streamId}: correction of unknown ${data.correctsCheckInId}`);
        }
        // The original stays, marked as replaced: history keeps what was said and what was fixed.
        const checkIns = kr.checkIns.map((checkIn) =>
          checkIn.id === data.correctsCheckInId ? { ...checkIn, correctedBy: data.checkInId } : checkIn,
        );
        return clearsLinkFailure(kr, correction)
          ? { ...kr, checkIns: [...checkIns, correction], linkFailure: null }
          : { ...kr, checkIns: [...checkIns, correction] };
      });
    }
    case 'InitiativeAdded':
      return {
        ...next,
        initiatives: [...state.initiatives, { ...event.data.initiative, objectiveId: state.id }],
      };
    case 'InitiativeUpdated': {
      const { initiativeId, changes } = event.data;
      if (!state.initiatives.some((initiative) => initiative.id === initiativeId)) {
        throw new CorruptStreamError(`${event.streamId}: update of unknown initiative ${initiativeId}`);
      }
      const initiatives = state.initiatives.map((initiative) => {
        if (initiative.id !== initiativeId) return initiative;
        const updated = { ...initiative };
        for (const change of changes) Object.assign(updated, { [change.field]: change.after });
        return updated;
      });
      return { ...next, initiatives };
    }
    case 'GradeOverridden': {
      const { targetType, targetId, grade, reason } = event.data;
      return {
        ...next,
        overrides: {
          ...state.overrides,
          [targetId]: { targetType, targetId, grade, reason, by: actor, at: recordedAt },
        },
      };
    }
    case 'LinkedValueFailed': {
      const { problem, detail, valueSource } = event.data;
      return updateKeyResult(next, event.data.keyResultId, event.streamId, (kr) => ({
        ...kr,
        linkFailure: {
          problem,
          detail,
          valueSource,
          since: kr.linkFailure?.since ?? recordedAt,
          reportedAt: recordedAt,
          reportedBy: actor,
        },
      }));
    }
    case 'LinkedValueRestored':
      return updateKeyResult(next, event.data.keyResultId, event.streamId, (kr) =>
        kr.linkFailure ? { ...kr, linkFailure: null } : kr,
      );
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown objective event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** A value read from the link is the good value that ends a spell of failing. */
export function clearsLinkFailure(kr: KeyResultState, checkIn: CheckIn): boolean {
  return Boolean(kr.linkFailure) && checkIn.source.kind === 'linked_cell';
}

function updateKeyResult(
  state: ObjectiveState,
  keyResultId: string,
  streamId: string,
  update: (keyResult: KeyResultState) => KeyResultState,
): ObjectiveState {
  if (!state.keyResults.some((kr) => kr.id === keyResultId)) {
    throw new CorruptStreamError(`${streamId}: event for unknown key result ${keyResultId}`);
  }
  return {
    ...state,
    keyResults: state.keyResults.map((kr) => (kr.id === keyResultId ? update(kr) : kr)),
  };
}
