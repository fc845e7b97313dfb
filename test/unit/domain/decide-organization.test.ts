// Given/when/then specifications of the organization decider: the tenant, its members and their roles.
import type { OrganizationEvent } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { ALICE, adminCtx, BOB, givenOrganization } from './specification.js';

const created: OrganizationEvent = {
  type: 'OrganizationCreated',
  data: { organizationId: 'acme', name: 'Acme', timeZone: 'Europe/Berlin' },
};
const aliceAdmin: OrganizationEvent = {
  type: 'MemberAdded',
  data: { email: 'alice@example.com', role: 'admin' },
};
const bobEditor: OrganizationEvent = {
  type: 'MemberAdded',
  data: { email: 'bob@example.com', role: 'editor' },
};
const organization = [created, aliceAdmin, bobEditor];

describe('CreateOrganization', () => {
  it('creates the tenant and makes the first admin a member, email lower-cased', () => {
    const state = givenOrganization([])
      .when(
        {
          type: 'CreateOrganization',
          organizationId: 'acme',
          name: 'Acme',
          timeZone: 'Europe/Berlin',
          firstAdminEmail: 'Alice@Example.com',
        },
        adminCtx(),
      )
      .thenEmits([created, aliceAdmin]);
    expect(state?.members).toEqual({
      'alice@example.com': { email: 'alice@example.com', role: 'admin', sub: null },
    });
  });

  it('refuses an existing organization, an unknown zone and a non-admin', () => {
    const create = {
      type: 'CreateOrganization',
      organizationId: 'acme',
      name: 'Acme',
      firstAdminEmail: 'a@example.com',
    } as const;
    givenOrganization([created]).when(create, adminCtx()).thenRejects('already_exists', ['organizationId']);
    givenOrganization([])
      .when({ ...create, timeZone: 'Nowhere/City' }, adminCtx())
      .thenRejects('invalid_definition', ['timeZone']);
    givenOrganization([])
      .when(create, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
  });
});

describe('PutMember', () => {
  it('adds a new member', () => {
    givenOrganization(organization)
      .when({ type: 'PutMember', email: 'Carol@Example.com', role: 'viewer' }, adminCtx())
      .thenEmits([{ type: 'MemberAdded', data: { email: 'carol@example.com', role: 'viewer' } }]);
  });

  it('changes a role, and records nothing when the role is the same', () => {
    const state = givenOrganization(organization)
      .when({ type: 'PutMember', email: 'BOB@example.com', role: 'admin' }, adminCtx())
      .thenEmits([
        { type: 'MemberRoleChanged', data: { email: 'bob@example.com', before: 'editor', after: 'admin' } },
      ]);
    expect(state?.members['bob@example.com']?.role).toBe('admin');
    givenOrganization(organization)
      .when({ type: 'PutMember', email: 'bob@example.com', role: 'editor' }, adminCtx())
      .thenEmits([]);
  });

  it('refuses to demote the last admin, for an editor, and before the organization exists', () => {
    givenOrganization(organization)
      .when({ type: 'PutMember', email: 'alice@example.com', role: 'editor' }, adminCtx())
      .thenRejects('invalid_transition', ['role']);
    givenOrganization(organization)
      .when({ type: 'PutMember', email: 'x@example.com', role: 'admin' }, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
    givenOrganization([])
      .when({ type: 'PutMember', email: 'x@example.com', role: 'admin' }, adminCtx())
      .thenRejects('not_found');
  });

  it('lets an admin step down once there is another admin', () => {
    const bobAdmin: OrganizationEvent = {
      type: 'MemberRoleChanged',
      data: { email: 'bob@example.com', before: 'editor', after: 'admin' },
    };
    givenOrganization([...organization, bobAdmin])
      .when({ type: 'PutMember', email: 'alice@example.com', role: 'viewer' }, adminCtx())
      .thenEmits([
        { type: 'MemberRoleChanged', data: { email: 'alice@example.com', before: 'admin', after: 'viewer' } },
      ]);
  });
});

describe('RemoveMember', () => {
  it('removes a member', () => {
    const state = givenOrganization(organization)
      .when({ type: 'RemoveMember', email: 'Bob@example.com' }, adminCtx())
      .thenEmits([{ type: 'MemberRemoved', data: { email: 'bob@example.com' } }]);
    expect(Object.keys(state?.members ?? {})).toEqual(['alice@example.com']);
  });

  it('refuses an unknown member and the last admin', () => {
    givenOrganization(organization)
      .when({ type: 'RemoveMember', email: 'nobody@example.com' }, adminCtx())
      .thenRejects('not_found', ['email']);
    givenOrganization(organization)
      .when({ type: 'RemoveMember', email: 'alice@example.com' }, adminCtx())
      .thenRejects('invalid_transition', ['email']);
  });
});

describe('BindMemberSub', () => {
  it('binds the signed-in person’s sub, whatever their role', () => {
    const state = givenOrganization(organization)
      .when(
        { type: 'BindMemberSub', email: 'Bob@Example.com', sub: BOB.sub },
        adminCtx({ role: 'editor', actor: BOB }),
      )
      .thenEmits([{ type: 'MemberSignedIn', data: { email: 'bob@example.com', sub: BOB.sub } }]);
    expect(state?.members['bob@example.com']).toEqual({
      email: 'bob@example.com',
      role: 'editor',
      sub: BOB.sub,
    });
  });

  it('records nothing when already bound to that sub', () => {
    const bound: OrganizationEvent = {
      type: 'MemberSignedIn',
      data: { email: 'bob@example.com', sub: BOB.sub },
    };
    givenOrganization([...organization, bound])
      .when(
        { type: 'BindMemberSub', email: 'bob@example.com', sub: BOB.sub },
        adminCtx({ role: 'viewer', actor: BOB }),
      )
      .thenEmits([]);
  });

  it('refuses to bind someone else, a non-member, and to re-bind to another account', () => {
    givenOrganization(organization)
      .when({ type: 'BindMemberSub', email: 'bob@example.com', sub: BOB.sub }, adminCtx({ actor: ALICE }))
      .thenRejects('forbidden', ['sub']);
    const stranger = { sub: 'google-sub-x', email: 'x@example.com' };
    givenOrganization(organization)
      .when(
        { type: 'BindMemberSub', email: 'x@example.com', sub: stranger.sub },
        adminCtx({ role: 'viewer', actor: stranger }),
      )
      .thenRejects('not_found', ['email']);
    const bound: OrganizationEvent = {
      type: 'MemberSignedIn',
      data: { email: 'bob@example.com', sub: 'google-sub-old' },
    };
    givenOrganization([...organization, bound])
      .when(
        { type: 'BindMemberSub', email: 'bob@example.com', sub: BOB.sub },
        adminCtx({ role: 'editor', actor: BOB }),
      )
      .thenRejects('invalid_transition', ['sub']);
  });
});

describe('SetCheckInCadence', () => {
  it('changes the cadence from the default, and records nothing when it is the same', () => {
    const state = givenOrganization(organization)
      .when({ type: 'SetCheckInCadence', checkInCadenceDays: 14 }, adminCtx())
      .thenEmits([{ type: 'CheckInCadenceChanged', data: { before: 7, after: 14 } }]);
    expect(state?.checkInCadenceDays).toBe(14);
    givenOrganization(organization)
      .when({ type: 'SetCheckInCadence', checkInCadenceDays: 7 }, adminCtx())
      .thenEmits([]);
  });

  it('is admin work, and refuses before the organization exists', () => {
    givenOrganization(organization)
      .when({ type: 'SetCheckInCadence', checkInCadenceDays: 14 }, adminCtx({ role: 'editor' }))
      .thenRejects('forbidden');
    givenOrganization([])
      .when({ type: 'SetCheckInCadence', checkInCadenceDays: 14 }, adminCtx())
      .thenRejects('not_found');
  });
});
