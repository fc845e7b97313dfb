// Owns the hidden data sheet that keeps the last pull of a cycle: the board the diff compares against.
// It lives in the spreadsheet, not in PropertiesService (9 KB per value), one row per entity with its view
// as JSON, so a 1,000-KR board is one getValues and one setValues.
import type { Board, InitiativeView, KeyResultView, ObjectiveView } from '@okr-ledger/api-contract';
import { type AlignmentChoice, type AlignmentChoices, NO_ALIGNMENT_CHOICES } from './alignment-cells.js';
import { type Grid, readText } from './cells.js';
import { emptyPlan, type SheetPlan } from './sheet-plan.js';

export const SNAPSHOT_HEADER = ['entity', 'id', 'objectiveId', 'json'] as const;
const WIDTH = SNAPSHOT_HEADER.length;

export function snapshotSheetName(cycleId: string): string {
  return `_okr_pull_${cycleId}`;
}

type BoardHead = Omit<Board, 'objectives'>;
type ObjectiveHead = Omit<ObjectiveView, 'keyResults' | 'initiatives'>;

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/**
 * The rows of the data sheet for `board` (header first), and the organization's members the pull saw
 * (only admins may list them), which feed the Owner dropdown.
 */
export function encodeSnapshot(
  board: Board,
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  cadenceDays: number | null = null,
): string[][] {
  const { objectives, ...head } = board;
  const rows: string[][] = [[...SNAPSHOT_HEADER], ['board', board.cycle.id, '', JSON.stringify(head)]];
  if (members.length > 0) rows.push(['members', '', '', JSON.stringify(members)]);
  if (alignment.teams.length > 0 || alignment.parents.length > 0)
    rows.push(['alignment', '', '', JSON.stringify(alignment)]);
  if (cadenceDays !== null) rows.push(['attention', '', '', JSON.stringify({ cadenceDays })]);
  for (const objective of objectives) {
    const { keyResults, initiatives, ...objectiveHead } = objective;
    rows.push(['objective', objective.id, objective.id, JSON.stringify(objectiveHead)]);
    for (const keyResult of keyResults) {
      rows.push(['key_result', keyResult.id, objective.id, JSON.stringify(keyResult)]);
    }
    for (const initiative of initiatives) {
      rows.push(['initiative', initiative.id, objective.id, JSON.stringify(initiative)]);
    }
  }
  return rows;
}

export function snapshotPlan(
  board: Board,
  members: readonly string[] = [],
  alignment: AlignmentChoices = NO_ALIGNMENT_CHOICES,
  cadenceDays: number | null = null,
): SheetPlan {
  const values = encodeSnapshot(board, members, alignment, cadenceDays);
  return {
    ...emptyPlan(snapshotSheetName(board.cycle.id)),
    hidden: true,
    blocks: [{ row: 1, column: 1, values }],
    numberFormats: [{ range: { row: 1, column: 1, numRows: values.length, numColumns: WIDTH }, format: '@' }],
    protections: [
      {
        range: { row: 1, column: 1, numRows: values.length, numColumns: WIDTH },
        description: 'OKR Ledger keeps the last pull here; editing it breaks the next push',
        warningOnly: true,
      },
    ],
  };
}

function parseJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SnapshotError(`The data sheet is damaged at ${where}; pull the cycle again`);
  }
}

/** The board a data sheet holds; null when the sheet is empty (never pulled). */
export function decodeSnapshot(values: Grid): Board | null {
  let head: BoardHead | null = null;
  const objectives: ObjectiveView[] = [];
  const byId = new Map<string, ObjectiveView>();
  values.forEach((row, index) => {
    const entity = readText(row[0]);
    const objectiveId = readText(row[2]);
    const json = readText(row[3]);
    const where = `row ${index + 1}`;
    if (entity === 'board') {
      head = parseJson<BoardHead>(json, where);
    } else if (entity === 'objective') {
      const objective: ObjectiveView = {
        ...parseJson<ObjectiveHead>(json, where),
        keyResults: [],
        initiatives: [],
      };
      objectives.push(objective);
      byId.set(objective.id, objective);
    } else if (entity === 'key_result' || entity === 'initiative') {
      const owner = byId.get(objectiveId);
      if (owner === undefined)
        throw new SnapshotError(`The data sheet is damaged at ${where}; pull the cycle again`);
      if (entity === 'key_result') owner.keyResults.push(parseJson<KeyResultView>(json, where));
      else owner.initiatives.push(parseJson<InitiativeView>(json, where));
    }
  });
  if (head === null) {
    if (objectives.length > 0)
      throw new SnapshotError('The data sheet has lost its header; pull the cycle again');
    return null;
  }
  return { ...(head as BoardHead), objectives };
}

/** The members the last pull saw ([] when the person could not list them). */
export function decodeMembers(values: Grid): string[] {
  const row = values.find((candidate) => readText(candidate[0]) === 'members');
  if (row === undefined) return [];
  const parsed = parseJson<unknown>(readText(row[3]), 'the members row');
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

/** The teams and parent objectives the last pull saw (none when it could not read them). */
export function decodeAlignmentChoices(values: Grid): AlignmentChoices {
  const row = values.find((candidate) => readText(candidate[0]) === 'alignment');
  if (row === undefined) return NO_ALIGNMENT_CHOICES;
  const parsed = parseJson<Partial<AlignmentChoices> | null>(readText(row[3]), 'the alignment row');
  // A pull before labels existed kept bare ids: each is its own label.
  const choices = (list: unknown): AlignmentChoice[] =>
    Array.isArray(list)
      ? list.flatMap((item: unknown) => {
          if (typeof item === 'string') return [{ id: item, label: item }];
          const { id, label } = (item ?? {}) as Record<string, unknown>;
          return typeof id === 'string' && typeof label === 'string' ? [{ id, label }] : [];
        })
      : [];
  return { teams: choices(parsed?.teams), parents: choices(parsed?.parents) };
}

/**
 * The check-in cadence of the attention list the last pull coloured, kept so a push or a refresh colours
 * the sheet again by the same rules (null when the pull had no list: nothing is coloured).
 */
export function decodeAttentionCadence(values: Grid): number | null {
  const row = values.find((candidate) => readText(candidate[0]) === 'attention');
  if (row === undefined) return null;
  const parsed = parseJson<{ cadenceDays?: unknown } | null>(readText(row[3]), 'the attention row');
  const days = parsed?.cadenceDays;
  return typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : null;
}

/** The board with `objective` replacing its previous state (or added, when new). */
export function withObjective(board: Board, objective: ObjectiveView): Board {
  const index = board.objectives.findIndex((candidate) => candidate.id === objective.id);
  if (index === -1) return { ...board, objectives: [...board.objectives, objective] };
  const objectives = [...board.objectives];
  objectives[index] = objective;
  return { ...board, objectives };
}
