// Owns reading the Team and Parent objective cells back as ids before a push (docs/alignment.md): the
// sheet shows the dropdowns' labels (a team's name, an objective's title), the server stores ids. A cell
// that still shows what the last pull wrote reads as the stored value, so a team typed before teams
// existed is never rewritten by accident; a team label that matches no team is refused on its cell (a
// parent's is refused by the Parent objective reader, which accepts only ids).
import { type AlignmentChoices, idOfLabel, labelOf, NO_PARENT_WORD } from './alignment-cells.js';
import { type Cell, type Grid, readOptionalText, readText } from './cells.js';
import { type CellIssue, columnIndex, DATA_START_ROW } from './columns.js';
import { ROW_KIND_LABELS, rowKindOfId } from './labels.js';
import type { Board } from '@okr-ledger/api-contract';

export interface IdCells {
  /** The rows with ids where labels were (canonical column order). */
  values: Grid;
  issues: CellIssue[];
}

const TEAM = columnIndex('team');
const PARENT = columnIndex('parentObjective');
const ID = columnIndex('id');
const KIND = columnIndex('kind');

const isObjectiveRow = (cells: readonly Cell[]): boolean => {
  const id = readText(cells[ID]);
  if (id !== '') return rowKindOfId(id) === 'objective';
  return readText(cells[KIND]).toLowerCase() === ROW_KIND_LABELS.objective.toLowerCase();
};

/** The canonical rows of an editing sheet with the Team and Parent objective labels of objective rows as ids. */
export function idsForLabels(
  values: Grid,
  alignment: AlignmentChoices,
  baseline: Board | null,
  firstRow = DATA_START_ROW,
): IdCells {
  const issues: CellIssue[] = [];
  const objectives = new Map((baseline?.objectives ?? []).map((objective) => [objective.id, objective]));
  const out = values.map((cells, offset) => {
    if (!isObjectiveRow(cells)) return cells;
    const row = [...cells];
    const base = objectives.get(readText(cells[ID]));
    const team = readOptionalText(cells[TEAM]);
    if (team !== null && alignment.teams.length > 0) {
      const stored = base?.team ?? null;
      if (stored !== null && (team === stored || team === labelOf(stored, alignment.teams)))
        row[TEAM] = stored;
      else {
        const id = idOfLabel(team, alignment.teams);
        if (id !== null) row[TEAM] = id;
        else
          issues.push({
            row: firstRow + offset,
            column: 'team',
            message: `Team must be one of the organization's teams from its dropdown; “${team}” matches none`,
          });
      }
    }
    const parent = readOptionalText(cells[PARENT]);
    if (parent !== null && parent.toLowerCase() !== NO_PARENT_WORD) {
      const stored = base?.parentObjectiveId ?? null;
      if (stored !== null && parent === labelOf(stored, alignment.parents)) row[PARENT] = stored;
      else {
        const id = idOfLabel(parent, alignment.parents);
        if (id !== null) row[PARENT] = id;
      }
    }
    return row;
  });
  return { values: out, issues };
}
