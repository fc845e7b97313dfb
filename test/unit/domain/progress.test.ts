// Progress of KRs, initiatives and objectives: which check-ins count, every KR type, initiative-driven
// KRs and the three objective progress modes.
import type { Initiative } from '@okr-ledger/okr-domain';
import {
  currentMeasurement,
  effectiveCheckIns,
  initiativeProgress,
  keyResultProgress,
  objectiveProgress,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { keyResultWith, krDefinition, milestones, ObjectiveStream, objectiveDefinition } from './builders.js';

const initiative = (
  overrides: Partial<Omit<Initiative, 'objectiveId'>>,
): Omit<Initiative, 'objectiveId'> => ({
  id: 'ini_initiative01',
  keyResultId: null,
  title: 'Launch a new implementation kickoff template',
  owner: 'bob@example.com',
  status: 'planned',
  percentComplete: 0,
  ...overrides,
});

describe('effectiveCheckIns', () => {
  it('leaves out corrected check-ins and keeps their corrections', () => {
    // Prepare
    const stream = new ObjectiveStream().addKeyResult('kr_adoption0001', krDefinition());
    const wrong = stream.checkIn('kr_adoption0001', { value: 85 }, '2026-10-10T10:00:00Z');
    const fixed = stream.correct('kr_adoption0001', wrong, { value: 58 }, '2026-10-10T10:00:00Z');

    // Act
    const effective = effectiveCheckIns(stream.keyResult('kr_adoption0001'));

    // Assess
    expect(effective.map((checkIn) => checkIn.id)).toEqual([fixed]);
  });

  it('orders by effectiveAt, then by recordedAt, whatever the recording order and offsets', () => {
    const stream = new ObjectiveStream().addKeyResult('kr_adoption0001', krDefinition());
    const late = stream.checkIn(
      'kr_adoption0001',
      { value: 60 },
      '2026-11-02T10:00:00+01:00',
      '2026-11-02T10:00:00Z',
    );
    // Back-dated: recorded after `late` but true for an earlier instant (written with another offset).
    const early = stream.checkIn(
      'kr_adoption0001',
      { value: 50 },
      '2026-11-01T23:30:00-05:00',
      '2026-11-03T08:00:00Z',
    );
    const sameInstantFirst = stream.checkIn(
      'kr_adoption0001',
      { value: 61 },
      '2026-11-10T09:00:00Z',
      '2026-11-10T09:00:00Z',
    );
    const sameInstantSecond = stream.checkIn(
      'kr_adoption0001',
      { value: 62 },
      '2026-11-10T10:00:00+01:00',
      '2026-11-10T09:05:00Z',
    );

    const effective = effectiveCheckIns(stream.keyResult('kr_adoption0001'));

    expect(effective.map((checkIn) => checkIn.id)).toEqual([
      early,
      late,
      sameInstantFirst,
      sameInstantSecond,
    ]);
  });

  it('with a cutoff, keeps only check-ins effective at or before it (inclusive)', () => {
    const stream = new ObjectiveStream().addKeyResult('kr_adoption0001', krDefinition());
    const atCutoff = stream.checkIn('kr_adoption0001', { value: 50 }, '2026-12-31T22:59:59.999Z');
    stream.checkIn('kr_adoption0001', { value: 70 }, '2026-12-31T23:00:00.000Z');

    const effective = effectiveCheckIns(stream.keyResult('kr_adoption0001'), {
      effectiveAtOrBefore: '2026-12-31T23:59:59.999+01:00',
    });

    expect(effective.map((checkIn) => checkIn.id)).toEqual([atCutoff]);
  });
});

describe('currentMeasurement', () => {
  it('stands at start for increase/decrease before any check-in, and at 0 when start is empty', () => {
    const withStart = keyResultWith(krDefinition({ type: 'decrease', start: 24, target: 9 }));
    const withoutStart = keyResultWith(krDefinition({ start: null, target: 500 }));

    expect(currentMeasurement(withStart)).toEqual({
      value: 24,
      done: null,
      milestonesDone: [],
      lastCheckIn: null,
    });
    expect(currentMeasurement(withoutStart).value).toBe(0);
  });

  it('is null for threshold, milestone and binary KRs before any check-in', () => {
    const threshold = keyResultWith(
      krDefinition({ type: 'stay_above', start: null, target: null, threshold: 99 }),
    );
    const binary = keyResultWith(krDefinition({ type: 'binary', start: null, target: null }));

    expect(currentMeasurement(threshold).value).toBeNull();
    expect(currentMeasurement(binary)).toEqual({
      value: null,
      done: null,
      milestonesDone: [],
      lastCheckIn: null,
    });
  });

  it('takes the latest effective check-in, and a check-in without a measurement does not move it', () => {
    const kr = keyResultWith(krDefinition(), [
      { value: 50 },
      { value: 58 },
      { confidence: 'at_risk', note: 'holidays' },
    ]);

    const measurement = currentMeasurement(kr);

    expect(measurement.value).toBe(58);
    expect(measurement.lastCheckIn?.note).toBe('holidays');
  });

  it('as of a cutoff, is the latest check-in effective by then', () => {
    const kr = keyResultWith(krDefinition(), [{ value: 50 }, { value: 58 }, { value: 66 }]);
    const secondWeek = kr.checkIns[1]?.effectiveAt ?? '';

    expect(currentMeasurement(kr, { effectiveAtOrBefore: secondWeek }).value).toBe(58);
  });
});

describe('keyResultProgress per type', () => {
  it('increase with an empty start counts the start as 0', () => {
    const kr = keyResultWith(krDefinition({ start: null, target: 200 }), [{ value: 50 }]);

    expect(keyResultProgress(kr, [])).toEqual({ raw: 0.25, score: 0.25 });
  });

  it('increase above target keeps raw progress above 1 and clamps the score', () => {
    const kr = keyResultWith(krDefinition({ start: 0, target: 80 }), [{ value: 100 }]);

    expect(keyResultProgress(kr, [])).toEqual({ raw: 1.25, score: 1 });
  });

  it('decrease that got worse goes below 0 and scores 0', () => {
    const kr = keyResultWith(krDefinition({ type: 'decrease', start: 10, target: 5 }), [{ value: 12 }]);

    expect(keyResultProgress(kr, [])).toEqual({ raw: -0.4, score: 0 });
  });

  it('stay_above holds at exactly the threshold and fails just under it', () => {
    const definition = krDefinition({ type: 'stay_above', start: null, target: null, threshold: 99.9 });
    const atThreshold = keyResultWith(definition, [{ value: 99.9 }]);
    const under = keyResultWith(definition, [{ value: 99.89 }]);

    expect(keyResultProgress(atThreshold, []).raw).toBe(1);
    expect(keyResultProgress(under, []).raw).toBe(0);
  });

  it('stay_below fails just over the threshold', () => {
    const kr = keyResultWith(krDefinition({ type: 'stay_below', start: null, target: null, threshold: 12 }), [
      { value: 12.01 },
    ]);

    expect(keyResultProgress(kr, []).raw).toBe(0);
  });

  it('stay_above and stay_below are at 0 before any check-in: nothing has shown the threshold held', () => {
    const above = keyResultWith(
      krDefinition({ type: 'stay_above', start: null, target: null, threshold: 0 }),
    );
    const below = keyResultWith(
      krDefinition({ type: 'stay_below', start: null, target: null, threshold: 1000 }),
    );

    expect(keyResultProgress(above, [])).toEqual({ raw: 0, score: 0 });
    expect(keyResultProgress(below, [])).toEqual({ raw: 0, score: 0 });
  });

  it('milestone weighs each milestone done by its weight', () => {
    const weighted = [
      { id: 'ms_kickoff0001', title: 'Kickoff', weight: 1 },
      { id: 'ms_migration01', title: 'Migration', weight: 3 },
      { id: 'ms_signoff0001', title: 'Sign-off', weight: 1 },
    ];
    const kr = keyResultWith(
      krDefinition({ type: 'milestone', start: null, target: null, milestones: weighted }),
      [{ milestonesDone: ['ms_kickoff0001', 'ms_migration01'] }],
    );

    expect(keyResultProgress(kr, [])).toEqual({ raw: 0.8, score: 0.8 });
  });

  it('milestone with none done is 0', () => {
    const kr = keyResultWith(
      krDefinition({ type: 'milestone', start: null, target: null, milestones: milestones(3) }),
    );

    expect(keyResultProgress(kr, []).raw).toBe(0);
  });

  it('binary not done is 0, and a later "not done" undoes an earlier "done"', () => {
    const kr = keyResultWith(krDefinition({ type: 'binary', start: null, target: null }), [
      { done: true },
      { done: false },
    ]);

    expect(keyResultProgress(kr, [])).toEqual({ raw: 0, score: 0 });
  });
});

describe('initiative progress', () => {
  it('counts done as 1, in progress as percent/100, planned as 0, and leaves dropped out', () => {
    const initiatives: Initiative[] = [
      {
        ...initiative({ id: 'ini_done000001', status: 'done', percentComplete: 100 }),
        objectiveId: 'obj_x0000001',
      },
      {
        ...initiative({ id: 'ini_going00001', status: 'in_progress', percentComplete: 40 }),
        objectiveId: 'obj_x0000001',
      },
      { ...initiative({ id: 'ini_planned001', status: 'planned' }), objectiveId: 'obj_x0000001' },
      {
        ...initiative({ id: 'ini_dropped001', status: 'dropped', percentComplete: 90 }),
        objectiveId: 'obj_x0000001',
      },
    ];

    expect(initiativeProgress(initiatives)).toBeCloseTo((1 + 0.4 + 0) / 3, 12);
    expect(initiativeProgress([])).toBe(0);
  });

  it('moves a KR only when the KR takes its progress from initiatives, and only its own initiatives', () => {
    const stream = new ObjectiveStream()
      .addKeyResult(
        'kr_fromwork0001',
        krDefinition({ type: 'binary', start: null, target: null, progressSource: 'initiatives' }),
      )
      .addKeyResult('kr_fromcheckins', krDefinition({ start: 0, target: 10 }))
      .addInitiative(initiative({ id: 'ini_done000001', keyResultId: 'kr_fromwork0001', status: 'done' }))
      .addInitiative(
        initiative({
          id: 'ini_half000001',
          keyResultId: 'kr_fromwork0001',
          status: 'in_progress',
          percentComplete: 50,
        }),
      )
      .addInitiative(initiative({ id: 'ini_dropped001', keyResultId: 'kr_fromwork0001', status: 'dropped' }))
      .addInitiative(initiative({ id: 'ini_other00001', keyResultId: 'kr_fromcheckins', status: 'done' }));
    const objective = stream.state();
    const [fromWork, fromCheckIns] = objective.keyResults;
    if (fromWork === undefined || fromCheckIns === undefined) throw new Error('fixture lost its KRs');

    expect(keyResultProgress(fromWork, objective.initiatives)).toEqual({ raw: 0.75, score: 0.75 });
    expect(keyResultProgress(fromCheckIns, objective.initiatives)).toEqual({ raw: 0, score: 0 });
  });

  it('a KR driven by initiatives with none linked is at 0', () => {
    const kr = keyResultWith(krDefinition({ progressSource: 'initiatives' }), [{ value: 75 }]);

    expect(keyResultProgress(kr, [])).toEqual({ raw: 0, score: 0 });
  });
});

describe('objectiveProgress', () => {
  function objectiveWithTwoKrs(mode: 'key_results' | 'initiatives' | 'blended', blendShare = 0) {
    return new ObjectiveStream('obj_mode000001', objectiveDefinition({ progressMode: mode, blendShare }))
      .addKeyResult('kr_heavy000001', krDefinition({ start: 0, target: 100, weight: 3 }))
      .addKeyResult('kr_light000001', krDefinition({ start: 0, target: 100, weight: 1 }))
      .addInitiative(initiative({ id: 'ini_done000001', status: 'done' }))
      .addInitiative(initiative({ id: 'ini_planned001', keyResultId: 'kr_heavy000001', status: 'planned' }))
      .addInitiative(initiative({ id: 'ini_dropped001', status: 'dropped' }));
  }

  it('key_results: Σ wᵢ·scoreᵢ / Σ wᵢ over live KRs, using clamped scores', () => {
    const stream = objectiveWithTwoKrs('key_results');
    stream.checkIn('kr_heavy000001', { value: 40 }, '2026-10-10T10:00:00Z');
    stream.checkIn('kr_light000001', { value: 180 }, '2026-10-10T10:00:00Z');

    expect(objectiveProgress(stream.state()).raw).toBeCloseTo((3 * 0.4 + 1 * 1) / 4, 12);
  });

  it('key_results: removed KRs no longer count', () => {
    const stream = objectiveWithTwoKrs('key_results');
    stream.checkIn('kr_heavy000001', { value: 40 }, '2026-10-10T10:00:00Z');
    stream.checkIn('kr_light000001', { value: 100 }, '2026-10-10T10:00:00Z');
    stream.removeKeyResult('kr_heavy000001');

    expect(objectiveProgress(stream.state())).toEqual({ raw: 1, score: 1 });
  });

  it('key_results: no KRs, or weights summing to 0, give 0 rather than NaN', () => {
    const empty = new ObjectiveStream().state();
    const weightless = new ObjectiveStream().addKeyResult(
      'kr_weightless1',
      krDefinition({ weight: 0, start: 0, target: 1 }),
    );
    weightless.checkIn('kr_weightless1', { value: 1 }, '2026-10-10T10:00:00Z');

    expect(objectiveProgress(empty)).toEqual({ raw: 0, score: 0 });
    expect(objectiveProgress(weightless.state())).toEqual({ raw: 0, score: 0 });
  });

  it('initiatives: the mean over all the objective’s non-dropped initiatives', () => {
    const stream = objectiveWithTwoKrs('initiatives');
    stream.checkIn('kr_heavy000001', { value: 100 }, '2026-10-10T10:00:00Z');

    expect(objectiveProgress(stream.state())).toEqual({ raw: 0.5, score: 0.5 });
  });

  it('blended: (1 − b)·KR progress + b·initiative progress', () => {
    const stream = objectiveWithTwoKrs('blended', 0.25);
    stream.checkIn('kr_heavy000001', { value: 100 }, '2026-10-10T10:00:00Z');
    stream.checkIn('kr_light000001', { value: 100 }, '2026-10-10T10:00:00Z');

    expect(objectiveProgress(stream.state()).raw).toBeCloseTo(0.75 * 1 + 0.25 * 0.5, 12);
  });

  it('as of a cutoff, uses only the check-ins effective by then', () => {
    const stream = objectiveWithTwoKrs('key_results');
    stream.checkIn('kr_heavy000001', { value: 20 }, '2026-10-10T10:00:00Z');
    stream.checkIn('kr_heavy000001', { value: 100 }, '2026-11-10T10:00:00Z');

    const progress = objectiveProgress(stream.state(), { effectiveAtOrBefore: '2026-10-31T00:00:00Z' });

    expect(progress.raw).toBeCloseTo((3 * 0.2) / 4, 12);
  });
});
