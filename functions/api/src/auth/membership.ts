// Authentication and tenancy for everything under /v1/orgs/{org}: verifies the token, finds the caller
// among the organization's members (one read of the organization stream's tip) and binds their Google
// `sub` on first sign-in. An organization the caller is not a member of looks exactly like one that does
// not exist, so ids of other tenants reveal nothing.

import { createHash } from 'node:crypto';
import { type Actor, OrganizationId, type OrganizationState, type Role } from '@okr-ledger/okr-domain';
import type { Context, MiddlewareHandler } from 'hono';
import { loadOrganization, runOrganizationCommand } from '@okr-ledger/command-handling';
import type { ApiDependencies } from '../deps.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { ApiEnv, Caller } from '../http/env.js';
import { type Action, mayPerform, REQUIRED_ROLE } from './permissions.js';

const notAMember = (org: string) =>
  new NotFoundError(`There is no organization '${org}' that you are a member of.`);

/** Verifies the token (no store request), so the rate limit counts only signed-in callers. */
export function authenticate(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('identity', await deps.verifyToken(c.req.header('authorization')));
    await next();
  };
}

/**
 * Finds the caller among the members of the route's organization. A route that reads the organization's
 * tip together with what else it needs (one batch, see the check-in route) is `deferred`: it calls
 * `admitCaller` itself with the tip it read.
 */
export function membership(
  deps: ApiDependencies,
  options: { deferred?: (path: string, method: string) => boolean } = {},
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (options.deferred?.(c.req.path, c.req.method)) {
      await next();
      return;
    }
    const org = c.req.param('org') ?? '';
    if (!OrganizationId.safeParse(org).success) throw notAMember(org);
    await admitCaller(deps, c, await loadOrganization(deps.store, org));
    await next();
  };
}

/** Checks that the token's person is a member of the route's organization, binds their `sub`, sets the caller. */
export async function admitCaller(
  deps: ApiDependencies,
  c: Context<ApiEnv>,
  organization: OrganizationState | null,
): Promise<Caller> {
  const identity = c.get('identity') ?? (await deps.verifyToken(c.req.header('authorization')));
  const org = c.req.param('org') ?? '';
  const member = organization?.members[identity.email];
  if (!organization || !member || organization.id !== org) throw notAMember(org);
  if (member.sub !== null && member.sub !== identity.sub) {
    throw new ForbiddenError(
      `${identity.email} is bound to another Google account in '${org}'; ask an admin to remove and re-add you.`,
    );
  }
  const actor = { sub: identity.sub, email: identity.email };
  const current =
    member.sub === null ? await bindMemberSub(deps, org, organization, actor, member.role) : organization;
  const bound = current.members[identity.email];
  if (!bound) throw notAMember(org);
  const caller: Caller = {
    organizationId: org,
    organization: current,
    identity,
    member: bound,
    role: bound.role,
    actor,
  };
  c.set('caller', caller);
  return caller;
}

/** Refuses a caller whose role is below what the action needs. */
export function requireRole(caller: Caller, action: Action): void {
  if (!mayPerform(caller.role, action)) {
    throw new ForbiddenError(
      `This needs the ${REQUIRED_ROLE[action]} role; you are ${article(caller.role)} ${caller.role} in '${caller.organizationId}'.`,
    );
  }
}

/** Route middleware: refuses callers whose role is below what the action needs. */
export function authorize(action: Action): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (!caller) throw new Error(`authorize('${action}') used on a route without the membership middleware`);
    requireRole(caller, action);
    await next();
  };
}

/**
 * Records the first sign-in's `sub`. The command id is derived from (email, sub, organization version):
 * two first requests racing each other bind once (the second is a replay), while a member removed and
 * added again binds afresh.
 */
async function bindMemberSub(
  deps: ApiDependencies,
  org: string,
  organization: OrganizationState,
  actor: Actor,
  role: Role,
): Promise<OrganizationState> {
  const digest = createHash('sha256')
    .update(`${actor.email}\n${actor.sub}\n${organization.version}`)
    .digest('hex')
    .slice(0, 40);
  const { state } = await runOrganizationCommand(
    { store: deps.store, org, actor, role, clock: deps.clock },
    { type: 'BindMemberSub', commandId: `bind-${digest}`, email: actor.email, sub: actor.sub },
  );
  return state;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
