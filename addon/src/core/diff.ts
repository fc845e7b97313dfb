// Owns the diff of a push: the sheet as a person left it against the board as last pulled → the commands
// that make the server agree, each tied to the row and cells it came from. New rows get fresh ids, changed
// cells only their fields; a changed current value (or a note, or a confidence) is a check-in. A definition
// change without a reason while the cycle is active is caught here and shown on the row, not sent.
// This module owns the walk over the objective groups and the objective rows; key result and initiative
// rows are planned by diff-key-results and diff-initiatives.
import type { Board, ObjectiveView } from '@okr-ledger/api-contract';
import type { ObjectiveDefinition } from '@okr-ledger/okr-domain';
import { parentChange } from './alignment-cells.js';
import type { CellIssue } from './columns.js';
import { planExistingInitiative, planNewInitiative } from './diff-initiatives.js';
import { planExistingKeyResult, planNewKeyResult } from './diff-key-results.js';
import { changedFields, OBJECTIVE_FIELD_COLUMNS } from './field-columns.js';
import { boardEntries, type ObjectiveGroup } from './model.js';
import { progressModeChanges } from './progress-modes.js';
import { type Command, type DiffContext, type PlannedCommand, PushPlanner } from './push-planner.js';
import type { SheetRead } from './read-sheet.js';

export { FIELD_COLUMNS } from './field-columns.js';
export type { DiffContext, PlannedCommand } from './push-planner.js';

export interface PushPlan {
  commands: PlannedCommand[];
  issues: CellIssue[];
  /** Rows that keep what was typed because something must be fixed first. */
  blockedRows: Set<number>;
  /** Rows of the last pull that are no longer in the sheet (nothing is removed for them). */
  missingRows: number;
}

function planGroup(planner: PushPlanner, group: ObjectiveGroup): void {
  if (group.objective.id === null) planNewGroup(planner, group);
  else planExistingGroup(planner, group, group.objective.id);
}

function planNewGroup(planner: PushPlanner, group: ObjectiveGroup): void {
  const { objective } = group;
  const start = planner.commands.length;
  const rows = [
    objective.row,
    ...group.keyResults.map((kr) => kr.row),
    ...group.initiatives.map((i) => i.row),
  ];
  if (objective.archive) {
    planner.block({
      row: objective.row,
      column: 'type',
      message: 'A new objective cannot be archived; delete the row instead',
    });
  }
  const definition: ObjectiveDefinition = {
    title: objective.title,
    description: '',
    owner: objective.owner,
    team: objective.team,
    kind: objective.objectiveKind,
    parentObjectiveId: objective.parentObjectiveId ?? null,
    weight: objective.weight,
    progressMode: objective.progressMode ?? 'key_results',
    blendShare: objective.blendShare ?? 0,
  };
  const subject = `row:${objective.row}`;
  const objectiveId = planner.mint('obj', subject, 'CreateObjective', definition);
  if (!planner.isBlocked(objective.row)) {
    planner.add({
      command: {
        type: 'CreateObjective',
        commandId: planner.mint('cmd', subject, 'CreateObjective', definition),
        objectiveId,
        definition,
      },
      row: objective.row,
      entityId: objectiveId,
      objectiveId,
      columns: ['title', 'owner', 'team', 'parentObjective', 'type', 'weight', 'progressFrom', 'blendShare'],
    });
  }
  planChildren(planner, group, objectiveId, undefined);

  // A new objective goes as a whole: half of it on the server would surprise more than waiting.
  const blocked = rows.filter((row) => planner.isBlocked(row));
  if (blocked.length === 0) return;
  planner.commands.splice(start);
  for (const row of rows) planner.blockedRows.add(row);
  if (!blocked.includes(objective.row)) {
    planner.issues.push({
      row: objective.row,
      column: 'kind',
      message: `Not sent: fix row${blocked.length > 1 ? 's' : ''} ${blocked.join(', ')} of this new objective first`,
    });
  }
}

