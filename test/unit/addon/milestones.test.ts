// Milestone KRs in the editing sheet: one "Milestones" cell ("Design approved; Pilot built ×2", done ones
// marked ✓ for display) that pulls, reads back unchanged, adds a milestone KR with fresh ids, edits one
// keeping the ids of unchanged titles, and refuses what the domain would refuse with a message on the cell.
import type { ObjectiveCommand } from '@okr-ledger/okr-domain';
import { idPattern, ObjectiveCommandSchema } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { columnForPath } from '../../../addon/src/core/apply-results.js';
import type { Cell } from '../../../addon/src/core/cells.js';
import { DATA_START_ROW, describeIssue } from '../../../addon/src/core/columns.js';
import { planPush } from '../../../addon/src/core/diff.js';
import { fingerprintIds, type IdSource } from '../../../addon/src/core/ids.js';
import { formatMilestones, parseMilestones } from '../../../addon/src/core/milestones.js';
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

function push(values: Cell[][], baseline: Board, ids: IdSource = sequentialIds()) {
  return planPush(readEditingRows(values), baseline, { cycleStatus: baseline.cycle.status, ids });
}

function commandsOf(values: Cell[][], baseline: Board, ids?: IdSource): ObjectiveCommand[] {
  return push(values, baseline, ids).commands.map((planned) => planned.command);
}

/** A pulled sheet with a new milestone KR typed on the row below the existing one, in the same objective. */
function withNewMilestoneKeyResult(baseline: Board, milestones: string): { values: Cell[][]; row: number } {
  const values = pulledGrid(baseline);
  const row = rowOf(values, 'kr_mstone001') + 1;
  values.splice(
    row - DATA_START_ROW,
    0,
    newRow({ kind: 'Key result', title: 'Pilot launched in 3 regions', type: 'milestone', milestones }),
  );
  return { values, row };
}

describe('the Milestones cell', () => {
  it('pulls a milestone key result as its titles in order, done ones marked, weights as ×N', () => {
    // Prepare
    const baseline = sampleBoard();
    const growth = baseline.objectives[0];
    const pricing = growth?.keyResults.find((kr) => kr.id === 'kr_mstone001');
    if (pricing === undefined) throw new Error('fixture without a milestone KR');
    pricing.milestones = pricing.milestones.map((m) => (m.title === 'Ship' ? { ...m, weight: 2 } : m));

    // Act
    const values = pulledGrid(baseline);

    // Assess
    const row = rowOf(values, 'kr_mstone001');
    expect(cellAt(values, row, 'milestones')).toBe('✓ Draft; ✓ Review; Ship ×2');
    expect(cellAt(values, row, 'current')).toBe('2 of 3 done');
    expect(cellAt(values, rowOf(values, 'kr_adoption01'), 'milestones')).toBe('');
  });

  it('reads back what it wrote, so an untouched pull sends nothing', () => {
    // Prepare
    const baseline = sampleBoard();
    const values = pulledGrid(baseline);

    // Act
    const read = readEditingRows(values);
    const plan = push(values, baseline);

    // Assess
    expect(read.model.groups[0]?.keyResults[4]?.milestones).toEqual([
      { title: 'Draft', weight: 1 },
      { title: 'Review', weight: 1 },
      { title: 'Ship', weight: 1 },
    ]);
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([]);
  });

  it('parses separators, weight suffixes and the display-only done mark', () => {
    // Act
    const parsed = parseMilestones(' ✓ Design approved ;Pilot built x3; ✔ Pilot live × 1.5;\nRollout X2 ; ');

    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: [
        { title: 'Design approved', weight: 1 },
        { title: 'Pilot built', weight: 3 },
        { title: 'Pilot live', weight: 1.5 },
        { title: 'Rollout', weight: 2 },
      ],
    });
    expect(parseMilestones('Sign with Company X; Box')).toEqual({
      ok: true,
      value: [
        { title: 'Sign with Company X', weight: 1 },
        { title: 'Box', weight: 1 },
      ],
    });
    expect(
      formatMilestones([
        { title: 'Design approved', weight: 1, done: true },
        { title: 'Pilot live', weight: 2, done: false },
      ]),
    ).toBe('✓ Design approved; Pilot live ×2');
  });
});

