// Owns what the Pull dialog offers and what a pull with its choices keeps: the organization's cycles (the
// active one preselected), and a team and an owner filter with the organization's teams (and team names
// typed before teams existed) and the people the spreadsheet has seen. A team keeps its sub-teams'
// objectives too. A filter keeps whole objectives — an objective's rules (weights, KR count) span all its
// KRs — and the filtered board is the last pull a push compares with, so nothing outside it is ever sent.
import { currentCycle } from './current-cycle.js';
import type { Board, CycleView } from '@okr-ledger/api-contract';
import type { Team } from '@okr-ledger/okr-domain';
import { resolveTeam, teamAncestry, teamAndDescendants } from '@okr-ledger/okr-domain/teams';

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
  /** id: the team's id (or a name no team answers to); label: its path, e.g. "Go-to-market › Support". */
  teams: { id: string; label: string }[];
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

/**
 * Whether an objective's `team` value belongs to the chosen team: read as a team the way the server reads
 * it (an id, or a name typed before teams existed), the team or one of its sub-teams; a choice no team
 * answers to matches the same text.
 */
function teamMatcher(team: string | null, teams: readonly Team[]): (value: string | null) => boolean {
  if (team === null) return () => true;
  const chosen = resolveTeam(team, teams);
  if (chosen === null) return (value) => same(value, team);
  const wanted = teamAndDescendants(chosen.id, teams);
  return (value) => {
    const resolved = resolveTeam(value, teams);
    return resolved !== null && wanted.has(resolved.id);
  };
}

/**
 * The objectives of the team (and its sub-teams), with the owner on the objective or on one of its KRs or
 * initiatives.
 */
export function filterBoard(board: Board, filter: PullFilter, teams: readonly Team[] = []): Board {
  const { team, owner } = filter;
  if (team === null && owner === null) return board;
  const ofTeam = teamMatcher(team, teams);
  return {
    ...board,
    objectives: board.objectives.filter(
      (objective) =>
        ofTeam(objective.team) &&
        (owner === null ||
          same(objective.owner, owner) ||
          objective.keyResults.some((kr) => same(kr.owner, owner)) ||
          objective.initiatives.some((initiative) => same(initiative.owner, owner))),
    ),
  };
}

/** "Go-to-market › Support": the team's path from the top of its tree. */
function teamPath(team: Team, teams: readonly Team[]): string {
  const byId = new Map(teams.map((candidate) => [candidate.id, candidate.name]));
  return teamAncestry(team.id, teams)
    .reverse()
    .map((id) => byId.get(id) ?? id)
    .join(' › ');
}

export function describePullFilter(filter: PullFilter, teams: readonly Team[] = []): string {
  const chosen = filter.team === null ? null : resolveTeam(filter.team, teams);
  const teamText = chosen === null ? filter.team : `${chosen.name} and its sub-teams`;
  const parts = [
    ...(teamText === null ? [] : [`team ${teamText}`]),
    ...(filter.owner === null ? [] : [`owner ${filter.owner}`]),
  ];
  return parts.length === 0 ? 'every team and owner' : parts.join(', ');
}

export function pullChoices(
  cycles: CycleView[],
  boards: Board[],
  members: readonly string[],
  filter: PullFilter,
  teams: readonly Team[] = [],
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
    teams: [
      ...teams
        .filter((team) => !team.archived)
        .map((team) => ({ id: team.id, label: teamPath(team, teams) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      // Names typed before teams existed that no team answers to still filter by their text.
      ...sorted(objectives.map((objective) => objective.team))
        .filter((value) => resolveTeam(value, teams) === null)
        .map((name) => ({ id: name, label: name })),
    ],
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
