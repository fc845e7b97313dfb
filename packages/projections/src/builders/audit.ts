// The audit of a cycle: which recorded facts deserve a second look. Definition changes, KRs added or
// removed and archiving count only when made while the cycle was active (the event says so: `midCycle`);
// late check-ins, corrections, grade overrides, closing and reopening always count.
import type { AuditEntry, AuditKind } from '@okr-ledger/api-contract';
import {
  type CheckIn,
  CYCLE_EVENT_TYPES,
  type CycleEvent,
  type CycleState,
  type MidCycleChangeNote,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  sourceOf,
} from '@okr-ledger/okr-domain';
import { describeValue } from './describe.js';

/** A check-in recorded more than this long after the instant it is true for is worth auditing. */
export const LATE_CHECK_IN_MS = 14 * 24 * 60 * 60 * 1000;

/** The kinds that are mid-cycle changes of a definition, the ones that can make grades differ. */
export const DEFINITION_CHANGE_KINDS: ReadonlySet<AuditKind> = new Set([
  'definition_change',
  'key_result_added',
  'key_result_removed',
  'objective_archived',
]);

const CYCLE_EVENTS: ReadonlySet<string> = new Set(CYCLE_EVENT_TYPES);

export const isCycleEvent = (
  event: RecordedEvent<ObjectiveEvent | CycleEvent>,
): event is RecordedEvent<CycleEvent> => CYCLE_EVENTS.has(event.type);

type Draft = Omit<AuditEntry, 'id' | 'at' | 'by'>;

interface Subject {
  objectiveId: string;
  objectiveTitle: string;
  keyResultId: string | null;
  keyResultTitle: string | null;
  team: string | null;
  owner: string | null;
}

/**
 * Who and what an entry is about. A KR entry is owned by the KR's owner, falling back to the objective's,
 * so filtering by owner finds the changes a person is answerable for.
 */
function subjectOf(objective: ObjectiveState, keyResultId: string | null): Subject {
  const kr =
    keyResultId === null ? undefined : objective.keyResults.find((candidate) => candidate.id === keyResultId);
  return {
    objectiveId: objective.id,
    objectiveTitle: objective.definition.title,
    keyResultId,
    keyResultTitle: kr?.definition.title ?? null,
    team: objective.definition.team,
    owner: kr?.definition.owner ?? objective.definition.owner,
  };
}

const measurementOf = (
  checkIn: Parameters<typeof sourceOf>[0] & {
    value: number | null;
    milestonesDone: string[] | null;
    done: boolean | null;
    effectiveAt: string;
  },
) => ({
  value: checkIn.value,
  milestonesDone: checkIn.milestonesDone,
  done: checkIn.done,
  effectiveAt: checkIn.effectiveAt,
  source: sourceOf(checkIn),
});

function findCheckIn(
  state: ObjectiveState | null,
  keyResultId: string,
  checkInId: string,
): CheckIn | undefined {
  return state?.keyResults
    .find((kr) => kr.id === keyResultId)
    ?.checkIns.find((checkIn) => checkIn.id === checkInId);
}

function objectiveDrafts(
  event: RecordedEvent<ObjectiveEvent>,
  before: ObjectiveState | null,
  after: ObjectiveState,
): Draft[] {
  const entry = (kind: AuditKind, subject: Subject, rest: Partial<Draft>): Draft => ({
    kind,
    ...subject,
    field: null,
    before: null,
    after: null,
    reason: null,
    ...rest,
  });
  switch (event.type) {
    case 'ObjectiveCreated':
    case 'InitiativeAdded':
    case 'InitiativeUpdated':
      return [];
    case 'ObjectiveChanged': {
      if (!event.data.midCycle) return [];
      const subject = subjectOf(after, null);
      return event.data.changes.map((change) =>
        entry('definition_change', subject, {
          field: change.field,
          before: change.before,
          after: change.after,
          reason: event.data.reason,
        }),
      );
    }
    case 'ObjectiveArchived':
      if (!event.data.midCycle) return [];
      return [
        entry('objective_archived', subjectOf(after, null), {
          field: 'archived',
          before: false,
          after: true,
          reason: event.data.reason,
        }),
      ];
    case 'KeyResultAdded':
      if (!event.data.midCycle) return [];
      return [
        entry('key_result_added', subjectOf(after, event.data.keyResultId), {
          after: event.data.definition,
          reason: event.data.reason,
        }),
      ];
    case 'KeyResultChanged': {
      if (!event.data.midCycle) return [];
      const subject = subjectOf(after, event.data.keyResultId);
      return event.data.changes.map((change) =>
        entry('definition_change', subject, {
          field: change.field,
          before: change.before,
          after: change.after,
          reason: event.data.reason,
        }),
      );
    }
    case 'KeyResultRemoved': {
      if (!event.data.midCycle) return [];
      const removed = before?.keyResults.find((kr) => kr.id === event.data.keyResultId);
      return [
        entry('key_result_removed', subjectOf(after, event.data.keyResultId), {
          before: removed?.definition ?? null,
          reason: event.data.reason,
        }),
      ];
    }
    case 'CheckInRecorded': {
      const { data } = event;
      const lateBy = Date.parse(event.metadata.recordedAt) - Date.parse(data.effectiveAt);
      if (!(lateBy > LATE_CHECK_IN_MS)) return [];
      return [
        entry('late_check_in', subjectOf(after, data.keyResultId), {
          field: 'effectiveAt',
          after: { checkInId: data.checkInId, ...measurementOf(data) },
        }),
      ];
    }
    case 'CheckInCorrected': {
      const { data } = event;
      const original = findCheckIn(before, data.keyResultId, data.correctsCheckInId);
      return [
        entry('correction', subjectOf(after, data.keyResultId), {
          field: 'checkIn',
          before: original === undefined ? null : { checkInId: original.id, ...measurementOf(original) },
          after: { checkInId: data.checkInId, ...measurementOf(data) },
          reason: data.reason,
        }),
      ];
    }
    case 'GradeOverridden': {
      const { data } = event;
      const keyResultId = data.targetType === 'key_result' ? data.targetId : null;
      return [
        entry('grade_override', subjectOf(after, keyResultId), {
          field: 'grade',
          before: data.previousGrade,
          after: data.grade,
          reason: data.reason,
        }),
      ];
    }
    // A linked cell's failures are not changes of the plan: the attention view lists them.
    case 'LinkedValueFailed':
    case 'LinkedValueRestored':
      return [];
    default: {
      const unhandled: never = event;
      throw new Error(`unknown objective event ${JSON.stringify(unhandled)}`);
    }
  }
}

