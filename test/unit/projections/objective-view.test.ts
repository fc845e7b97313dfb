// The board builders on states folded from the quarter's real events: progress raw and clamped, what is
// measured at an instant, confidence set or derived, lint, and the order of a board.
import type { ObjectiveState } from '@okr-ledger/okr-domain';
import { toBoard, toCycleView, toObjectiveView } from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { CYCLE_ID, KR, OBJ, playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();
const stateOf = (objectiveId: string): ObjectiveState => {
  const state = quarter.objectives.find((objective) => objective.id === objectiveId);
  if (state === undefined) throw new Error(`no objective ${objectiveId}`);
  return state;
};
const keyResultOf = (view: ReturnType<typeof toObjectiveView>, keyResultId: string) => {
  const kr = view.keyResults.find((candidate) => candidate.id === keyResultId);
  if (kr === undefined) throw new Error(`no key result ${keyResultId}`);
  return kr;
};

describe('toObjectiveView', () => {
  it('shows raw progress as it is and the clamped score beside it', () => {
    // Act
    const support = toObjectiveView(stateOf(OBJ.support), quarter.cycle, '2027-01-10T00:00:00.000Z');
    const onboarding = toObjectiveView(stateOf(OBJ.onboarding), quarter.cycle, '2027-01-10T00:00:00.000Z');

    // Assess
    expect(keyResultOf(support, KR.activeTeams)).toMatchObject({ current: 35, progress: -0.25, score: 0 });
    expect(keyResultOf(support, KR.firstResponse)).toMatchObject({ current: 12, progress: 1, score: 1 });
    expect(keyResultOf(support, KR.soc2)).toMatchObject({ current: null, done: true, score: 1 });
    expect(keyResultOf(support, KR.certification)).toMatchObject({ progress: 0.75, current: null });
    expect(keyResultOf(support, KR.certification).milestones.map((milestone) => milestone.done)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(keyResultOf(onboarding, KR.satisfaction).progress).toBeCloseTo(4 / 3, 12);
    expect(onboarding.score).toBeCloseTo((0.8 + 0.5 + 1) / 3, 12);
    expect(onboarding).toMatchObject({ id: OBJ.onboarding, kind: 'committed', version: 10, archived: false });
  });

  it('counts only the check-ins effective at the instant asked for', () => {
    // Act
    const early = toObjectiveView(stateOf(OBJ.onboarding), quarter.cycle, '2026-11-15T00:00:00.000Z');

    // Assess: 24 then 18 so far; adoption and satisfaction not measured yet.
    expect(keyResultOf(early, KR.onboardingDays)).toMatchObject({
      current: 18,
      progress: 0.4,
      checkInCount: 2,
      lastCheckInAt: '2026-11-02T09:00:00.000Z',
    });
    expect(keyResultOf(early, KR.weekTwoAdoption)).toMatchObject({
      current: null,
      progress: 0,
      checkInCount: 0,
    });
  });

  it('derives a confidence nobody set from the elapsed share of the cycle, and keeps one a person set', () => {
    // Prepare: a confidence set on the latest check-in of one KR.
    const state = stateOf(OBJ.adoption);
    const withSetConfidence: ObjectiveState = {
      ...state,
      keyResults: state.keyResults.map((kr) =>
        kr.id === KR.pricingPage
          ? {
              ...kr,
              checkIns: kr.checkIns.map((checkIn) => ({ ...checkIn, confidence: 'at_risk' as const })),
            }
          : kr,
      ),
    };

    // Act
    const view = toObjectiveView(withSetConfidence, quarter.cycle, '2026-12-20T00:00:00.000Z');

    // Assess
    expect(keyResultOf(view, KR.pricingPage)).toMatchObject({
      confidence: 'at_risk',
      confidenceSource: 'set',
    });
    expect(keyResultOf(view, KR.trialConversion)).toMatchObject({
      confidence: 'on_track',
      confidenceSource: 'derived',
    });
  });

  it('carries the lint findings of the objective and its KRs', () => {
    // Act
    const view = toObjectiveView(stateOf(OBJ.onboarding), quarter.cycle, '2026-12-20T00:00:00.000Z');

    // Assess: three outcome KRs with baselines, a qualitative title: nothing to coach.
    expect(view.lint).toEqual([]);
    const bare = toObjectiveView(
      {
        ...stateOf(OBJ.onboarding),
        keyResults: [],
        definition: { ...stateOf(OBJ.onboarding).definition, title: 'Win 50% of deals' },
      },
      quarter.cycle,
      '2026-12-20T00:00:00.000Z',
    );
    expect(bare.lint.map((finding) => finding.rule).sort()).toEqual([
      'objective-has-number',
      'objective-kr-count',
    ]);
  });
});

describe('toBoard', () => {
  it('lists objectives in the order they were created, with the cycle and the instant', () => {
    // Prepare
    const shuffled = [...quarter.objectives].reverse();

    // Act
    const board = toBoard('acme', quarter.cycle, shuffled, '2026-12-20T00:00:00.000Z');

    // Assess
    expect(board.objectives.map((objective) => objective.id)).toEqual([
      OBJ.onboarding,
      OBJ.support,
      OBJ.adoption,
    ]);
    expect(board).toMatchObject({ organizationId: 'acme', asOf: '2026-12-20T00:00:00.000Z', lint: [] });
    expect(board.cycle).toEqual(toCycleView(quarter.cycle));
    expect(board.cycle).toMatchObject({
      id: CYCLE_ID,
      status: 'closed',
      version: quarter.cycleEvents.length,
    });
  });

  it('reports an owner with more than five objectives as a cycle-wide finding', () => {
    // Prepare
    const template = quarter.objectives[0];
    if (template === undefined) throw new Error('the quarter has objectives');
    const many = Array.from({ length: 6 }, (_, index) => ({ ...template, id: `obj_many0000${index}` }));

    // Act
    const board = toBoard('acme', quarter.cycle, many, '2026-12-20T00:00:00.000Z');

    // Assess
    expect(board.lint).toEqual([
      expect.objectContaining({ rule: 'cycle-objective-count', targetType: 'cycle', targetId: CYCLE_ID }),
      expect.objectContaining({ rule: 'cycle-objective-count', targetType: 'cycle', targetId: CYCLE_ID }),
    ]);
  });
});
