// Test builders for the metrics tests: definitions with sensible defaults, cycles, and an objective
// stream that records events and folds them with the real `foldObjective`, so states under test are
// the states production code sees (corrections marked, removed KRs kept, overrides keyed by target).
import type {
  Actor,
  Confidence,
  CycleState,
  Initiative,
  KeyResultDefinition,
  KeyResultField,
  KeyResultState,
  Milestone,
  ObjectiveDefinition,
  ObjectiveEvent,
  ObjectiveState,
  RecordedEvent,
} from '@okr-ledger/okr-domain';
import { EVENT_SCHEMA_VERSION, foldObjective, streamIdOf } from '@okr-ledger/okr-domain';

export const ann: Actor = { sub: 'google-sub-ann', email: 'ann@example.com' };

export function krDefinition(overrides: Partial<KeyResultDefinition> = {}): KeyResultDefinition {
  return {
    title: 'Increase week-2 product adoption from 41% to 75%',
    owner: 'ann@example.com',
    weight: 1,
    type: 'increase',
    start: 41,
    target: 75,
    threshold: null,
    unit: '%',
    milestones: [],
    progressSource: 'check_ins',
    valueSource: null,
    ...overrides,
  };
}

export function objectiveDefinition(overrides: Partial<ObjectiveDefinition> = {}): ObjectiveDefinition {
  return {
    title: 'Make customer onboarding dramatically faster and more predictable',
    description: '',
    owner: 'ann@example.com',
    team: 'Onboarding',
    kind: 'aspirational',
    parentObjectiveId: null,
    weight: 1,
    progressMode: 'key_results',
    blendShare: 0,
    ...overrides,
  };
}

export function milestones(count: number, weight = 1): Milestone[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `ms_milestone${index + 1}`,
    title: `Milestone ${index + 1}`,
    weight,
  }));
}

/** 2026-Q4 in Berlin unless told otherwise: a zone that is not UTC, so day ends are tested for real. */
export function cycle(overrides: Partial<CycleState> = {}): CycleState {
  return {
    id: '2026-Q4',
    title: '2026-Q4',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    timeZone: 'Europe/Berlin',
    status: 'active',
    activatedAt: '2026-10-01T08:00:00.000Z',
    closedAt: null,
    version: 2,
    ...overrides,
  };
}

export interface MeasurementInput {
  value?: number | null;
  done?: boolean | null;
  milestonesDone?: string[] | null;
  confidence?: Confidence | null;
  note?: string;
}

const measurementData = (input: MeasurementInput) => ({
  value: input.value ?? null,
  done: input.done ?? null,
  milestonesDone: input.milestonesDone ?? null,
  confidence: input.confidence ?? null,
  note: input.note ?? '',
});

type ObjectiveEventData<T extends ObjectiveEvent['type']> = Extract<ObjectiveEvent, { type: T }>['data'];

/**
 * An objective's event stream under construction. Each event is recorded one minute after the previous
 * one unless a `recordedAt` is given, so "as of" folds can cut the stream at any instant.
 */
export class ObjectiveStream {
  readonly events: RecordedEvent<ObjectiveEvent>[] = [];
  private clock = Date.parse('2026-09-20T09:00:00.000Z');
  private sequence = 0;

  constructor(
    readonly objectiveId = 'obj_onboarding01',
    definition: ObjectiveDefinition = objectiveDefinition(),
    readonly cycleId = '2026-Q4',
  ) {
    this.record({ type: 'ObjectiveCreated', data: { objectiveId, cycleId, definition } });
  }

  private record(event: ObjectiveEvent, recordedAt?: string): this {
    const at = recordedAt === undefined ? this.clock + 60_000 : Date.parse(recordedAt);
    if (at < this.clock) throw new Error(`events must be recorded in order: ${recordedAt} is in the past`);
    this.clock = at;
    this.events.push({
      ...event,
      streamId: streamIdOf.objective(this.objectiveId),
      version: this.events.length + 1,
      metadata: {
        actor: ann,
        commandId: `cmd-${String(this.events.length + 1).padStart(6, '0')}`,
        recordedAt: new Date(this.clock).toISOString(),
        schemaVersion: EVENT_SCHEMA_VERSION,
      },
    } as RecordedEvent<ObjectiveEvent>);
    return this;
  }

  nextCheckInId(): string {
    this.sequence += 1;
    return `chk_checkin${String(this.sequence).padStart(4, '0')}`;
  }

