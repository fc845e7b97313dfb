// Owns the editing sheet's alignment cells (docs/alignment.md): the Team dropdown (the organization's live
// teams, by id: the server stores what is sent, and an id is what a pull shows back) and the "Parent
// objective" cell of objective rows — an objective id from its dropdown (objectives of this cycle and of
// the cycles enclosing it, as the alignment view lists them), "none" to unlink, blank to keep the server's.
import type { AlignmentResponse, ObjectiveView } from '@okr-ledger/api-contract';
import { readOptionalText } from './cells.js';
import type { Cell } from './cells.js';

/** The word that unlinks an objective from its parent. */
export const NO_PARENT_WORD = 'none';
const OBJECTIVE_ID = /^obj_[A-Za-z0-9_-]{8,40}$/;

/** The lists the editing sheet's dropdowns offer besides owners, kept with the last pull. */
export interface AlignmentChoices {
  /** Live team ids, parents before their sub-teams. */
  teams: string[];
  /** Objective ids an objective of this cycle may align to. */
  parents: string[];
}

export const NO_ALIGNMENT_CHOICES: AlignmentChoices = { teams: [], parents: [] };

type Teams = readonly { id: string; archived: boolean }[];

/**
 * What the dropdowns offer after a pull: live teams, and the alignment view's objectives of this cycle and
 * of the cycles enclosing it (whose dates contain this one's) — the server refuses any other parent.
 */
export function alignmentChoices(teams: Teams, view: AlignmentResponse): AlignmentChoices {
  const here = view.cycles.find((cycle) => cycle.id === view.cycleId);
  const encloses = (cycleId: string) => {
    if (cycleId === view.cycleId) return true;
    const cycle = view.cycles.find((candidate) => candidate.id === cycleId);
    return (
      here !== undefined &&
      cycle !== undefined &&
      cycle.startsOn <= here.startsOn &&
      cycle.endsOn >= here.endsOn
    );
  };
  return {
    teams: teams.filter((team) => !team.archived).map((team) => team.id),
    parents: view.objectives
      .filter((objective) => encloses(objective.cycleId))
      .map((objective) => objective.id),
  };
}

export type ParentCell = { ok: true; value: string | null | undefined } | { ok: false; message: string };

/** undefined: blank, keep the server's; null: "none", unlink; else the parent's id. */
export function readParentCell(cell: Cell): ParentCell {
  const text = readOptionalText(cell);
  if (text === null) return { ok: true, value: undefined };
  if (text.toLowerCase() === NO_PARENT_WORD) return { ok: true, value: null };
  if (OBJECTIVE_ID.test(text)) return { ok: true, value: text };
  return {
    ok: false,
    message: `Parent objective must be an objective id (obj_…) from its dropdown, or “${NO_PARENT_WORD}” to unlink; got “${text}”`,
  };
}

/** The change of parent a row asks for, if any. */
export function parentChange(
  wanted: string | null | undefined,
  base: Pick<ObjectiveView, 'parentObjectiveId'>,
): { parentObjectiveId: string | null } | null {
  if (wanted === undefined || wanted === base.parentObjectiveId) return null;
  return { parentObjectiveId: wanted };
}