function cycleDrafts(event: RecordedEvent<CycleEvent>, before: CycleState | null): Draft[] {
  const cycleEntry = (kind: AuditKind, reason: string | null): Draft => ({
    kind,
    objectiveId: null,
    objectiveTitle: null,
    keyResultId: null,
    keyResultTitle: null,
    team: null,
    owner: null,
    field: 'status',
    before: before?.status ?? null,
    after: kind === 'close' ? 'closed' : 'active',
    reason,
  });
  switch (event.type) {
    case 'CycleClosed':
      return [cycleEntry('close', null)];
    case 'CycleReopened':
      return [cycleEntry('reopen', event.data.reason)];
    case 'CycleCreated':
    case 'CycleActivated':
    case 'CycleDatesChanged':
      return [];
    default: {
      const unhandled: never = event;
      throw new Error(`unknown cycle event ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The audit entries one recorded event adds, given the stream's state before and after it. Ids are
 * derived from the stream position, so projecting the same event twice yields the same entries.
 */
export function auditEntriesFor(
  event: RecordedEvent<ObjectiveEvent>,
  before: ObjectiveState | null,
  after: ObjectiveState,
): AuditEntry[];
export function auditEntriesFor(
  event: RecordedEvent<CycleEvent>,
  before: CycleState | null,
  after: CycleState,
): AuditEntry[];
export function auditEntriesFor(
  event: RecordedEvent<ObjectiveEvent | CycleEvent>,
  before: ObjectiveState | CycleState | null,
  after: ObjectiveState | CycleState,
): AuditEntry[] {
  const drafts = isCycleEvent(event)
    ? cycleDrafts(event, before as CycleState | null)
    : objectiveDrafts(
        event as RecordedEvent<ObjectiveEvent>,
        before as ObjectiveState | null,
        after as ObjectiveState,
      );
  return drafts.map((draft, index) => ({
    id: `${event.streamId}#${event.version}#${index}`,
    at: event.metadata.recordedAt,
    by: { sub: event.metadata.actor.sub, email: event.metadata.actor.email },
    ...draft,
  }));
}

/** How a mid-cycle change reads in the grades report: what changed, when, by whom and why. */
export function describeAuditEntry(entry: AuditEntry): string {
  const target =
    entry.keyResultTitle !== null
      ? `key result "${entry.keyResultTitle}"`
      : entry.objectiveTitle !== null
        ? `objective "${entry.objectiveTitle}"`
        : 'cycle';
  const what = (() => {
    switch (entry.kind) {
      case 'key_result_added':
        return `${target} added`;
      case 'key_result_removed':
        return `${target} removed`;
      case 'objective_archived':
        return `${target} archived`;
      default:
        return `${target}: ${entry.field ?? 'value'} ${describeValue(entry.before)} → ${describeValue(entry.after)}`;
    }
  })();
  const why = entry.reason === null ? '' : ` — ${entry.reason}`;
  return `${what} (${entry.at.slice(0, 10)}, ${entry.by.email})${why}`;
}

/** The mid-cycle definition changes among audit entries, in the shape the domain's grades report takes. */
export function midCycleChangeNotes(entries: AuditEntry[]): MidCycleChangeNote[] {
  return entries.flatMap((entry) =>
    DEFINITION_CHANGE_KINDS.has(entry.kind) && entry.objectiveId !== null
      ? [
          {
            objectiveId: entry.objectiveId,
            keyResultId: entry.keyResultId,
            description: describeAuditEntry(entry),
          },
        ]
      : [],
  );
}
