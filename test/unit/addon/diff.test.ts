// The diff of a push: exactly the commands the edits call for — new rows → create/add with fresh ids,
// changed cells → edits carrying only those fields, a changed current value → a check-in — and a definition
// change without a reason in an active cycle caught before sending.
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../addon/src/core/cells.js';
import { DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import {
  type board,
  cellAt,
  newRow,
  pulledGrid,
  rowOf,
  sampleBoard,
  sequentialIds,
  setCell,
} from './fixtures.js';

type Board = ReturnType<typeof board>;

function push(values: Cell[][], baseline: Board) {
  return planPush(readEditingRows(values), baseline, {
    cycleStatus: baseline.cycle.status,
    ids: sequentialIds(),
  });
}

function commandsOf(values: Cell[][], baseline: Board): ObjectiveCommand[] {
  return push(values, baseline).commands.map((planned) => planned.command);
}

describe('new rows', () => {
  function newObjectiveWithThreeKeyResults(reason: string): Cell[][] {
    const values = pulledGrid(sampleBoard({ status: 'planning' }));
    values.push(
      newRow({
        kind: 'Objective',
        title: 'Make onboarding effortless',
        owner: 'cy@example.com',
        team: 'Onboarding',
        reason,
      }),
      newRow({
        kind: 'Key result',
        title: 'Raise activation',
        type: 'increase',
        start: 30,
        target: 45,
        unit: '%',
      }),
      newRow({
        kind: 'Key result',
        title: 'Cut time to first value',
        type: 'decrease',
        start: 10,
        target: 4,
        unit: 'days',
        weight: 2,
      }),
      newRow({
        kind: 'KR',
        title: 'Keep churn below 2%',
        type: 'stay below',
        threshold: 2,
        unit: '%',
        current: 1.8,
      }),
    );
    return values;
  }

  it('creates a new objective with three key results, minting every id and command id', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = newObjectiveWithThreeKeyResults('');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands.map((c) => c.type)).toEqual([
      'CreateObjective',
      'AddKeyResult',
      'AddKeyResult',
      'AddKeyResult',
      'RecordCheckIn',
    ]);
    const [create, first, second, third, checkIn] = commands;
    expect(create).toMatchObject({
      type: 'CreateObjective',
      objectiveId: 'obj_test0001',
      definition: {
        title: 'Make onboarding effortless',
        owner: 'cy@example.com',
        team: 'Onboarding',
        kind: 'aspirational',
        weight: 1,
        progressMode: 'key_results',
      },
    });
    expect(create).not.toHaveProperty('expectedVersion');
    for (const added of [first, second, third]) expect(added).toMatchObject({ objectiveId: 'obj_test0001' });
    expect(first).toMatchObject({
      keyResultId: expect.stringMatching(/^kr_test\d{4}$/),
      definition: {
        title: 'Raise activation',
        type: 'increase',
        start: 30,
        target: 45,
        unit: '%',
        weight: 1,
        milestones: [],
      },
    });
    expect(second).toMatchObject({ definition: { type: 'decrease', start: 10, target: 4, weight: 2 } });
    expect(third).toMatchObject({
      definition: { type: 'stay_below', threshold: 2, start: null, target: null },
    });
    expect(checkIn).toMatchObject({
      type: 'RecordCheckIn',
      value: 1.8,
      keyResultId: (third as { keyResultId: string }).keyResultId,
    });
    const ids = commands.map((c) => c.commandId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^cmd_[A-Za-z0-9_-]{8,40}$/.test(id))).toBe(true);
  });

  it('holds back a whole new objective whose key results lack a reason while the cycle is active', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = newObjectiveWithThreeKeyResults('');
    const objectiveRow = DATA_START_ROW + values.length - 4;

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues.filter((i) => i.column === 'reason').map((i) => i.row)).toEqual([
      objectiveRow + 1,
      objectiveRow + 2,
      objectiveRow + 3,
    ]);
    expect(plan.issues.find((i) => i.row === objectiveRow)?.message).toMatch(/^Not sent: fix rows/);
    expect([...plan.blockedRows].sort()).toEqual([
      objectiveRow,
      objectiveRow + 1,
      objectiveRow + 2,
      objectiveRow + 3,
    ]);
  });

  it('lets the objective row’s reason cover its key results', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = newObjectiveWithThreeKeyResults('Q4 focus on onboarding');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    const added = commands.filter((c) => c.type === 'AddKeyResult');
    expect(added).toHaveLength(3);
    for (const command of added) expect(command).toMatchObject({ reason: 'Q4 focus on onboarding' });
  });

  it('adds a key result and an initiative under an existing objective, with its version', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    const at = rowOf(values, 'obj_quality01') - DATA_START_ROW + 2;
    values.splice(
      at,
      0,
      newRow({ kind: 'Key result', title: 'Halve incident count', type: 'decrease', start: 8, target: 4 }),
      newRow({ kind: 'Initiative', title: 'Chaos drills', type: 'in progress', current: 10 }),
    );

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      expect.objectContaining({ type: 'AddKeyResult', objectiveId: 'obj_quality01', expectedVersion: 3 }),
      expect.objectContaining({
        type: 'AddInitiative',
        objectiveId: 'obj_quality01',
        expectedVersion: 3,
        initiativeId: expect.stringMatching(/^ini_/),
        keyResultId: null,
        title: 'Chaos drills',
        status: 'in_progress',
        percentComplete: 10,
      }),
    ]);
  });
});

