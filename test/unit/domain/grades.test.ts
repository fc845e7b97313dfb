// Grades: decimal rounding, bands, the end-of-cycle cutoff in the cycle's zone, stay_* graded on the
// quarter, the no-check-ins flag, corrections, overrides, committed objectives and the grades report
// with current and original definitions side by side.
import { GradeRowSchema } from '@okr-ledger/api-contract';
import {
  band,
  gradeKeyResult,
  gradeObjective,
  gradesReport,
  NO_CHECK_INS_FLAG,
  roundHalfUp2,
} from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { cycle, keyResultWith, krDefinition, ObjectiveStream, objectiveDefinition } from './builders.js';

const berlinQ4 = cycle({ status: 'closed', closedAt: '2027-01-05T09:00:00Z' });

describe('roundHalfUp2', () => {
  it.each([
    [0.765, 0.77],
    [0.7666, 0.77],
    [0.125, 0.13],
    [0.005, 0.01],
    [1.005, 1.01],
    [2.675, 2.68],
    [0.7649999, 0.76],
    [0.994999, 0.99],
    [0.995, 1],
    [0.1 + 0.2, 0.3],
    [1e-7, 0],
    [0, 0],
    [1, 1],
    [123456.785, 123456.79],
    [-0.125, -0.13],
  ])('rounds %s to %s', (input, expected) => {
    expect(roundHalfUp2(input)).toBe(expected);
  });

  it('gets right what scaling in binary floating point gets wrong', () => {
    // 1.005 × 100 is 100.49999999999999 in binary; the decimal a person reads is 1.005.
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundHalfUp2(1.005)).toBe(1.01);
  });

  it('refuses non-finite numbers instead of inventing a grade', () => {
    expect(() => roundHalfUp2(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfUp2(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('band', () => {
  it('is green from 0.7, yellow from 0.4, red below', () => {
    expect([1, 0.7, 0.69, 0.4, 0.39, 0].map(band)).toEqual([
      'green',
      'green',
      'yellow',
      'yellow',
      'red',
      'red',
    ]);
  });
});

describe('gradeKeyResult', () => {
  it('counts a check-in 30 minutes before local midnight of endsOn, not one 30 minutes after', () => {
    // Prepare: Berlin is UTC+1 in December; 00:30 local on 1 January is still 31 December in UTC.
    const definition = krDefinition({ start: 0, target: 100 });
    const before = new ObjectiveStream().addKeyResult('kr_cutoff00001', definition);
    before.checkIn('kr_cutoff00001', { value: 40 }, '2026-12-01T10:00:00Z');
    before.checkIn('kr_cutoff00001', { value: 90 }, '2026-12-31T23:30:00+01:00');
    const after = new ObjectiveStream().addKeyResult('kr_cutoff00001', definition);
    after.checkIn('kr_cutoff00001', { value: 40 }, '2026-12-01T10:00:00Z');
    after.checkIn('kr_cutoff00001', { value: 90 }, '2027-01-01T00:30:00+01:00');

    // Act
    const counted = gradeKeyResult(before.keyResult('kr_cutoff00001'), [], berlinQ4);
    const ignored = gradeKeyResult(after.keyResult('kr_cutoff00001'), [], berlinQ4);

    // Assess
    expect(counted).toEqual({ grade: 0.9, flags: [] });
    expect(ignored).toEqual({ grade: 0.4, flags: [] });
  });

  it('grades stay_below on the quarter: the share of in-cycle check-ins that held', () => {
    const stream = new ObjectiveStream().addKeyResult(
      'kr_resolution01',
      krDefinition({ type: 'stay_below', start: null, target: null, threshold: 12, unit: 'hours' }),
    );
    stream.checkIn('kr_resolution01', { value: 30 }, '2026-09-28T10:00:00Z'); // before the cycle
    stream.checkIn('kr_resolution01', { value: 10 }, '2026-10-15T10:00:00Z');
    stream.checkIn('kr_resolution01', { value: 13 }, '2026-11-15T10:00:00Z');
    stream.checkIn('kr_resolution01', { value: 12 }, '2026-12-15T10:00:00Z');
    stream.checkIn('kr_resolution01', { value: 11 }, '2026-12-31T23:00:00+01:00');
    stream.checkIn('kr_resolution01', { value: 40 }, '2027-01-02T10:00:00Z'); // after the cycle

    const graded = gradeKeyResult(stream.keyResult('kr_resolution01'), [], berlinQ4);

    expect(graded).toEqual({ grade: 0.75, flags: [] });
  });

  it('grades stay_above on the quarter and rounds the share half-up', () => {
    const kr = keyResultWith(
      krDefinition({ type: 'stay_above', start: null, target: null, threshold: 99.9 }),
      [{ value: 99.95 }, { value: 99.2 }, { value: 99.9 }],
    );

    expect(gradeKeyResult(kr, [], berlinQ4)).toEqual({ grade: 0.67, flags: [] });
  });

  it('a stay_below KR whose only check-ins fall outside the cycle has no check-ins to grade', () => {
    const stream = new ObjectiveStream().addKeyResult(
      'kr_resolution01',
      krDefinition({ type: 'stay_below', start: null, target: null, threshold: 12 }),
    );
    stream.checkIn('kr_resolution01', { value: 10 }, '2026-09-28T10:00:00Z');

    expect(gradeKeyResult(stream.keyResult('kr_resolution01'), [], berlinQ4)).toEqual({
      grade: 0,
      flags: [NO_CHECK_INS_FLAG],
    });
  });

  it.each([
    ['increase', krDefinition({ start: 0, target: 100 })],
    ['decrease', krDefinition({ type: 'decrease', start: 100, target: 0 })],
    ['binary', krDefinition({ type: 'binary', start: null, target: null })],
    ['stay_above', krDefinition({ type: 'stay_above', start: null, target: null, threshold: 1 })],
  ])('a %s KR with no check-ins grades 0 and is flagged "no check-ins"', (_type, definition) => {
    const kr = keyResultWith(definition);

    expect(gradeKeyResult(kr, [], berlinQ4)).toEqual({ grade: 0, flags: ['no check-ins'] });
  });

  it('a KR whose check-ins all arrive after endsOn is flagged as having none', () => {
    const stream = new ObjectiveStream().addKeyResult(
      'kr_latecomer01',
      krDefinition({ start: 0, target: 10 }),
    );
    stream.checkIn('kr_latecomer01', { value: 10 }, '2027-01-03T10:00:00Z');

    expect(gradeKeyResult(stream.keyResult('kr_latecomer01'), [], berlinQ4)).toEqual({
      grade: 0,
      flags: [NO_CHECK_INS_FLAG],
    });
  });

  it('a KR driven by initiatives is graded on them and not flagged for lacking check-ins', () => {
    const stream = new ObjectiveStream()
      .addKeyResult(
        'kr_fromwork0001',
        krDefinition({ type: 'binary', start: null, target: null, progressSource: 'initiatives' }),
      )
      .addInitiative({
        id: 'ini_migration01',
        keyResultId: 'kr_fromwork0001',
        title: 'Complete migration of all analytics events',
        owner: null,
        status: 'in_progress',
        percentComplete: 66.5,
      });
    const objective = stream.state();
    const [kr] = objective.keyResults;
    if (kr === undefined) throw new Error('fixture lost its KR');

    expect(gradeKeyResult(kr, objective.initiatives, berlinQ4)).toEqual({ grade: 0.67, flags: [] });
  });

  it('grades the corrected value, not the one it replaced', () => {
    const stream = new ObjectiveStream().addKeyResult(
      'kr_adoption0001',
      krDefinition({ start: 41, target: 75 }),
    );
    const typo = stream.checkIn('kr_adoption0001', { value: 85 }, '2026-12-20T10:00:00Z');
    stream.correct('kr_adoption0001', typo, { value: 58 }, '2026-12-20T10:00:00Z');

    const graded = gradeKeyResult(stream.keyResult('kr_adoption0001'), [], berlinQ4);

    expect(graded).toEqual({ grade: 0.5, flags: [] });
  });
});

describe('gradeObjective', () => {
  it('in initiatives mode grades the initiative progress at close', () => {
    const stream = new ObjectiveStream(
      'obj_foundation1',
      objectiveDefinition({ progressMode: 'initiatives' }),
    )
      .addKeyResult('kr_unused000001', krDefinition())
      .addInitiative({
        id: 'ini_done000001',
        keyResultId: null,
        title: 'Set up lead scoring',
        owner: null,
        status: 'done',
        percentComplete: 100,
      })
      .addInitiative({
        id: 'ini_going00001',
        keyResultId: null,
        title: 'Train 5 team members',
        owner: null,
        status: 'in_progress',
        percentComplete: 25,
      });

    expect(gradeObjective(stream.state(), berlinQ4)).toBe(0.63);
  });

  it('in blended mode mixes the KR grades and the initiative progress by its share', () => {
    const stream = new ObjectiveStream(
      'obj_blended0001',
      objectiveDefinition({ progressMode: 'blended', blendShare: 0.5 }),
    )
      .addKeyResult('kr_adoption0001', krDefinition({ start: 0, target: 100 }))
      .addInitiative({
        id: 'ini_done000001',
        keyResultId: null,
        title: 'Run a campaign',
        owner: null,
        status: 'done',
        percentComplete: 100,
      });
    stream.checkIn('kr_adoption0001', { value: 40 }, '2026-12-01T10:00:00Z');

    expect(gradeObjective(stream.state(), berlinQ4)).toBe(0.7);
  });

  it('weighs the live KRs’ grades by their weights', () => {
    const stream = new ObjectiveStream()
      .addKeyResult('kr_heavy000001', krDefinition({ start: 0, target: 100, weight: 3 }))
      .addKeyResult('kr_light000001', krDefinition({ start: 0, target: 100, weight: 1 }))
      .addKeyResult('kr_removed0001', krDefinition({ start: 0, target: 100, weight: 10 }));
    stream.checkIn('kr_heavy000001', { value: 20 }, '2026-12-01T10:00:00Z');
    stream.checkIn('kr_light000001', { value: 100 }, '2026-12-01T10:00:00Z');
    stream.removeKeyResult('kr_removed0001');

    expect(gradeObjective(stream.state(), berlinQ4)).toBe(0.4);
  });
});

describe('gradesReport', () => {
  const activatedAt = '2026-10-01T08:00:00.000Z';
  const closedQ4 = cycle({ status: 'closed', activatedAt, closedAt: '2027-01-05T09:00:00Z' });

  /** The onboarding objective: defined in planning, target changed and a KR added mid-cycle. */
  function onboarding(kind: 'committed' | 'aspirational' = 'aspirational') {
    const stream = new ObjectiveStream('obj_onboarding01', objectiveDefinition({ kind }))
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
        'kr_dropped00001',
        krDefinition({
          title: 'Keep ticket backlog under 50',
          type: 'stay_below',
          start: null,
          target: null,
          threshold: 50,
        }),
      );
    stream.checkIn('kr_onboardtime1', { value: 12 }, '2026-12-05T10:00:00Z');
    stream.checkIn('kr_adoption0001', { value: 58 }, '2026-12-10T10:00:00Z');
    stream.checkIn('kr_dropped00001', { value: 80 }, '2026-10-20T10:00:00Z');
    stream.changeKeyResult(
      'kr_adoption0001',
      { target: 60 },
      { reason: 'the new pricing page launch slipped to Q1' },
    );
    stream.removeKeyResult('kr_dropped00001', 'the support team now owns the backlog');
    stream.addKeyResult(
      'kr_satisfaction',
      krDefinition({ title: 'Raise onboarding satisfaction from 8.1 to 9.0', start: 8.1, target: 9.0 }),
    );
    stream.checkIn('kr_satisfaction', { value: 9.3 }, '2026-12-15T10:00:00Z');
    return stream;
  }

  const changes = [
    {
      objectiveId: 'obj_onboarding01',
      keyResultId: 'kr_adoption0001',
      description: 'target 75 → 60 (the new pricing page launch slipped to Q1)',
    },
    {
      objectiveId: 'obj_onboarding01',
      keyResultId: 'kr_dropped00001',
      description: 'key result removed (the support team now owns the backlog)',
    },
    { objectiveId: 'obj_onboarding01', keyResultId: 'kr_satisfaction', description: 'key result added' },
  ];

  function report(stream: ObjectiveStream, others: ObjectiveStream[] = []) {
    const streams = [stream, ...others];
    return gradesReport({
      cycle: closedQ4,
      objectives: streams.map((s) => s.state()),
      originalObjectives: streams.map((s) => s.state(activatedAt)),
      midCycleChanges: changes,
    });
  }

  it('produces rows with exactly the fields the API serves', () => {
    const rows = report(onboarding());

    for (const row of rows) {
      expect(GradeRowSchema.strict().parse(row)).toEqual(row);
      // `alignedGrade` is added by the API on request (?aligned=true), never by the report itself.
      const served = Object.keys(GradeRowSchema.shape).filter((key) => key !== 'alignedGrade');
      expect(Object.keys(row).sort()).toEqual(served.sort());
    }
  });

  it('grades against the current definition and the one in force at activation, with the changes that differ', () => {
    const rows = report(onboarding());
    const byId = new Map(rows.map((row) => [row.keyResultId ?? row.objectiveId, row]));

    // 58 against 41 → 60 is 17/19; against the original 41 → 75 it is 17/34.
    expect(byId.get('kr_adoption0001')).toMatchObject({
      computed: 0.89,
      original: 0.5,
      changedBy: ['target 75 → 60 (the new pricing page launch slipped to Q1)'],
    });
    // Unchanged KR: the same grade both ways, nothing to explain.
    expect(byId.get('kr_onboardtime1')).toMatchObject({ computed: 0.8, original: 0.8, changedBy: [] });
    // Added mid-cycle: no original grade.
    expect(byId.get('kr_satisfaction')).toMatchObject({
      computed: 1,
      original: null,
      changedBy: ['key result added'],
    });
    // Current KRs 0.8, 0.89, 1 → 0.9; original KRs 0.8, 0.5 and the removed stay_below (never held) → 0.43.
    expect(byId.get('obj_onboarding01')).toMatchObject({
      computed: 0.9,
      original: 0.43,
      changedBy: changes.map((change) => change.description),
    });
  });

  it('leaves removed KRs and archived objectives out of the rows', () => {
    const archived = new ObjectiveStream('obj_abandoned01', objectiveDefinition({ title: 'Abandoned' }))
      .addKeyResult('kr_abandoned001', krDefinition())
      .archive();

    const rows = report(onboarding(), [archived]);

    expect(rows.map((row) => row.keyResultId ?? row.objectiveId)).toEqual([
      'obj_onboarding01',
      'kr_onboardtime1',
      'kr_adoption0001',
      'kr_satisfaction',
    ]);
  });

  it('shows the computed and the overridden grade side by side; the override decides band and final', () => {
    const stream = onboarding().override(
      'key_result',
      'kr_onboardtime1',
      0.6,
      'the last measurement was a holiday week',
    );
    stream.override('objective', 'obj_onboarding01', 0.65, 'board agreed to discount the pricing delay');

    const rows = report(stream);
    const kr = rows.find((row) => row.keyResultId === 'kr_onboardtime1');
    const objective = rows.find((row) => row.targetType === 'objective');

    expect(kr).toMatchObject({
      computed: 0.8,
      override: 0.6,
      overrideReason: 'the last measurement was a holiday week',
      final: 0.6,
      band: 'yellow',
    });
    expect(objective).toMatchObject({ computed: 0.9, override: 0.65, final: 0.65, band: 'yellow' });
    expect(rows.find((row) => row.keyResultId === 'kr_adoption0001')).toMatchObject({
      override: null,
      overrideReason: null,
      final: 0.89,
    });
  });

  it('marks a committed objective below 1.0 as a missed commitment, on its row only', () => {
    const rows = report(onboarding('committed'));

    expect(rows.filter((row) => row.missedCommitment).map((row) => row.targetType)).toEqual(['objective']);
    expect(rows[0]).toMatchObject({ kind: 'committed', final: 0.9, band: 'green', missedCommitment: true });
    expect(rows.slice(1).every((row) => row.kind === null)).toBe(true);
  });

  it('delivers a committed objective at 1.0, computed or overridden', () => {
    const delivered = new ObjectiveStream(
      'obj_delivered01',
      objectiveDefinition({ kind: 'committed' }),
    ).addKeyResult('kr_done00000001', krDefinition({ type: 'binary', start: null, target: null }));
    delivered.checkIn('kr_done00000001', { done: true }, '2026-12-01T10:00:00Z');
    const overridden = onboarding('committed').override(
      'objective',
      'obj_onboarding01',
      1,
      'delivered in substance',
    );

    const [deliveredRow] = report(delivered);
    const [overriddenRow] = report(overridden);

    expect(deliveredRow).toMatchObject({ final: 1, missedCommitment: false });
    expect(overriddenRow).toMatchObject({ computed: 0.9, final: 1, missedCommitment: false });
  });

  it('carries the KR flags and the owner and team of each row', () => {
    const stream = new ObjectiveStream(
      'obj_quiet000001',
      objectiveDefinition({ owner: 'cem@example.com', team: 'Growth' }),
    ).addKeyResult('kr_silent000001', krDefinition({ owner: 'dana@example.com' }));

    const rows = report(stream);

    expect(rows).toEqual([
      expect.objectContaining({
        targetType: 'objective',
        owner: 'cem@example.com',
        team: 'Growth',
        flags: [],
      }),
      expect.objectContaining({
        targetType: 'key_result',
        owner: 'dana@example.com',
        team: 'Growth',
        computed: 0,
        band: 'red',
        flags: [NO_CHECK_INS_FLAG],
      }),
    ]);
  });
});
