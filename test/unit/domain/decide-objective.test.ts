// Given/when/then specifications of the objective decider: every command, accepted and rejected.
import { LIMITS, type ObjectiveCommand, ObjectiveCommandSchema } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  BOB,
  checkInRecorded,
  givenObjective,
  initiativeAdded,
  keyResultAdded,
  keyResultDefinition,
  keyResultRemoved,
  MILESTONES,
  NOW,
  OBJECTIVE_ID,
  objectiveArchived,
  objectiveCreated,
  objectiveCtx,
  objectiveDefinition,
} from './specification.js';

const KR = 'kr_adoption01';
const KR_MILESTONE = 'kr_pilot00001';
const KR_BINARY = 'kr_policy0001';
const KR_STAY = 'kr_support001';
const CHECK_IN = 'chk_00000001';
const INITIATIVE = 'ini_checklist1';

const withKeyResult = [objectiveCreated(), keyResultAdded(KR)];
const withEveryType = [
  objectiveCreated(),
  keyResultAdded(KR),
  keyResultAdded(
    KR_MILESTONE,
    keyResultDefinition({ type: 'milestone', start: null, target: null, milestones: MILESTONES }),
  ),
  keyResultAdded(KR_BINARY, keyResultDefinition({ type: 'binary', start: null, target: null })),
  keyResultAdded(
    KR_STAY,
    keyResultDefinition({ type: 'stay_below', start: null, target: null, threshold: 12 }),
  ),
];

describe('roles and existence', () => {
  it('refuses any change from a viewer', () => {
    givenObjective(withKeyResult)
      .when(
        { type: 'ArchiveObjective', objectiveId: OBJECTIVE_ID },
        objectiveCtx('planning', { role: 'viewer' }),
      )
      .thenRejects('forbidden');
  });

  const overrideObjective = {
    type: 'OverrideGrade',
    objectiveId: OBJECTIVE_ID,
    targetType: 'objective',
    targetId: OBJECTIVE_ID,
    grade: 0.9,
    reason: 'partner delay',
  } as const;

  it('lets an editor who does not own the objective override none of its grades', () => {
    givenObjective(withKeyResult)
      .when(overrideObjective, objectiveCtx('closed', { role: 'editor', actor: BOB }))
      .thenRejects('forbidden');
  });

  it("lets the objective's owner, an editor, override its grade (the email compared without case)", () => {
    const owner = { sub: 'google-sub-alice', email: 'Alice@Example.com' };
    const { decision } = givenObjective(withKeyResult).when(
      overrideObjective,
      objectiveCtx('closed', { role: 'editor', actor: owner }),
    );
    expect(decision.ok && decision.events.map((event) => event.type)).toEqual(['GradeOverridden']);
  });

  it('refuses a viewer an override even of an objective the viewer owns', () => {
    givenObjective(withKeyResult)
      .when(overrideObjective, objectiveCtx('closed', { role: 'viewer' }))
      .thenRejects('forbidden');
  });

  it('answers not_found for a command on an objective that does not exist', () => {
    givenObjective([])
      .when({ type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { title: 'x' } }, objectiveCtx())
      .thenRejects('not_found', ['objectiveId']);
  });

  it('answers not_found for an objective of another cycle, so ids of other cycles do not leak', () => {
    givenObjective(withKeyResult)
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { title: 'x' } },
        objectiveCtx('planning', { cycle: { id: '2027-Q1' } }),
      )
      .thenRejects('not_found', ['objectiveId']);
  });
});

describe('CreateObjective', () => {
  it('records the objective in the caller’s cycle with the schema defaults', () => {
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: { title: 'Customers love their first week' },
        },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'ObjectiveCreated',
          data: {
            objectiveId: OBJECTIVE_ID,
            cycleId: '2026-Q4',
            definition: objectiveDefinition({
              title: 'Customers love their first week',
              owner: null,
              team: null,
            }),
          },
        },
      ]);
  });

  it('refuses an id that already exists', () => {
    givenObjective([objectiveCreated()])
      .when(
        { type: 'CreateObjective', objectiveId: OBJECTIVE_ID, definition: { title: 'Again' } },
        objectiveCtx(),
      )
      .thenRejects('id_taken', ['objectiveId']);
  });

  it('refuses an objective in a closed cycle', () => {
    givenObjective([])
      .when(
        { type: 'CreateObjective', objectiveId: OBJECTIVE_ID, definition: { title: 'Late' } },
        objectiveCtx('closed'),
      )
      .thenRejects('cycle_closed');
  });

  it('refuses an objective that is its own parent', () => {
    givenObjective([])
      .when(
        {
          type: 'CreateObjective',
          objectiveId: OBJECTIVE_ID,
          definition: { title: 'Loop', parentObjectiveId: OBJECTIVE_ID },
        },
        objectiveCtx(),
      )
      .thenRejects('invalid_definition', ['definition', 'parentObjectiveId']);
  });
});

