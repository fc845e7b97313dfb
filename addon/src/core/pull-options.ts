// Owns what the Pull dialog offers and what a pull with its choices keeps: the organization's cycles (the
// active one preselected), and a team and an owner filter with the teams and people the spreadsheet has
// seen. A filter keeps whole objectives — an objective's rules (weights, KR count) span all its KRs — and
// the filtered board is the last pull a push compares with, so nothing outside it is ever sent.
import { currentCycle } from './current-cycle.js';
import type { Board, CycleView } from '@okr-ledger/api-contract';

export interface PullFilter {
  team: string | null;
  owner: string | null;
}

export interface PullOptions extends PullFilter {
  cycleId: string;
}

/** What the dialog shows. */
export interface PullChoices {
  cycles: { id: string; label: string }[];
  preferredCycleId: string;
  teams: string[];
  owners: string[];
  filter: PullFilter;
}

export const NO_FILTER: PullFilter = { team: null, owner: null };

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** The dialog's answer, from google.script.run (anything may arrive). */
export function coercePullOptions(value: unknown): PullOptions | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const cycleId = text(record.cycleId);
  if (cycleId === null) return null;
  return { cycleId, team: text(record.team), owner: text(record.owner) };
}

function same(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase();
}

/** The objectives of the team, with the owner on the objective or on one of its KRs or initiatives. */
export function filterBoard(board: Board, filter: PullFilter): Board {
  const { team, owner } = filter;
  if (team === null && owner === null) return board;
  return {
    ...board,
    objectives: board.objectives.filter(
      (objective) =>
        (team === null || same(objective.team, team)) &&
        (owner === null ||
          same(objective.owner, owner) ||
          objective.keyResults.some((kr) => same(kr.owner, owner)) ||
          objective.initiatives.some((initiative) => same(initiative.owner, owner))),
    ),
  };
}

export function describePullFilter(filter: PullFilter): string {
  const parts = [
    ...(filter.team === null ? [] : [`team ${filter.team}`]),
    ...(filter.owner === null ? [] : [`owner ${filter.owner}`]),
  ];
  return parts.length === 0 ? 'every team and owner' : parts.join(', ');
}

export function pullChoices(
  cycles: CycleView[],
  boards: Board[],
  members: readonly string[],
  filter: PullFilter,
): PullChoices {
  const preferred = currentCycle(cycles);
  const objectives = boards.flatMap((board) => board.objectives);
  const sorted = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort((a, b) =>
      a.localeCompare(b),
    );
  return {
    cycles: cycles.map((cycle) => ({
      id: cycle.id,
      label: `${cycle.title !== '' && cycle.title !== cycle.id ? `${cycle.title} (${cycle.id})` : cycle.id} · ${cycle.status}`,
    })),
    preferredCycleId: preferred?.id ?? '',
    teams: sorted(objectives.map((objective) => objective.team)),
    owners: sorted([
      ...members,
      ...objectives.flatMap((o) => [o.owner, ...o.keyResults.map((kr) => kr.owner)]),
    ]),
    filter,
  };
}

/** The filter a cycle's sheet was last pulled with, as kept in document properties. */
export function decodePullFilter(stored: string | null): PullFilter {
  if (stored === null) return NO_FILTER;
  try {
    const parsed = JSON.parse(stored) as Record<string, unknown>;
    return { team: text(parsed.team), owner: text(parsed.owner) };
  } catch {
    return NO_FILTER;
  }
}
