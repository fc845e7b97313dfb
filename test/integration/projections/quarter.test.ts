// A full quarter played through commands (executeCommand with the domain's deciders) against DynamoDB
// Local, projected by the local poller over the real events stream: the grades view holds DOMAIN.md's
// worked vectors, the audit lists exactly the mid-cycle changes made (none from planning), and the board,
// KR history and cycle list read back what was recorded.

import { createViewsReader, type ViewsReader } from '@okr-ledger/projections';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import {
  CYCLE_ID,
  expectedAudit,
  expectedGrades,
  KR,
  OBJ,
  ORG,
  quarterInOrder,
} from '../../unit/projections/fixtures/quarter.js';
import { newStore, quietLogger, runSteps } from './support.js';

const tables = useTestTables();
let poller: LocalPoller;
let reader: ViewsReader;

beforeAll(async () => {
  // Prepare: the whole quarter recorded, then projected from the stream.
  poller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 50,
    logger: quietLogger(),
  });
  await runSteps(newStore(tables.doc, tables.eventsTableName), quarterInOrder());
  await poller.drain();
  reader = createViewsReader({ doc: tables.doc, viewsTableName: tables.viewsTableName });
});

afterAll(async () => {
  await poller.stop();
});

describe('a quarter played through commands', () => {
  it('grades every KR and objective with the worked vectors, current and original side by side', async () => {
    // Act
    const report = await reader.grades(ORG, CYCLE_ID);

    // Assess
    expect(report).not.toBeNull();
    expect(report?.status).toBe('closed');
    expect(report?.frozen).toBe(true);
    const byTarget = Object.fromEntries(
      (report?.rows ?? []).map((row) => [
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
    expect(byTarget).toEqual(expectedGrades);
  });

  it('names the mid-cycle changes that made the current and original grades differ, and only those', async () => {
    // Act
    const rows = (await reader.grades(ORG, CYCLE_ID))?.rows ?? [];

    // Assess
    const changedBy = Object.fromEntries(
      rows.map((row) => [row.keyResultId ?? row.objectiveId, row.changedBy]),
    );
    expect(changedBy[OBJ.adoption]).toHaveLength(2);
    expect(changedBy[KR.trialConversion]).toEqual([expect.stringContaining('target 20 → 15')]);
    expect(changedBy[KR.retention]).toEqual([expect.stringContaining('added')]);
    // The support objective's title changed mid-cycle, but that moved no grade.
    expect(changedBy[OBJ.support]).toEqual([]);
    expect(changedBy[OBJ.onboarding]).toEqual([]);
  });

  it('shows the override made after the close beside the frozen computed grade', async () => {
    // Act
    const row = (await reader.grades(ORG, CYCLE_ID))?.rows.find(
      (candidate) => candidate.keyResultId === KR.activeTeams,
    );

    // Assess
    expect(row).toMatchObject({ computed: 0, override: 0.3, final: 0.3, overrideReason: expect.any(String) });
  });

  it('lists exactly the mid-cycle changes made, late check-ins, corrections, overrides, close and reopen', async () => {
    // Act
    const entries = await reader.changes(ORG, CYCLE_ID);

    // Assess
    expect(
      entries.map((entry) => ({
        kind: entry.kind,
        objectiveId: entry.objectiveId,
        keyResultId: entry.keyResultId,
        field: entry.field,
      })),
    ).toEqual(expectedAudit);
    const targetChange = entries[0];
    expect(targetChange).toMatchObject({
      before: 20,
      after: 15,
      reason: 'The market shrank after the price change',
      by: { email: 'cy@acme.test' },
      team: 'growth',
      owner: 'cy@acme.test',
    });
  });

  it('filters the audit by kind, team, owner and date range', async () => {
    // Act
    const [definitionChanges, support, cysChanges, november] = await Promise.all([
      reader.changes(ORG, CYCLE_ID, { kind: 'definition_change' }),
      reader.changes(ORG, CYCLE_ID, { team: 'support' }),
      reader.changes(ORG, CYCLE_ID, { owner: 'cy@acme.test' }),
      reader.changes(ORG, CYCLE_ID, { from: '2026-11-03T10:00:00+00:00', to: '2026-11-12T10:00:00+01:00' }),
    ]);

    // Assess
    expect(definitionChanges.map((entry) => entry.field)).toEqual(['target', 'title']);
    expect(support.map((entry) => entry.kind)).toEqual(['definition_change', 'correction', 'grade_override']);
    expect(cysChanges.map((entry) => entry.kind)).toEqual([
      'definition_change',
      'key_result_added',
      'late_check_in',
    ]);
    expect(november.map((entry) => entry.kind)).toEqual([
      'key_result_added',
      'definition_change',
      'correction',
    ]);
  });

  it('shows the board with raw progress beyond 0–1 and the clamped score', async () => {
    // Act
    const board = await reader.board(ORG, CYCLE_ID, '2027-01-10T00:00:00.000Z');

    // Assess
    const keyResults = new Map(
      board?.objectives.flatMap((objective) => objective.keyResults.map((kr) => [kr.id, kr])),
    );
    expect(keyResults.get(KR.satisfaction)).toMatchObject({ current: 9.3, score: 1 });
    expect(keyResults.get(KR.satisfaction)?.progress).toBeCloseTo(4 / 3, 12);
    expect(keyResults.get(KR.activeTeams)).toMatchObject({ current: 35, progress: -0.25, score: 0 });
    expect(keyResults.get(KR.onboardingDays)).toMatchObject({ current: 12, progress: 0.8, score: 0.8 });
    expect(board?.objectives.map((objective) => objective.id)).toEqual([
      OBJ.onboarding,
      OBJ.support,
      OBJ.adoption,
    ]);
    expect(board?.cycle).toMatchObject({ id: CYCLE_ID, status: 'closed' });
  });

  it('keeps the history of a KR, oldest first, with the planning edit and corrections linked both ways', async () => {
    // Act
    const [adoption, teams] = await Promise.all([
      reader.history(ORG, KR.weekTwoAdoption),
      reader.history(ORG, KR.activeTeams),
    ]);

    // Assess
    expect(adoption?.entries.map((entry) => entry.eventType)).toEqual([
      'KeyResultAdded',
      'KeyResultChanged',
      'CheckInRecorded',
    ]);
    expect(adoption?.entries[1]).toMatchObject({
      midCycle: false,
      summary: expect.stringContaining('title'),
    });
    expect(
      teams?.entries.map((entry) => [entry.eventType, entry.checkInId, entry.corrects, entry.correctedBy]),
    ).toEqual([
      ['KeyResultAdded', null, null, null],
      ['CheckInRecorded', 'chk_teams0000001', null, 'chk_teams0000002'],
      ['CheckInCorrected', 'chk_teams0000002', 'chk_teams0000001', null],
      ['GradeOverridden', null, null, null],
    ]);
    expect(await reader.keyResultLocation(ORG, KR.retention)).toEqual({
      objectiveId: OBJ.adoption,
      cycleId: CYCLE_ID,
    });
  });

  it('keeps the definitions in force at activation beside the current ones', async () => {
    // Act
    const states = await reader.objectiveStates(ORG, CYCLE_ID);

    // Assess
    const adoption = states.find((state) => state.current.id === OBJ.adoption);
    const conversion = (state: typeof adoption, which: 'current' | 'original') =>
      state?.[which]?.keyResults.find((kr) => kr.id === KR.trialConversion)?.definition.target;
    expect(conversion(adoption, 'current')).toBe(15);
    expect(conversion(adoption, 'original')).toBe(20);
    expect(adoption?.original?.keyResults.map((kr) => kr.id)).not.toContain(KR.retention);
    expect(await reader.cycles(ORG)).toEqual([expect.objectContaining({ id: CYCLE_ID, status: 'closed' })]);
  });
});