describe('EditObjective', () => {
  it('records only the fields that really change, without a reason while planning', () => {
    const state = givenObjective([objectiveCreated()])
      .when(
        {
          type: 'EditObjective',
          objectiveId: OBJECTIVE_ID,
          changes: { title: 'Customers thrive', team: 'Growth', kind: 'committed' },
        },
        objectiveCtx('planning'),
      )
      .thenEmits([
        {
          type: 'ObjectiveChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            changes: [
              { field: 'title', before: 'New customers love their first week', after: 'Customers thrive' },
              { field: 'kind', before: 'aspirational', after: 'committed' },
            ],
            midCycle: false,
            reason: null,
          },
        },
      ]);
    expect(state?.definition).toEqual(objectiveDefinition({ title: 'Customers thrive', kind: 'committed' }));
  });

  it('accepts an edit that changes nothing with no events, even mid-cycle without a reason', () => {
    givenObjective([objectiveCreated()])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { team: 'Growth' } },
        objectiveCtx('active'),
      )
      .thenEmits([]);
  });

  it('marks a change while the cycle is active as mid-cycle and keeps the trimmed reason', () => {
    givenObjective([objectiveCreated()])
      .when(
        {
          type: 'EditObjective',
          objectiveId: OBJECTIVE_ID,
          changes: { weight: 2 },
          reason: '  board asked for focus  ',
        },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'ObjectiveChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            changes: [{ field: 'weight', before: 1, after: 2 }],
            midCycle: true,
            reason: 'board asked for focus',
          },
        },
      ]);
  });

  it('needs a reason for a mid-cycle change, and says so on the reason field', () => {
    const message = givenObjective([objectiveCreated()])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { weight: 2 }, reason: '   ' },
        objectiveCtx('active'),
      )
      .thenRejects('reason_required', ['reason']);
    expect(message).toMatch(/mid-cycle change needs a reason/);
  });

  it('refuses to make the objective its own parent', () => {
    givenObjective([objectiveCreated()])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { parentObjectiveId: OBJECTIVE_ID } },
        objectiveCtx(),
      )
      .thenRejects('invalid_definition', ['changes', 'parentObjectiveId']);
  });

  it('refuses a parent that does not exist in the organization, or one whose chain leads back here', () => {
    const edit = (parentObjectiveId: string, parents: Map<string, string[] | null>) =>
      givenObjective([objectiveCreated()]).when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { parentObjectiveId } },
        { ...objectiveCtx(), parents },
      );
    edit('obj_company_2026', new Map([['obj_company_2026', null]])).thenRejects('parent_not_found', [
      'changes',
      'parentObjectiveId',
    ]);
    // obj_team_growth is aligned to obj_company_2026, which is aligned to this objective.
    edit(
      'obj_team_growth',
      new Map([['obj_team_growth', ['obj_team_growth', 'obj_company_2026', OBJECTIVE_ID]]]),
    ).thenRejects('parent_loop', ['changes', 'parentObjectiveId']);
    expect(edit('obj_company_2026', new Map([['obj_company_2026', ['obj_company_2026']]])).decision.ok).toBe(
      true,
    );
  });

  it('refuses any definition change once the cycle is closed', () => {
    givenObjective([objectiveCreated()])
      .when(
        { type: 'EditObjective', objectiveId: OBJECTIVE_ID, changes: { weight: 3 }, reason: 'late' },
        objectiveCtx('closed'),
      )
      .thenRejects('cycle_closed');
  });
});

