// The alignment roll-up: one test per worked vector of docs/alignment.md (A1–A8), the closed-cycle child
// folded from real events, and the properties the doc promises (aligned progress in [0, 1]; with every
// contribution weight 0 it equals own progress).
import {
  type AlignmentNode,
  alignedGrades,
  alignmentNodeOf,
  alignmentOwnFigure,
  enclosesCycle,
  rollUpAlignment,
} from '@okr-ledger/okr-domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycle, krDefinition, ObjectiveStream, objectiveDefinition } from './builders.js';

const node = (id: string, own: number, parentId: string | null = null, weight = 1): AlignmentNode => ({
  id,
  parentId,
  own,
  weight,
});

const alignedOf = (nodes: AlignmentNode[], id: string) => {
  const figure = rollUpAlignment(nodes).get(id);
  if (figure === undefined) throw new Error(`no figure for ${id}`);
  return figure;
};

describe('alignment roll-up vectors', () => {
  it('A1: a leaf is its own progress', () => {
    expect(alignedOf([node('L', 0.5)], 'L')).toMatchObject({ own: 0.5, aligned: 0.5, depth: 0 });
  });

  it('A2: own progress and two children with weight 1', () => {
    const figure = alignedOf([node('P', 0.4), node('A', 0.8, 'P'), node('B', 0.2, 'P')], 'P');
    expect(figure.aligned).toBeCloseTo(1.4 / 3, 12);
    expect(figure.alignedBand).toBe('yellow');
    expect(figure.children).toEqual(['A', 'B']);
  });

  it('A3: a weight-0 child is shown but not counted', () => {
    const figures = rollUpAlignment([node('P', 0.4), node('A', 0.8, 'P'), node('B', 0.2, 'P', 0)]);
    expect(figures.get('P')?.aligned).toBeCloseTo(0.6, 12);
    expect(figures.get('P')?.children).toEqual(['A', 'B']);
    expect(figures.get('B')).toMatchObject({ aligned: 0.2, depth: 1 });
  });

  it('A4: with every child at weight 0 the parent keeps its own progress', () => {
    expect(alignedOf([node('P', 0.4), node('A', 0.8, 'P', 0), node('B', 0.2, 'P', 0)], 'P').aligned).toBe(
      0.4,
    );
  });

  it('A5: a three-level tree', () => {
    const figures = rollUpAlignment([
      node('C', 0.5),
      node('T1', 0.6, 'C', 2),
      node('T2', 0.3, 'C', 1),
      node('S', 0.9, 'T1', 1),
    ]);
    expect(figures.get('S')?.aligned).toBe(0.9);
    expect(figures.get('T1')?.aligned).toBeCloseTo(0.75, 12);
    expect(figures.get('T2')?.aligned).toBe(0.3);
    expect(figures.get('C')?.aligned).toBeCloseTo(0.575, 12);
    expect(figures.get('C')?.alignedBand).toBe('yellow');
    expect(figures.get('S')?.depth).toBe(2);
  });

  it('A7: weights other than 1', () => {
    const figure = alignedOf([node('P', 0), node('A', 1, 'P', 3)], 'P');
    expect(figure.aligned).toBe(0.75);
    expect(figure.alignedBand).toBe('green');
  });

  it('A8: an own progress above 1 rolls up as its score, 1', () => {
    expect(alignedOf([node('P', 1.25)], 'P')).toMatchObject({ own: 1, aligned: 1 });
  });

  it('a parent outside the nodes makes its child a root', () => {
    expect(alignedOf([node('A', 0.3, 'elsewhere')], 'A')).toMatchObject({ aligned: 0.3, depth: 0 });
  });

  it('terminates on a loop, counting each node once on a path', () => {
    const figures = rollUpAlignment([node('A', 0.2, 'B'), node('B', 0.6, 'A')]);
    for (const figure of figures.values()) {
      expect(figure.aligned).toBeGreaterThanOrEqual(0);
      expect(figure.aligned).toBeLessThanOrEqual(1);
    }
  });
});

