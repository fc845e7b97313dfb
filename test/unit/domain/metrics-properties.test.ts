// Properties of the metrics over generated KRs, check-ins and objectives: scores stay in [0, 1],
// increase and decrease are mirror images, objective progress and grades stay in [0, 1], and rounding
// is idempotent and never moves a number by more than half a hundredth.
import type { KeyResultDefinition, ProgressMode } from '@okr-ledger/okr-domain';
import {
  gradeKeyResult,
  gradeObjective,
  keyResultProgress,
  objectiveProgress,
  roundHalfUp2,
} from '@okr-ledger/okr-domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeasurementInput } from './builders.js';
import { cycle, keyResultWith, krDefinition, ObjectiveStream, objectiveDefinition } from './builders.js';

const number = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const gap = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const weight = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true }));
const checkInDate = fc
  .integer({ min: Date.parse('2026-09-01T00:00:00Z'), max: Date.parse('2027-01-31T00:00:00Z') })
  .map((millis) => new Date(millis).toISOString());

interface GeneratedKr {
  definition: KeyResultDefinition;
  checkIns: { measurement: MeasurementInput; effectiveAt: string }[];
}

const checkInsOf = (measurement: fc.Arbitrary<MeasurementInput>) =>
  fc.array(fc.record({ measurement, effectiveAt: checkInDate }), { maxLength: 5 });

const numericKr = fc.oneof(
  fc.record({ start: number, gap, rising: fc.boolean() }).map(({ start, gap: delta, rising }) =>
    krDefinition({
      type: rising ? 'increase' : 'decrease',
      start,
      target: rising ? start + delta : start - delta,
    }),
  ),
  fc
    .record({ threshold: number, above: fc.boolean() })
    .map(({ threshold, above }) =>
      krDefinition({ type: above ? 'stay_above' : 'stay_below', start: null, target: null, threshold }),
    ),
);

const generatedKr: fc.Arbitrary<GeneratedKr> = fc.oneof(
  numericKr.chain((definition) =>
    checkInsOf(fc.record({ value: number })).map((checkIns) => ({ definition, checkIns })),
  ),
  fc.array(weight, { minLength: 1, maxLength: 5 }).chain((weights) => {
    const definition = krDefinition({
      type: 'milestone',
      start: null,
      target: null,
      milestones: weights.map((w, index) => ({
        id: `ms_generated${index}`,
        title: `Step ${index}`,
        weight: w,
      })),
    });
    const ids = definition.milestones.map((milestone) => milestone.id);
    return checkInsOf(fc.subarray(ids).map((milestonesDone) => ({ milestonesDone }))).map((checkIns) => ({
      definition,
      checkIns,
    }));
  }),
  checkInsOf(fc.boolean().map((done) => ({ done }))).map((checkIns) => ({
    definition: krDefinition({ type: 'binary', start: null, target: null }),
    checkIns,
  })),
);

function objectiveOf(krs: (GeneratedKr & { weight: number })[], mode: ProgressMode, blendShare: number) {
  const stream = new ObjectiveStream(
    'obj_generated01',
    objectiveDefinition({ progressMode: mode, blendShare }),
  );
  krs.forEach((kr, index) => {
    stream.addKeyResult(`kr_generated${String(index).padStart(3, '0')}`, {
      ...kr.definition,
      weight: kr.weight,
    });
  });
  // Check-ins are recorded in the order of their effective dates so the stream's clock only moves forward.
  krs
    .flatMap((kr, index) => kr.checkIns.map((checkIn) => ({ ...checkIn, index })))
    .sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt))
    .forEach(({ measurement, effectiveAt, index }) => {
      stream.checkIn(`kr_generated${String(index).padStart(3, '0')}`, measurement, effectiveAt);
    });
  return stream;
}

const sortedByDate = (kr: GeneratedKr) =>
  [...kr.checkIns].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));

function stateOf(kr: GeneratedKr) {
  const stream = new ObjectiveStream().addKeyResult('kr_generated000', kr.definition);
  for (const { measurement, effectiveAt } of sortedByDate(kr)) {
    stream.checkIn('kr_generated000', measurement, effectiveAt);
  }
  return stream.keyResult('kr_generated000');
}

const initiatives = fc.array(
  fc.record({
    status: fc.constantFrom('planned' as const, 'in_progress' as const, 'done' as const, 'dropped' as const),
    percentComplete: fc.double({ min: 0, max: 100, noNaN: true }),
  }),
  { maxLength: 4 },
);

describe('metric properties', () => {
  it('a KR score is always within [0, 1], whatever the type and check-ins', () => {
    fc.assert(
      fc.property(generatedKr, (kr) => {
        const { score } = keyResultProgress(stateOf(kr), []);

        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('increase s→t at v equals decrease −s→−t at −v', () => {
    fc.assert(
      fc.property(number, gap, number, (start, delta, value) => {
        const target = start + delta;
        fc.pre(target > start);
        const increase = keyResultWith(krDefinition({ type: 'increase', start, target }), [{ value }]);
        const decrease = keyResultWith(krDefinition({ type: 'decrease', start: -start, target: -target }), [
          { value: -value },
        ]);

        const up = keyResultProgress(increase, []);
        const down = keyResultProgress(decrease, []);

        // `+ 0` folds −0 into 0: at the start the mirrored quotient is −0/… and equal in value.
        expect(down.raw + 0).toBe(up.raw + 0);
        expect(down.score).toBe(up.score);
      }),
    );
  });

  it('an objective’s progress and grade are within [0, 1] in every mode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kr: generatedKr, weight }), { maxLength: 6 }),
        fc.constantFrom<ProgressMode>('key_results', 'initiatives', 'blended'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        initiatives,
        (generated, mode, share, work) => {
          const stream = objectiveOf(
            generated.map(({ kr, weight: w }) => ({ ...kr, weight: w })),
            mode,
            share,
          );
          work.forEach((initiative, index) => {
            stream.addInitiative({
              id: `ini_generated${index}`,
              keyResultId: null,
              title: `Bet ${index}`,
              owner: null,
              ...initiative,
            });
          });
          const objective = stream.state();

          const progress = objectiveProgress(objective);
          const grade = gradeObjective(objective, cycle());

          for (const figure of [progress.raw, progress.score, grade]) {
            expect(figure).toBeGreaterThanOrEqual(0);
            expect(figure).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a KR grade is within [0, 1] and already rounded to two decimals', () => {
    fc.assert(
      fc.property(generatedKr, (kr) => {
        const { grade } = gradeKeyResult(stateOf(kr), [], cycle());

        expect(grade).toBeGreaterThanOrEqual(0);
        expect(grade).toBeLessThanOrEqual(1);
        expect(roundHalfUp2(grade)).toBe(grade);
      }),
    );
  });

  it('rounding is idempotent and moves a number by at most half a hundredth', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        const once = roundHalfUp2(x);

        expect(roundHalfUp2(once)).toBe(once);
        expect(Math.abs(once - x)).toBeLessThanOrEqual(0.005 + Math.abs(x) * Number.EPSILON * 4);
      }),
    );
  });

  it('rounding leaves a number that already has two decimals as it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (hundredths) => {
        const x = hundredths / 100;

        expect(roundHalfUp2(x) + 0).toBe(x + 0);
      }),
    );
  });
});
