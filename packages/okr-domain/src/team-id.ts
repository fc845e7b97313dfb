// Owns `teamId` on objective commands (docs/alignment.md, teams): a command may name its objective's team
// by id (`teamId`) instead of, or beside, the `team` value. It must be a live team of the organization, and
// it becomes the `team` the events store (an id, as the Team dropdown writes), so no event shape changes.
import type { ObjectiveCommand } from './commands.js';
import { type DomainError, domainError } from './errors.js';
import type { Team } from './model.js';

/**
 * The command with its `teamId` written into the team it names, or why it cannot be. `teams` absent (a
 * caller that knows none): a `teamId` is refused, since it cannot be checked.
 */
export function withTeamId(
  command: ObjectiveCommand,
  teams: readonly Team[] | undefined,
): { command: ObjectiveCommand } | { error: DomainError } {
  if (command.type !== 'CreateObjective' && command.type !== 'EditObjective') return { command };
  const teamId = command.teamId;
  if (teamId === undefined) return { command };
  const team = teams?.find((candidate) => candidate.id === teamId);
  if (team === undefined || team.archived) {
    return {
      error: domainError('invalid_definition', `teamId ${teamId} is not a live team of the organization`, [
        'teamId',
      ]),
    };
  }
  const given = command.type === 'CreateObjective' ? command.definition.team : command.changes.team;
  if (given !== undefined && given !== null && given !== teamId) {
    const path = command.type === 'CreateObjective' ? ['definition', 'team'] : ['changes', 'team'];
    return {
      error: domainError(
        'invalid_definition',
        `team ${given} and teamId ${teamId} name different teams`,
        path,
      ),
    };
  }
  return command.type === 'CreateObjective'
    ? { command: { ...command, definition: { ...command.definition, team: teamId } } }
    : { command: { ...command, changes: { ...command.changes, team: teamId } } };
}
