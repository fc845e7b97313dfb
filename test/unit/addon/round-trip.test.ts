// Board → rows → model → board: a pulled sheet reads back as exactly the board it came from, and a push
// of an untouched sheet sends nothing.
import { describe, expect, it } from 'vitest';
import {
  columnIndex,
  columnNumber,
  DATA_START_ROW,
  EDITING_COLUMNS,
} from '../../../addon/src/core/columns.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { editingSheetPlan, pulledSources, SPARE_ROWS } from '../../../addon/src/core/editing-sheet.js';
import { boardToModel } from '../../../addon/src/core/model.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import { columnLetter } from '../../../addon/src/core/sheet-plan.js';
import { decodeSnapshot, encodeSnapshot, snapshotPlan } from '../../../addon/src/core/snapshot.js';
import {
  board,
  cellAt,
  firstBlock,
  keyResultView,
  objectiveView,
  pulledGrid,
  rowOf,
  sampleBoard,
  sequentialIds,
} from './fixtures.js';

describe('board → rows → board', () => {
  it('reads a pulled sheet back as the model of the board it came from', () => {
    // Prepare
    const pulled = sampleBoard();

    // Act
    const read = readEditingRows(pulledGrid(pulled));

    // Assess
    expect(read.issues).toEqual([]);
    expect(read.model).toEqual(boardToModel(pulled));
    expect(read.model.groups.map((group) => group.objective.id)).toEqual(['obj_growth001', 'obj_quality01']);
    expect(read.model.groups[0]?.keyResults.map((kr) => kr.id)).toEqual([
      'kr_adoption01',
      'kr_onboard001',
      'kr_support01',
      'kr_launch001',
      'kr_mstone001',
    ]);
  });

  it('keeps every value a person can edit, typed as the domain types it', () => {
    // Prepare
    const pulled = sampleBoard();

    // Act
    const [growth] = readEditingRows(pulledGrid(pulled)).model.groups;

    // Assess
    expect(growth?.objective).toMatchObject({
      title: 'Delight customers obj_growth001',
      team: 'Growth',
      weight: 1,
    });
    expect(growth?.keyResults[1]).toMatchObject({
      type: 'decrease',
      start: 24,
      target: 9,
      unit: 'days',
      current: 12,
      owner: null,
      confidence: 'at_risk',
    });
    expect(growth?.keyResults[3]).toMatchObject({ type: 'binary', done: false, current: null });
    expect(growth?.keyResults[4]).toMatchObject({ type: 'milestone', milestonesText: '2 of 3 done' });
    expect(growth?.initiatives[0]).toMatchObject({ status: 'in_progress', percentComplete: 40 });
  });

  it('sends nothing when nothing changed', () => {
    // Prepare
    const pulled = sampleBoard();
    const ids = sequentialIds();

    // Act
    const plan = planPush(readEditingRows(pulledGrid(pulled)), pulled, { cycleStatus: 'active', ids });

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([]);
    expect(plan.missingRows).toBe(0);
    expect(ids.count()).toBe(0);
  });

  it('leaves archived objectives and removed key results out of the sheet', () => {
    // Prepare
    const pulled = board([
      objectiveView('obj_archived1', { archived: true }),
      objectiveView('obj_live00001', {
        keyResults: [],
        initiatives: [],
      }),
    ]);
    pulled.objectives[1]?.keyResults.push(keyResultView('kr_removed001', 'obj_live00001', { removed: true }));

    // Act
    const values = pulledGrid(pulled);

    // Assess
    expect(
      values.filter((row) => row[columnIndex('id')] !== '').map((row) => row[columnIndex('id')]),
    ).toEqual(['obj_live00001']);
  });
});

