// The organization decider: creating a tenant with its first admin, managing who is a member with
// which role, and its check-in cadence. Emails are compared lower-cased; an organization always keeps at
// least one admin.
import type { OrganizationCommand } from './commands.js';
import type { CycleDecisionContext } from './decide-cycle.js';
import { isValidTimeZone } from './day-boundary.js';
import { accept, type Decision, reject } from './errors.js';
import type { OrganizationEvent } from './events.js';
import type { OrganizationState, Role } from './model.js';
import { decideTeam, scopeChange } from './decide-teams.js';

type CommandOf<T extends OrganizationCommand['type']> = Extract<OrganizationCommand, { type: T }>;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function decideOrganization(
  command: OrganizationCommand,
  state: OrganizationState | null,
  ctx: CycleDecisionContext,
): Decision<OrganizationEvent> {
  // Binding a sign-in is what every member does on first use, so any role may; the rest is admin work.
  if (command.type !== 'BindMemberSub' && ctx.role !== 'admin') {
    return reject('forbidden', 'only an admin may manage the organization and its members');
  }
  if (command.type !== 'CreateOrganization' && state === null) {
    return reject('not_found', 'the organization does not exist');
  }

  switch (command.type) {
    case 'CreateOrganization':
      return createOrganization(command, state);
    case 'PutMember':
      return putMember(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
    case 'BindMemberSub':
      return bindMemberSub(command, state, ctx);
    case 'SetCheckInCadence':
      return setCheckInCadence(command, state);
    case 'CreateTeam':
    case 'RenameTeam':
    case 'MoveTeam':
    case 'SetTeamPeople':
    case 'ArchiveTeam':
      if (state === null) return reject('not_found', 'the organization does not exist');
      return decideTeam(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled organization command ${JSON.stringify(unhandled)}`);
    }
  }
}

function createOrganization(
  command: CommandOf<'CreateOrganization'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  if (state !== null) {
    return reject('already_exists', `organization ${state.id} already exists`, ['organizationId']);
  }
  if (!isValidTimeZone(command.timeZone)) {
    return reject('invalid_definition', `${command.timeZone} is not an IANA time zone`, ['timeZone']);
  }
  return accept<OrganizationEvent>(
    {
      type: 'OrganizationCreated',
      data: { organizationId: command.organizationId, name: command.name, timeZone: command.timeZone },
    },
    { type: 'MemberAdded', data: { email: normalizeEmail(command.firstAdminEmail), role: 'admin' } },
  );
}

function adminCount(state: OrganizationState): number {
  return Object.values(state.members).filter((member) => member.role === 'admin').length;
}

function isLastAdmin(state: OrganizationState, email: string): boolean {
  return state.members[email]?.role === 'admin' && adminCount(state) === 1;
}

function putMember(
  command: CommandOf<'PutMember'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  const email = normalizeEmail(command.email);
  const member = state?.members[email];
  const roleDecision = putMemberRole(command, state, email);
  if (!roleDecision.ok || state === null) return roleDecision;
  // The team scope (docs/alignment.md) follows the role: its event comes after the role's.
  const scope = scopeChange(state, email, command.role, command.teams, member?.teams);
  if (!scope.ok) return scope;
  return accept(...roleDecision.events, ...scope.events);
}

function putMemberRole(
  command: CommandOf<'PutMember'>,
  state: OrganizationState | null,
  email: string,
): Decision<OrganizationEvent> {
  const member = state?.members[email];
  if (state === null || member === undefined) {
    return accept({ type: 'MemberAdded', data: { email, role: command.role } });
  }
  if (member.role === command.role) return accept();
  if (isLastAdmin(state, email)) {
    return reject('invalid_transition', `${email} is the last admin; make someone else admin first`, [
      'role',
    ]);
  }
  const after: Role = command.role;
  return accept({ type: 'MemberRoleChanged', data: { email, before: member.role, after } });
}

function removeMember(
  command: CommandOf<'RemoveMember'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  const email = normalizeEmail(command.email);
  if (state === null || state.members[email] === undefined) {
    return reject('not_found', `${email} is not a member`, ['email']);
  }
  if (isLastAdmin(state, email)) {
    return reject('invalid_transition', `${email} is the last admin and cannot be removed`, ['email']);
  }
  return accept({ type: 'MemberRemoved', data: { email } });
}

/**
 * A sign-in binds the verified Google `sub` to the member's email once. Only the signed-in person can
 * bind themselves, and a member already bound to another account is not silently re-bound (a recycled
 * address must not inherit someone's access): an admin removes and re-adds them instead.
 */
function bindMemberSub(
  command: CommandOf<'BindMemberSub'>,
  state: OrganizationState | null,
  ctx: CycleDecisionContext,
): Decision<OrganizationEvent> {
  const email = normalizeEmail(command.email);
  if (normalizeEmail(ctx.actor.email) !== email || ctx.actor.sub !== command.sub) {
    return reject('forbidden', 'a sign-in can only be bound by the person who signed in', ['sub']);
  }
  const member = state?.members[email];
  if (member === undefined) return reject('not_found', `${email} is not a member`, ['email']);
  if (member.sub === command.sub) return accept();
  if (member.sub !== null) {
    return reject(
      'invalid_transition',
      `${email} is bound to another Google account; an admin must remove and re-add the member`,
      ['sub'],
    );
  }
  return accept({ type: 'MemberSignedIn', data: { email, sub: command.sub } });
}

/** The number of days without a check-in before a KR is due (see attention.ts). */
function setCheckInCadence(
  command: CommandOf<'SetCheckInCadence'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  if (state === null) return reject('not_found', 'the organization does not exist');
  if (state.checkInCadenceDays === command.checkInCadenceDays) return accept();
  return accept({
    type: 'CheckInCadenceChanged',
    data: { before: state.checkInCadenceDays, after: command.checkInCadenceDays },
  });
}