function planExistingGroup(planner: PushPlanner, group: ObjectiveGroup, objectiveId: string): void {
  const { objective } = group;
  const base = planner.index.objectives.get(objectiveId);
  if (base === undefined) {
    planner.block({
      row: objective.row,
      column: 'title',
      message: `This objective (${objectiveId}) is not in the last pull of this cycle; pull the cycle again`,
    });
    for (const child of [...group.keyResults, ...group.initiatives]) {
      if (child.id === null) planner.blockedRows.add(child.row);
    }
    planChildren(planner, group, null, undefined);
    return;
  }
  if (!planner.isBlocked(objective.row)) planObjectiveEdit(planner, group, base);
  planChildren(planner, group, objectiveId, base.version);
}

function planObjectiveEdit(planner: PushPlanner, group: ObjectiveGroup, base: ObjectiveView): void {
  const { objective } = group;
  const target = { objectiveId: base.id, row: objective.row, entityId: base.id };
  if (objective.archive) {
    if (base.archived) return;
    const reason = planner.reasonFor(objective.row, objective.reason, '', 'archiving an objective');
    if (reason === null) return;
    const body = {
      type: 'ArchiveObjective' as const,
      expectedVersion: base.version,
      objectiveId: base.id,
      ...(reason === '' ? {} : { reason }),
    };
    const command: Command<'ArchiveObjective'> = {
      ...body,
      commandId: planner.mint('cmd', base.id, body.type, body),
    };
    planner.add({ ...target, command, columns: ['type'] });
    return;
  }
  const changed = changedFields(
    OBJECTIVE_FIELD_COLUMNS,
    { title: base.title, owner: base.owner, team: base.team, kind: base.kind, weight: base.weight },
    {
      title: objective.title,
      owner: objective.owner,
      team: objective.team,
      kind: objective.objectiveKind,
      weight: objective.weight,
    },
  );
  const changes: Command<'EditObjective'>['changes'] = changed.changes;
  const columns = [...changed.columns, ...progressModeChanges(objective, base, changes)];
  const parent = parentChange(objective.parentObjectiveId, base);
  if (parent !== null) {
    changes.parentObjectiveId = parent.parentObjectiveId;
    columns.push('parentObjective');
  }
  if (columns.length === 0) return;
  const reason = planner.reasonFor(objective.row, objective.reason, '', `changing ${columns.join(', ')}`);
  if (reason === null) return;
  const body = {
    type: 'EditObjective' as const,
    expectedVersion: base.version,
    objectiveId: base.id,
    changes,
    ...(reason === '' ? {} : { reason }),
  };
  const command: Command<'EditObjective'> = {
    ...body,
    commandId: planner.mint('cmd', base.id, body.type, body),
  };
  planner.add({ ...target, command, columns });
}

/** `objectiveId` null: the group's objective is unknown, so only rows with their own ids can go. */
function planChildren(
  planner: PushPlanner,
  group: ObjectiveGroup,
  objectiveId: string | null,
  version: number | undefined,
): void {
  for (const keyResult of group.keyResults) {
    if (planner.isBlocked(keyResult.row)) continue;
    if (keyResult.id === null) {
      if (objectiveId !== null)
        planNewKeyResult(planner, keyResult, objectiveId, version, group.objective.reason);
    } else {
      planExistingKeyResult(planner, keyResult, keyResult.id, group.objective.reason);
    }
  }
  for (const initiative of group.initiatives) {
    if (planner.isBlocked(initiative.row)) continue;
    if (initiative.id === null) {
      if (objectiveId !== null) planNewInitiative(planner, initiative, group, objectiveId, version);
    } else {
      planExistingInitiative(planner, initiative, group, initiative.id);
    }
  }
}

function countMissingRows(read: SheetRead, baseline: Board): number {
  const present = new Set(read.rows.flatMap((row) => (row.id === null ? [] : [row.id])));
  return boardEntries(baseline).filter((entry) => {
    const id =
      entry.kind === 'objective'
        ? entry.objective.id
        : entry.kind === 'key_result'
          ? entry.keyResult.id
          : entry.initiative.id;
    return !present.has(id);
  }).length;
}

/** What a push must send for the sheet `read` to match, given the board of the last pull. */
export function planPush(read: SheetRead, baseline: Board, context: DiffContext): PushPlan {
  const planner = new PushPlanner(read, baseline, context);
  for (const group of read.model.groups) planGroup(planner, group);
  return {
    commands: planner.commands,
    issues: planner.issues,
    blockedRows: planner.blockedRows,
    missingRows: countMissingRows(read, baseline),
  };
}
