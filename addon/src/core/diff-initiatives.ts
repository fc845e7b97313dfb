// Owns the initiative rows of a push: a new row becomes AddInitiative, a changed one UpdateInitiative, and
// its Serves KR cell is resolved to a KR of its objective (one added in the same push included).
import { changedFields, INITIATIVE_FIELD_COLUMNS } from './field-columns.js';
import { type InitiativeRow, type ObjectiveGroup, servedKeyResultTitle } from './model.js';
import type { Command, PushPlanner } from './push-planner.js';

/**
 * The id of the KR an initiative row names in Serves KR, among the KR rows of its objective (a KR
 * added in this same push included); null for none, undefined when the row was blocked instead.
 */
function servedKeyResultId(
  planner: PushPlanner,
  initiative: InitiativeRow,
  candidates: readonly { title: string; row: number | null; id: string | null }[],
): string | null | undefined {
  const title = initiative.servesKr;
  if (title === '') return null;
  const wanted = title.toLowerCase();
  const matches = candidates.filter((candidate) => candidate.title.toLowerCase() === wanted);
  const [match] = matches;
  const fail = (message: string) => {
    planner.block({ row: initiative.row, column: 'servesKr', message: `Serves KR: ${message}` });
    return undefined;
  };
  if (match === undefined) {
    return fail(
      `this objective has no key result titled "${title}"; pick one from the dropdown or leave it empty`,
    );
  }
  if (matches.length > 1)
    return fail(`${matches.length} key results of this objective are titled "${title}"; rename one`);
  const id = match.id ?? (match.row === null ? undefined : planner.keyResultIdByRow.get(match.row));
  if (id === undefined)
    return fail(`key result "${title}" (row ${match.row}) is not sent in this push; fix it first`);
  return id;
}

/** The KRs an initiative row of `group` may name: the group's live KR rows. */
function keyResultCandidates(
  group: ObjectiveGroup,
): { title: string; row: number | null; id: string | null }[] {
  return group.keyResults
    .filter((keyResult) => !keyResult.remove)
    .map((keyResult) => ({ title: keyResult.title, row: keyResult.row, id: keyResult.id }));
}

export function planNewInitiative(
  planner: PushPlanner,
  initiative: InitiativeRow,
  group: ObjectiveGroup,
  objectiveId: string,
  version: number | undefined,
): void {
  const keyResultId = servedKeyResultId(planner, initiative, keyResultCandidates(group));
  if (keyResultId === undefined) return;
  const body = {
    type: 'AddInitiative' as const,
    ...(version === undefined ? {} : { expectedVersion: version }),
    objectiveId,
    keyResultId,
    title: initiative.title,
    owner: initiative.owner,
    status: initiative.status,
    percentComplete: initiative.percentComplete,
  };
  const subject = `row:${initiative.row}`;
  const initiativeId = planner.mint('ini', subject, body.type, body);
  const command: Command<'AddInitiative'> = {
    ...body,
    initiativeId,
    commandId: planner.mint('cmd', subject, body.type, body),
  };
  planner.add({
    command,
    row: initiative.row,
    entityId: initiativeId,
    objectiveId,
    columns: ['title', 'owner', 'type', 'current', 'servesKr'],
  });
}

export function planExistingInitiative(
  planner: PushPlanner,
  initiative: InitiativeRow,
  group: ObjectiveGroup,
  initiativeId: string,
): void {
  const base = planner.index.initiatives.get(initiativeId);
  const objective = base === undefined ? undefined : planner.index.objectives.get(base.objectiveId);
  if (base === undefined || objective === undefined) {
    planner.block({
      row: initiative.row,
      column: 'title',
      message: `This initiative (${initiativeId}) is not in the last pull of this cycle; pull the cycle again`,
    });
    return;
  }
  const changed = changedFields(INITIATIVE_FIELD_COLUMNS, base, initiative);
  const changes: Command<'UpdateInitiative'>['changes'] = changed.changes;
  const columns = [...changed.columns];
  if (initiative.servesKr !== servedKeyResultTitle(objective, base)) {
    // A pulled row keeps its server objective, so a row moved under another objective names that one's KRs.
    const candidates =
      group.objective.id === objective.id
        ? keyResultCandidates(group)
        : objective.keyResults
            .filter((keyResult) => !keyResult.removed)
            .map((keyResult) => ({ title: keyResult.title, row: null, id: keyResult.id }));
    const keyResultId = servedKeyResultId(planner, initiative, candidates);
    if (keyResultId === undefined) return;
    if (keyResultId !== base.keyResultId) {
      changes.keyResultId = keyResultId;
      columns.push('servesKr');
    }
  }
  if (columns.length === 0) return;
  const body = {
    type: 'UpdateInitiative' as const,
    expectedVersion: objective.version,
    objectiveId: objective.id,
    initiativeId,
    changes,
  };
  const command: Command<'UpdateInitiative'> = {
    ...body,
    commandId: planner.mint('cmd', initiativeId, body.type, body),
  };
  planner.add({ command, row: initiative.row, entityId: initiativeId, objectiveId: objective.id, columns });
}