describe('ArchiveObjective', () => {
  it('archives with the reason mid-cycle', () => {
    const state = givenObjective([objectiveCreated()])
      .when(
        { type: 'ArchiveObjective', objectiveId: OBJECTIVE_ID, reason: 'merged into sales objective' },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'ObjectiveArchived',
          data: { objectiveId: OBJECTIVE_ID, midCycle: true, reason: 'merged into sales objective' },
        },
      ]);
    expect(state?.archived).toBe(true);
  });

  it('needs a reason mid-cycle', () => {
    givenObjective([objectiveCreated()])
      .when({ type: 'ArchiveObjective', objectiveId: OBJECTIVE_ID }, objectiveCtx('active'))
      .thenRejects('reason_required', ['reason']);
  });

  it('refuses every further command on an archived objective except a grade override', () => {
    const archived = [...withKeyResult, objectiveArchived()];
    givenObjective(archived)
      .when(
        { type: 'RecordCheckIn', objectiveId: OBJECTIVE_ID, keyResultId: KR, checkInId: CHECK_IN, value: 50 },
        objectiveCtx('active'),
      )
      .thenRejects('objective_archived');
    givenObjective(archived)
      .when(
        {
          type: 'OverrideGrade',
          objectiveId: OBJECTIVE_ID,
          targetType: 'objective',
          targetId: OBJECTIVE_ID,
          grade: 0,
          reason: 'dropped',
        },
        objectiveCtx('closed', { role: 'admin' }),
      )
      .thenEmits([
        {
          type: 'GradeOverridden',
          data: {
            objectiveId: OBJECTIVE_ID,
            targetType: 'objective',
            targetId: OBJECTIVE_ID,
            grade: 0,
            previousGrade: null,
            reason: 'dropped',
          },
        },
      ]);
  });
});

describe('AddKeyResult', () => {
  it('adds a valid KR while planning, the reason optional and kept when given', () => {
    givenObjective([objectiveCreated()])
      .when(
        {
          type: 'AddKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          definition: {
            title: 'Raise week-2 adoption from 41% to 75%',
            type: 'increase',
            start: 41,
            target: 75,
            unit: '%',
          },
          reason: 'first draft',
        },
        objectiveCtx('planning'),
      )
      .thenEmits([
        keyResultAdded(KR, keyResultDefinition({ owner: null }), { midCycle: false, reason: 'first draft' }),
      ]);
  });

  it('needs a reason when the cycle is active', () => {
    givenObjective([objectiveCreated()])
      .when(
        {
          type: 'AddKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          definition: { title: 'Ship it', type: 'binary' },
        },
        objectiveCtx('active'),
      )
      .thenRejects('reason_required', ['reason']);
  });

  it('reports a definition problem under definition', () => {
    const message = givenObjective([objectiveCreated()])
      .when(
        {
          type: 'AddKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          definition: { title: 'Onboarding days', type: 'increase', start: 24, target: 9 },
        },
        objectiveCtx(),
      )
      .thenRejects('direction_contradicts_numbers', ['definition', 'type']);
    expect(message).toBe('the numbers go down, so the type is decrease');
  });

  it('refuses an id already used, even by a removed KR', () => {
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when(
        {
          type: 'AddKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          definition: { title: 'Again', type: 'binary' },
        },
        objectiveCtx(),
      )
      .thenRejects('id_taken', ['keyResultId']);
  });

  it(`allows ${LIMITS.keyResultsPerObjectiveMax} live KRs and refuses one more; removed ones do not count`, () => {
    const krIds = Array.from(
      { length: LIMITS.keyResultsPerObjectiveMax },
      (_, i) => `kr_many${String(i).padStart(5, '0')}`,
    );
    const full = [objectiveCreated(), ...krIds.map((id) => keyResultAdded(id))];
    const add = {
      type: 'AddKeyResult',
      objectiveId: OBJECTIVE_ID,
      keyResultId: 'kr_onemore001',
      definition: { title: 'More', type: 'binary' },
    } as const;
    givenObjective(full).when(add, objectiveCtx()).thenRejects('too_many_key_results');
    const [firstId = ''] = krIds;
    givenObjective([...full, keyResultRemoved(firstId)])
      .when(add, objectiveCtx())
      .thenEmits([
        keyResultAdded(
          'kr_onemore001',
          keyResultDefinition({
            title: 'More',
            type: 'binary',
            owner: null,
            start: null,
            target: null,
            unit: '',
          }),
        ),
      ]);
  });

  it('refuses a KR when the cycle is closed', () => {
    givenObjective([objectiveCreated()])
      .when(
        {
          type: 'AddKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          definition: { title: 'x', type: 'binary' },
          reason: 'r',
        },
        objectiveCtx('closed'),
      )
      .thenRejects('cycle_closed');
  });
});

