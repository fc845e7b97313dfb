// Applying a batch response to the sheet: applied rows refreshed from the objective views returned beside
// the results (once per objective), invalid cells noted in red, conflicts keeping what the person typed
// with the server's value in a note.
import type { CommandResult, ObjectiveView } from '@okr-ledger/api-contract';
import { describe, expect, it } from 'vitest';
import {
  applyBatchResults,
  columnForPath,
  describeSummary,
  type PushReplies,
} from '../../../addon/src/core/apply-results.js';
import type { Cell } from '../../../addon/src/core/cells.js';
import { columnIndex, DATA_START_ROW } from '../../../addon/src/core/columns.js';
import { markNote } from '../../../addon/src/core/editing-sheet.js';
import { COLORS } from '../../../addon/src/core/sheet-plan.js';
import { finishPush, preparePush, refreshWithObjective } from '../../../addon/src/core/sync.js';
import {
  cellAt,
  dataRows,
  firstBlock,
  newRow,
  pulledGrid,
  rowOf,
  sampleBoard,
  sequentialIds,
  setCell,
  sheetState,
} from './fixtures.js';

const baseline = sampleBoard({ status: 'active' });
const growth = baseline.objectives[0] as ObjectiveView;
const NO_REPLIES: PushReplies = { results: [], objectives: [] };

function withTarget(objective: ObjectiveView, target: number, version: number): ObjectiveView {
  return {
    ...objective,
    version,
    keyResults: objective.keyResults.map((kr) =>
      kr.id === 'kr_adoption01' ? { ...kr, target, progress: 0.44, score: 0.44 } : kr,
    ),
  };
}

function editedTarget(): Cell[][] {
  const values = pulledGrid(baseline);
  const row = rowOf(values, 'kr_adoption01');
  setCell(values, row, 'target', 80);
  setCell(values, row, 'reason', 'Beta cohort doubled');
  return values;
}

