// The organization decider: creating a tenant with its first admin, managing who is a member with
// which role, its check-in cadence and its digest (settings, members' opt-outs, the weekly runs' records).
// Emails are compared lower-cased; an organization always keeps at least one admin.
import type { OrganizationCommand } from './commands.js';
import type { CycleDecisionContext } from './decide-cycle.js';
import { isValidTimeZone } from './day-boundary.js';
import { digestSettingsOf, digestSettingsProblems } from './digest.js';
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
  // Binding a sign-in is what every member does on first use, so any role may; a member opts themselves
  // out of the digest (checked below); the rest is admin work.
  if (command.type !== 'BindMemberSub' && command.type !== 'SetDigestOptOut' && ctx.role !== 'admin') {
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
    case 'SetDigestSettings':
      return setDigestSettings(command, state);
    case 'SetDigestOptOut':
      return setDigestOptOut(command, state, ctx);
    case 'ClaimDigest':
      return claimDigest(command, state);
    case 'RecordDigest':
      return recordDigest(command, state);
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

/** Some of the digest settings; every broken rule is reported, each on its field, and nothing is changed. */
function setDigestSettings(
  command: CommandOf<'SetDigestSettings'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  if (state === null) return reject('not_found', 'the organization does not exist');
  const [first, ...others] = digestSettingsProblems(command.digest);
  if (first !== undefined) {
    if (others.length === 0) return reject(first);
    // One error carries one path: the others are named in its message, so none goes unreported.
    const named = others.map((problem) => `${problem.path.join('.')} ${problem.message}`).join('; ');
    return reject({ ...first, message: `${first.message}; also ${named}` });
  }
  const before = digestSettingsOf(state);
  const changes = Object.fromEntries(
    Object.entries(command.digest).filter(([, value]) => value !== undefined),
  );
  const after = { ...before, ...changes };
  if (JSON.stringify(after) === JSON.stringify(before)) return accept();
  return accept({ type: 'DigestSettingsChanged', data: { before, after } });
}

/** A member opts out of (or back into) the digest email: themselves, or any member if an admin does it. */
function setDigestOptOut(
  command: CommandOf<'SetDigestOptOut'>,
  state: OrganizationState | null,
  ctx: CycleDecisionContext,
): Decision<OrganizationEvent> {
  if (state === null) return reject('not_found', 'the organization does not exist');
  const email = normalizeEmail(command.email);
  if (ctx.role !== 'admin' && normalizeEmail(ctx.actor.email) !== email) {
    return reject('forbidden', 'a member may only change their own digest subscription', ['email']);
  }
  if (state.members[email] === undefined) return reject('not_found', `${email} is not a member`, ['email']);
  const optedOut = (state.digestOptOuts ?? []).includes(email);
  if (optedOut === command.optedOut) return accept();
  return accept({ type: 'DigestOptOutChanged', data: { email, optedOut: command.optedOut } });
}

/** One digest per organization per week: the claim is refused once the week is taken. */
function claimDigest(
  command: CommandOf<'ClaimDigest'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  if (state === null) return reject('not_found', 'the organization does not exist');
  if (state.lastDigest?.week === command.week) {
    return reject('digest_already_claimed', `the digest of ${command.week} was already claimed`, ['week']);
  }
  return accept({ type: 'DigestClaimed', data: { week: command.week } });
}

/** The outcome of the week's run, recorded once, for the week that was claimed. */
function recordDigest(
  command: CommandOf<'RecordDigest'>,
  state: OrganizationState | null,
): Decision<OrganizationEvent> {
  if (state === null) return reject('not_found', 'the organization does not exist');
  const run = state.lastDigest;
  if (run?.week !== command.week) {
    return reject('invalid_transition', `the digest of ${command.week} was not claimed`, ['week']);
  }
  if (run.recordedAt !== null) {
    return reject('invalid_transition', `the digest of ${command.week} is already recorded`, ['week']);
  }
  return accept({
    type: 'DigestDelivered',
    data: { week: command.week, sent: command.sent, failures: command.failures },
  });
}
