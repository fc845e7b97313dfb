// An initiative row names the KR it serves in "Serves KR" (a dropdown of its objective's KR titles): the
// pull shows the title, a changed cell becomes UpdateInitiative `changes.keyResultId`, a new row sends it
// in AddInitiative (even for a KR added in the same push), and a title the objective lacks is refused.
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../addon/src/core/cells.js';
import { columnIndex, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { editingSheetPlan, pulledSources } from '../../../addon/src/core/editing-sheet.js';
import { readEditingRows } from '../../../addon/src/core/read-sheet.js';
import {
  type board,
  cellAt,
  firstBlock,
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

describe('Serves KR on initiative rows', () => {
  it('pulls the title of the served key result, with a dropdown of the objective’s key results', () => {
    // Prepare
    const baseline = sampleBoard();

    // Act
    const plan = editingSheetPlan(baseline, pulledSources(baseline));

    // Assess
    const values = firstBlock(plan).values.slice(DATA_START_ROW - 1);
    const served = rowOf(values, 'ini_survey001');
    expect(cellAt(values, served, 'servesKr')).toBe('Reach outcome kr_adoption01');
    expect(cellAt(values, rowOf(values, 'ini_docs0001'), 'servesKr')).toBe('');
    expect(firstBlock(plan).validations?.[served - 1]?.[columnIndex('servesKr')]).toEqual({
      type: 'list',
      values: baseline.objectives[0]?.keyResults.map((kr) => kr.title),
      strict: false,
    });
    expect(push(pulledGrid(baseline), baseline).commands).toEqual([]);
  });

  it('links, relinks and unlinks existing initiatives with UpdateInitiative', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    setCell(values, rowOf(values, 'ini_docs0001'), 'servesKr', 'cut median onboarding days');
    setCell(values, rowOf(values, 'ini_survey001'), 'servesKr', '');

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.issues).toEqual([]);
    expect(plan.commands.map((planned) => [planned.command, planned.columns])).toEqual([
      [
        expect.objectContaining({
          type: 'UpdateInitiative',
          initiativeId: 'ini_survey001',
          expectedVersion: 7,
          changes: { keyResultId: null },
        }),
        ['servesKr'],
      ],
      [
        expect.objectContaining({
          type: 'UpdateInitiative',
          initiativeId: 'ini_docs0001',
          changes: { keyResultId: 'kr_onboard001' },
        }),
        ['servesKr'],
      ],
    ]);
  });

  it('sends a new initiative with the id of a key result added in the same push', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    values.push(
      newRow({ kind: 'Objective', title: 'Make onboarding effortless' }),
      newRow({ kind: 'Key result', title: 'Raise activation', type: 'increase', start: 30, target: 45 }),
      newRow({ kind: 'Initiative', title: 'Guided setup', servesKr: 'Raise activation' }),
      newRow({ kind: 'Initiative', title: 'Onboarding survey' }),
    );

    // Act
    const commands = push(values, baseline).commands.map((planned) => planned.command);

    // Assess
    const added = commands.find((command) => command.type === 'AddKeyResult');
    expect(added).toBeDefined();
    const keyResultId = added?.type === 'AddKeyResult' ? added.keyResultId : '';
    expect(commands.filter((command) => command.type === 'AddInitiative')).toEqual([
      expect.objectContaining({ title: 'Guided setup', keyResultId }),
      expect.objectContaining({ title: 'Onboarding survey', keyResultId: null }),
    ]);
  });

  it('refuses a title its objective does not have, on the cell', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'ini_docs0001');
    setCell(values, row, 'servesKr', 'Raise uptime');

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([
      {
        row,
        column: 'servesKr',
        message:
          'Serves KR: this objective has no key result titled "Raise uptime"; pick one from the dropdown or leave it empty',
      },
    ]);
  });

  it('is only for initiative rows', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_uptime001');
    setCell(values, row, 'servesKr', 'Raise uptime');

    // Act
    const read = readEditingRows(values);

    // Assess
    expect(read.issues).toEqual([
      { row, column: 'servesKr', message: 'Serves KR does not apply to key result rows; leave it empty' },
    ]);
  });
});