describe('A6: a child in a closed cycle contributes its settled grade', () => {
  const year = cycle({ id: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31', status: 'active' });
  const q3 = cycle({ id: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30', status: 'closed' });
  const q4 = cycle({ id: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31', status: 'active' });

  const q3Child = new ObjectiveStream(
    'obj_q3child0001',
    objectiveDefinition({ parentObjectiveId: 'obj_year000001' }),
    '2026-Q3',
  )
    .addKeyResult('kr_q3child0001', krDefinition({ start: 0, target: 10, unit: 'deals' }))
    .addKeyResult('kr_q3child0002', krDefinition({ start: 0, target: 10, unit: 'deals' }));
  q3Child.checkIn('kr_q3child0001', { value: 6 }, '2026-09-20T10:00:00.000Z');
  q3Child.checkIn('kr_q3child0002', { value: 8 }, '2026-09-20T10:00:00.000Z');
  // After the quarter ended: not in the grade.
  q3Child.checkIn('kr_q3child0002', { value: 10 }, '2026-10-10T10:00:00.000Z');

  it('uses the computed grade of the closed quarter, not later check-ins', () => {
    expect(alignmentOwnFigure(q3Child.state(), q3)).toBe(0.7);
  });

  it('uses the override when an admin set one, and rolls it up into the year', () => {
    q3Child.override('objective', 'obj_q3child0001', 0.9, 'the last deal closed on the 30th');
    const child = q3Child.state();
    const yearNode = node('obj_year000001', 0.2);
    const q4Node = node('obj_q4child0001', 0.4, 'obj_year000001');
    const figures = rollUpAlignment([
      yearNode,
      alignmentNodeOf(child, alignmentOwnFigure(child, q3)),
      q4Node,
    ]);
    expect(figures.get('obj_q3child0001')?.own).toBe(0.9);
    expect(figures.get('obj_year000001')?.aligned).toBeCloseTo(0.5, 12);
  });

  it('aligned grades roll up settled grades, given finals first, rounded to two decimals', () => {
    const yearObjective = new ObjectiveStream('obj_year000001', objectiveDefinition(), '2026').addKeyResult(
      'kr_year00000001',
      krDefinition({ start: 0, target: 10, unit: 'deals' }),
    );
    yearObjective.checkIn('kr_year00000001', { value: 2 }, '2026-10-20T10:00:00.000Z');
    const grades = alignedGrades([
      { objective: yearObjective.state(), cycle: year },
      { objective: q3Child.state(), cycle: q3 },
    ]);
    // (0.2 + 0.9) / 2, the Q3 child at its override.
    expect(grades.get('obj_year000001')).toBe(0.55);
    expect(
      alignedGrades(
        [{ objective: yearObjective.state(), cycle: year }],
        new Map([['obj_year000001', 0.25]]),
      ).get('obj_year000001'),
    ).toBe(0.25);
  });

  it('an open cycle contributes the current progress score', () => {
    const open = new ObjectiveStream('obj_q4open00001', objectiveDefinition(), '2026-Q4').addKeyResult(
      'kr_q4open000001',
      krDefinition({ start: 0, target: 10, unit: 'deals' }),
    );
    open.checkIn('kr_q4open000001', { value: 4 }, '2026-10-20T10:00:00.000Z');
    expect(alignmentOwnFigure(open.state(), q4)).toBe(0.4);
  });

  it('a year encloses its quarters, a quarter neither the year nor the next quarter', () => {
    expect(enclosesCycle(year, q3)).toBe(true);
    expect(enclosesCycle(q4, q4)).toBe(true);
    expect(enclosesCycle(q3, year)).toBe(false);
    expect(enclosesCycle(q3, q4)).toBe(false);
  });
});

/** Random forests: each node's parent is an earlier node or none, so no loops (as stored data). */
const forest = fc
  .array(
    fc.record({
      own: fc.double({ min: -2, max: 3, noNaN: true }),
      weight: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })),
      parentPick: fc.nat(),
      rooted: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) =>
    specs.map(
      (spec, index): AlignmentNode => ({
        id: `n${index}`,
        parentId: index === 0 || spec.rooted ? null : `n${spec.parentPick % index}`,
        own: spec.own,
        weight: spec.weight,
      }),
    ),
  );

describe('alignment roll-up properties', () => {
  it('aligned progress stays in [0, 1]', () => {
    fc.assert(
      fc.property(forest, (nodes) => {
        for (const figure of rollUpAlignment(nodes).values()) {
          expect(figure.aligned).toBeGreaterThanOrEqual(0);
          expect(figure.aligned).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('with every weight 0, aligned progress equals own progress', () => {
    fc.assert(
      fc.property(forest, (nodes) => {
        const zero = nodes.map((n) => ({ ...n, weight: 0 }));
        for (const figure of rollUpAlignment(zero).values()) expect(figure.aligned).toBe(figure.own);
      }),
    );
  });

  it('lies between the smallest and largest own figure of the subtree', () => {
    fc.assert(
      fc.property(forest, (nodes) => {
        const figures = rollUpAlignment(nodes);
        const subtree = (id: string): number[] => {
          const figure = figures.get(id);
          return figure === undefined ? [] : [figure.own, ...figure.children.flatMap(subtree)];
        };
        for (const figure of figures.values()) {
          const owns = subtree(figure.id);
          expect(figure.aligned).toBeGreaterThanOrEqual(Math.min(...owns) - 1e-12);
          expect(figure.aligned).toBeLessThanOrEqual(Math.max(...owns) + 1e-12);
        }
      }),
    );
  });
});