describe('EditKeyResult', () => {
  it('records only the real changes, mid-cycle with the reason', () => {
    const state = givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { target: 80, start: 41, unit: '%' },
          reason: 'new baseline data',
        },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'KeyResultChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            changes: [{ field: 'target', before: 75, after: 80 }],
            midCycle: true,
            reason: 'new baseline data',
          },
        },
      ]);
    expect(state?.keyResults[0]?.definition).toEqual(keyResultDefinition({ target: 80 }));
  });

  it('keeps every field the edit does not name (an edit of the title alone resets nothing)', () => {
    const state = givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { title: 'Week-2 adoption to 75%' },
        },
        objectiveCtx(),
      )
      .thenEmits([
        {
          type: 'KeyResultChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            changes: [
              {
                field: 'title',
                before: 'Raise week-2 adoption from 41% to 75%',
                after: 'Week-2 adoption to 75%',
              },
            ],
            midCycle: false,
            reason: null,
          },
        },
      ]);
    expect(state?.keyResults[0]?.definition).toEqual(
      keyResultDefinition({ title: 'Week-2 adoption to 75%' }),
    );
  });

  it('accepts a no-op edit with no events', () => {
    givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { target: 75, milestones: [] },
        },
        objectiveCtx('active'),
      )
      .thenEmits([]);
  });

  it('validates the merged definition: a type change that leaves the numbers contradicting it is refused', () => {
    givenObjective(withKeyResult)
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { type: 'decrease' } },
        objectiveCtx(),
      )
      .thenRejects('direction_contradicts_numbers', ['changes', 'type']);
    givenObjective(withKeyResult)
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { target: 41 } },
        objectiveCtx(),
      )
      .thenRejects('start_equals_target', ['changes', 'target']);
  });

  it('names the field the edit sent when the merged definition breaks a rule elsewhere', () => {
    // A new target below the start contradicts the unchanged type `increase`: the target is what to fix.
    givenObjective(withKeyResult)
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { target: 10 } },
        objectiveCtx(),
      )
      .thenRejects('direction_contradicts_numbers', ['changes', 'target']);
  });

  it('accepts a type change that brings its fields along', () => {
    givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { type: 'stay_above', start: null, target: null, threshold: 60 },
        },
        objectiveCtx(),
      )
      .thenEmits([
        {
          type: 'KeyResultChanged',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            changes: [
              { field: 'type', before: 'increase', after: 'stay_above' },
              { field: 'start', before: 41, after: null },
              { field: 'target', before: 75, after: null },
              { field: 'threshold', before: null, after: 60 },
            ],
            midCycle: false,
            reason: null,
          },
        },
      ]);
  });

  it('refuses an unknown KR on keyResultId and a removed one', () => {
    givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: 'kr_unknown001',
          changes: { title: 'x' },
        },
        objectiveCtx(),
      )
      .thenRejects('unknown_key_result', ['keyResultId']);
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { title: 'x' } },
        objectiveCtx(),
      )
      .thenRejects('key_result_removed');
  });

  it('needs a reason mid-cycle and refuses when closed', () => {
    givenObjective(withKeyResult)
      .when(
        { type: 'EditKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, changes: { target: 90 } },
        objectiveCtx('active'),
      )
      .thenRejects('reason_required', ['reason']);
    givenObjective(withKeyResult)
      .when(
        {
          type: 'EditKeyResult',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          changes: { target: 90 },
          reason: 'r',
        },
        objectiveCtx('closed'),
      )
      .thenRejects('cycle_closed');
  });
});

