// Applies one recorded event to an organization's state, without mutating the state it is given.
// Members are keyed by lower-cased email.
import { DEFAULT_CHECK_IN_CADENCE_DAYS } from './attention.js';
import type { OrganizationEvent, RecordedEvent } from './events.js';
import { CorruptStreamError } from './evolve-objective.js';
import type { Member, OrganizationState } from './model.js';
import { evolveTeams, isTeamEvent } from './evolve-teams.js';

export function evolveOrganization(
  state: OrganizationState | null,
  event: RecordedEvent<OrganizationEvent>,
): OrganizationState {
  if (event.type === 'OrganizationCreated') {
    if (state !== null) throw new CorruptStreamError(`${event.streamId}: organization created twice`);
    const { organizationId, name, timeZone } = event.data;
    // The cadence starts at the default: organizations created before it was a setting fold to it too.
    return {
      id: organizationId,
      name,
      timeZone,
      members: {},
      checkInCadenceDays: DEFAULT_CHECK_IN_CADENCE_DAYS,
      version: 1,
    };
  }
  if (state === null) {
    throw new CorruptStreamError(`${event.streamId}: ${event.type} before OrganizationCreated`);
  }
  const next: OrganizationState = { ...state, version: state.version + 1 };
  if (event.type === 'CheckInCadenceChanged') return { ...next, checkInCadenceDays: event.data.after };
  if (isDigestEvent(event)) return evolveDigest(next, event);
  if (isTeamEvent(event)) return evolveTeams(next, event);
  const email = event.data.email.toLowerCase();

  switch (event.type) {
    case 'MemberAdded':
      return withMember(next, { email, role: event.data.role, sub: state.members[email]?.sub ?? null });
    case 'MemberRoleChanged':
      return withMember(next, { ...existingMember(state, email, event.streamId), role: event.data.after });
    case 'MemberRemoved': {
      existingMember(state, email, event.streamId);
      const { [email]: _removed, ...members } = state.members;
      return { ...next, members };
    }
    case 'MemberSignedIn':
      return withMember(next, { ...existingMember(state, email, event.streamId), sub: event.data.sub });
    case 'MemberScopeChanged': {
      const { teams: _previous, ...member } = existingMember(state, email, event.streamId);
      return withMember(next, event.data.after === null ? member : { ...member, teams: event.data.after });
    }
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown organization event ${JSON.stringify(unhandled)}`);
    }
  }
}

type DigestEvent = Extract<
  OrganizationEvent,
  { type: 'DigestSettingsChanged' | 'DigestOptOutChanged' | 'DigestClaimed' | 'DigestDelivered' }
>;
const DIGEST_EVENT_TYPES: ReadonlySet<string> = new Set<DigestEvent['type']>([
  'DigestSettingsChanged',
  'DigestOptOutChanged',
  'DigestClaimed',
  'DigestDelivered',
]);
const isDigestEvent = (event: RecordedEvent<OrganizationEvent>): event is RecordedEvent<DigestEvent> =>
  DIGEST_EVENT_TYPES.has(event.type);

/** The digest's events: its settings, the opt-outs, and the weekly runs' claim and record. */
function evolveDigest(state: OrganizationState, event: RecordedEvent<DigestEvent>): OrganizationState {
  switch (event.type) {
    case 'DigestSettingsChanged':
      return { ...state, digest: event.data.after };
    case 'DigestOptOutChanged': {
      const others = (state.digestOptOuts ?? []).filter((email) => email !== event.data.email);
      const digestOptOuts = event.data.optedOut ? [...others, event.data.email].sort() : others;
      return { ...state, digestOptOuts };
    }
    case 'DigestClaimed':
      return {
        ...state,
        lastDigest: {
          week: event.data.week,
          claimedAt: event.metadata.recordedAt,
          recordedAt: null,
          sent: 0,
          failed: 0,
        },
      };
    case 'DigestDelivered': {
      const claimed = state.lastDigest;
      if (claimed?.week !== event.data.week) {
        throw new CorruptStreamError(`${event.streamId}: digest of ${event.data.week} recorded unclaimed`);
      }
      return {
        ...state,
        lastDigest: {
          ...claimed,
          recordedAt: event.metadata.recordedAt,
          sent: event.data.sent,
          failed: event.data.failures.length,
        },
      };
    }
    default: {
      const unhandled: never = event;
      throw new CorruptStreamError(`unknown digest event ${JSON.stringify(unhandled)}`);
    }
  }
}

function existingMember(state: OrganizationState, email: string, streamId: string): Member {
  const member = state.members[email];
  if (member === undefined) throw new CorruptStreamError(`${streamId}: event for unknown member ${email}`);
  return member;
}

function withMember(state: OrganizationState, member: Member): OrganizationState {
  return { ...state, members: { ...state.members, [member.email]: member } };
}
