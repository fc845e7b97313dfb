// Report layouts as pure sheet plans: the KR history timeline, the mid-cycle changes audit, the grades
// table, and the hidden grades data behind OKR_GRADE. Each block is written with one setValues.
import type { ChangesResponse, GradesReport, KeyResultHistory } from '@okr-ledger/api-contract';
import { describe, expect, it } from 'vitest';
import {
  changesPlan,
  changesQuery,
  describeFilter,
  parseChangesFilter,
} from '../../../addon/src/core/reports/changes.js';
import { lookupGrade, mergeGradeData } from '../../../addon/src/core/reports/grade-data.js';
import { GRADES_HEADERS, gradesPlan } from '../../../addon/src/core/reports/grades.js';
import {
  countedCheckIns,
  HISTORY_HEADERS,
  historyPlan,
  sourceLabel,
} from '../../../addon/src/core/reports/history.js';
import { COLORS } from '../../../addon/src/core/sheet-plan.js';
import { firstBlock } from './fixtures.js';

const actor = { sub: 'sub-ana', email: 'ana@example.com' };

const history: KeyResultHistory = {
  keyResultId: 'kr_adoption01',
  objectiveId: 'obj_growth001',
  title: 'Week-2 adoption',
  type: 'increase',
  unit: '%',
  entries: [
    {
      version: 2,
      eventType: 'KeyResultAdded',
      recordedAt: '2026-09-20T09:00:00.000Z',
      recordedBy: actor,
      effectiveAt: null,
      summary: 'added: increase 41 → 75 %',
      changes: [
        { field: 'start', before: null, after: 41 },
        { field: 'target', before: null, after: 75 },
      ],
      value: null,
      done: null,
      confidence: null,
      note: '',
      reason: null,
      midCycle: false,
      checkInId: null,
      corrects: null,
      correctedBy: null,
      source: null,
    },
    {
      version: 5,
      eventType: 'CheckInRecorded',
      recordedAt: '2026-10-15T09:00:00.000Z',
      recordedBy: actor,
      effectiveAt: '2026-10-14T12:00:00.000Z',
      summary: 'check-in 85',
      changes: [],
      value: 85,
      done: null,
      confidence: 'on_track',
      note: 'typo',
      reason: null,
      midCycle: false,
      checkInId: 'chk_first0001',
      corrects: null,
      correctedBy: 'chk_fixed0001',
      source: { kind: 'manual' },
    },
    {
      version: 6,
      eventType: 'CheckInCorrected',
      recordedAt: '2026-10-16T09:00:00.000Z',
      recordedBy: actor,
      effectiveAt: '2026-10-14T12:00:00.000Z',
      summary: 'corrected 85 → 58',
      changes: [],
      value: 58,
      done: null,
      confidence: 'on_track',
      note: '',
      reason: 'typo in the value',
      midCycle: false,
      checkInId: 'chk_fixed0001',
      corrects: 'chk_first0001',
      correctedBy: null,
      source: { kind: 'manual' },
    },
    {
      version: 7,
      eventType: 'KeyResultChanged',
      recordedAt: '2026-11-02T09:00:00.000Z',
      recordedBy: actor,
      effectiveAt: null,
      summary: 'target 75 → 80',
      changes: [{ field: 'target', before: 75, after: 80 }],
      value: null,
      done: null,
      confidence: null,
      note: '',
      reason: 'Beta cohort doubled',
      midCycle: true,
      checkInId: null,
      corrects: null,
      correctedBy: null,
      source: null,
    },
  ],
};

