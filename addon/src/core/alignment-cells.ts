// Owns the editing sheet's alignment cells (docs/alignment.md): the Team dropdown (the organization's live
// teams, shown by name) and the "Parent objective" cell of objective rows (objectives of this cycle and of
// the cycles enclosing it, as the alignment view lists them, shown by title with their cycle when it is
// another), "none" to unlink, blank to keep the server's. The sheet shows labels and the push sends ids:
// each label maps back to its id, a label that matches nothing is refused on its cell.
import type { AlignmentResponse, ObjectiveView } from '@okr-ledger/api-contract';
import { readOptionalText } from './cells.js';
import type { Cell } from './cells.js';

/** The word that unlinks an objective from its parent. */
export const NO_PARENT_WORD = 'none';
const OBJECTIVE_ID = /^obj_[A-Za-z0-9_-]{8,40}$/;

/** One dropdown entry: what the cell shows, and the id the push sends. */
export interface AlignmentChoice {
  id: string;
  label: string;
}

/** The lists the editing sheet's dropdowns offer besides owners, kept with the last pull. */
export interface AlignmentChoices {
  /** Live teams, parents before their sub-teams. */
  teams: AlignmentChoice[];
  /** Objectives an objective of this cycle may align to. */
  parents: AlignmentChoice[];
}

export const NO_ALIGNMENT_CHOICES: AlignmentChoices = { teams: [], parents: [] };

type Teams = readonly { id: string; name: string; archived: boolean }[];

const key = (text: string) => text.trim().toLowerCase();

/**
 * Labels a person can tell apart and the push can map back: two entries whose labels read the same (case
 * ignored), or a label that reads as "none" or as another entry's id, get their id appended.
 */
export function uniqueLabels(entries: readonly AlignmentChoice[]): AlignmentChoice[] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(key(entry.label), (counts.get(key(entry.label)) ?? 0) + 1);
  const ids = new Set(entries.map((entry) => key(entry.id)));
  return entries.map((entry) => {
    const k = key(entry.label);
    const ambiguous = (counts.get(k) ?? 0) > 1 || k === NO_PARENT_WORD || k === '' || ids.has(k);
    return ambiguous && entry.label !== entry.id
      ? { id: entry.id, label: `${entry.label} · ${entry.id}` }
      : entry;
  });
}

/**
 * What the dropdowns offer after a pull: live teams by name, and the alignment view's objectives of this
 * cycle and of the cycles enclosing it (whose dates contain this one's) — the server refuses any other
 * parent — by title, with the cycle when it is not this one.
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
    teams: uniqueLabels(
      teams.filter((team) => !team.archived).map((team) => ({ id: team.id, label: team.name })),
    ),
    parents: uniqueLabels(
      view.objectives
        .filter((objective) => encloses(objective.cycleId))
        .map((objective) => ({
          id: objective.id,
          label:
            objective.cycleId === view.cycleId
              ? objective.title
              : `${objective.title} (${objective.cycleId})`,
        })),
    ),
  };
}

/** What a cell shows for a stored id: its label when the list has it, else the value itself. */
export function labelOf(value: string | null, choices: readonly AlignmentChoice[]): string | null {
  if (value === null) return null;
  return choices.find((choice) => choice.id === value)?.label ?? value;
}

/** The id a typed or picked label stands for (the label, case ignored, or the id itself); null if none. */
export function idOfLabel(text: string, choices: readonly AlignmentChoice[]): string | null {
  const exact = choices.find((choice) => choice.label === text || choice.id === text);
  if (exact !== undefined) return exact.id;
  const wanted = key(text);
  return choices.find((choice) => key(choice.label) === wanted || key(choice.id) === wanted)?.id ?? null;
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
    message: `Parent objective must be an objective from its dropdown (its title, or its id obj_…), or “${NO_PARENT_WORD}” to unlink; “${text}” matches none`,
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
