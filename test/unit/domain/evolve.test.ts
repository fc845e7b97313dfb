// evolve for the three stream kinds: state built from metadata, never mutated, and loud on a broken stream.
import {
  CorruptStreamError,
  type CycleEvent,
  evolveCycle,
  evolveObjective,
  evolveOrganization,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type OrganizationEvent,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  BOB,
  CYCLE_ID,
  checkInRecorded,
  cycleCreated,
  FIRST_RECORDED_AT,
  initiativeAdded,
  keyResultAdded,
  OBJECTIVE_ID,
  objectiveCreated,
  recordAll,
} from './specification.js';

const KR = 'kr_adoption01';
const objectiveStream = streamIdOf.objective(OBJECTIVE_ID);

function fold(events: ObjectiveEvent[], actor = BOB): ObjectiveState | null {
  return recordAll(objectiveStream, events, { actor }).reduce<ObjectiveState | null>(evolveObjective, null);
}

/** Freezes a value and everything inside it, so any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('evolveObjective', () => {
  it('takes createdAt, updatedAt, recordedAt and recordedBy from the metadata and counts the version', () => {
    // Prepare
    const events = [
      objectiveCreated(),
      keyResultAdded(KR),
      checkInRecorded(KR, 'chk_00000001', { value: 50 }),
    ];

    // Act
    const state = fold(events);

    // Assess
    expect(state).toMatchObject({
      id: OBJECTIVE_ID,
      cycleId: CYCLE_ID,
      version: 3,
      createdAt: FIRST_RECORDED_AT,
      updatedAt: '2026-09-20T08:02:00.000Z',
    });
    expect(state?.keyResults[0]).toMatchObject({ createdAt: '2026-09-20T08:01:00.000Z', removed: false });
    expect(state?.keyResults[0]?.checkIns[0]).toMatchObject({
      value: 50,
      recordedAt: '2026-09-20T08:02:00.000Z',
      recordedBy: BOB,
      corrects: null,
      correctionReason: null,
      correctedBy: null,
    });
  });

  it('reads a check-in event stored without a source as manual, without rewriting the event', () => {
    // Prepare: one event from before sources existed, one from a client
    const old = checkInRecorded(KR, 'chk_00000001', { value: 50 });
    const fromApi = checkInRecorded(KR, 'chk_00000002', { value: 55 });
    if (fromApi.type === 'CheckInRecorded') fromApi.data.source = { kind: 'api', client: 'nightly-etl' };
    const recorded = recordAll(objectiveStream, [objectiveCreated(), keyResultAdded(KR), old, fromApi]);

    // Act
    const stepByStep = recorded.reduce<ObjectiveState | null>(evolveObjective, null);
    const folded = foldObjective(recorded);

    // Assess
    const sources = (state: ObjectiveState | null) => state?.keyResults[0]?.checkIns.map((c) => c.source);
    expect(sources(stepByStep)).toEqual([{ kind: 'manual' }, { kind: 'api', client: 'nightly-etl' }]);
    expect(JSON.stringify(folded)).toBe(JSON.stringify(stepByStep));
    expect('source' in (recorded[2]?.data ?? {})).toBe(false);
  });

  it('never mutates the state it is given', () => {
    const before = deepFreeze(
      fold([
        objectiveCreated(),
        keyResultAdded(KR),
        checkInRecorded(KR, 'chk_00000001', { value: 50 }),
        initiativeAdded('ini_checklist1', KR),
      ]),
    );
    const snapshot = structuredClone(before);
    const later: ObjectiveEvent[] = [
      {
        type: 'ObjectiveChanged',
        data: {
          objectiveId: OBJECTIVE_ID,
          changes: [{ field: 'title', before: 'a', after: 'b' }],
          midCycle: false,
          reason: null,
        },
      },
      {
        type: 'KeyResultChanged',
        data: {
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: [{ field: 'target', before: 75, after: 80 }],
          midCycle: false,
          reason: null,
        },
      },
      {
        type: 'CheckInCorrected',
        data: {
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: 'chk_00000002',
          correctsCheckInId: 'chk_00000001',
          value: 5,
          milestonesDone: null,
          done: null,
          confidence: null,
          note: '',
          effectiveAt: '2026-10-15T12:00:00.000Z',
          reason: 'typo',
        },
      },
      {
        type: 'InitiativeUpdated',
        data: {
          objectiveId: OBJECTIVE_ID,
          initiativeId: 'ini_checklist1',
          changes: [{ field: 'status', before: 'planned', after: 'done' }],
        },
      },
      {
        type: 'GradeOverridden',
        data: {
          objectiveId: OBJECTIVE_ID,
          targetType: 'key_result',
          targetId: KR,
          grade: 0.5,
          previousGrade: null,
          reason: 'r',
        },
      },
      {
        type: 'KeyResultRemoved',
        data: { objectiveId: OBJECTIVE_ID, keyResultId: KR, midCycle: false, reason: null },
      },
      { type: 'ObjectiveArchived', data: { objectiveId: OBJECTIVE_ID, midCycle: false, reason: null } },
    ];
    let state = before;
    for (const event of recordAll(objectiveStream, later, {
      firstVersion: 5,
      startAt: '2026-10-01T00:00:00Z',
    })) {
      state = deepFreeze(evolveObjective(state, event));
    }
    expect(before).toEqual(snapshot);
    expect(state).toMatchObject({ archived: true, version: 11, definition: { title: 'b' } });
    expect(state?.keyResults[0]).toMatchObject({ removed: true, definition: { target: 80 } });
    expect(state?.initiatives[0]?.status).toBe('done');
    expect(state?.overrides[KR]).toMatchObject({ grade: 0.5, reason: 'r', at: '2026-10-01T00:04:00.000Z' });
  });

  it('keeps a corrected check-in and appends the correction after it', () => {
    const state = fold([
      objectiveCreated(),
      keyResultAdded(KR),
      checkInRecorded(KR, 'chk_00000001', { value: 85 }),
      {
        type: 'CheckInCorrected',
        data: {
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: 'chk_00000002',
          correctsCheckInId: 'chk_00000001',
          value: 58,
          milestonesDone: null,
          done: null,
          confidence: 'on_track',
          note: 'fixed',
          effectiveAt: '2026-10-15T12:00:00.000Z',
          reason: 'typo',
        },
      },
    ]);
    expect(state?.keyResults[0]?.checkIns).toEqual([
      expect.objectContaining({ id: 'chk_00000001', value: 85, correctedBy: 'chk_00000002' }),
      expect.objectContaining({
        id: 'chk_00000002',
        value: 58,
        corrects: 'chk_00000001',
        correctionReason: 'typo',
        confidence: 'on_track',
        recordedBy: BOB,
      }),
    ]);
  });

  it('throws CorruptStreamError on events that cannot follow each other', () => {
    const broken: ObjectiveEvent[][] = [
      [keyResultAdded(KR)],
      [objectiveCreated(), objectiveCreated()],
      [objectiveCreated(), checkInRecorded(KR, 'chk_00000001', { value: 1 })],
      [
        objectiveCreated(),
        {
          type: 'InitiativeUpdated',
          data: { objectiveId: OBJECTIVE_ID, initiativeId: 'ini_unknown01', changes: [] },
        },
      ],
      [
        objectiveCreated(),
        keyResultAdded(KR),
        {
          type: 'CheckInCorrected',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            checkInId: 'chk_00000002',
            correctsCheckInId: 'chk_00000009',
            value: 1,
            milestonesDone: null,
            done: null,
            confidence: null,
            note: '',
            effectiveAt: FIRST_RECORDED_AT,
            reason: 'r',
          },
        },
      ],
    ];
    for (const events of broken) expect(() => fold(events)).toThrow(CorruptStreamError);
    const unknown = {
      type: 'Mystery',
      data: {},
      streamId: objectiveStream,
      version: 2,
      metadata: recordAll(objectiveStream, [objectiveCreated()])[0]?.metadata,
    };
    const created = fold([objectiveCreated()]);
    expect(() => evolveObjective(created, unknown as unknown as RecordedEvent<ObjectiveEvent>)).toThrow(
      /unknown objective event/,
    );
  });
});

describe('evolveCycle', () => {
  const cycleStream = streamIdOf.cycle(CYCLE_ID);
  const foldCycleEvents = (events: CycleEvent[]) => recordAll(cycleStream, events).reduce(evolveCycle, null);

  it('applies date changes and keeps the first activation through close and reopen', () => {
    const state = foldCycleEvents([
      cycleCreated(),
      {
        type: 'CycleDatesChanged',
        data: {
          cycleId: CYCLE_ID,
          changes: [{ field: 'endsOn', before: '2026-12-31', after: '2027-01-15' }],
          reason: 'holidays',
        },
      },
      { type: 'CycleActivated', data: { cycleId: CYCLE_ID } },
      { type: 'CycleClosed', data: { cycleId: CYCLE_ID } },
      { type: 'CycleReopened', data: { cycleId: CYCLE_ID, reason: 'late data' } },
      { type: 'CycleActivated', data: { cycleId: CYCLE_ID } },
    ]);
    expect(state).toEqual({
      id: CYCLE_ID,
      title: 'Q4 2026',
      startsOn: '2026-10-01',
      endsOn: '2027-01-15',
      timeZone: 'Europe/Berlin',
      status: 'active',
      activatedAt: '2026-09-20T08:02:00.000Z',
      closedAt: null,
      version: 6,
    });
  });

  it('throws on a broken cycle stream', () => {
    expect(() => foldCycleEvents([{ type: 'CycleClosed', data: { cycleId: CYCLE_ID } }])).toThrow(
      CorruptStreamError,
    );
    expect(() => foldCycleEvents([cycleCreated(), cycleCreated()])).toThrow(CorruptStreamError);
    const [created] = recordAll(cycleStream, [cycleCreated()]);
    const state = created && evolveCycle(null, created);
    const unknown = { ...created, type: 'Mystery' } as unknown as RecordedEvent<CycleEvent>;
    expect(() => evolveCycle(state ?? null, unknown)).toThrow(/unknown cycle event/);
  });
});

describe('evolveOrganization', () => {
  const stream = streamIdOf.organization();
  const foldOrg = (events: OrganizationEvent[]) => recordAll(stream, events).reduce(evolveOrganization, null);
  const created: OrganizationEvent = {
    type: 'OrganizationCreated',
    data: { organizationId: 'acme', name: 'Acme', timeZone: 'UTC' },
  };

  it('keys members by lower-cased email and keeps a bound sub across a role change', () => {
    const state = foldOrg([
      created,
      { type: 'MemberAdded', data: { email: 'Bob@Example.com', role: 'editor' } },
      { type: 'MemberSignedIn', data: { email: 'bob@example.com', sub: 's-1' } },
      { type: 'MemberRoleChanged', data: { email: 'bob@example.com', before: 'editor', after: 'admin' } },
    ]);
    expect(state).toEqual({
      id: 'acme',
      name: 'Acme',
      timeZone: 'UTC',
      members: { 'bob@example.com': { email: 'bob@example.com', role: 'admin', sub: 's-1' } },
      checkInCadenceDays: 7,
      version: 4,
    });
  });

  it('starts at the default check-in cadence and follows its changes', () => {
    const before = foldOrg([created]);
    const after = foldOrg([created, { type: 'CheckInCadenceChanged', data: { before: 7, after: 14 } }]);
    expect([before?.checkInCadenceDays, after?.checkInCadenceDays, after?.version]).toEqual([7, 14, 2]);
  });

  it('throws on a broken organization stream', () => {
    expect(() => foldOrg([{ type: 'MemberAdded', data: { email: 'a@example.com', role: 'admin' } }])).toThrow(
      CorruptStreamError,
    );
    expect(() => foldOrg([created, created])).toThrow(CorruptStreamError);
    expect(() =>
      foldOrg([created, { type: 'MemberRemoved', data: { email: 'nobody@example.com' } }]),
    ).toThrow(CorruptStreamError);
    expect(() =>
      foldOrg([created, { type: 'MemberSignedIn', data: { email: 'nobody@example.com', sub: 's' } }]),
    ).toThrow(CorruptStreamError);
    const [first] = recordAll(stream, [created]);
    const state = first && evolveOrganization(null, first);
    const unknown = {
      ...first,
      type: 'Mystery',
      data: { email: 'a@example.com' },
    } as unknown as RecordedEvent<OrganizationEvent>;
    expect(() => evolveOrganization(state ?? null, unknown)).toThrow(/unknown organization event/);
  });
});
