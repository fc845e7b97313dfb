// Domain events: past-tense facts, one discriminated union per stream kind. Events are never edited or
// deleted; a change of mind is a new event. `RecordedEvent` adds the metadata every stored event carries.

import type {
  Actor,
  CheckIn,
  CheckInSource,
  Confidence,
  CycleStatus,
  DigestSettings,
  Initiative,
  InitiativeStatus,
  KeyResultCarriedFrom,
  KeyResultDefinition,
  KeyResultField,
  LinkedValueProblem,
  ObjectiveCarriedFrom,
  ObjectiveDefinition,
  ObjectiveField,
  Role,
  ValueSource,
} from './model.js';
import type { CYCLE_EVENT_TYPES, OBJECTIVE_EVENT_TYPES, ORGANIZATION_EVENT_TYPES } from './vocabulary.js';

export const EVENT_SCHEMA_VERSION = 1;

/** One field of a definition change, with what it was and what it became. */
export interface FieldChange<F extends string = string> {
  field: F;
  before: unknown;
  after: unknown;
}

/**
 * Carried by every definition change. `midCycle` is decided when the event is recorded (the cycle was
 * active), so audits never need to re-derive it; `reason` is required when `midCycle` is true.
 */
export interface ChangeContext {
  midCycle: boolean;
  reason: string | null;
}

export type ObjectiveEvent =
  | {
      type: 'ObjectiveCreated';
      data: {
        objectiveId: string;
        cycleId: string;
        definition: ObjectiveDefinition;
        /** Set when the objective was carried over from an earlier cycle. */
        carriedFrom?: ObjectiveCarriedFrom;
      };
    }
  | {
      type: 'ObjectiveChanged';
      data: { objectiveId: string; changes: FieldChange<ObjectiveField>[] } & ChangeContext;
    }
  | { type: 'ObjectiveArchived'; data: { objectiveId: string } & ChangeContext }
  | {
      type: 'KeyResultAdded';
      data: {
        objectiveId: string;
        keyResultId: string;
        definition: KeyResultDefinition;
        /** Set when the KR was carried over from an earlier cycle's KR. */
        carriedFrom?: KeyResultCarriedFrom;
      } & ChangeContext;
    }
  | {
      type: 'KeyResultChanged';
      data: {
        objectiveId: string;
        keyResultId: string;
        changes: FieldChange<KeyResultField>[];
      } & ChangeContext;
    }
  | { type: 'KeyResultRemoved'; data: { objectiveId: string; keyResultId: string } & ChangeContext }
  | {
      type: 'CheckInRecorded';
      data: {
        objectiveId: string;
        keyResultId: string;
        checkInId: string;
        value: number | null;
        milestonesDone: string[] | null;
        done: boolean | null;
        confidence: Confidence | null;
        note: string;
        effectiveAt: string;
        /** Absent on events recorded before sources existed: read as `manual` (see `sourceOf`). */
        source?: CheckInSource;
      };
    }
  | {
      type: 'CheckInCorrected';
      data: {
        objectiveId: string;
        keyResultId: string;
        /** The new check-in that replaces the original. */
        checkInId: string;
        correctsCheckInId: string;
        value: number | null;
        milestonesDone: string[] | null;
        done: boolean | null;
        confidence: Confidence | null;
        note: string;
        effectiveAt: string;
        /** Absent on events recorded before sources existed: read as `manual` (see `sourceOf`). */
        source?: CheckInSource;
        reason: string;
      };
    }
  | {
      type: 'InitiativeAdded';
      data: { objectiveId: string; initiative: Omit<Initiative, 'objectiveId'> };
    }
  | {
      type: 'InitiativeUpdated';
      data: {
        objectiveId: string;
        initiativeId: string;
        changes: FieldChange<'title' | 'owner' | 'status' | 'percentComplete' | 'keyResultId'>[];
      };
    }
  | {
      type: 'GradeOverridden';
      data: {
        objectiveId: string;
        targetType: 'objective' | 'key_result';
        targetId: string;
        grade: number;
        previousGrade: number | null;
        reason: string;
      };
    }
  | {
      type: 'LinkedValueFailed';
      data: {
        objectiveId: string;
        keyResultId: string;
        problem: LinkedValueProblem;
        detail: string;
        /** The KR's link when the failure was reported. */
        valueSource: ValueSource;
      };
    }
  | { type: 'LinkedValueRestored'; data: { objectiveId: string; keyResultId: string } };

