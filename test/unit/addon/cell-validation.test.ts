// Cell validation: text where a number belongs, a missing type, a row without its objective — each a clear
// message naming the column and row, shown on the cell, and only that row held back.
import { describe, expect, it } from 'vitest';
import { readBoolean, readNumber } from '../../../addon/src/core/cells.js';
import { describeIssue } from '../../../addon/src/core/columns.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import { newRow, pulledGrid, rowOf, sampleBoard, sequentialIds, setCell } from './fixtures.js';

describe('reading a number from a cell', () => {
  it.each([
    [42, 42],
    ['42', 42],
    [' 1,234.5 ', 1234.5],
    ['-0.25', -0.25],
    ['1e3', 1000],
    ['', null],
  ])('reads %j as %j', (cell, expected) => {
    expect(readNumber(cell, 'Target')).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['abc', 'Target must be a number, got "abc"'],
    ['75%', 'Target must be a number, got "75%"'],
    ['1.2.3', 'Target must be a number, got "1.2.3"'],
    [true, 'Target must be a number, got true'],
    [new Date('2026-10-01T00:00:00Z'), 'Target must be a number, got the date 2026-10-01'],
  ])('refuses %j', (cell, message) => {
    expect(readNumber(cell, 'Target')).toEqual({ ok: false, message });
  });

  it('reads ticks and yes/no words as done, and refuses anything else', () => {
    expect(readBoolean(true, 'Current value')).toEqual({ ok: true, value: true });
    expect(readBoolean('Done', 'Current value')).toEqual({ ok: true, value: true });
    expect(readBoolean('no', 'Current value')).toEqual({ ok: true, value: false });
    expect(readBoolean('maybe', 'Current value')).toMatchObject({ ok: false });
  });
});

describe('validating the editing sheet', () => {
  it('names the column and row of text in a number column, and holds back only that row', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    const bad = rowOf(values, 'kr_adoption01');
    setCell(values, bad, 'target', 'abc');
    setCell(values, rowOf(values, 'kr_uptime001'), 'title', 'Raise uptime to four nines');

    // Act
    const read = readEditingRows(values);
    const plan = planPush(read, baseline, { cycleStatus: 'planning', ids: sequentialIds() });

    // Assess
    expect(read.issues).toEqual([
      { row: bad, column: 'target', message: 'Target must be a number, got "abc"' },
    ]);
    expect(read.issues.map(describeIssue)).toEqual([`Row ${bad}: Target must be a number, got "abc"`]);
    expect(plan.commands.map((c) => c.command.type)).toEqual(['EditKeyResult']);
    expect(plan.commands[0]?.command).toMatchObject({ keyResultId: 'kr_uptime001' });
    expect(plan.blockedRows).toEqual(new Set([bad]));
  });

  it('asks for a type on a new key result and a kind on a new row', () => {
    // Prepare
    const values = pulledGrid(sampleBoard());
    values.push(
      newRow({ kind: 'Key result', title: 'Grow weekly actives' }),
      newRow({ title: 'Orphan text' }),
    );

    // Act
    const { issues } = readEditingRows(values);

    // Assess
    expect(issues.map((i) => [i.column, i.message])).toEqual([
      ['type', expect.stringMatching(/^Type is required for a key result \(increase, decrease, stay above/)],
      ['kind', 'Row kind must be one of Objective, Key result, Initiative'],
    ]);
  });

  it('refuses a dropdown word it does not know, listing the ones it does', () => {
    const values = pulledGrid(sampleBoard());
    setCell(values, rowOf(values, 'ini_docs0001'), 'type', 'halfway');
    expect(readEditingRows(values).issues[0]?.message).toBe(
      'Status must be one of planned, in progress, done, dropped, got "halfway"',
    );
  });

  it('flags a key result above any objective, cells that do not apply, and bounds', () => {
    // Prepare
    const values = [
      newRow({ kind: 'Key result', title: 'Floating', type: 'increase', start: 1, target: 2 }),
      newRow({ kind: 'Objective', title: 'Grounded', start: 5 }),
      newRow({ kind: 'Key result', title: 'Team on a KR', type: 'binary', team: 'Ops' }),
      newRow({ kind: 'Initiative', title: 'Too far', current: 150 }),
      newRow({ kind: 'Key result', title: 'x'.repeat(201), type: 'increase', weight: -1 }),
    ];

    // Act
    const { issues, invalidRows } = readEditingRows(values);

    // Assess
    expect(issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'kind', 'A key result must sit below its objective row'],
      [4, 'start', 'Start does not apply to objective rows; leave it empty'],
      [5, 'team', 'Team does not apply to key result rows; leave it empty'],
      [6, 'current', 'Current value (percent complete) must be between 0 and 100'],
      [7, 'title', 'Title must be at most 200 characters (it has 201)'],
      [7, 'weight', 'Weight must be between 0 and 1000'],
    ]);
    expect(invalidRows).toEqual(new Set([3, 4, 5, 6, 7]));
  });

  it('refuses a changed row kind on a pulled row', () => {
    const values = pulledGrid(sampleBoard());
    const row = rowOf(values, 'kr_uptime001');
    setCell(values, row, 'kind', 'Initiative');
    expect(readEditingRows(values).issues).toEqual([
      { row, column: 'kind', message: expect.stringMatching(/its Row kind cannot change/) },
    ]);
  });

  it('skips blank rows wherever they are', () => {
    const values = pulledGrid(sampleBoard());
    values.splice(3, 0, newRow({}), newRow({ note: '   ' }));
    expect(readEditingRows(values).issues).toEqual([]);
    expect(readEditingRows(values).rows).toHaveLength(10);
  });
});
