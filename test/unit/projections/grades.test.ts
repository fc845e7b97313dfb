import type { ObjectiveState } from '@okr-ledger/okr-domain';
import { gradesAtClose, gradesFor, withCurrentOverrides } from '@okr-ledger/projections';
import { describe, expect, it } from 'vitest';
import { expectedGrades, KR, OBJ, fullAuditOf, originalsOf, playInMemory } from './fixtures/quarter.js';

const quarter = playInMemory();
const streams = [...quarter.objectiveEvents.values()];
const originals = originalsOf(quarter);
const fullAudit = () => fullAuditOf(quarter);

const summary = (rows: ReturnType<typeof gradesFor>['rows']) =>
  Object.fromEntries(
    rows.map((row) => [
      row.keyResultId ?? row.objectiveId,
      {
        computed: row.computed,
        original: row.original,
        final: row.final,
        band: row.band,
        missedCommitment: row.missedCommitment,
      },
    ]),
  );

describe('gradesFor', () => {
  it('reproduces the worked vectors against the current and the original definitions', () => {
    // Act
    const report = gradesFor(quarter.cycle, quarter.objectives, originals, fullAudit());

    // Assess
    expect(summary(report.rows)).toEqual(expectedGrades);
    expect(report).toMatchObject({ cycleId: quarter.cycle.id, status: 'closed', frozen: true });
  });

  it('lists objectives in creation order whatever order the states come in, each followed by its KRs', () => {
    // Act
    const report = gradesFor(quarter.cycle, [...quarter.objectives].reverse(), originals, []);

    // Assess
    expect(report.rows.filter((row) => row.targetType === 'objective').map((row) => row.objectiveId)).toEqual(
      [OBJ.onboarding, OBJ.support, OBJ.adoption],
    );
    expect(report.rows[1]).toMatchObject({ targetType: 'key_result', objectiveId: OBJ.onboarding });
  });

  it('names no change where none made a difference, even with an audit at hand', () => {
    // Act
    const rows = gradesFor(quarter.cycle, quarter.objectives, originals, fullAudit()).rows;

    // Assess
    const changedBy = Object.fromEntries(
      rows.map((row) => [row.keyResultId ?? row.objectiveId, row.changedBy.length]),
    );
    expect(changedBy).toMatchObject({
      [OBJ.support]: 0,
      [OBJ.onboarding]: 0,
      [OBJ.adoption]: 2,
      [KR.trialConversion]: 1,
    });
  });
});

describe('grades frozen at close', () => {
  it('equal the grades of the states at the close, rebuilt from the recorded events', () => {
    // Act
    const frozen = gradesAtClose(quarter.cycle, streams);

    // Assess
    expect(frozen.rows).toEqual(gradesFor(quarter.cycle, quarter.objectives, originals, fullAudit()).rows);
    expect(summary(frozen.rows)).toEqual(expectedGrades);
    expect(frozen.frozen).toBe(true);
  });

  it('leave out events recorded after the close until the current overrides are merged in', () => {
    // Prepare: the quarter cut right after its first close (the override came a day later).
    const firstClose = '2027-01-02T10:00:00.000Z';
    const cycleAtFirstClose = { ...quarter.cycle, closedAt: firstClose };

    // Act
    const frozen = gradesAtClose(cycleAtFirstClose, streams);
    const merged = withCurrentOverrides(frozen.rows, quarter.objectives);

    // Assess
    const teams = (rows: typeof frozen.rows) => rows.find((row) => row.keyResultId === KR.activeTeams);
    expect(teams(frozen.rows)).toMatchObject({ computed: 0, override: null, final: 0 });
    expect(teams(merged)).toMatchObject({ computed: 0, override: 0.3, final: 0.3, band: 'red' });
    expect(summary(merged)).toEqual(expectedGrades);
  });

  it('judge a committed objective overridden to 1.0 as delivered', () => {
    // Prepare
    const onboarding = quarter.objectives.find((objective) => objective.id === OBJ.onboarding);
    if (onboarding === undefined) throw new Error('the onboarding objective exists');
    const overridden: ObjectiveState = {
      ...onboarding,
      overrides: {
        [OBJ.onboarding]: {
          targetType: 'objective',
          targetId: OBJ.onboarding,
          grade: 1,
          reason: 'Delivered in substance',
          by: { sub: 's', email: 'admin@acme.test' },
          at: '2027-01-06T00:00:00.000Z',
        },
      },
    };

    // Act
    const rows = withCurrentOverrides(gradesAtClose(quarter.cycle, streams).rows, [overridden]);

    // Assess
    expect(
      rows.find((row) => row.targetType === 'objective' && row.objectiveId === OBJ.onboarding),
    ).toMatchObject({
      computed: 0.77,
      override: 1,
      final: 1,
      band: 'green',
      missedCommitment: false,
      overrideReason: 'Delivered in substance',
    });
  });

  it('refuses a cycle that is not closed', () => {
    // Act / Assess
    expect(() => gradesAtClose({ ...quarter.cycle, status: 'active', closedAt: null }, streams)).toThrow(
      /not closed/,
    );
  });
});
