// Teams (docs/alignment.md): any member lists them; an admin creates, renames, re-parents, sets the people
// of and archives one. Each change is a command on the organization stream, so it is in the ledger and
// audited like every other write.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { runOrganizationCommand } from '@okr-ledger/command-handling';
import {
  CommandId,
  LIMITS,
  type OrganizationCommand,
  type Team,
  TeamId,
  teamsOf,
} from '@okr-ledger/okr-domain';
import { authorize } from '../auth/membership.js';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { jsonBody, jsonContent, OrgParams, problemResponses, secured } from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const people = z.array(z.email('must be an email address')).max(LIMITS.teamPeopleMax);
const name = z.string().trim().min(1, 'must not be empty').max(LIMITS.titleMax);

const TeamViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    parentTeamId: z.string().nullable(),
    leads: z.array(z.string()),
    members: z.array(z.string()),
    archived: z.boolean(),
  })
  .openapi('Team');
const TeamListSchema = z.object({ teams: z.array(TeamViewSchema) }).openapi('TeamList');
const CreateTeamSchema = z
  .object({
    teamId: TeamId,
    name,
    parentTeamId: TeamId.nullable().optional(),
    leads: people.optional(),
    members: people.optional(),
    commandId: CommandId.optional(),
  })
  .openapi('CreateTeamRequest');
const ChangeTeamSchema = z
  .object({
    name: name.optional(),
    parentTeamId: TeamId.nullable().optional(),
    leads: people.optional(),
    members: people.optional(),
    commandId: CommandId.optional(),
  })
  .openapi('ChangeTeamRequest');
const TeamParams = z.object({ org: OrgParams.shape.org, team: TeamId });

const tags = ['teams'];

const list = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/teams',
  tags,
  summary: 'The teams of the organization, archived ones flagged, parents before their sub-teams',
  security: secured,
  middleware: [authorize('teams.list')],
  request: { params: OrgParams },
  responses: { 200: jsonContent(TeamListSchema, 'Teams'), ...problemResponses(403) },
});
const create = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/teams',
  tags,
  summary: 'Create a team (admin)',
  security: secured,
  middleware: [authorize('teams.create')],
  request: { params: OrgParams, body: jsonBody(CreateTeamSchema) },
  responses: { 201: jsonContent(TeamViewSchema, 'The new team'), ...problemResponses(403, 409, 415, 422) },
});
const change = createRoute({
  method: 'patch',
  path: '/v1/orgs/{org}/teams/{team}',
  tags,
  summary: 'Rename, re-parent or set the leads and members of a team (admin)',
  description: 'A re-parenting that would make a loop is refused (422 team_loop).',
  security: secured,
  middleware: [authorize('teams.change')],
  request: { params: TeamParams, body: jsonBody(ChangeTeamSchema) },
  responses: { 200: jsonContent(TeamViewSchema, 'The team as stored'), ...problemResponses(403, 415, 422) },
});
const archive = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/teams/{team}/archive',
  tags,
  summary: 'Archive a team (admin); its objectives stay, it takes no new ones',
  security: secured,
  middleware: [authorize('teams.archive')],
  request: { params: TeamParams },
  responses: { 200: jsonContent(TeamViewSchema, 'The archived team'), ...problemResponses(403, 422) },
});

/** Parents before children, siblings by name. */
export function teamsInTreeOrder(teams: readonly Team[]): Team[] {
  const ordered: Team[] = [];
  const ids = new Set(teams.map((team) => team.id));
  const visit = (parent: string | null) => {
    for (const team of teams
      .filter((t) =>
        parent === null ? t.parentTeamId === null || !ids.has(t.parentTeamId) : t.parentTeamId === parent,
      )
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (ordered.includes(team)) continue;
      ordered.push(team);
      visit(team.id);
    }
  };
  visit(null);
  return ordered;
}

/** A derived command id per part of one request, so a repeated request replays each part. */
const partId = (base: string, part: string) => `${base.slice(0, 60)}-${part}`;

export function teamRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(list, (c) => c.json({ teams: teamsInTreeOrder(teamsOf(callerOf(c).organization)) }, 200));

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { state } = await runOrganizationCommand(writerOf(c, deps), {
      type: 'CreateTeam',
      commandId: commandIdOf(c, body.commandId),
      teamId: body.teamId,
      name: body.name,
      parentTeamId: body.parentTeamId ?? null,
      leads: body.leads ?? [],
      members: body.members ?? [],
    });
    const team = state.teams?.[body.teamId];
    if (!team) throw new Error(`CreateTeam accepted but ${body.teamId} is not in the state`);
    c.header('location', `/v1/orgs/${callerOf(c).organizationId}/teams/${team.id}`);
    return c.json(team, 201);
  });

  app.openapi(change, async (c) => {
    const { team: teamId } = c.req.valid('param');
    const body = c.req.valid('json');
    const existing = callerOf(c).organization.teams?.[teamId];
    if (!existing) throw new NotFoundError(`There is no team '${teamId}'.`);
    const base = commandIdOf(c, body.commandId);
    const commands: OrganizationCommand[] = [];
    if (body.name !== undefined) {
      commands.push({ type: 'RenameTeam', commandId: partId(base, 'name'), teamId, name: body.name });
    }
    if (body.parentTeamId !== undefined) {
      commands.push({
        type: 'MoveTeam',
        commandId: partId(base, 'parent'),
        teamId,
        parentTeamId: body.parentTeamId,
      });
    }
    if (body.leads !== undefined || body.members !== undefined) {
      commands.push({
        type: 'SetTeamPeople',
        commandId: partId(base, 'people'),
        teamId,
        leads: body.leads ?? existing.leads,
        members: body.members ?? existing.members,
      });
    }
    let team = existing;
    for (const command of commands) {
      const { state } = await runOrganizationCommand(writerOf(c, deps), command);
      team = state.teams?.[teamId] ?? team;
    }
    return c.json(team, 200);
  });

  app.openapi(archive, async (c) => {
    const { team: teamId } = c.req.valid('param');
    const { state } = await runOrganizationCommand(writerOf(c, deps), {
      type: 'ArchiveTeam',
      commandId: commandIdOf(c),
      teamId,
    });
    const team = state.teams?.[teamId];
    if (!team) throw new NotFoundError(`There is no team '${teamId}'.`);
    return c.json(team, 200);
  });

  return app;
}