export type CycleEvent =
  | {
      type: 'CycleCreated';
      data: { cycleId: string; title: string; startsOn: string; endsOn: string; timeZone: string };
    }
  | { type: 'CycleActivated'; data: { cycleId: string } }
  | { type: 'CycleClosed'; data: { cycleId: string } }
  | { type: 'CycleReopened'; data: { cycleId: string; reason: string } }
  | {
      type: 'CycleDatesChanged';
      data: {
        cycleId: string;
        changes: FieldChange<'title' | 'startsOn' | 'endsOn'>[];
        reason: string | null;
      };
    };

export type OrganizationEvent =
  | { type: 'OrganizationCreated'; data: { organizationId: string; name: string; timeZone: string } }
  | { type: 'MemberAdded'; data: { email: string; role: Role } }
  | { type: 'MemberRoleChanged'; data: { email: string; before: Role; after: Role } }
  | { type: 'MemberRemoved'; data: { email: string } }
  | { type: 'MemberSignedIn'; data: { email: string; sub: string } }
  | { type: 'CheckInCadenceChanged'; data: { before: number; after: number } }
  | { type: 'DigestSettingsChanged'; data: { before: DigestSettings; after: DigestSettings } }
  | { type: 'DigestOptOutChanged'; data: { email: string; optedOut: boolean } }
  /** A digest run took the week: a retried or duplicated run finds it and sends nothing. */
  | { type: 'DigestClaimed'; data: { week: string } }
  /** What the week's run delivered, and every delivery that failed after its retries. */
  | {
      type: 'DigestDelivered';
      data: {
        week: string;
        sent: number;
        failures: { channel: 'email' | 'webhook'; recipient: string; error: string }[];
      };
    }
  | {
      type: 'TeamCreated';
      data: { teamId: string; name: string; parentTeamId: string | null; leads: string[]; members: string[] };
    }
  | { type: 'TeamRenamed'; data: { teamId: string; before: string; after: string } }
  | { type: 'TeamMoved'; data: { teamId: string; before: string | null; after: string | null } }
  | { type: 'TeamPeopleSet'; data: { teamId: string; leads: string[]; members: string[] } }
  | { type: 'TeamArchived'; data: { teamId: string } }
  | { type: 'MemberScopeChanged'; data: { email: string; before: string[] | null; after: string[] | null } };

export type DomainEvent = ObjectiveEvent | CycleEvent | OrganizationEvent;
export type DomainEventType = DomainEvent['type'];

export interface EventMetadata {
  actor: Actor;
  commandId: string;
  /** Server time of the append (ISO 8601). Never taken from the client. */
  recordedAt: string;
  schemaVersion: number;
}

/** An event as stored: its stream position and metadata beside the fact itself. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  streamId: string;
  version: number;
  metadata: EventMetadata;
};

export type { CheckIn, CycleStatus, InitiativeStatus };

/**
 * The upcast of a check-in event's source, applied on every read: events written before sources existed
 * stay as they were stored and mean `manual`.
 */
export function sourceOf(data: { source?: CheckInSource | undefined }): CheckInSource {
  return data.source ?? { kind: 'manual' };
}

/**
 * The upcast of a KR definition in a KeyResultAdded event: definitions recorded before links existed have
 * no `valueSource` and mean "typed" (null). Both folds build KRs through it, so they agree.
 */
export function keyResultDefinitionOf(definition: KeyResultDefinition): KeyResultDefinition {
  return { ...definition, valueSource: definition.valueSource ?? null };
}

/** True only when A and B are the same set of names. */
type SameNames<A extends string, B extends string> = [A] extends [B]
  ? [B] extends [A]
    ? true
    : false
  : false;
// The vocabulary's lists name exactly the events each stream holds: a new event fails to compile until added.
const _objectiveEventsListed: SameNames<ObjectiveEvent['type'], (typeof OBJECTIVE_EVENT_TYPES)[number]> =
  true;
const _cycleEventsListed: SameNames<CycleEvent['type'], (typeof CYCLE_EVENT_TYPES)[number]> = true;
const _organizationEventsListed: SameNames<
  OrganizationEvent['type'],
  (typeof ORGANIZATION_EVENT_TYPES)[number]
> = true;
