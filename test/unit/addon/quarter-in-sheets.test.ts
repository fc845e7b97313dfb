// The pure core behind "a quarter without leaving Sheets": New cycle defaults and checks, the menu by role,
// grade overrides read from the Grades sheet, the check-in a correction is about and the command it
// becomes, the Members sheet's changes, instants typed in the past dialogs, progress modes read and
// diffed, and the compare sheet's rows and colours.
import type { GradesReport, KeyResultHistory } from '@okr-ledger/api-contract';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../addon/src/core/cells.js';
import { columnIndex } from '../../../addon/src/core/columns.js';
import {
  correctionCommand,
  correctionContext,
  selectedCheckIn,
} from '../../../addon/src/core/corrections.js';
import { newCycleDefaults, parseNewCycleForm } from '../../../addon/src/core/cycle-life.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { gettingStartedPlan } from '../../../addon/src/core/getting-started.js';
import { planOverrides } from '../../../addon/src/core/grade-overrides.js';
import { planMemberChanges } from '../../../addon/src/core/members-sheet.js';
import { HELP_TEXT, menuEntries } from '../../../addon/src/core/menu.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import { comparePlan, type DiffView } from '../../../addon/src/core/reports/compare.js';
import { gradesPlan } from '../../../addon/src/core/reports/grades.js';
import { HISTORY_HEADERS, historyPlan } from '../../../addon/src/core/reports/history.js';
import { parseInstant } from '../../../addon/src/core/reports/past-board.js';
import { COLORS } from '../../../addon/src/core/sheet-plan.js';
import {
  board,
  cycleView,
  firstBlock,
  keyResultView,
  objectiveView,
  pulledGrid,
  sequentialIds,
} from './fixtures.js';

/** Sets one cell of a grid, as a person typing into it. */
function put(values: Cell[][], row: number, column: number, value: Cell): void {
  const cells = values[row];
  if (cells === undefined) throw new Error(`no row ${row}`);
  cells[column] = value;
}

const captions = (role: Parameters<typeof menuEntries>[0]) =>
  menuEntries(role).flatMap((entry) => (entry === 'separator' ? [] : [entry.caption]));

describe('the menu by role', () => {
  it('offers admins the cycle life and members, editors the writes, viewers only reads', () => {
    const adminOnly = ['New cycle…', 'Activate cycle', 'Close cycle…', 'Reopen cycle…', 'Members'];
    const writes = ['Push changes', 'Check in…', 'Correct this check-in…'];
    expect(captions('admin')).toEqual(expect.arrayContaining([...adminOnly, ...writes]));
    expect(captions('editor')).toEqual(expect.arrayContaining(writes));
    expect(captions('editor').filter((c) => adminOnly.includes(c))).toEqual([]);
    expect(captions('viewer').filter((c) => [...adminOnly, ...writes].includes(c))).toEqual([]);
    expect(captions('viewer')).toEqual(
      expect.arrayContaining(['Pull cycle', 'KR history', 'Board as of…', 'Compare two dates…', 'Help']),
    );
  });

  it('has a help text and a Getting started page that name every item of the admin’s menu', () => {
    const page = firstBlock(gettingStartedPlan('acme', 'ana@example.com', 'admin')).values.map(
      (row) => row[0],
    );
    for (const caption of captions('admin')) {
      if (caption !== 'Help') expect(HELP_TEXT, caption).toContain(`${caption}`);
      expect(page, caption).toContain(caption);
    }
  });
});