describe('the KR history report', () => {
  const plan = historyPlan(history);
  const block = firstBlock(plan);

  it('lays every event out oldest first, under a title and the column headers', () => {
    expect(block.values[0]?.[0]).toBe(
      'History of “Week-2 adoption” (kr_adoption01) · increase in % · 4 events',
    );
    expect(block.values[1]).toEqual([...HISTORY_HEADERS]);
    expect(block.values.slice(2).map((row) => row[3])).toEqual([
      'Added',
      'Check-in',
      'Correction',
      'Definition changed',
    ]);
    expect(block.values[2]?.[0]).toEqual(new Date('2026-09-20T09:00:00.000Z'));
    expect(block.values.every((row) => row.length === HISTORY_HEADERS.length)).toBe(true);
  });

  it('greys a corrected check-in out, keeps it, and highlights mid-cycle changes with their before → after', () => {
    expect(block.fontColors?.[3]?.[0]).toBe(COLORS.muted);
    expect(block.notes?.[3]?.[4]).toBe('Replaced by correction chk_fixed0001; kept for the record');
    expect(block.backgrounds?.[5]?.[0]).toBe(COLORS.midCycle);
    expect(block.notes?.[5]?.[4]).toBe('target: 75 → 80');
    expect(block.values[5]?.[9]).toBe('Beta cohort doubled');
  });

  it('says where each check-in came from, and nothing for other entries', () => {
    const source = HISTORY_HEADERS.indexOf('Source');
    expect(block.values.slice(2).map((row) => row[source])).toEqual(['', 'typed', 'typed', '']);
    expect(sourceLabel({ kind: 'api', client: 'Metrics sync' })).toBe('API: Metrics sync');
    expect(sourceLabel({ kind: 'linked_cell', spreadsheetId: 's1', sheetName: 'Funnel', a1: 'B7' })).toBe(
      'cell Funnel!B7',
    );
  });

  it('charts only the check-ins that count, against the target in force, with the change as a step', () => {
    expect(countedCheckIns(history)).toEqual([
      { effective: new Date('2026-10-14T12:00:00.000Z'), value: 58 },
    ]);
    expect(plan.blocks[1]?.values).toEqual([
      ['Effective', 'Value in %', 'Target in %'],
      [new Date('2026-09-20T09:00:00.000Z'), '', 75],
      [new Date('2026-10-14T12:00:00.000Z'), 58, 75],
      [new Date('2026-11-02T09:00:00.000Z'), '', 80],
    ]);
    expect(plan.charts).toEqual([
      expect.objectContaining({ kind: 'line', ranges: [{ row: 1, column: 18, numRows: 4, numColumns: 3 }] }),
    ]);
  });

  it('charts values alone for a KR without a target, and nothing before a check-in counts', () => {
    // Prepare: the same history with every definition change stripped, then without its check-ins
    const untargeted = { ...history, entries: history.entries.map((entry) => ({ ...entry, changes: [] })) };
    const unmeasured = { ...history, entries: history.entries.filter((entry) => entry.checkInId === null) };
    // Act
    const valuesOnly = historyPlan(untargeted);
    const nothingYet = historyPlan(unmeasured);
    // Assess
    expect(valuesOnly.blocks[1]?.values).toEqual([
      ['Effective', 'Value in %'],
      [new Date('2026-10-14T12:00:00.000Z'), 58],
    ]);
    expect(nothingYet.charts).toEqual([]);
  });
});

