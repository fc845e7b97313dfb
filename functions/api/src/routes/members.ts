// The caller's own identity (`/me`) and membership management (admin): list, read, add or change a
// role, remove. Changes go through the organization stream's decider, which keeps at least one admin.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { MeResponseSchema } from '@okr-ledger/api-contract';
import { LIMITS, type Member, normalizeEmail, RoleSchema, TeamId } from '@okr-ledger/okr-domain';
import { authorize } from '../auth/membership.js';
import { runOrganizationCommand } from '@okr-ledger/command-handling';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import {
  jsonBody,
  jsonContent,
  MemberParams,
  named,
  OrgParams,
  problemResponses,
  secured,
} from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const MemberViewSchema = z
  .object({
    email: z.string(),
    role: RoleSchema,
    /** Whether the person has signed in (their Google account is bound). */
    signedIn: z.boolean(),
    /** An editor scoped to these teams and their sub-teams; absent for a role over the whole organization. */
    teams: z.array(z.string()).optional(),
  })
  .openapi('Member');
const MemberListSchema = z.object({ members: z.array(MemberViewSchema) }).openapi('MemberList');
const PutMemberSchema = z
  .object({
    role: RoleSchema,
    /** An editor's scope (docs/alignment.md): team ids, or null for the whole organization; absent = unchanged. */
    teams: z.array(TeamId).min(1).max(LIMITS.memberTeamsMax).nullable().optional(),
  })
  .openapi('PutMemberRequest');

const toMemberView = (member: Member) => ({
  email: member.email,
  role: member.role,
  signedIn: member.sub !== null,
  ...(member.teams === undefined ? {} : { teams: member.teams }),
});

const tags = ['members'];

const me = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/me',
  tags,
  summary: 'Who you are in this organization (email, Google sub, role)',
  security: secured,
  middleware: [authorize('me.read')],
  request: { params: OrgParams },
  responses: { 200: jsonContent(named('Me', MeResponseSchema), 'The caller'), ...problemResponses(403) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/members',
  tags,
  summary: 'List the members and their roles (admin)',
  security: secured,
  middleware: [authorize('members.list')],
  request: { params: OrgParams },
  responses: { 200: jsonContent(MemberListSchema, 'Members, sorted by email'), ...problemResponses(403) },
});

const read = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/members/{email}',
  tags,
  summary: 'One member (admin)',
  security: secured,
  middleware: [authorize('members.read')],
  request: { params: MemberParams },
  responses: { 200: jsonContent(MemberViewSchema, 'The member'), ...problemResponses(403) },
});

const put = createRoute({
  method: 'put',
  path: '/v1/orgs/{org}/members/{email}',
  tags,
  summary: 'Add a member or change their role (admin)',
  description: 'Demoting the last admin is refused (422).',
  security: secured,
  middleware: [authorize('members.put')],
  request: { params: MemberParams, body: jsonBody(PutMemberSchema) },
  responses: { 200: jsonContent(MemberViewSchema, 'The member as stored'), ...problemResponses(403, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/orgs/{org}/members/{email}',
  tags,
  summary: 'Remove a member (admin)',
  description: 'Removing the last admin is refused (422).',
  security: secured,
  middleware: [authorize('members.remove')],
  request: { params: MemberParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(403, 422) },
});

export function memberRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(me, (c) => {
    const caller = callerOf(c);
    return c.json(
      {
        organizationId: caller.organizationId,
        email: caller.identity.email,
        sub: caller.identity.sub,
        role: caller.role,
      },
      200,
    );
  });

  app.openapi(list, (c) => {
    const members = Object.values(callerOf(c).organization.members)
      .sort((a, b) => a.email.localeCompare(b.email))
      .map(toMemberView);
    return c.json({ members }, 200);
  });

  app.openapi(read, (c) => {
    const email = normalizeEmail(c.req.valid('param').email);
    const member = callerOf(c).organization.members[email];
    if (!member) throw new NotFoundError(`${email} is not a member of '${callerOf(c).organizationId}'.`);
    return c.json(toMemberView(member), 200);
  });

  app.openapi(put, async (c) => {
    const email = normalizeEmail(c.req.valid('param').email);
    const { role, teams } = c.req.valid('json');
    const { state } = await runOrganizationCommand(writerOf(c, deps), {
      type: 'PutMember',
      commandId: commandIdOf(c),
      email,
      role,
      ...(teams === undefined ? {} : { teams }),
    });
    const member = state.members[email];
    if (!member) throw new Error(`PutMember accepted but ${email} is not in the organization state`);
    return c.json(toMemberView(member), 200);
  });

  app.openapi(remove, async (c) => {
    const email = normalizeEmail(c.req.valid('param').email);
    await runOrganizationCommand(writerOf(c, deps), {
      type: 'RemoveMember',
      commandId: commandIdOf(c),
      email,
    });
    return c.body(null, 204);
  });

  return app;
}