describe('New cycle', () => {
  it('proposes the quarter after the last cycle, in its time zone, skipping ids that exist', () => {
    const cycles = [
      cycleView({ id: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30' }),
      cycleView({ id: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31', timeZone: 'Asia/Tokyo' }),
      cycleView({ id: '2027-Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' }),
    ];
    expect(newCycleDefaults(cycles, '2026-12-06')).toEqual({
      cycleId: '2027-Q2',
      title: '2027-Q2',
      startsOn: '2027-01-01',
      endsOn: '2027-03-31',
      timeZone: 'Asia/Tokyo',
      existing: ['2026-Q3', '2026-Q4', '2027-Q1'],
    });
  });

  it('keeps a cycle of days as long as the last one, and starts with the current quarter', () => {
    const sprint = cycleView({ id: 'S1', startsOn: '2026-03-10', endsOn: '2026-03-23' });
    expect(newCycleDefaults([sprint], '2026-03-20')).toMatchObject({
      cycleId: 'S1-next',
      startsOn: '2026-03-24',
      endsOn: '2026-04-06',
    });
    expect(newCycleDefaults([], '2026-08-14')).toMatchObject({
      cycleId: '2026-Q3',
      startsOn: '2026-07-01',
      endsOn: '2026-09-30',
    });
  });

  it('names every missing or wrong field before anything is sent', () => {
    expect(
      parseNewCycleForm({ cycleId: '', startsOn: '2027-04-01', endsOn: '2027-03-01', timeZone: '' }),
    ).toEqual({
      ok: false,
      message:
        'Cycle id is required, e.g. 2027-Q1.\nEnds on must not be before Starts on.\nTime zone is required, e.g. Europe/Berlin.',
    });
    expect(
      parseNewCycleForm({ cycleId: 'Q', startsOn: '1/4/2027', endsOn: '2027-03-31', timeZone: 'UTC' }),
    ).toMatchObject({
      ok: false,
      message: 'Starts on must be a date like 2027-01-01.',
    });
  });
});

describe('grade overrides typed in the Grades sheet', () => {
  const report: GradesReport = {
    cycleId: '2026-Q4',
    status: 'closed',
    frozen: true,
    rows: [
      {
        targetType: 'objective',
        objectiveId: 'obj_growth001',
        keyResultId: null,
        title: 'Grow',
        owner: null,
        team: null,
        kind: 'aspirational',
        weight: 1,
        computed: 0.6,
        original: 0.6,
        override: null,
        overrideReason: null,
        final: 0.6,
        band: 'yellow',
        missedCommitment: false,
        flags: [],
        changedBy: [],
        valueSource: null,
      },
      {
        targetType: 'key_result',
        objectiveId: 'obj_growth001',
        keyResultId: 'kr_adoption01',
        title: 'Adoption',
        owner: null,
        team: null,
        kind: null,
        weight: 1,
        computed: 0.5,
        original: 0.5,
        override: 0.7,
        overrideReason: 'Late data',
        final: 0.7,
        band: 'green',
        missedCommitment: false,
        flags: [],
        changedBy: [],
        valueSource: 'manual',
      },
    ],
  };
  const sheet = (edit: (values: Cell[][]) => void) => {
    const values = firstBlock(gradesPlan(report)).values.map((row) => [...row]);
    edit(values);
    return values;
  };

  it('sends an override with its reason for the objective, and nothing for rows as the server has them', () => {
    const plan = planOverrides(
      sheet((v) => {
        put(v, 2, 9, 0.8);
        put(v, 2, 10, 'Launched a week after close');
      }),
      report,
    );
    expect(plan.issues).toEqual([]);
    expect(plan.overrides.map((o) => o.command)).toEqual([
      expect.objectContaining({
        type: 'OverrideGrade',
        objectiveId: 'obj_growth001',
        targetType: 'objective',
        targetId: 'obj_growth001',
        grade: 0.8,
        reason: 'Launched a week after close',
      }),
    ]);
  });

  it('refuses an override without a reason or outside 0–1, naming the row', () => {
    const plan = planOverrides(
      sheet((v) => {
        put(v, 2, 9, 0.8);
        put(v, 3, 9, 1.5);
      }),
      report,
    );
    expect(plan.overrides).toEqual([]);
    expect(plan.issues).toEqual([
      { row: 3, message: 'Override of “Grow” needs a reason in Override reason' },
      { row: 4, message: 'Override must be between 0 and 1, got 1.5' },
    ]);
  });
});

describe('Correct this check-in', () => {
  const history: KeyResultHistory = {
    keyResultId: 'kr_adoption01',
    objectiveId: 'obj_growth001',
    title: 'Adoption',
    type: 'increase',
    unit: '%',
    entries: [
      {
        version: 3,
        eventType: 'CheckInRecorded',
        recordedAt: '2026-11-02T09:00:00Z',
        recordedBy: { sub: 's', email: 'ana@example.com' },
        effectiveAt: '2026-11-01T12:00:00Z',
        summary: 'value 58',
        changes: [],
        value: 58,
        done: null,
        confidence: null,
        note: 'n',
        reason: null,
        midCycle: false,
        checkInId: 'chk_first0001',
        corrects: null,
        correctedBy: null,
        source: { kind: 'manual' },
      },
    ],
  };
  const values = firstBlock(historyPlan(history)).values;

  it('finds the selected check-in on the history sheet, and refuses any other row', () => {
    expect(selectedCheckIn(values, 3)).toEqual({
      ok: true,
      value: { keyResultId: 'kr_adoption01', checkInId: 'chk_first0001' },
    });
    expect(selectedCheckIn(values, 2).ok).toBe(false);
    const corrected = values.map((row) => [...row]);
    put(corrected, 2, HISTORY_HEADERS.indexOf('Corrected by'), 'chk_fix000001');
    expect(selectedCheckIn(corrected, 3)).toMatchObject({
      ok: false,
      message: expect.stringContaining('already corrected by chk_fix000001'),
    });
  });

  it('becomes one CorrectCheckIn naming the original, with the same ids when sent twice', () => {
    const context = correctionContext(history, { keyResultId: 'kr_adoption01', checkInId: 'chk_first0001' });
    if (!context.ok) throw new Error(context.message);
    const form = { value: '61', note: 'Recounted', reason: 'The export missed a region' };
    const first = correctionCommand(context.value, 'obj_growth001', form);
    expect(first).toMatchObject({
      ok: true,
      value: {
        type: 'CorrectCheckIn',
        correctsCheckInId: 'chk_first0001',
        value: 61,
        note: 'Recounted',
        reason: 'The export missed a region',
      },
    });
    expect(correctionCommand(context.value, 'obj_growth001', form)).toEqual(first);
    expect(correctionCommand(context.value, 'obj_growth001', { value: '61', reason: ' ' })).toEqual({
      ok: false,
      message: 'A correction needs a reason.',
    });
  });
});

describe('the Members sheet', () => {
  const current = [
    { email: 'admin@example.com', role: 'admin' as const, signedIn: true },
    { email: 'editor@example.com', role: 'editor' as const, signedIn: false },
  ];

  it('adds new emails, changes roles, removes on "remove", and reports what it cannot read', () => {
    const values: Cell[][] = [
      ['title'],
      ['Email', 'Role'],
      ['admin@example.com', 'admin'],
      ['editor@example.com', 'viewer'],
      ['New.Person@example.com', 'editor'],
      ['gone@example.com', 'remove'],
      ['not-an-email', 'viewer'],
      ['other@example.com', 'owner'],
    ];
    const plan = planMemberChanges(values, current);
    expect(plan.changes).toEqual([
      { kind: 'put', row: 4, email: 'editor@example.com', role: 'viewer', added: false },
      { kind: 'put', row: 5, email: 'new.person@example.com', role: 'editor', added: true },
    ]);
    expect(plan.issues.map((issue) => issue.row)).toEqual([7, 8]);
  });
});

describe('instants typed in the past dialogs', () => {
  it('reads ISO instants with a zone, and a bare date as the end of that day in UTC', () => {
    expect(parseInstant('2026-11-01T13:00:00+01:00', 'As of')).toEqual({
      ok: true,
      value: '2026-11-01T12:00:00.000Z',
    });
    expect(parseInstant('2026-11-01', 'As of')).toEqual({ ok: true, value: '2026-11-01T23:59:59.999Z' });
    expect(parseInstant('yesterday', 'From')).toMatchObject({
      ok: false,
      message: expect.stringContaining('From must be a date and time'),
    });
  });
});

describe('progress modes in the editing sheet', () => {
  it('sends a mode picked in the dropdown as a definition edit with its blend share, and nothing for a blank cell', () => {
    const pulled = board(
      [objectiveView('obj_growth001', { keyResults: [keyResultView('kr_adoption01', 'obj_growth001')] })],
      { status: 'planning' },
    );
    const grid = pulledGrid(pulled);
    put(grid, 0, columnIndex('progressFrom'), 'blended');
    put(grid, 0, columnIndex('blendShare'), 0.25);
    put(grid, 1, columnIndex('progressFrom'), '');
    const read = readEditingRows(grid);
    const plan = planPush(read, pulled, { cycleStatus: 'planning', ids: sequentialIds() });
    expect(plan.commands.map((c) => c.command)).toEqual([
      expect.objectContaining({
        type: 'EditObjective',
        changes: { progressMode: 'blended', blendShare: 0.25 },
      }),
    ]);
  });
});

describe('the compare sheet', () => {
  it('shows progress before → after per KR with the change coloured and definition changes with their reasons', () => {
    const kr = (progress: number, target: number) =>
      keyResultView('kr_adoption01', 'obj_growth001', { progress, score: progress, target });
    const before = board([objectiveView('obj_growth001', { progress: 0.3, keyResults: [kr(0.3, 75)] })]);
    const after = board([objectiveView('obj_growth001', { progress: 0.2, keyResults: [kr(0.2, 90)] })]);
    const diff: DiffView = {
      cycleId: '2026-Q4',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      objectives: [
        {
          objectiveId: 'obj_growth001',
          title: 'Grow',
          created: false,
          objective: [],
          keyResults: {
            added: [],
            removed: [],
            changed: [
              {
                keyResultId: 'kr_adoption01',
                title: 'A',
                changes: [{ field: 'target', before: 75, after: 90 }],
              },
            ],
          },
          checkInsAdded: [],
          overrides: [],
        },
      ],
    };
    const changes = {
      cycleId: '2026-Q4',
      entries: [
        {
          id: 'a1',
          kind: 'definition_change' as const,
          at: '2026-11-10T00:00:00Z',
          by: { sub: 's', email: 'ana@example.com' },
          objectiveId: 'obj_growth001',
          objectiveTitle: 'Grow',
          keyResultId: 'kr_adoption01',
          keyResultTitle: 'A',
          team: null,
          owner: null,
          field: 'target',
          before: 75,
          after: 90,
          reason: 'Raised the bar',
        },
      ],
    };
    const block = firstBlock(comparePlan({ diff, before, after, changes }));
    const row = block.values[3];
    expect(row?.slice(2, 8)).toEqual([
      0.3,
      0.2,
      expect.closeTo(-0.1, 10),
      'target: 75 → 90',
      'Raised the bar',
      'ana@example.com',
    ]);
    expect(block.backgrounds?.[3]?.[4]).toBe(COLORS.red);
    expect(block.backgrounds?.[3]?.[5]).toBe(COLORS.midCycle);
  });
});