describe('pushing milestones', () => {
  it('adds a new milestone key result with its milestones and fresh ids', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const { values, row } = withNewMilestoneKeyResult(
      baseline,
      'Design approved; Pilot built; Pilot live ×2',
    );

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.issues).toEqual([]);
    expect(plan.commands).toHaveLength(1);
    expect(plan.commands[0]).toMatchObject({ row, columns: expect.arrayContaining(['milestones']) });
    expect(plan.commands[0]?.command).toMatchObject({
      type: 'AddKeyResult',
      objectiveId: 'obj_growth001',
      definition: {
        type: 'milestone',
        milestones: [
          { id: 'ms_test0001', title: 'Design approved', weight: 1 },
          { id: 'ms_test0002', title: 'Pilot built', weight: 1 },
          { id: 'ms_test0003', title: 'Pilot live', weight: 2 },
        ],
      },
    });
  });

  it('mints milestone ids the way it mints every id: valid, distinct and the same on a retried push', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const { values } = withNewMilestoneKeyResult(baseline, 'Pilot built; Pilot built; Pilot live');

    // Act
    const first = commandsOf(values, baseline, fingerprintIds(baseline));
    const again = commandsOf(values, baseline, fingerprintIds(baseline));

    // Assess
    const added = first[0];
    if (added?.type !== 'AddKeyResult') throw new Error(`expected AddKeyResult, got ${added?.type}`);
    const ids = added.definition.milestones.map((milestone) => milestone.id);
    for (const id of ids) expect(id).toMatch(idPattern('ms'));
    expect(new Set(ids).size).toBe(3);
    expect(again).toEqual(first);
    expect(ObjectiveCommandSchema.safeParse(added).success).toBe(true);
  });

  it('edits milestones keeping the ids of unchanged titles, in order, with new ids for new titles', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_mstone001');
    setCell(values, row, 'milestones', '✓ Draft; Legal review; ✓ Review; Ship ×2');

    // Act
    const commands = commandsOf(values, baseline);

    // Assess
    expect(commands).toEqual([
      expect.objectContaining({
        type: 'EditKeyResult',
        keyResultId: 'kr_mstone001',
        expectedVersion: 7,
        changes: {
          milestones: [
            { id: 'ms_first0001', title: 'Draft', weight: 1 },
            { id: 'ms_test0001', title: 'Legal review', weight: 1 },
            { id: 'ms_second001', title: 'Review', weight: 1 },
            { id: 'ms_third0001', title: 'Ship', weight: 2 },
          ],
        },
      }),
    ]);
  });

  it('needs a reason for a milestone change while the cycle is active', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'active' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_mstone001');
    setCell(values, row, 'milestones', 'Draft; Review');

    // Act
    const withoutReason = push(values, baseline);
    setCell(values, row, 'reason', 'Shipping moved to next quarter');
    const withReason = commandsOf(values, baseline);

    // Assess
    expect(withoutReason.commands).toEqual([]);
    expect(withoutReason.issues).toEqual([
      {
        row,
        column: 'reason',
        message: expect.stringContaining('changing milestones is a mid-cycle change'),
      },
    ]);
    expect(withReason).toEqual([
      expect.objectContaining({
        type: 'EditKeyResult',
        reason: 'Shipping moved to next quarter',
        changes: {
          milestones: [
            { id: 'ms_first0001', title: 'Draft', weight: 1 },
            { id: 'ms_second001', title: 'Review', weight: 1 },
          ],
        },
      }),
    ]);
  });

  it('places a server error about one milestone on the Milestones cell', () => {
    // Act / Assess
    expect(columnForPath('definition.milestones.2.title', 'title')).toBe('milestones');
    expect(columnForPath('changes.milestones', 'title')).toBe('milestones');
  });
});

describe('milestone cells that cannot be sent', () => {
  function issuesFor(milestones: string, type = 'milestone'): string[] {
    const baseline = sampleBoard({ status: 'planning' });
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_mstone001');
    setCell(values, row, 'type', type);
    setCell(values, row, 'milestones', milestones);
    const plan = push(values, baseline);
    expect(plan.commands).toEqual([]);
    expect(plan.blockedRows.has(row)).toBe(true);
    return plan.issues.filter((issue) => issue.column === 'milestones').map(describeIssue);
  }

  it('names the row and the problem on the cell', () => {
    // Prepare
    const row = rowOf(pulledGrid(sampleBoard()), 'kr_mstone001');
    const many = Array.from({ length: 21 }, (_, index) => `Step ${index + 1}`).join('; ');

    // Act / Assess
    expect(issuesFor(many)).toEqual([`Row ${row}: Milestones: at most 20 milestones, got 21`]);
    expect(issuesFor('Draft; ×2; Ship')).toEqual([`Row ${row}: Milestones: milestone 2 has no title`]);
    expect(issuesFor(`Draft; ${'a'.repeat(201)}`)).toEqual([
      `Row ${row}: Milestones: milestone 2 must be at most 200 characters (it has 201)`,
    ]);
    expect(issuesFor('Draft ×0; Ship')).toEqual([
      `Row ${row}: Milestones: the weight of "Draft" must be a number greater than 0 and at most 1000, got "0"`,
    ]);
    expect(issuesFor('Draft × heavy')).toEqual([
      `Row ${row}: Milestones: the weight of "Draft" must be a number greater than 0 and at most 1000, got "heavy"`,
    ]);
    expect(issuesFor(' ; ')).toEqual([
      `Row ${row}: Milestones: a milestone key result needs at least one milestone, e.g. "Design approved; Pilot built ×2"`,
    ]);
    expect(issuesFor('Draft', 'increase')).toEqual([
      `Row ${row}: Milestones apply to milestone key results only; leave it empty for increase`,
    ]);
  });

  it('refuses a new milestone key result without milestones', () => {
    // Prepare
    const baseline = sampleBoard({ status: 'planning' });
    const { values, row } = withNewMilestoneKeyResult(baseline, '');

    // Act
    const plan = push(values, baseline);

    // Assess
    expect(plan.commands).toEqual([]);
    expect(plan.issues).toEqual([
      { row, column: 'milestones', message: expect.stringContaining('needs at least one milestone') },
    ]);
  });
});
