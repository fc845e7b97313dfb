// The fold's private draft against the plain reduce with `evolveObjective`: over random event streams,
// well-formed and damaged alike, both give the same JSON or refuse with the same error.
import {
  evolveObjective,
  foldObjective,
  type ObjectiveEvent,
  type ObjectiveState,
  type RecordedEvent,
  streamIdOf,
} from '@okr-ledger/okr-domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  CYCLE_ID,
  keyResultDefinition,
  MILESTONES,
  OBJECTIVE_ID,
  objectiveDefinition,
  recordAll,
} from './specification.js';

/** The fold as it was: one evolveObjective per event, a fresh state each time. */
function referenceFold(events: RecordedEvent<ObjectiveEvent>[]): ObjectiveState | null {
  return events.reduce<ObjectiveState | null>(evolveObjective, null);
}

type Outcome = { json: string } | { error: string };

function outcomeOf(fold: () => ObjectiveState | null): Outcome {
  try {
    return { json: JSON.stringify(fold()) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

// Small id pools, so streams repeat ids, correct check-ins that exist and some that do not, and update
// KRs and initiatives that were never added.
const krId = fc.constantFrom('kr_a', 'kr_b', 'kr_c');
const checkInId = fc.constantFrom('chk_1', 'chk_2', 'chk_3', 'chk_4', 'chk_5');
const initiativeId = fc.constantFrom('ini_1', 'ini_2');
const context = fc.record({ midCycle: fc.boolean(), reason: fc.constantFrom(null, 'Because.') });
// Events written before sources existed carry none: both folds must read them as manual.
const source = fc.constantFrom(
  {},
  { source: { kind: 'manual' as const } },
  { source: { kind: 'api' as const, client: 'nightly-etl' } },
  { source: { kind: 'linked_cell' as const, spreadsheetId: '1AbCdEfGhIjK', sheetName: 'Metrics', a1: 'B7' } },
);
const measurementFields = fc.record({
  value: fc.option(fc.integer({ min: -50, max: 150 })),
  milestonesDone: fc.option(fc.subarray(MILESTONES.map((milestone) => milestone.id))),
  done: fc.option(fc.boolean()),
  confidence: fc.constantFrom(null, 'on_track', 'at_risk', 'off_track' as const),
  note: fc.constantFrom('', 'Weekly numbers.'),
  effectiveAt: fc.constantFrom('2026-10-01T00:00:00.000Z', '2026-11-01T12:00:00.000Z'),
});
const measurement = fc.tuple(measurementFields, source).map(([fields, from]) => ({ ...fields, ...from }));

const created: ObjectiveEvent = {
  type: 'ObjectiveCreated',
  data: { objectiveId: OBJECTIVE_ID, cycleId: CYCLE_ID, definition: objectiveDefinition() },
};

const laterEventArb: fc.Arbitrary<ObjectiveEvent> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('title', 'weight', 'progressMode', 'blendShare' as const),
      fc.constantFrom('New', 2, 'blended', 0.5),
      context,
    )
    .map(([field, after, ctx]) => ({
      type: 'ObjectiveChanged' as const,
      data: { objectiveId: OBJECTIVE_ID, changes: [{ field, before: null, after }], ...ctx },
    })),
  context.map((ctx) => ({ type: 'ObjectiveArchived' as const, data: { objectiveId: OBJECTIVE_ID, ...ctx } })),
  fc
    .tuple(krId, fc.constantFrom('increase', 'milestone' as const), context)
    .map(([keyResultId, type, ctx]) => ({
      type: 'KeyResultAdded' as const,
      data: {
        objectiveId: OBJECTIVE_ID,
        keyResultId,
        definition: keyResultDefinition(
          type === 'milestone' ? { type, start: null, target: null, milestones: MILESTONES } : {},
        ),
        ...ctx,
      },
    })),
  fc
    .tuple(
      krId,
      fc.constantFrom('target', 'weight', 'title' as const),
      fc.integer({ min: 1, max: 99 }),
      context,
    )
    .map(([keyResultId, field, after, ctx]) => ({
      type: 'KeyResultChanged' as const,
      data: { objectiveId: OBJECTIVE_ID, keyResultId, changes: [{ field, before: null, after }], ...ctx },
    })),
  fc.tuple(krId, context).map(([keyResultId, ctx]) => ({
    type: 'KeyResultRemoved' as const,
    data: { objectiveId: OBJECTIVE_ID, keyResultId, ...ctx },
  })),
  ...Array.from({ length: 24 }, () =>
    fc.tuple(krId, checkInId, measurement).map(([keyResultId, id, m]) => ({
      type: 'CheckInRecorded' as const,
      data: { objectiveId: OBJECTIVE_ID, keyResultId, checkInId: id, ...m },
    })),
  ),
  // Mostly corrections of check-ins recorded early, which a long stream then holds.
  fc
    .tuple(krId, checkInId, fc.constantFrom('chk_1', 'chk_2'), measurement)
    .map(([keyResultId, id, corrects, m]) => ({
      type: 'CheckInCorrected' as const,
      data: {
        objectiveId: OBJECTIVE_ID,
        keyResultId,
        checkInId: `${id}_fix`,
        correctsCheckInId: corrects,
        ...m,
        reason: 'Typo in the dashboard export.',
      },
    })),
  fc.tuple(initiativeId, fc.option(krId)).map(([id, keyResultId]) => ({
    type: 'InitiativeAdded' as const,
    data: {
      objectiveId: OBJECTIVE_ID,
      initiative: {
        id,
        keyResultId,
        title: 'Guided setup',
        owner: null,
        status: 'planned' as const,
        percentComplete: 0,
      },
    },
  })),
  fc
    .tuple(initiativeId, fc.constantFrom('status', 'percentComplete' as const), fc.constantFrom('done', 40))
    .map(([id, field, after]) => ({
      type: 'InitiativeUpdated' as const,
      data: { objectiveId: OBJECTIVE_ID, initiativeId: id, changes: [{ field, before: null, after }] },
    })),
  // `__proto__` as a target: an own key in the reduce's spread, so it must be one in the draft too.
  fc
    .tuple(fc.constantFrom(OBJECTIVE_ID, 'kr_a', 'kr_b', '__proto__'), fc.constantFrom(0.3, 0.9))
    .map(([targetId, grade]) => ({
      type: 'GradeOverridden' as const,
      data: {
        objectiveId: OBJECTIVE_ID,
        targetType: targetId === OBJECTIVE_ID ? ('objective' as const) : ('key_result' as const),
        targetId,
        grade,
        previousGrade: null,
        reason: 'Calibrated.',
      },
    })),
);

// A second ObjectiveCreated ends a stream at once, so it is drawn rarely: most streams run long.
const eventArb: fc.Arbitrary<ObjectiveEvent> = fc.oneof(
  { arbitrary: fc.constant(created), weight: 1 },
  { arbitrary: laterEventArb, weight: 60 },
);

/** The start of a real stream: the objective, then its KRs and initiatives. */
const planned: ObjectiveEvent[] = [
  created,
  ...['kr_a', 'kr_b', 'kr_c'].map(
    (keyResultId): ObjectiveEvent => ({
      type: 'KeyResultAdded',
      data: {
        objectiveId: OBJECTIVE_ID,
        keyResultId,
        definition: keyResultDefinition(),
        midCycle: false,
        reason: null,
      },
    }),
  ),
  ...['ini_1', 'ini_2'].map(
    (id): ObjectiveEvent => ({
      type: 'InitiativeAdded',
      data: {
        objectiveId: OBJECTIVE_ID,
        initiative: {
          id,
          keyResultId: null,
          title: 'Guided setup',
          owner: null,
          status: 'planned',
          percentComplete: 0,
        },
      },
    }),
  ),
];

/**
 * Mostly streams that start as a real one does (planned, or only created); sometimes bare, to see both
 * folds refuse alike from the first event.
 */
const streamArb = fc
  .tuple(
    fc.constantFrom('planned', 'planned', 'planned', 'created', 'bare'),
    fc.boolean(),
    fc.array(eventArb, { maxLength: 60, size: 'max' }),
  )
  .map(([start, alternateActors, events]) =>
    recordAll(
      streamIdOf.objective(OBJECTIVE_ID),
      [...(start === 'planned' ? planned : start === 'created' ? [created] : []), ...events],
      { actor: alternateActors ? BOB : ALICE },
    ),
  );

describe('foldObjective (the draft) against the reduce with evolveObjective', () => {
  it('gives the same JSON, or the same error, over random streams', () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        expect(outcomeOf(() => foldObjective(events))).toEqual(outcomeOf(() => referenceFold(events)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees as of every instant of a stream', () => {
    fc.assert(
      fc.property(streamArb, fc.nat({ max: 61 }), (events, cut) => {
        const asOf = events[Math.min(cut, events.length - 1)]?.metadata.recordedAt ?? '2026-01-01T00:00:00Z';
        const upTo = events.filter((event) => Date.parse(event.metadata.recordedAt) <= Date.parse(asOf));
        expect(outcomeOf(() => foldObjective(events, asOf))).toEqual(outcomeOf(() => referenceFold(upTo)));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the events it folds as they were', () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const before = JSON.stringify(events);
        outcomeOf(() => foldObjective(events));
        expect(JSON.stringify(events)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('meets every outcome among its random streams: folded, and each kind of impossible event refused', () => {
    const kinds = [
      'created twice',
      'before ObjectiveCreated',
      'unknown key result',
      'correction of unknown',
      'unknown initiative',
    ];
    const seen = new Set<string>();
    let longFolds = 0;
    fc.assert(
      fc.property(streamArb, (events) => {
        const outcome = outcomeOf(() => foldObjective(events));
        if ('json' in outcome) {
          seen.add('folded');
          if (events.length >= 30) longFolds += 1;
        } else for (const kind of kinds) if (outcome.error.includes(kind)) seen.add(kind);
      }),
      { numRuns: 2_000 },
    );
    expect([...seen].sort()).toEqual(['folded', ...kinds].sort());
    // The comparisons above mean something only if many streams fold far: about 190 of 2,000 run past 30 events.
    expect(longFolds).toBeGreaterThan(100);
  });
});
