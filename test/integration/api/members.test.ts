// Membership management (admin): list, read, add, change a role, remove; the last admin always stays.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, createAcme, useApi } from './support.js';

const api = useApi();
const MEMBERS = `/v1/orgs/${ACME.org}/members`;

beforeAll(async () => {
  await createAcme(api);
});

describe('members', () => {
  it('given an admin, when they list members, then every member with role, sorted by email', async () => {
    // Act
    const reply = await api.call<{ members: { email: string; role: string; signedIn: boolean }[] }>(
      'GET',
      MEMBERS,
    );
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.members).toEqual([
      { email: ACME.admin, role: 'admin', signedIn: true },
      { email: ACME.editor, role: 'editor', signedIn: false },
      { email: ACME.viewer, role: 'viewer', signedIn: false },
    ]);
  });

  it('given a new email, when an admin puts it with a role, then it is a member and may sign in', async () => {
    // Act
    const put = await api.call('PUT', `${MEMBERS}/Grace@Acme.Test`, { body: { role: 'editor' } });
    const me = await api.call('GET', `/v1/orgs/${ACME.org}/me`, { as: 'grace@acme.test' });
    // Assess
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ email: 'grace@acme.test', role: 'editor', signedIn: false });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('editor');
  });

  it('given a member, when an admin changes the role, then the new role applies at once', async () => {
    // Act
    const put = await api.call('PUT', `${MEMBERS}/grace@acme.test`, { body: { role: 'viewer' } });
    const read = await api.call('GET', `${MEMBERS}/grace@acme.test`);
    const write = await api.call('POST', `/v1/orgs/${ACME.org}/cycles`, {
      as: 'grace@acme.test',
      body: { cycleId: 'X1', startsOn: '2027-01-01', endsOn: '2027-01-31' },
    });
    // Assess
    expect(put.status).toBe(200);
    expect(read.body).toMatchObject({ role: 'viewer', signedIn: true });
    expect(write.status).toBe(403);
  });

  it('given an invalid role or email, then 400 with the field', async () => {
    // Act
    const badRole = await api.call<{ errors: { path: string }[] }>('PUT', `${MEMBERS}/grace@acme.test`, {
      body: { role: 'owner' },
    });
    const badEmail = await api.call<{ errors: { path: string }[] }>('PUT', `${MEMBERS}/not-an-email`, {
      body: { role: 'viewer' },
    });
    // Assess
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors[0]?.path).toBe('role');
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors[0]?.path).toBe('path.email');
  });

  it('given a member, when an admin removes them, then 204 and they are out (404 on every route)', async () => {
    // Act
    const removed = await api.call('DELETE', `${MEMBERS}/grace@acme.test`);
    const me = await api.call('GET', `/v1/orgs/${ACME.org}/me`, { as: 'grace@acme.test' });
    const read = await api.call('GET', `${MEMBERS}/grace@acme.test`);
    // Assess
    expect(removed.status).toBe(204);
    expect(me.status).toBe(404);
    expect(read.status).toBe(404);
  });

  it('given the last admin, when they are demoted or removed, then 422 and they stay admin', async () => {
    // Act
    const demoted = await api.call('PUT', `${MEMBERS}/${ACME.admin}`, { body: { role: 'editor' } });
    const removed = await api.call('DELETE', `${MEMBERS}/${ACME.admin}`);
    const me = await api.call('GET', `/v1/orgs/${ACME.org}/me`);
    // Assess
    expect(demoted.status).toBe(422);
    expect(demoted.body.code).toBe('invalid_transition');
    expect(removed.status).toBe(422);
    expect(me.body.role).toBe('admin');
  });

  it('given an unknown member, when removed, then 404', async () => {
    const reply = await api.call('DELETE', `${MEMBERS}/nobody@acme.test`);
    expect(reply.status).toBe(404);
  });
});
