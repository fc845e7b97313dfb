// A key result's history: every event that touched it, oldest first, worded for people, with before →
// after for definition changes, effective and recorded dates for check-ins, and corrections linked both
// ways to what they correct. Built one event at a time (the projector stores entries as events arrive)
// or over a whole stream (as-of answers); both go through `historyEntriesForEvent`.
import type { HistoryEntry } from '@okr-ledger/api-contract';
import {
  type CheckIn,
  evolveObjective,
  type FieldChange,
  KEY_RESULT_FIELDS,
  type KeyResultDefinition,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  describeLinkFailure,
  describeValueSource,
  sourceOf,
} from '@okr-ledger/okr-domain';
import { describeAim, describeChanges, describeMeasurement, describeValue } from './describe.js';

export interface KeyResultHistoryEntry {
  keyResultId: string;
  entry: HistoryEntry;
}

function baseEntry(event: RecordedEvent<ObjectiveEvent>): HistoryEntry {
  return {
    version: event.version,
    eventType: event.type,
    recordedAt: event.metadata.recordedAt,
    recordedBy: { sub: event.metadata.actor.sub, email: event.metadata.actor.email },
    effectiveAt: null,
    summary: '',
    changes: [],
    value: null,
    done: null,
    confidence: null,
    note: '',
    reason: null,
    midCycle: false,
    checkInId: null,
    corrects: null,
    correctedBy: null,
    source: null,
  };
}

const definitionOf = (state: ObjectiveState | null, keyResultId: string): KeyResultDefinition | null =>
  state?.keyResults.find((kr) => kr.id === keyResultId)?.definition ?? null;

const checkInOf = (state: ObjectiveState | null, keyResultId: string, checkInId: string): CheckIn | null =>
  state?.keyResults
    .find((kr) => kr.id === keyResultId)
    ?.checkIns.find((checkIn) => checkIn.id === checkInId) ?? null;

/** The fields a correction changed compared with the check-in it replaces. */
function correctionChanges(
  original: CheckIn | null,
  data: Extract<ObjectiveEvent, { type: 'CheckInCorrected' }>['data'],
): FieldChange[] {
  const fields = ['value', 'milestonesDone', 'done', 'confidence', 'note', 'effectiveAt'] as const;
  return fields
    .filter((field) => JSON.stringify(original?.[field] ?? null) !== JSON.stringify(data[field] ?? null))
    .map((field) => ({ field, before: original?.[field] ?? null, after: data[field] ?? null }));
}