describe('changed cells', () => {
  it('edits an objective title with only that field and the pulled version', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'obj_growth001'), 'title', 'Delight every customer');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      type: 'EditObjective',
      objectiveId: 'obj_growth001',
      expectedVersion: 7,
      changes: { title: 'Delight every customer' },
    });
    expect(Object.keys((commands[0] as { changes: object }).changes)).toEqual(['title']);
    expect(commands[0]).not.toHaveProperty('reason');
  });

  it('catches a target edit without a reason in an active cycle, on the row, and sends nothing for it', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'target', 80);

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([
      {
        row,
        column: 'reason',
        message:
          'Reason for change is required while the cycle is active: changing target is a mid-cycle change',
      },
    ]);
    expect(plan.blockedRows.has(row)).toBe(true);
  });

  it('sends a target edit with its reason in an active cycle', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'target', 80);
    setCell(values, row, 'reason', 'Beta cohort doubled');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      {
        type: 'EditKeyResult',
        commandId: 'cmd_test0001',
        expectedVersion: 7,
        objectiveId: 'obj_growth001',
        keyResultId: 'kr_adoption01',
        changes: { target: 80 },
        reason: 'Beta cohort doubled',
      },
    ]);
  });

  it('sends a target edit without a reason while the cycle is planning', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'kr_adoption01'), 'target', 80);

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([expect.objectContaining({ type: 'EditKeyResult', changes: { target: 80 } })]);
  });

  it('turns a changed current value into a check-in, which needs no reason and no version', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'current', 62);
    setCell(values, row, 'note', 'Cohort 3 converted');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      {
        type: 'RecordCheckIn',
        commandId: 'cmd_test0001',
        objectiveId: 'obj_growth001',
        keyResultId: 'kr_adoption01',
        checkInId: 'chk_test0002',
        value: 62,
        confidence: null,
        note: 'Cohort 3 converted',
      },
    ]);
  });

  it('checks in a confidence change with the current value, and a ticked binary key result as done', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'kr_support01'), 'confidence', 'off track');
    setCell(values, rowOf(values, 'kr_launch001'), 'current', true);

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      expect.objectContaining({
        type: 'RecordCheckIn',
        keyResultId: 'kr_support01',
        value: 12,
        confidence: 'off_track',
      }),
      expect.objectContaining({
        type: 'RecordCheckIn',
        keyResultId: 'kr_launch001',
        done: true,
        confidence: null,
      }),
    ]);
  });

  it('updates an initiative’s status alone', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'ini_docs0001'), 'type', 'Done');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      {
        type: 'UpdateInitiative',
        commandId: 'cmd_test0001',
        expectedVersion: 7,
        objectiveId: 'obj_growth001',
        initiativeId: 'ini_docs0001',
        changes: { status: 'done' },
      },
    ]);
  });

  it('removes a key result and archives an objective only when asked, with reasons', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    const kr = rowOf(values, 'kr_support01');
    setCell(values, kr, 'type', 'removed');
    setCell(values, kr, 'reason', 'Folded into uptime');
    const objective = rowOf(values, 'obj_quality01');
    setCell(values, objective, 'type', 'archived');
    setCell(values, objective, 'reason', 'Merged with growth');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      expect.objectContaining({
        type: 'RemoveKeyResult',
        keyResultId: 'kr_support01',
        reason: 'Folded into uptime',
      }),
      expect.objectContaining({
        type: 'ArchiveObjective',
        objectiveId: 'obj_quality01',
        expectedVersion: 3,
        reason: 'Merged with growth',
      }),
    ]);
  });

  it('removes nothing for a deleted row, and counts it as missing', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    values.splice(rowOf(values, 'ini_docs0001') - DATA_START_ROW, 1);

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.missingRows).toBe(1);
  });

  it('keeps milestone progress read-only in the sheet', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_mstone001');
    expect(cellAt(values, row, 'current')).toBe('2 of 3 done');
    setCell(values, row, 'current', '3 of 3 done');

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([
      { row, column: 'current', message: expect.stringContaining('from the sidebar') },
    ]);
  });

  it('refuses rows whose ids are not in the last pull', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'kr_uptime001'), 'id', 'kr_elsewhere1');

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues[0]?.message).toMatch(/not in the last pull of this cycle; pull the cycle again/);
  });
});