describe('the mid-cycle changes report', () => {
  const changes: ChangesResponse = {
    cycleId: '2026-Q4',
    entries: [
      {
        id: 'aud_1',
        kind: 'definition_change',
        at: '2026-11-02T09:00:00.000Z',
        by: actor,
        objectiveId: 'obj_growth001',
        objectiveTitle: 'Delight customers',
        keyResultId: 'kr_adoption01',
        keyResultTitle: 'Week-2 adoption',
        team: 'Growth',
        owner: 'ana@example.com',
        field: 'target',
        before: 75,
        after: 80,
        reason: 'Beta cohort doubled',
      },
      {
        id: 'aud_2',
        kind: 'late_check_in',
        at: '2026-11-20T09:00:00.000Z',
        by: actor,
        objectiveId: 'obj_growth001',
        objectiveTitle: 'Delight customers',
        keyResultId: 'kr_adoption01',
        keyResultTitle: 'Week-2 adoption',
        team: 'Growth',
        owner: 'ana@example.com',
        field: null,
        before: null,
        after: { value: 61, effectiveAt: '2026-10-30' },
        reason: null,
      },
    ],
  };

  it('lists each change with who, what, before → after and why, coloured by kind', () => {
    // Act
    const plan = changesPlan(changes, { team: 'Growth' });

    // Assess
    const block = firstBlock(plan);
    expect(plan.name).toBe('Changes 2026-Q4');
    expect(block.values[0]?.[0]).toBe('Mid-cycle changes · 2026-Q4 · team Growth · 2 entries');
    expect(block.values[2]?.slice(1)).toEqual([
      'ana@example.com',
      'definition change',
      'Delight customers',
      'Week-2 adoption',
      'Growth',
      'ana@example.com',
      'target',
      75,
      80,
      'Beta cohort doubled',
    ]);
    expect(block.values[3]?.slice(8)).toEqual(['—', '{"value":61,"effectiveAt":"2026-10-30"}', '']);
    expect(plan.conditionalFormats).toContainEqual(
      expect.objectContaining({ formula: '=$C3="late check-in"', background: COLORS.conflict }),
    );
  });

  it('shows an objective aligned to one of the cycle’s as "aligned to you", naming the child', () => {
    const plan = changesPlan(
      {
        cycleId: '2026',
        entries: [
          {
            id: 'objective-obj_data#1#0',
            kind: 'aligned_to_you',
            at: '2026-10-05T09:00:00.000Z',
            by: actor,
            objectiveId: 'obj_company',
            objectiveTitle: 'Become the easiest tool to start with',
            keyResultId: null,
            keyResultTitle: null,
            team: 'team_company',
            owner: 'ceo@example.com',
            field: 'parentObjectiveId',
            before: null,
            after: {
              objectiveId: 'obj_data',
              objectiveTitle: 'Build the data foundation',
              owner: 'dana@example.com',
              team: 'team_data',
              cycleId: '2026-Q4',
              weight: 2,
            },
            reason: null,
          },
        ],
      },
      { kind: 'aligned_to_you' },
    );
    const block = firstBlock(plan);
    expect(block.values[0]?.[0]).toBe('Mid-cycle changes · 2026 · kind aligned to you · 1 entries');
    expect(block.values[2]?.slice(2)).toEqual([
      'aligned to you',
      'Become the easiest tool to start with',
      '',
      'team_company',
      'ceo@example.com',
      'parentObjectiveId',
      '—',
      '“Build the data foundation” (2026-Q4) · owner dana@example.com · weight 2',
      '',
    ]);
    expect(parseChangesFilter('kind=aligned to you')).toEqual({
      ok: true,
      value: { kind: 'aligned_to_you' },
    });
  });

  it('says so when nothing matches', () => {
    const block = firstBlock(changesPlan({ cycleId: '2026-Q4', entries: [] }, {}));
    expect(block.values[2]?.[0]).toBe('No changes match.');
  });

  it('reads the filter a person types, and refuses what it cannot read', () => {
    expect(parseChangesFilter('')).toEqual({ ok: true, value: {} });
    expect(
      parseChangesFilter(
        'from=2026-10-01 to=2026-12-31 team="Growth EU" owner=ana@example.com kind=late check-in',
      ),
    ).toEqual({
      ok: true,
      value: {
        from: '2026-10-01',
        to: '2026-12-31',
        team: 'Growth EU',
        owner: 'ana@example.com',
        kind: 'late_check_in',
      },
    });
    expect(parseChangesFilter('from=yesterday')).toEqual({
      ok: false,
      message: 'from must be a date like 2026-10-01, got "yesterday"',
    });
    expect(parseChangesFilter('colour=red')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Unknown filter "colour"/),
    });
    expect(parseChangesFilter('kind=gossip')).toMatchObject({ ok: false });
    expect(parseChangesFilter('from=2026-12-01 to=2026-10-01')).toMatchObject({ ok: false });
    expect(changesQuery({ from: '2026-10-01', kind: 'correction' })).toEqual({
      from: '2026-10-01',
      kind: 'correction',
    });
    expect(describeFilter({})).toBe('all changes');
  });
});