  addKeyResult(keyResultId: string, definition: KeyResultDefinition, recordedAt?: string): this {
    return this.record(
      {
        type: 'KeyResultAdded',
        data: { objectiveId: this.objectiveId, keyResultId, definition, midCycle: false, reason: null },
      },
      recordedAt,
    );
  }

  /** Records a check-in and returns its id (for corrections). */
  checkIn(keyResultId: string, input: MeasurementInput, effectiveAt: string, recordedAt?: string): string {
    const checkInId = this.nextCheckInId();
    this.record(
      {
        type: 'CheckInRecorded',
        data: {
          objectiveId: this.objectiveId,
          keyResultId,
          checkInId,
          effectiveAt,
          ...measurementData(input),
        },
      },
      recordedAt ?? new Date(Math.max(this.clock + 60_000, Date.parse(effectiveAt))).toISOString(),
    );
    return checkInId;
  }

  correct(
    keyResultId: string,
    correctsCheckInId: string,
    input: MeasurementInput,
    effectiveAt: string,
    reason = 'typo in the value',
  ): string {
    const checkInId = this.nextCheckInId();
    this.record({
      type: 'CheckInCorrected',
      data: {
        objectiveId: this.objectiveId,
        keyResultId,
        checkInId,
        correctsCheckInId,
        effectiveAt,
        reason,
        ...measurementData(input),
      },
    });
    return checkInId;
  }

  changeKeyResult(
    keyResultId: string,
    changes: Partial<KeyResultDefinition>,
    options: { recordedAt?: string; reason?: string } = {},
  ): this {
    const current = this.state().keyResults.find((kr) => kr.id === keyResultId);
    if (current === undefined) throw new Error(`no key result ${keyResultId} in the stream`);
    const fieldChanges = (Object.keys(changes) as KeyResultField[]).map((field) => ({
      field,
      before: current.definition[field],
      after: changes[field],
    }));
    return this.record(
      {
        type: 'KeyResultChanged',
        data: {
          objectiveId: this.objectiveId,
          keyResultId,
          changes: fieldChanges,
          midCycle: options.reason !== undefined,
          reason: options.reason ?? null,
        },
      },
      options.recordedAt,
    );
  }

  removeKeyResult(keyResultId: string, reason = 'no longer measures the objective'): this {
    return this.record({
      type: 'KeyResultRemoved',
      data: { objectiveId: this.objectiveId, keyResultId, midCycle: true, reason },
    });
  }

  archive(reason = 'strategy changed'): this {
    return this.record({
      type: 'ObjectiveArchived',
      data: { objectiveId: this.objectiveId, midCycle: true, reason },
    });
  }

  addInitiative(initiative: Omit<Initiative, 'objectiveId'>): this {
    const data: ObjectiveEventData<'InitiativeAdded'> = { objectiveId: this.objectiveId, initiative };
    return this.record({ type: 'InitiativeAdded', data });
  }

  override(targetType: 'objective' | 'key_result', targetId: string, grade: number, reason: string): this {
    return this.record({
      type: 'GradeOverridden',
      data: { objectiveId: this.objectiveId, targetType, targetId, grade, previousGrade: null, reason },
    });
  }

  /** The folded state, as of an instant when given (events recorded after it are not applied). */
  state(asOf?: string): ObjectiveState {
    const state = foldObjective(this.events, asOf);
    if (state === null) throw new Error('the stream holds no ObjectiveCreated before that instant');
    return state;
  }

  keyResult(keyResultId: string): KeyResultState {
    const kr = this.state().keyResults.find((candidate) => candidate.id === keyResultId);
    if (kr === undefined) throw new Error(`no key result ${keyResultId} in the stream`);
    return kr;
  }
}

/** A single KR with the given check-ins (values effective one week apart from 2026-10-05). */
export function keyResultWith(
  definition: KeyResultDefinition,
  measurements: MeasurementInput[] = [],
  keyResultId = 'kr_subject0001',
): KeyResultState {
  const stream = new ObjectiveStream().addKeyResult(keyResultId, definition);
  measurements.forEach((measurement, week) => {
    const effectiveAt = new Date(Date.parse('2026-10-05T10:00:00.000Z') + week * 7 * 86_400_000);
    stream.checkIn(keyResultId, measurement, effectiveAt.toISOString());
  });
  return stream.keyResult(keyResultId);
}
