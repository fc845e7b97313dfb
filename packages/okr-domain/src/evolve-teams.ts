// Applies a team event to an organization's state (see decide-teams.ts), without mutating it.
import type { OrganizationEvent, RecordedEvent } from './events.js';
import { CorruptStreamError } from './evolve-objective.js';
import type { OrganizationState, Team } from './model.js';

export type TeamEvent = Extract<
  OrganizationEvent,
  { type: 'TeamCreated' | 'TeamRenamed' | 'TeamMoved' | 'TeamPeopleSet' | 'TeamArchived' }
>;

const TEAM_EVENTS: ReadonlySet<string> = new Set([
  'TeamCreated',
  'TeamRenamed',
  'TeamMoved',
  'TeamPeopleSet',
  'TeamArchived',
]);

export const isTeamEvent = (event: RecordedEvent<OrganizationEvent>): event is RecordedEvent<TeamEvent> =>
  TEAM_EVENTS.has(event.type);

export function evolveTeams(state: OrganizationState, event: RecordedEvent<TeamEvent>): OrganizationState {
  const teams = state.teams ?? {};
  const withTeam = (team: Team): OrganizationState => ({ ...state, teams: { ...teams, [team.id]: team } });
  if (event.type === 'TeamCreated') {
    const { teamId, name, parentTeamId, leads, members } = event.data;
    if (teams[teamId] !== undefined)
      throw new CorruptStreamError(`${event.streamId}: team ${teamId} created twice`);
    return withTeam({ id: teamId, name, parentTeamId, leads, members, archived: false });
  }
  const team = teams[event.data.teamId];
  if (team === undefined)
    throw new CorruptStreamError(`${event.streamId}: event for unknown team ${event.data.teamId}`);
  switch (event.type) {
    case 'TeamRenamed':
      return withTeam({ ...team, name: event.data.after });
    case 'TeamMoved':
      return withTeam({ ...team, parentTeamId: event.data.after });
    case 'TeamPeopleSet':
      return withTeam({ ...team, leads: event.data.leads, members: event.data.members });
    case 'TeamArchived':
      return withTeam({ ...team, archived: true });
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown team event ${JSON.stringify(unhandled)}`);
    }
  }
}
