// The typed per-request context every middleware and route shares: the request id, the verified token's
// identity, and once the caller is found in the organization, who they are there.
import type { Actor, Member, OrganizationState, Role } from '@okr-ledger/okr-domain';
import type { Context } from 'hono';
import type { Identity } from '../auth/verify-token.js';

export interface Caller {
  organizationId: string;
  organization: OrganizationState;
  identity: Identity;
  member: Member;
  role: Role;
  actor: Actor;
}

export interface ApiEnv {
  Variables: {
    requestId: string;
    identity: Identity;
    caller: Caller;
  };
}

export type ApiContext = Context<ApiEnv>;

/** The authenticated member; only reachable on routes behind the membership middleware. */
export function callerOf(c: Context<ApiEnv>): Caller {
  const caller = c.get('caller');
  if (!caller) throw new Error('callerOf used on a route without the membership middleware');
  return caller;
}