describe('the editing sheet layout', () => {
  const pulled = sampleBoard();
  const plan = editingSheetPlan(pulled, pulledSources(pulled));
  const block = firstBlock(plan);
  const values = pulledGrid(pulled);

  it('writes the whole sheet as one block: banner, headers, rows, spare rows', () => {
    expect(plan.blocks).toHaveLength(1);
    expect(block.values).toHaveLength(DATA_START_ROW - 1 + 10 + SPARE_ROWS);
    expect(block.values[1]).toEqual(EDITING_COLUMNS.map((spec) => spec.header));
    expect(String(block.values[0]?.[0])).toContain('2026-Q4');
    expect(block.values.every((row) => row.length === EDITING_COLUMNS.length)).toBe(true);
  });

  it('groups key results and initiatives under their objective row', () => {
    expect(plan.rowGroups).toEqual([
      { row: 4, count: 7 },
      { row: 12, count: 1 },
    ]);
    expect(cellAt(values, 3, 'kind')).toBe('Objective');
    expect(cellAt(values, 4, 'kind')).toBe('Key result');
    expect(cellAt(values, 9, 'kind')).toBe('Initiative');
  });

  it('hides id, parent and version, and protects computed columns', () => {
    expect(plan.hiddenColumns).toEqual([{ column: columnNumber('id'), count: 3 }]);
    const protectedColumns = plan.protections.map((p) => p.range.column);
    for (const key of ['progress', 'bar', 'score', 'status', 'lint', 'id', 'parent', 'version'] as const) {
      expect(protectedColumns).toContain(columnNumber(key));
    }
    expect(plan.protections.every((p) => p.warningOnly)).toBe(true);
    expect(cellAt(values, rowOf(values, 'kr_onboard001'), 'parent')).toBe('obj_growth001');
    expect(cellAt(values, rowOf(values, 'kr_onboard001'), 'version')).toBe(7);
  });

  it('draws progress as a bar from the progress cell and shows confidence with its source', () => {
    const row = rowOf(values, 'kr_onboard001');
    expect(cellAt(values, row, 'progress')).toBe(0.8);
    expect(cellAt(values, row, 'score')).toBe(0.8);
    expect(cellAt(values, row, 'bar')).toMatch(
      new RegExp(`^=IF\\(ISNUMBER\\(${columnLetter(columnNumber('progress'))}${row}\\),SPARKLINE\\(`),
    );
    expect(cellAt(values, row, 'status')).toBe('at risk (set)');
    expect(cellAt(values, rowOf(values, 'kr_adoption01'), 'status')).toBe('on track (derived)');
  });

  it('puts lint findings as notes, with their hint, on the cell they concern', () => {
    const row = rowOf(values, 'kr_onboard001');
    const notes = block.notes?.[row - 1];
    expect(notes?.[columnIndex('owner')]).toContain('This key result has no owner');
    expect(notes?.[columnIndex('owner')]).toContain('Hint: Name the person who answers for it');
    expect(cellAt(values, row, 'lint')).toBe('1 finding: kr-no-owner');
  });

  it('offers dropdowns by row kind and a checkbox for a binary key result', () => {
    const binaryRow = rowOf(values, 'kr_launch001');
    const rules = block.validations?.[binaryRow - 1];
    expect(rules?.[columnIndex('current')]).toEqual({ type: 'checkbox' });
    expect(rules?.[columnIndex('type')]).toMatchObject({
      type: 'list',
      values: expect.arrayContaining(['stay above', 'removed']),
    });
    const objectiveRules = block.validations?.[2];
    expect(objectiveRules?.[columnIndex('type')]).toMatchObject({
      values: ['committed', 'aspirational', 'archived'],
    });
    expect(objectiveRules?.[columnIndex('kind')]).toMatchObject({
      values: ['Objective', 'Key result', 'Initiative'],
    });
  });
});

describe('the last-pull data sheet', () => {
  it('encodes a board into rows and decodes the same board', () => {
    // Prepare
    const pulled = sampleBoard();

    // Act
    const decoded = decodeSnapshot(encodeSnapshot(pulled));

    // Assess
    expect(decoded).toEqual(pulled);
  });

  it('is a hidden sheet written as one block of plain text', () => {
    const plan = snapshotPlan(sampleBoard());
    expect(plan.hidden).toBe(true);
    expect(plan.blocks).toHaveLength(1);
    expect(plan.numberFormats[0]?.format).toBe('@');
  });

  it('treats an empty sheet as never pulled and refuses a damaged one', () => {
    expect(decodeSnapshot([])).toBeNull();
    expect(() => decodeSnapshot([['board', '2026-Q4', '', '{not json']])).toThrow(/pull the cycle again/);
  });
});
