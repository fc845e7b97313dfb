// diffObjective: what changed in one objective between two instants, field by field.
import {
  diffObjective,
  foldObjective,
  isEmptyDiff,
  type ObjectiveEvent,
  streamIdOf,
  valuesEqual,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  checkInRecorded,
  initiativeAdded,
  keyResultAdded,
  keyResultDefinition,
  keyResultRemoved,
  OBJECTIVE_ID,
  objectiveArchived,
  objectiveCreated,
  recordAll,
} from './specification.js';

const KR_A = 'kr_adoption01';
const KR_B = 'kr_onboard001';
const KR_C = 'kr_support001';
const INI = 'ini_checklist1';

// Recorded one minute apart from 08:00 UTC; "before" is as of 08:04 (the first five events).
const history: ObjectiveEvent[] = [
  objectiveCreated(),
  keyResultAdded(KR_A),
  keyResultAdded(KR_B, keyResultDefinition({ type: 'decrease', start: 24, target: 9, unit: 'days' })),
  checkInRecorded(KR_A, 'chk_00000001', { value: 50 }),
  initiativeAdded(INI, KR_A),
  // after:
  {
    type: 'ObjectiveChanged',
    data: {
      objectiveId: OBJECTIVE_ID,
      changes: [{ field: 'title', before: 'New customers love their first week', after: 'Customers thrive' }],
      midCycle: true,
      reason: 'focus',
    },
  },
  {
    type: 'KeyResultChanged',
    data: {
      objectiveId: OBJECTIVE_ID,
      keyResultId: KR_A,
      changes: [{ field: 'target', before: 75, after: 80 }],
      midCycle: true,
      reason: 'data',
    },
  },
  keyResultRemoved(KR_B),
  keyResultAdded(KR_C, keyResultDefinition({ type: 'stay_below', start: null, target: null, threshold: 12 })),
  checkInRecorded(KR_A, 'chk_00000002', { value: 60 }),
  {
    type: 'InitiativeUpdated',
    data: {
      objectiveId: OBJECTIVE_ID,
      initiativeId: INI,
      changes: [{ field: 'status', before: 'planned', after: 'in_progress' }],
    },
  },
  initiativeAdded('ini_survey0001'),
  {
    type: 'GradeOverridden',
    data: {
      objectiveId: OBJECTIVE_ID,
      targetType: 'objective',
      targetId: OBJECTIVE_ID,
      grade: 0.8,
      previousGrade: null,
      reason: 'r',
    },
  },
  objectiveArchived(),
];
const events = recordAll(streamIdOf.objective(OBJECTIVE_ID), history);

describe('diffObjective', () => {
  it('lists every kind of change between two instants', () => {
    // Prepare
    const before = foldObjective(events, '2026-09-20T08:04:00Z');
    const after = foldObjective(events);

    // Act
    const diff = diffObjective(before, after);

    // Assess
    expect(diff.objectiveId).toBe(OBJECTIVE_ID);
    expect([diff.versionBefore, diff.versionAfter, diff.created]).toEqual([5, 14, false]);
    expect(diff.objective).toEqual([
      { field: 'title', before: 'New customers love their first week', after: 'Customers thrive' },
      { field: 'archived', before: false, after: true },
    ]);
    expect(diff.keyResults.added.map((kr) => kr.id)).toEqual([KR_C]);
    expect(diff.keyResults.removed).toEqual([
      { keyResultId: KR_B, title: 'Raise week-2 adoption from 41% to 75%' },
    ]);
    expect(diff.keyResults.changed).toEqual([
      {
        keyResultId: KR_A,
        title: 'Raise week-2 adoption from 41% to 75%',
        changes: [{ field: 'target', before: 75, after: 80 }],
      },
    ]);
    expect(diff.checkInsAdded.map((c) => c.id)).toEqual(['chk_00000002']);
    expect(diff.initiatives.added.map((i) => i.id)).toEqual(['ini_survey0001']);
    expect(diff.initiatives.changed).toEqual([
      {
        initiativeId: INI,
        title: 'Guided onboarding checklist',
        changes: [{ field: 'status', before: 'planned', after: 'in_progress' }],
      },
    ]);
    expect(diff.overrides).toEqual([
      { targetId: OBJECTIVE_ID, before: null, after: expect.objectContaining({ grade: 0.8 }) },
    ]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('reports a creation with every field it set, and nothing between equal states', () => {
    const after = foldObjective(events, '2026-09-20T08:01:00Z');
    const created = diffObjective(null, after);
    expect(created.created).toBe(true);
    expect(created.objective.map((change) => change.field)).toEqual([
      'title',
      'description',
      'owner',
      'team',
      'kind',
      'weight',
      'progressMode',
      'blendShare',
    ]);
    expect(created.keyResults.added.map((kr) => kr.id)).toEqual([KR_A]);
    expect(isEmptyDiff(diffObjective(after, after))).toBe(true);
    expect(diffObjective(null, null)).toMatchObject({
      objectiveId: null,
      versionBefore: 0,
      versionAfter: 0,
      created: false,
    });
  });
});

describe('valuesEqual', () => {
  it('compares plain data structurally', () => {
    expect(valuesEqual([{ id: 'a', weight: 1 }], [{ weight: 1, id: 'a' }])).toBe(true);
    expect(valuesEqual([{ id: 'a', weight: 1 }], [{ id: 'a', weight: 2 }])).toBe(false);
    expect(valuesEqual([1, 2], [1])).toBe(false);
    expect(valuesEqual([], {})).toBe(false);
    expect(valuesEqual(null, {})).toBe(false);
    expect(valuesEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true);
  });
});
