// The organization decider's team commands (docs/alignment.md): create, rename, re-parent, set the people
// of and archive a team, and an editor's team scope on PutMember. Admin only, checked by the caller
// (decideOrganization). Team names are unique among live teams so a typed name reads as one team.
import type { OrganizationCommand } from './commands.js';
import { accept, type Decision, reject } from './errors.js';
import type { OrganizationEvent } from './events.js';
import type { OrganizationState, Role, Team } from './model.js';
import { teamAncestry, teamsOf } from './teams.js';

type CommandOf<T extends OrganizationCommand['type']> = Extract<OrganizationCommand, { type: T }>;
export type TeamCommand = CommandOf<
  'CreateTeam' | 'RenameTeam' | 'MoveTeam' | 'SetTeamPeople' | 'ArchiveTeam'
>;

const lower = (emails: readonly string[]): string[] => [
  ...new Set(emails.map((e) => e.trim().toLowerCase())),
];

export function decideTeam(command: TeamCommand, state: OrganizationState): Decision<OrganizationEvent> {
  const teams = teamsOf(state);
  const existing = state.teams?.[command.teamId];
  if (command.type === 'CreateTeam') {
    if (existing !== undefined) {
      return reject('already_exists', `team ${command.teamId} already exists`, ['teamId']);
    }
    const taken = nameTaken(teams, command.name, null);
    if (taken !== null) return reject(taken);
    const parent = checkParentTeam(teams, command.teamId, command.parentTeamId);
    if (parent !== null) return reject(parent);
    return accept({
      type: 'TeamCreated',
      data: {
        teamId: command.teamId,
        name: command.name,
        parentTeamId: command.parentTeamId,
        leads: lower(command.leads),
        members: lower(command.members),
      },
    });
  }
  if (existing === undefined)
    return reject('team_not_found', `there is no team ${command.teamId}`, ['teamId']);
  if (existing.archived) {
    return reject('invalid_transition', `team ${existing.id} is archived and can no longer change`, [
      'teamId',
    ]);
  }
  switch (command.type) {
    case 'RenameTeam': {
      if (existing.name === command.name) return accept();
      const taken = nameTaken(teams, command.name, existing.id);
      if (taken !== null) return reject(taken);
      return accept({
        type: 'TeamRenamed',
        data: { teamId: existing.id, before: existing.name, after: command.name },
      });
    }
    case 'MoveTeam': {
      if (existing.parentTeamId === command.parentTeamId) return accept();
      const parent = checkParentTeam(teams, existing.id, command.parentTeamId);
      if (parent !== null) return reject(parent);
      return accept({
        type: 'TeamMoved',
        data: { teamId: existing.id, before: existing.parentTeamId, after: command.parentTeamId },
      });
    }
    case 'SetTeamPeople': {
      const leads = lower(command.leads);
      const members = lower(command.members);
      if (sameList(leads, existing.leads) && sameList(members, existing.members)) return accept();
      return accept({ type: 'TeamPeopleSet', data: { teamId: existing.id, leads, members } });
    }
    case 'ArchiveTeam': {
      const live = teams.filter((team) => team.parentTeamId === existing.id && !team.archived);
      if (live.length > 0) {
        return reject(
          'invalid_transition',
          `team ${existing.id} still has live sub-teams (${live.map((team) => team.id).join(', ')}): move or archive them first`,
          ['teamId'],
        );
      }
      return accept({ type: 'TeamArchived', data: { teamId: existing.id } });
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled team command ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The scope event PutMember adds: only an editor's role is scoped; a member given another role loses any
 * scope they had; `teams` absent leaves an editor's scope as it is.
 */
export function scopeChange(
  state: OrganizationState,
  email: string,
  role: Role,
  teams: readonly string[] | null | undefined,
  before: readonly string[] | undefined,
): Decision<OrganizationEvent> {
  if (teams !== undefined && teams !== null && role !== 'editor') {
    return reject(
      'invalid_definition',
      `only an editor's role is scoped to teams; ${email} would be ${role}`,
      ['teams'],
    );
  }
  for (const [index, teamId] of (teams ?? []).entries()) {
    const team = state.teams?.[teamId];
    if (team === undefined || team.archived) {
      return reject('team_not_found', `there is no live team ${teamId}`, ['teams', index]);
    }
  }
  const after =
    role !== 'editor'
      ? null
      : teams === undefined
        ? before === undefined
          ? null
          : [...before]
        : teams === null
          ? null
          : [...new Set(teams)].sort();
  const previous = before === undefined ? null : [...before];
  if (sameList(previous ?? [], after ?? []) && (previous === null) === (after === null)) return accept();
  return accept({ type: 'MemberScopeChanged', data: { email, before: previous, after } });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function nameTaken(teams: readonly Team[], name: string, except: string | null) {
  const key = name.trim().toLowerCase();
  const other = teams.find(
    (team) => !team.archived && team.id !== except && team.name.trim().toLowerCase() === key,
  );
  return other === undefined
    ? null
    : {
        code: 'team_name_taken' as const,
        message: `team ${other.id} is already called '${other.name}'`,
        path: ['name'],
      };
}

function checkParentTeam(teams: readonly Team[], teamId: string, parentTeamId: string | null) {
  if (parentTeamId === null) return null;
  const parent = teams.find((team) => team.id === parentTeamId);
  if (parent === undefined || parent.archived) {
    return {
      code: 'team_not_found' as const,
      message: `there is no live team ${parentTeamId}`,
      path: ['parentTeamId'],
    };
  }
  const chain = teamAncestry(parentTeamId, teams);
  if (chain.includes(teamId)) {
    return {
      code: 'team_loop' as const,
      message: `${parentTeamId} sits under ${teamId} (${chain.join(' → ')}): the move would make a loop`,
      path: ['parentTeamId'],
    };
  }
  return null;
}