const grades: GradesReport = {
  cycleId: '2026-Q4',
  status: 'closed',
  frozen: true,
  rows: [
    {
      targetType: 'objective',
      objectiveId: 'obj_growth001',
      keyResultId: null,
      title: 'Delight customers',
      owner: 'ana@example.com',
      team: 'Growth',
      kind: 'committed',
      weight: 1,
      computed: 0.77,
      original: 0.8,
      override: null,
      overrideReason: null,
      final: 0.77,
      band: 'green',
      missedCommitment: true,
      flags: [],
      changedBy: ['kr_adoption01 target 75 → 80 (2026-11-02, Beta cohort doubled)'],
      valueSource: null,
    },
    {
      targetType: 'key_result',
      objectiveId: 'obj_growth001',
      keyResultId: 'kr_support01',
      title: 'First response under 12 hours',
      owner: null,
      team: 'Growth',
      kind: null,
      weight: 1,
      computed: 0,
      original: 0,
      override: 0.3,
      overrideReason: 'outage week excluded',
      final: 0.3,
      band: 'red',
      missedCommitment: false,
      flags: ['no check-ins'],
      changedBy: [],
      valueSource: 'manual',
    },
  ],
};

describe('the grades report', () => {
  const plan = gradesPlan(grades);
  const block = firstBlock(plan);

  it('shows the grade that counts beside computed, original and override, with band colours', () => {
    expect(block.values[0]?.[0]).toBe('Quarter-end grades · 2026-Q4 · closed · frozen at close');
    expect(block.values[1]).toEqual([...GRADES_HEADERS]);
    expect(block.values[3]?.slice(0, 14)).toEqual([
      'Key result',
      'First response under 12 hours',
      '',
      'Growth',
      '',
      1,
      0.3,
      0,
      0,
      0.3,
      'outage week excluded',
      'red',
      '',
      'no check-ins',
    ]);
    expect(plan.conditionalFormats.map((rule) => rule.background)).toEqual([
      COLORS.green,
      COLORS.yellow,
      COLORS.red,
    ]);
    expect(plan.numberFormats).toContainEqual({
      range: { row: 3, column: 7, numRows: 2, numColumns: 4 },
      format: '0.00',
    });
  });

  it('calls out a missed commitment and the mid-cycle changes behind a different original grade', () => {
    expect(block.values[2]?.[12]).toBe('yes');
    expect(block.fontColors?.[2]?.[1]).toBe('#c5221f');
    expect(block.notes?.[2]?.[8]).toContain('kr_adoption01 target 75 → 80');
    expect(block.notes?.[3]?.[9]).toBe('Overridden from 0.00: outage week excluded');
  });

  it('charts objective grades', () => {
    expect(plan.blocks[1]?.values).toEqual([
      ['Objective', 'Grade'],
      ['Delight customers', 0.77],
    ]);
    expect(plan.charts[0]).toMatchObject({ kind: 'bar', title: 'Objective grades 2026-Q4' });
  });
});

describe('the grades data behind OKR_GRADE', () => {
  it('replaces one cycle’s grades and keeps the others', () => {
    // Prepare
    const earlier = mergeGradeData([], { ...grades, cycleId: '2026-Q3' }, '2026-10-01T00:00:00.000Z');
    const stale = mergeGradeData(earlier, { ...grades, rows: [] }, '2026-12-01T00:00:00.000Z');

    // Act
    const rows = mergeGradeData(stale, grades, '2027-01-05T00:00:00.000Z');

    // Assess
    expect(rows.map((row) => `${row[0]} ${row[2]}`)).toEqual([
      'cycle id',
      '2026-Q3 obj_growth001',
      '2026-Q3 kr_support01',
      '2026-Q4 obj_growth001',
      '2026-Q4 kr_support01',
    ]);
    expect(lookupGrade(rows, 'kr_support01', '2026-Q4')).toBe(0.3);
    expect(lookupGrade(rows, 'obj_growth001')).toBe(0.77);
    expect(() => lookupGrade(rows, 'kr_unknown001')).toThrow(
      'No grade for kr_unknown001: pull OKR Ledger → Quarter-end grades first',
    );
    expect(() => lookupGrade(rows, 'kr_support01', '2025-Q1')).toThrow(/in cycle 2025-Q1/);
  });
});