/** The KRs an initiative serves before and after an update (it may have been moved from one to another). */
function initiativeKeyResults(
  state: ObjectiveState | null,
  event: Extract<ObjectiveEvent, { type: 'InitiativeUpdated' }>,
): string[] {
  const before = state?.initiatives.find(
    (initiative) => initiative.id === event.data.initiativeId,
  )?.keyResultId;
  const moved = event.data.changes.find((change) => change.field === 'keyResultId')?.after;
  const ids = [before, typeof moved === 'string' ? moved : undefined];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/**
 * The history entries one event adds, per KR it touches, given the objective's state before the event.
 * `correctedBy` is left null here: a correction arrives later than what it corrects, so the link is
 * made over the whole history by `linkCorrections`.
 */
export function historyEntriesForEvent(
  event: RecordedEvent<ObjectiveEvent>,
  before: ObjectiveState | null,
): KeyResultHistoryEntry[] {
  const base = baseEntry(event);
  switch (event.type) {
    case 'ObjectiveCreated':
    case 'ObjectiveChanged':
      return [];
    case 'ObjectiveArchived':
      return (before?.keyResults ?? [])
        .filter((kr) => !kr.removed)
        .map((kr) => ({
          keyResultId: kr.id,
          entry: {
            ...base,
            summary: 'objective archived',
            changes: [{ field: 'archived', before: false, after: true }],
            reason: event.data.reason,
            midCycle: event.data.midCycle,
          },
        }));
    case 'KeyResultAdded': {
      const { definition, carriedFrom } = event.data;
      // A carried-over KR's history starts with the link back to the KR it continues.
      const carried =
        carriedFrom === undefined
          ? ''
          : ` (carried over from ${carriedFrom.keyResultId} in ${carriedFrom.cycleId}, last value ${describeValue(carriedFrom.lastValue)})`;
      return [
        {
          keyResultId: event.data.keyResultId,
          entry: {
            ...base,
            summary: `added "${definition.title}": ${describeAim(definition)}${carried}`,
            changes: [
              ...KEY_RESULT_FIELDS.map((field) => ({
                field,
                before: null,
                after: definition[field] ?? null,
              })),
              ...(carriedFrom === undefined
                ? []
                : [{ field: 'carriedFrom', before: null, after: carriedFrom }]),
            ],
            reason: event.data.reason,
            midCycle: event.data.midCycle,
          },
        },
      ];
    }
    case 'KeyResultChanged':
      return [
        {
          keyResultId: event.data.keyResultId,
          entry: {
            ...base,
            summary: describeChanges(event.data.changes),
            changes: event.data.changes.map(({ field, before: was, after }) => ({
              field,
              before: was,
              after,
            })),
            reason: event.data.reason,
            midCycle: event.data.midCycle,
          },
        },
      ];
    case 'KeyResultRemoved':
      return [
        {
          keyResultId: event.data.keyResultId,
          entry: {
            ...base,
            summary: 'removed',
            changes: [{ field: 'removed', before: false, after: true }],
            reason: event.data.reason,
            midCycle: event.data.midCycle,
          },
        },
      ];
    case 'CheckInRecorded': {
      const { data } = event;
      const confidence = data.confidence === null ? '' : ` (${data.confidence.replace('_', ' ')})`;
      return [
        {
          keyResultId: data.keyResultId,
          entry: {
            ...base,
            summary: `check-in ${describeMeasurement(data, definitionOf(before, data.keyResultId))}${confidence}`,
            effectiveAt: data.effectiveAt,
            value: data.value,
            done: data.done,
            confidence: data.confidence,
            note: data.note,
            checkInId: data.checkInId,
            source: sourceOf(data),
          },
        },
      ];
    }
    case 'CheckInCorrected': {
      const { data } = event;
      const definition = definitionOf(before, data.keyResultId);
      const original = checkInOf(before, data.keyResultId, data.correctsCheckInId);
      const was = original === null ? 'unknown' : describeMeasurement(original, definition);
      return [
        {
          keyResultId: data.keyResultId,
          entry: {
            ...base,
            summary: `correction of ${data.correctsCheckInId}: ${was} → ${describeMeasurement(data, definition)}`,
            changes: correctionChanges(original, data),
            effectiveAt: data.effectiveAt,
            value: data.value,
            done: data.done,
            confidence: data.confidence,
            note: data.note,
            reason: data.reason,
            checkInId: data.checkInId,
            corrects: data.correctsCheckInId,
            source: sourceOf(data),
          },
        },
      ];
    }
    case 'InitiativeAdded': {
      const { initiative } = event.data;
      if (initiative.keyResultId === null) return [];
      return [
        {
          keyResultId: initiative.keyResultId,
          entry: {
            ...base,
            summary: `initiative "${initiative.title}" added (${initiative.status.replace('_', ' ')})`,
            changes: [{ field: 'initiative', before: null, after: initiative.title }],
          },
        },
      ];
    }
    case 'InitiativeUpdated': {
      const title =
        before?.initiatives.find((initiative) => initiative.id === event.data.initiativeId)?.title ??
        event.data.initiativeId;
      return initiativeKeyResults(before, event).map((keyResultId) => ({
        keyResultId,
        entry: {
          ...base,
          summary: `initiative "${title}": ${describeChanges(event.data.changes)}`,
          changes: event.data.changes.map(({ field, before: was, after }) => ({ field, before: was, after })),
        },
      }));
    }
    case 'GradeOverridden': {
      const { data } = event;
      if (data.targetType !== 'key_result') return [];
      return [
        {
          keyResultId: data.targetId,
          entry: {
            ...base,
            summary: `grade overridden ${describeValue(data.previousGrade)} → ${data.grade}`,
            changes: [{ field: 'grade', before: data.previousGrade, after: data.grade }],
            reason: data.reason,
          },
        },
      ];
    }
    case 'LinkedValueFailed': {
      const { data } = event;
      const failure = { ...data, since: event.metadata.recordedAt };
      return [
        {
          keyResultId: data.keyResultId,
          entry: {
            ...base,
            summary: `linked cell failed: ${describeLinkFailure({ ...failure, reportedAt: failure.since, reportedBy: event.metadata.actor })}`,
          },
        },
      ];
    }
    case 'LinkedValueRestored': {
      const source = definitionOf(before, event.data.keyResultId)?.valueSource ?? null;
      return [
        {
          keyResultId: event.data.keyResultId,
          entry: {
            ...base,
            summary: `linked cell ${source === null ? '' : `${describeValueSource(source)} `}reads a value again`,
          },
        },
      ];
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unknown objective event ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * Entries stored before check-ins had a source: a check-in entry without one was manual, anything else
 * has none. Applied on read, so stored views need no rewrite.
 */
export function withSource(entry: HistoryEntry): HistoryEntry {
  if (entry.source !== undefined) return entry;
  return { ...entry, source: entry.checkInId === null ? null : { kind: 'manual' } };
}

/** Sets `correctedBy` on every check-in entry that a later correction in the same history replaced. */
export function linkCorrections(entries: HistoryEntry[]): HistoryEntry[] {
  const correctionOf = new Map<string, string>();
  for (const entry of entries) {
    if (entry.corrects !== null && entry.checkInId !== null)
      correctionOf.set(entry.corrects, entry.checkInId);
  }
  return entries.map((entry) => {
    const correctedBy = entry.checkInId === null ? undefined : correctionOf.get(entry.checkInId);
    return correctedBy === undefined ? entry : { ...entry, correctedBy };
  });
}

/** Every event of an objective stream touching one KR, oldest first, corrections linked both ways. */
export function historyEntries(events: RecordedEvent<ObjectiveEvent>[], keyResultId: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let state: ObjectiveState | null = null;
  for (const event of events) {
    for (const touched of historyEntriesForEvent(event, state)) {
      if (touched.keyResultId === keyResultId) entries.push(touched.entry);
    }
    state = evolveObjective(state, event);
  }
  return linkCorrections(entries);
}
