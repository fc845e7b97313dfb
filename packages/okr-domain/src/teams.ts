// Teams and scoped roles (docs/alignment.md): the team tree of an organization, the upcaster that reads an
// objective's free-text team as a team, and whether an editor's scope reaches an objective's team.
import type { DomainError } from './errors.js';
import { domainError } from './errors.js';
import type { Member, OrganizationState, Role, Team } from './model.js';

/** The organization's teams, archived ones included (an organization folded before teams has none). */
export const teamsOf = (organization: Pick<OrganizationState, 'teams'>): Team[] =>
  Object.values(organization.teams ?? {});

const nameKey = (name: string): string => name.trim().toLowerCase();

/**
 * The team an objective's `team` field names: the team with that id, else (a value typed before teams
 * existed) the team with that name, case and surrounding spaces ignored, a live team before an archived
 * one. Null when it names none. Applied on read: no stored event is rewritten.
 */
export function resolveTeam(value: string | null, teams: readonly Team[]): Team | null {
  if (value === null || value.trim() === '') return null;
  const byId = teams.find((team) => team.id === value);
  if (byId !== undefined) return byId;
  const matching = teams.filter((team) => nameKey(team.name) === nameKey(value));
  return matching.find((team) => !team.archived) ?? matching[0] ?? null;
}

/** The team and every team below it. */
export function teamAndDescendants(teamId: string, teams: readonly Team[]): Set<string> {
  const found = new Set([teamId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parentTeamId !== null && found.has(team.parentTeamId) && !found.has(team.id)) {
        found.add(team.id);
        grew = true;
      }
    }
  }
  return found;
}

/** The chain of team ids from `teamId` upwards (itself first), stopping on a loop. */
export function teamAncestry(teamId: string, teams: readonly Team[]): string[] {
  const byId = new Map(teams.map((team) => [team.id, team]));
  const chain: string[] = [];
  let next: string | null = teamId;
  while (next !== null && !chain.includes(next)) {
    chain.push(next);
    next = byId.get(next)?.parentTeamId ?? null;
  }
  return chain;
}

/**
 * What a member may change: null for the whole organization, else the team ids of their scope with their
 * sub-teams. Only an editor's role is scoped.
 */
export function editableTeams(
  member: Pick<Member, 'role' | 'teams'>,
  teams: readonly Team[],
): Set<string> | null {
  if (member.role !== 'editor' || member.teams === undefined) return null;
  const scope = new Set<string>();
  for (const teamId of member.teams) for (const id of teamAndDescendants(teamId, teams)) scope.add(id);
  return scope;
}

/** A team-scoped editor's reach, as the objective decider is given it. */
export interface TeamScope {
  /** Team ids the caller may change objectives of (sub-teams included). */
  editable: ReadonlySet<string>;
  /** The organization's teams, to read an objective's `team` value. */
  teams: readonly Team[];
}

export function teamScopeOf(
  member: Pick<Member, 'role' | 'teams'>,
  organization: Pick<OrganizationState, 'teams'>,
): TeamScope | undefined {
  const teams = teamsOf(organization);
  const editable = editableTeams(member, teams);
  return editable === null ? undefined : { editable, teams };
}

/** Null when a caller with this role and scope may change an objective of team `value`. */
export function checkTeamScope(
  role: Role,
  scope: TeamScope | undefined,
  value: string | null,
  path: (string | number)[],
): DomainError | null {
  if (scope === undefined || role !== 'editor') return null;
  const team = resolveTeam(value, scope.teams);
  if (team !== null && scope.editable.has(team.id)) return null;
  const named =
    team === null ? (value === null ? 'no team' : `'${value}', which is no team`) : `team ${team.id}`;
  return domainError(
    'forbidden',
    `your editor role covers only teams ${[...scope.editable].sort().join(', ')} and their sub-teams; this objective is of ${named}`,
    path,
  );
}

/** The names typed into objectives' `team` fields that no team answers to (what create-teams creates). */
export function unresolvedTeamNames(values: readonly (string | null)[], teams: readonly Team[]): string[] {
  const names = new Map<string, string>();
  for (const value of values) {
    if (value === null || value.trim() === '' || resolveTeam(value, teams) !== null) continue;
    if (!names.has(nameKey(value))) names.set(nameKey(value), value.trim());
  }
  return [...names.values()];
}
