// The worked vectors of DOMAIN.md, row by row, and its objective example: they must hold exactly.
import {
  band,
  gradeObjective,
  gradesReport,
  keyResultProgress,
  objectiveProgress,
  validateKeyResultDefinition,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import {
  cycle,
  krDefinition,
  keyResultWith,
  milestones,
  ObjectiveStream,
  objectiveDefinition,
} from './builders.js';

describe('worked vectors', () => {
  it('increase s=24 t=9 is a validation error: the numbers go down, so the type is decrease', () => {
    // Prepare
    const definition = krDefinition({ type: 'increase', start: 24, target: 9 });

    // Act
    const error = validateKeyResultDefinition(definition);

    // Assess
    expect(error?.code).toBe('direction_contradicts_numbers');
    expect(error?.message).toContain('decrease');
  });

  it('decrease s=24 t=9 with check-ins 24, 18, 12 → p 0.8, score 0.8', () => {
    const kr = keyResultWith(krDefinition({ type: 'decrease', start: 24, target: 9, unit: 'days' }), [
      { value: 24 },
      { value: 18 },
      { value: 12 },
    ]);

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 0.8, score: 0.8 });
  });

  it('increase s=41 t=75 with check-in 58 → p 0.5, score 0.5', () => {
    const kr = keyResultWith(krDefinition({ type: 'increase', start: 41, target: 75 }), [{ value: 58 }]);

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 0.5, score: 0.5 });
  });

  it('increase s=8.1 t=9.0 with check-in 9.3 → p 1.3333…, score 1.0', () => {
    const kr = keyResultWith(krDefinition({ type: 'increase', start: 8.1, target: 9.0 }), [{ value: 9.3 }]);

    const progress = keyResultProgress(kr, []);

    expect(progress.raw).toBeCloseTo(4 / 3, 12);
    expect(progress.score).toBe(1);
  });

  it('decrease s=200 t=0 with check-in 100 → p 0.5, score 0.5', () => {
    const kr = keyResultWith(krDefinition({ type: 'decrease', start: 200, target: 0 }), [{ value: 100 }]);

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 0.5, score: 0.5 });
  });

  it('increase s=40 t=60 with check-in 35 → p −0.25, score 0.0', () => {
    const kr = keyResultWith(krDefinition({ type: 'increase', start: 40, target: 60 }), [{ value: 35 }]);

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: -0.25, score: 0 });
  });

  it('stay_below t=12 (hours) with check-in 12 → p 1, score 1 (the threshold is inclusive)', () => {
    const kr = keyResultWith(
      krDefinition({ type: 'stay_below', start: null, target: null, threshold: 12, unit: 'hours' }),
      [{ value: 12 }],
    );

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 1, score: 1 });
  });

  it('milestone with 4 equal milestones, 3 done → p 0.75, score 0.75', () => {
    const four = milestones(4);
    const kr = keyResultWith(
      krDefinition({ type: 'milestone', start: null, target: null, milestones: four }),
      [{ milestonesDone: four.slice(0, 3).map((milestone) => milestone.id) }],
    );

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 0.75, score: 0.75 });
  });

  it('binary done → p 1, score 1', () => {
    const kr = keyResultWith(krDefinition({ type: 'binary', start: null, target: null }), [{ done: true }]);

    const progress = keyResultProgress(kr, []);

    expect(progress).toEqual({ raw: 1, score: 1 });
  });
});

describe('the objective example: the first three measurable KRs with equal weights', () => {
  function onboardingObjective(kind: 'committed' | 'aspirational') {
    const stream = new ObjectiveStream('obj_onboarding01', objectiveDefinition({ kind }));
    stream
      .addKeyResult(
        'kr_onboardtime1',
        krDefinition({
          title: 'Reduce median onboarding time from 24 days to 9 days',
          type: 'decrease',
          start: 24,
          target: 9,
        }),
      )
      .addKeyResult(
        'kr_adoption0001',
        krDefinition({ title: 'Increase week-2 product adoption from 41% to 75%', start: 41, target: 75 }),
      )
      .addKeyResult(
        'kr_satisfaction',
        krDefinition({ title: 'Raise onboarding satisfaction from 8.1 to 9.0', start: 8.1, target: 9.0 }),
      );
    stream.checkIn('kr_onboardtime1', { value: 24 }, '2026-10-05T10:00:00Z');
    stream.checkIn('kr_onboardtime1', { value: 18 }, '2026-11-05T10:00:00Z');
    stream.checkIn('kr_onboardtime1', { value: 12 }, '2026-12-05T10:00:00Z');
    stream.checkIn('kr_adoption0001', { value: 58 }, '2026-12-10T10:00:00Z');
    stream.checkIn('kr_satisfaction', { value: 9.3 }, '2026-12-15T10:00:00Z');
    return stream.state();
  }

  it('progress is (0.8 + 0.5 + 1.0)/3 = 0.766…', () => {
    const objective = onboardingObjective('aspirational');

    const progress = objectiveProgress(objective);

    expect(progress.raw).toBeCloseTo((0.8 + 0.5 + 1.0) / 3, 12);
    expect(progress.score).toBeCloseTo(0.7666666, 6);
  });

  it('grades 0.77, green', () => {
    const objective = onboardingObjective('aspirational');

    const grade = gradeObjective(objective, cycle());

    expect(grade).toBe(0.77);
    expect(band(grade)).toBe('green');
  });

  it('committed, the same objective is a missed commitment', () => {
    const objective = onboardingObjective('committed');

    const [objectiveRow] = gradesReport({
      cycle: cycle({ status: 'closed' }),
      objectives: [objective],
      originalObjectives: [objective],
      midCycleChanges: [],
    });

    expect(objectiveRow).toMatchObject({ targetType: 'objective', final: 0.77, band: 'green' });
    expect(objectiveRow?.missedCommitment).toBe(true);
  });
});