describe('RemoveKeyResult', () => {
  it('removes a live KR mid-cycle with a reason, keeping it flagged', () => {
    const state = givenObjective(withKeyResult)
      .when(
        { type: 'RemoveKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, reason: 'metric retired' },
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'KeyResultRemoved',
          data: { objectiveId: OBJECTIVE_ID, keyResultId: KR, midCycle: true, reason: 'metric retired' },
        },
      ]);
    expect(state?.keyResults.map((kr) => [kr.id, kr.removed])).toEqual([[KR, true]]);
  });

  it('refuses without a reason mid-cycle, twice, or for an unknown KR', () => {
    givenObjective(withKeyResult)
      .when({ type: 'RemoveKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR }, objectiveCtx('active'))
      .thenRejects('reason_required', ['reason']);
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when({ type: 'RemoveKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR }, objectiveCtx())
      .thenRejects('key_result_removed', ['keyResultId']);
    givenObjective(withKeyResult)
      .when(
        { type: 'RemoveKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: 'kr_unknown001' },
        objectiveCtx(),
      )
      .thenRejects('unknown_key_result', ['keyResultId']);
  });

  it('refuses when closed', () => {
    givenObjective(withKeyResult)
      .when(
        { type: 'RemoveKeyResult', objectiveId: OBJECTIVE_ID, keyResultId: KR, reason: 'r' },
        objectiveCtx('closed'),
      )
      .thenRejects('cycle_closed');
  });
});

describe('RecordCheckIn', () => {
  it('records a value, effectiveAt defaulting to now, recordedAt and recordedBy from the server', () => {
    const state = givenObjective(withKeyResult)
      .when(
        {
          type: 'RecordCheckIn',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: CHECK_IN,
          value: 58,
          confidence: 'at_risk',
          note: 'slow week',
        },
        objectiveCtx('active', { actor: BOB }),
      )
      .thenEmits([
        {
          type: 'CheckInRecorded',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            checkInId: CHECK_IN,
            value: 58,
            milestonesDone: null,
            done: null,
            confidence: 'at_risk',
            note: 'slow week',
            effectiveAt: NOW,
            source: { kind: 'manual' },
          },
        },
      ]);
    expect(state?.keyResults[0]?.checkIns[0]).toMatchObject({
      recordedAt: NOW,
      recordedBy: BOB,
      correctedBy: null,
      source: { kind: 'manual' },
    });
  });

  it('records where the value came from: a linked cell or a named client', () => {
    const linked = {
      kind: 'linked_cell' as const,
      spreadsheetId: '1AbCdEfGhIjKlMnOp',
      sheetName: 'Metrics',
      a1: 'B7',
    };
    for (const source of [linked, { kind: 'api' as const, client: 'nightly-etl' }]) {
      const state = givenObjective(withKeyResult)
        .when(
          {
            type: 'RecordCheckIn',
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            checkInId: CHECK_IN,
            value: 60,
            source,
          },
          objectiveCtx('active'),
        )
        .thenEmits([
          {
            type: 'CheckInRecorded',
            data: {
              objectiveId: OBJECTIVE_ID,
              keyResultId: KR,
              checkInId: CHECK_IN,
              value: 60,
              milestonesDone: null,
              done: null,
              confidence: null,
              note: '',
              effectiveAt: NOW,
              source,
            },
          },
        ]);
      expect(state?.keyResults[0]?.checkIns[0]?.source).toEqual(source);
    }
  });

  it('measures each type its own way', () => {
    const ctx = objectiveCtx('active');
    const record = (keyResultId: string, measurement: Record<string, unknown>) =>
      givenObjective(withEveryType).when(
        {
          type: 'RecordCheckIn',
          objectiveId: OBJECTIVE_ID,
          keyResultId,
          checkInId: CHECK_IN,
          ...measurement,
        },
        ctx,
      );
    expect(record(KR_MILESTONE, { milestonesDone: ['ms_design001'] }).decision.ok).toBe(true);
    expect(record(KR_BINARY, { done: true }).decision.ok).toBe(true);
    expect(record(KR_STAY, { value: 12 }).decision.ok).toBe(true);

    record(KR, {}).thenRejects('wrong_measurement', ['value']);
    record(KR, { value: 50, done: true }).thenRejects('wrong_measurement', ['done']);
    record(KR_STAY, { value: 5, milestonesDone: [] }).thenRejects('wrong_measurement', ['milestonesDone']);
    record(KR_MILESTONE, { value: 1 }).thenRejects('wrong_measurement', ['milestonesDone']);
    record(KR_MILESTONE, { milestonesDone: [], value: 1 }).thenRejects('wrong_measurement', ['value']);
    record(KR_MILESTONE, { milestonesDone: [], done: true }).thenRejects('wrong_measurement', ['done']);
    record(KR_MILESTONE, { milestonesDone: ['ms_design001', 'ms_unknown01'] }).thenRejects(
      'wrong_measurement',
      ['milestonesDone', 1],
    );
    record(KR_MILESTONE, { milestonesDone: ['ms_design001', 'ms_design001'] }).thenRejects(
      'wrong_measurement',
      ['milestonesDone', 1],
    );
    record(KR_BINARY, { value: 1 }).thenRejects('wrong_measurement', ['done']);
    record(KR_BINARY, { done: false, value: 1 }).thenRejects('wrong_measurement', ['value']);
    record(KR_BINARY, { done: false, milestonesDone: [] }).thenRejects('wrong_measurement', [
      'milestonesDone',
    ]);
  });

  it('refuses a duplicate check-in id anywhere in the objective', () => {
    givenObjective([...withEveryType, checkInRecorded(KR_STAY, CHECK_IN, { value: 3 })])
      .when(
        { type: 'RecordCheckIn', objectiveId: OBJECTIVE_ID, keyResultId: KR, checkInId: CHECK_IN, value: 50 },
        objectiveCtx('active'),
      )
      .thenRejects('id_taken', ['checkInId']);
  });

  it('refuses a check-in on a removed or unknown KR', () => {
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when(
        { type: 'RecordCheckIn', objectiveId: OBJECTIVE_ID, keyResultId: KR, checkInId: CHECK_IN, value: 50 },
        objectiveCtx('active'),
      )
      .thenRejects('key_result_removed');
    givenObjective(withKeyResult)
      .when(
        {
          type: 'RecordCheckIn',
          objectiveId: OBJECTIVE_ID,
          keyResultId: 'kr_unknown001',
          checkInId: CHECK_IN,
          value: 50,
        },
        objectiveCtx('active'),
      )
      .thenRejects('unknown_key_result', ['keyResultId']);
  });

  it('after close, refuses every check-in, whatever day it is for: an admin reopens the cycle first', () => {
    const closed = objectiveCtx('closed', { now: '2027-01-05T10:00:00.000Z' });
    const at = (effectiveAt?: string) =>
      givenObjective(withKeyResult).when(
        {
          type: 'RecordCheckIn',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: CHECK_IN,
          value: 70,
          ...(effectiveAt === undefined ? {} : { effectiveAt }),
        },
        closed,
      );
    at('2026-12-31T22:59:59.999Z').thenRejects('cycle_closed', ['effectiveAt']);
    at('2027-01-01T00:00:00+01:00').thenRejects('cycle_closed', ['effectiveAt']);
    at().thenRejects('cycle_closed', ['effectiveAt']);
  });

  it('refuses a date more than 5 minutes ahead of the server or over 31 days before the cycle starts', () => {
    const active = objectiveCtx('active', { now: '2026-11-02T10:00:00.000Z' });
    const at = (effectiveAt: string) =>
      givenObjective(withKeyResult).when(
        {
          type: 'RecordCheckIn',
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: CHECK_IN,
          value: 70,
          effectiveAt,
        },
        active,
      );
    expect(at('2026-11-02T10:05:00.000Z').decision.ok).toBe(true);
    at('2026-11-02T10:05:00.001Z').thenRejects('effective_at_out_of_range', ['effectiveAt']);
    at('9999-12-31T00:00:00Z').thenRejects('effective_at_out_of_range', ['effectiveAt']);
    // The cycle starts on 1 October in Berlin (30 September, 22:00 UTC); 31 days earlier is 30 August.
    expect(at('2026-08-30T22:00:00.000Z').decision.ok).toBe(true);
    at('2026-08-30T21:59:59.999Z').thenRejects('effective_at_out_of_range', ['effectiveAt']);
    at('1970-01-01T00:00:00Z').thenRejects('effective_at_out_of_range', ['effectiveAt']);
  });
});

describe('CorrectCheckIn', () => {
  const recorded = [...withKeyResult, checkInRecorded(KR, CHECK_IN, { value: 85 })];
  const correct = (overrides: Record<string, unknown> = {}) => ({
    type: 'CorrectCheckIn' as const,
    objectiveId: OBJECTIVE_ID,
    keyResultId: KR,
    checkInId: 'chk_00000002',
    correctsCheckInId: CHECK_IN,
    value: 58,
    reason: 'typo: 85 instead of 58',
    ...overrides,
  });

  it('records the correction for the original’s day, keeping the original and marking it replaced', () => {
    const state = givenObjective(recorded)
      .when(correct(), objectiveCtx('active'))
      .thenEmits([
        {
          type: 'CheckInCorrected',
          data: {
            objectiveId: OBJECTIVE_ID,
            keyResultId: KR,
            checkInId: 'chk_00000002',
            correctsCheckInId: CHECK_IN,
            value: 58,
            milestonesDone: null,
            done: null,
            confidence: null,
            note: '',
            effectiveAt: '2026-10-15T12:00:00.000Z',
            source: { kind: 'manual' },
            reason: 'typo: 85 instead of 58',
          },
        },
      ]);
    expect(state?.keyResults[0]?.checkIns.map((c) => [c.id, c.value, c.corrects, c.correctedBy])).toEqual([
      [CHECK_IN, 85, null, 'chk_00000002'],
      ['chk_00000002', 58, CHECK_IN, null],
    ]);
  });

  it('refuses an unknown original, one already corrected, a taken id, a blank reason, a wrong measurement', () => {
    givenObjective(recorded)
      .when(correct({ correctsCheckInId: 'chk_00000099' }), objectiveCtx('active'))
      .thenRejects('unknown_check_in', ['correctsCheckInId']);
    const corrected = [
      ...recorded,
      {
        type: 'CheckInCorrected' as const,
        data: {
          objectiveId: OBJECTIVE_ID,
          keyResultId: KR,
          checkInId: 'chk_00000002',
          correctsCheckInId: CHECK_IN,
          value: 58,
          milestonesDone: null,
          done: null,
          confidence: null,
          note: '',
          effectiveAt: '2026-10-15T12:00:00.000Z',
          reason: 'typo',
        },
      },
    ];
    givenObjective(corrected)
      .when(correct({ checkInId: 'chk_00000003' }), objectiveCtx('active'))
      .thenRejects('already_corrected', ['correctsCheckInId']);
    givenObjective(recorded)
      .when(correct({ checkInId: CHECK_IN }), objectiveCtx('active'))
      .thenRejects('id_taken', ['checkInId']);
    givenObjective(recorded)
      .whenParsed(
        {
          ...ObjectiveCommandSchema.parse({ commandId: 'cmd_blank001', ...correct() }),
          reason: '   ',
        } as ObjectiveCommand,
        objectiveCtx('active'),
      )
      .thenRejects('reason_required', ['reason']);
    givenObjective(recorded)
      .when(correct({ value: null, done: true }), objectiveCtx('active'))
      .thenRejects('wrong_measurement', ['value']);
  });

  it('refuses an original of another KR', () => {
    givenObjective([...withEveryType, checkInRecorded(KR_STAY, CHECK_IN, { value: 3 })])
      .when(correct(), objectiveCtx('active'))
      .thenRejects('unknown_check_in', ['correctsCheckInId']);
  });

  it('after close, refuses every correction: an admin reopens the cycle first', () => {
    const closed = objectiveCtx('closed', { now: '2027-01-05T10:00:00.000Z' });
    givenObjective(recorded)
      .when(correct({ effectiveAt: '2027-01-03T10:00:00Z' }), closed)
      .thenRejects('cycle_closed', ['correctsCheckInId']);
    givenObjective(recorded).when(correct(), closed).thenRejects('cycle_closed', ['correctsCheckInId']);
  });
});

describe('AddInitiative', () => {
  const add = (overrides: Record<string, unknown> = {}) => ({
    type: 'AddInitiative' as const,
    objectiveId: OBJECTIVE_ID,
    initiativeId: INITIATIVE,
    title: 'Guided onboarding checklist',
    ...overrides,
  });

  it('adds an initiative linked to a live KR, with defaults', () => {
    givenObjective(withKeyResult)
      .when(add({ keyResultId: KR }), objectiveCtx('active'))
      .thenEmits([initiativeAdded(INITIATIVE, KR)]);
  });

  it('refuses a link to an unknown or removed KR, a taken id, more than the limit, and a closed cycle', () => {
    givenObjective(withKeyResult)
      .when(add({ keyResultId: 'kr_unknown001' }), objectiveCtx())
      .thenRejects('unknown_key_result', ['keyResultId']);
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when(add({ keyResultId: KR }), objectiveCtx())
      .thenRejects('key_result_removed', ['keyResultId']);
    givenObjective([...withKeyResult, initiativeAdded(INITIATIVE)])
      .when(add(), objectiveCtx())
      .thenRejects('id_taken', ['initiativeId']);
    const many = Array.from({ length: LIMITS.initiativesPerObjectiveMax }, (_, i) =>
      initiativeAdded(`ini_many${String(i).padStart(5, '0')}`),
    );
    givenObjective([objectiveCreated(), ...many])
      .when(add(), objectiveCtx())
      .thenRejects('too_many_initiatives');
    givenObjective(withKeyResult).when(add(), objectiveCtx('closed')).thenRejects('cycle_closed');
  });
});

describe('UpdateInitiative', () => {
  const given = [...withKeyResult, initiativeAdded(INITIATIVE)];
  const update = (changes: Record<string, unknown>) => ({
    type: 'UpdateInitiative' as const,
    objectiveId: OBJECTIVE_ID,
    initiativeId: INITIATIVE,
    changes,
  });

  it('records the real changes only', () => {
    const state = givenObjective(given)
      .when(
        update({
          status: 'in_progress',
          percentComplete: 40,
          title: 'Guided onboarding checklist',
          keyResultId: KR,
        }),
        objectiveCtx('active'),
      )
      .thenEmits([
        {
          type: 'InitiativeUpdated',
          data: {
            objectiveId: OBJECTIVE_ID,
            initiativeId: INITIATIVE,
            changes: [
              { field: 'status', before: 'planned', after: 'in_progress' },
              { field: 'percentComplete', before: 0, after: 40 },
              { field: 'keyResultId', before: null, after: KR },
            ],
          },
        },
      ]);
    expect(state?.initiatives[0]).toMatchObject({
      status: 'in_progress',
      percentComplete: 40,
      keyResultId: KR,
    });
  });

  it('accepts a no-op update with no events', () => {
    givenObjective(given)
      .when(update({ status: 'planned' }), objectiveCtx('active'))
      .thenEmits([]);
  });

  it('refuses an unknown initiative, a link to a removed KR, and a closed cycle', () => {
    givenObjective(given)
      .when({ ...update({ status: 'done' }), initiativeId: 'ini_unknown01' }, objectiveCtx())
      .thenRejects('not_found', ['initiativeId']);
    givenObjective([...given, keyResultRemoved(KR)])
      .when(update({ keyResultId: KR }), objectiveCtx())
      .thenRejects('key_result_removed', ['changes', 'keyResultId']);
    givenObjective(given)
      .when(update({ status: 'done' }), objectiveCtx('closed'))
      .thenRejects('cycle_closed');
  });
});

describe('OverrideGrade', () => {
  const override = (overrides: Record<string, unknown> = {}) => ({
    type: 'OverrideGrade' as const,
    objectiveId: OBJECTIVE_ID,
    targetType: 'key_result' as const,
    targetId: KR,
    grade: 0.6,
    reason: 'data source outage in December',
    ...overrides,
  });
  const admin = objectiveCtx('closed', { role: 'admin' });

  it('records an override of a KR in a closed cycle, then keeps the previous grade on the next one', () => {
    const first = givenObjective(withKeyResult).when(override(), admin).decision;
    expect(first).toEqual({
      ok: true,
      events: [
        {
          type: 'GradeOverridden',
          data: {
            objectiveId: OBJECTIVE_ID,
            targetType: 'key_result',
            targetId: KR,
            grade: 0.6,
            previousGrade: null,
            reason: 'data source outage in December',
          },
        },
      ],
    });
    const overridden = first.ok ? first.events : [];
    givenObjective([...withKeyResult, ...overridden])
      .when(override({ grade: 0.7 }), admin)
      .thenEmits([
        {
          type: 'GradeOverridden',
          data: {
            objectiveId: OBJECTIVE_ID,
            targetType: 'key_result',
            targetId: KR,
            grade: 0.7,
            previousGrade: 0.6,
            reason: 'data source outage in December',
          },
        },
      ]);
  });

  it('refuses a target that is not this objective or one of its live KRs', () => {
    givenObjective(withKeyResult)
      .when(override({ targetType: 'objective', targetId: 'obj_other00001' }), admin)
      .thenRejects('not_found', ['targetId']);
    givenObjective(withKeyResult)
      .when(override({ targetId: 'kr_unknown001' }), admin)
      .thenRejects('unknown_key_result', ['targetId']);
    givenObjective([...withKeyResult, keyResultRemoved(KR)])
      .when(override(), admin)
      .thenRejects('key_result_removed', ['targetId']);
  });
});