describe('applying a batch response', () => {
  it('refreshes applied rows from the objective view the server returned', () => {
    // Prepare
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());
    const commandId = prepared.batches[0]?.[0]?.commandId ?? '';
    const replies: PushReplies = {
      results: [{ status: 'applied', commandId, objectiveId: growth.id, version: 8, replayed: false }],
      objectives: [withTarget(growth, 80, 8)],
    };

    // Act
    const finished = finishPush(prepared, baseline, replies, null);

    // Assess
    const values = dataRows(finished.editing);
    const row = rowOf(values, 'kr_adoption01');
    expect(cellAt(values, row, 'target')).toBe(80);
    expect(cellAt(values, row, 'reason')).toBe('');
    expect(cellAt(values, row, 'score')).toBe(0.44);
    expect(cellAt(values, row, 'version')).toBe(8);
    expect(finished.outcome.board.objectives[0]?.version).toBe(8);
    expect(finished.outcome.pending.size).toBe(0);
    expect(describeSummary(finished.outcome.summary)).toBe('1 saved');
    const notes = firstBlock(finished.editing).notes?.[row - 1];
    expect(notes?.[columnIndex('target')]).toBe('');
  });

  it('puts a refused field’s error on its cell, in red, and keeps what was typed', () => {
    // Prepare
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());
    const commandId = prepared.batches[0]?.[0]?.commandId ?? '';
    const results: CommandResult[] = [
      {
        status: 'invalid',
        commandId,
        objectiveId: growth.id,
        code: 'direction_contradicts_numbers',
        errors: [{ path: 'changes.target', message: 'an increase needs a target above its start' }],
      },
    ];

    // Act
    const finished = finishPush(prepared, baseline, { results, objectives: [] }, null);

    // Assess
    const block = firstBlock(finished.editing);
    const values = dataRows(finished.editing);
    const row = rowOf(values, 'kr_adoption01');
    expect(cellAt(values, row, 'target')).toBe(80);
    expect(cellAt(values, row, 'reason')).toBe('Beta cohort doubled');
    expect(block.notes?.[row - 1]?.[columnIndex('target')]).toBe(
      markNote('Not saved: an increase needs a target above its start'),
    );
    expect(block.backgrounds?.[row - 1]?.[columnIndex('target')]).toBe(COLORS.error);
    expect(finished.outcome.board).toEqual(baseline);
    expect(finished.outcome.summary).toMatchObject({ applied: 0, invalid: 1 });
  });

  it('keeps the typed value on a conflict and shows the server’s value in a note', () => {
    // Prepare
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());
    const commandId = prepared.batches[0]?.[0]?.commandId ?? '';
    const server = withTarget(growth, 90, 9);
    const results: CommandResult[] = [
      {
        status: 'conflict',
        commandId,
        objectiveId: growth.id,
        expectedVersion: 7,
        currentVersion: 9,
        message: 'the objective changed since version 7',
      },
    ];

    // Act
    const finished = finishPush(prepared, baseline, { results, objectives: [server] }, null);

    // Assess
    const block = firstBlock(finished.editing);
    const values = dataRows(finished.editing);
    const row = rowOf(values, 'kr_adoption01');
    expect(cellAt(values, row, 'target')).toBe(80);
    const note = block.notes?.[row - 1]?.[columnIndex('target')] ?? '';
    expect(note).toContain('The server now has Target = 90');
    expect(note).toContain('Your value is kept here');
    expect(block.backgrounds?.[row - 1]?.[columnIndex('target')]).toBe(COLORS.conflict);
    expect(finished.outcome.board.objectives[0]?.version).toBe(9);

    // … and the next push diffs against the server's state, with its version.
    const again = preparePush(
      sheetState(dataRows(finished.editing)),
      finished.outcome.board,
      sequentialIds(),
    );
    expect(again.batches[0]).toEqual([
      expect.objectContaining({ type: 'EditKeyResult', expectedVersion: 9, changes: { target: 80 } }),
    ]);
  });

  it('gives new rows the ids the server accepted', () => {
    // Prepare
    const values = pulledGrid(baseline);
    values.push(newRow({ kind: 'Initiative', title: 'Weekly office hours' }));
    const typedAt = DATA_START_ROW + values.length - 1;
    const planning = { ...baseline, cycle: { ...baseline.cycle, status: 'planning' as const } };
    const prepared = preparePush(sheetState(values), planning, sequentialIds());
    const command = prepared.batches[0]?.[0];
    if (command?.type !== 'AddInitiative') throw new Error('expected AddInitiative');
    const quality = planning.objectives[1] as ObjectiveView;
    const server: ObjectiveView = {
      ...quality,
      version: 4,
      initiatives: [
        {
          id: command.initiativeId,
          objectiveId: quality.id,
          keyResultId: null,
          title: 'Weekly office hours',
          owner: null,
          status: 'planned',
          percentComplete: 0,
        },
      ],
    };

    // Act
    const finished = finishPush(
      prepared,
      planning,
      {
        results: [
          {
            status: 'applied',
            commandId: command.commandId,
            objectiveId: quality.id,
            version: 4,
            replayed: false,
          },
        ],
        objectives: [server],
      },
      null,
    );

    // Assess
    const written = dataRows(finished.editing);
    // The row stays where it was typed (below the blank rows): a sync never moves a person's rows.
    expect(rowOf(written, command.initiativeId)).toBe(typedAt);
    expect(cellAt(written, rowOf(written, command.initiativeId), 'type')).toBe('planned');
  });

  it('refreshes every applied row of an objective from its one view', () => {
    // Prepare: two KRs of the same objective edited, one view of it answered
    const values = editedTarget();
    const onboarding = rowOf(values, 'kr_onboard001');
    setCell(values, onboarding, 'target', 7);
    setCell(values, onboarding, 'reason', 'Faster than planned');
    const prepared = preparePush(sheetState(values), baseline, sequentialIds());
    const commands = prepared.batches[0] ?? [];
    const server: ObjectiveView = {
      ...withTarget(growth, 80, 9),
      keyResults: withTarget(growth, 80, 9).keyResults.map((kr) =>
        kr.id === 'kr_onboard001' ? { ...kr, target: 7 } : kr,
      ),
    };
    const replies: PushReplies = {
      results: commands.map((command) => ({
        status: 'applied' as const,
        commandId: command.commandId,
        objectiveId: growth.id,
        version: 9,
        replayed: false,
      })),
      objectives: [server],
    };

    // Act
    const finished = finishPush(prepared, baseline, replies, null);

    // Assess
    expect(commands).toHaveLength(2);
    const written = dataRows(finished.editing);
    expect(cellAt(written, rowOf(written, 'kr_adoption01'), 'target')).toBe(80);
    expect(cellAt(written, rowOf(written, 'kr_onboard001'), 'target')).toBe(7);
    expect(cellAt(written, rowOf(written, 'kr_onboard001'), 'reason')).toBe('');
    expect(cellAt(written, rowOf(written, 'kr_onboard001'), 'version')).toBe(9);
    expect(finished.outcome.summary).toMatchObject({ applied: 2, conflicts: 0, invalid: 0 });
    expect(finished.outcome.pending.size).toBe(0);
  });

  it('takes the view of the later request when two requests answered the same objective', () => {
    // Prepare
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());
    const commandId = prepared.batches[0]?.[0]?.commandId ?? '';
    const replies: PushReplies = {
      results: [{ status: 'applied', commandId, objectiveId: growth.id, version: 9, replayed: false }],
      objectives: [withTarget(growth, 80, 8), withTarget(growth, 80, 9)],
    };

    // Act
    const outcome = applyBatchResults(baseline, prepared.plan, replies);

    // Assess
    expect(outcome.board.objectives.find((objective) => objective.id === growth.id)?.version).toBe(9);
  });

  it('leaves an objective whose commands were all refused as the last pull had it', () => {
    // Prepare: a view for it is answered all the same (say, by a server that sends every objective)
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());
    const commandId = prepared.batches[0]?.[0]?.commandId ?? '';
    const replies: PushReplies = {
      results: [{ status: 'invalid', commandId, objectiveId: growth.id, code: 'validation', errors: [] }],
      objectives: [withTarget(growth, 90, 8)],
    };

    // Act
    const outcome = applyBatchResults(baseline, prepared.plan, replies);

    // Assess
    expect(outcome.board).toEqual(baseline);
    expect(outcome.summary).toMatchObject({ applied: 0, invalid: 1 });
  });

  it('marks commands of a chunk that could not be sent', () => {
    // Prepare
    const prepared = preparePush(sheetState(editedTarget()), baseline, sequentialIds());

    // Act
    const outcome = applyBatchResults(baseline, prepared.plan, NO_REPLIES, {
      message: 'the server did not answer',
    });

    // Assess
    const row = rowOf(editedTarget(), 'kr_adoption01');
    expect(outcome.pending.get(row)).toEqual([
      { column: 'target', tone: 'error', message: 'Not sent: the server did not answer' },
    ]);
    expect(outcome.summary.notSent).toBe(1);
  });

  it('places server errors by the field their path names', () => {
    expect(columnForPath('definition.target', 'title')).toBe('target');
    expect(columnForPath('changes/percentComplete', 'title')).toBe('current');
    expect(columnForPath('reason', 'title')).toBe('reason');
    expect(columnForPath('', 'owner')).toBe('owner');
  });

  it('writes issues found before sending as notes, changing nothing else', () => {
    const values = pulledGrid(baseline);
    const row = rowOf(values, 'kr_adoption01');
    setCell(values, row, 'target', 'abc');
    const prepared = preparePush(sheetState(values), baseline, sequentialIds());
    const finished = finishPush(prepared, baseline, NO_REPLIES, null);
    const block = firstBlock(finished.editing);
    expect(block.notes?.[row - 1]?.[columnIndex('target')]).toBe(
      markNote('Not sent: Target must be a number, got "abc"'),
    );
    expect(cellAt(dataRows(finished.editing), row, 'target')).toBe('abc');
    expect(finished.outcome.summary.blockedRows).toBe(1);
  });

  it('refreshes rows after a check-in from the sidebar, keeping rows that hold unsent edits', () => {
    // Prepare
    const values = pulledGrid(baseline);
    const edited = rowOf(values, 'kr_onboard001');
    setCell(values, edited, 'target', 7);
    const server: ObjectiveView = {
      ...growth,
      version: 8,
      keyResults: growth.keyResults.map((kr) =>
        kr.id === 'kr_adoption01'
          ? { ...kr, current: 66 }
          : kr.id === 'kr_onboard001'
            ? { ...kr, current: 11 }
            : kr,
      ),
    };

    // Act
    const writes = refreshWithObjective(sheetState(values), baseline, server);

    // Assess
    const written = dataRows(writes.editing);
    expect(cellAt(written, rowOf(written, 'kr_adoption01'), 'current')).toBe(66);
    expect(cellAt(written, edited, 'target')).toBe(7);
    expect(cellAt(written, edited, 'current')).toBe(12);
    expect(cellAt(written, edited, 'version')).toBe(8);
    expect(firstBlock(writes.snapshot).values.some((row) => String(row[3]).includes('"current":66'))).toBe(
      true,
    );
  });
});
