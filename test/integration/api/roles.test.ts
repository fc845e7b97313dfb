// The role matrix: every route's action against every role, as a table. A role below what the action
// needs gets 403; a role that suffices gets through (whatever the route then answers). And ids of
// another organization are simply not found.
import type { Role } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Action, REQUIRED_ROLE } from '../../../functions/api/src/auth/permissions.js';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const ORG = `/v1/orgs/${ACME.org}`;
const CYCLE = `${ORG}/cycles/${ACME.cycle}`;
const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const EMAIL: Record<Role, string> = { viewer: ACME.viewer, editor: ACME.editor, admin: ACME.admin };

interface Probe {
  method: string;
  path: string;
  body?: unknown;
}

/** One request per action and role; each role works on its own cycle so allowed writes do not interfere. */
const probes: Record<Action, (role: Role) => Probe> = {
  'me.read': () => ({ method: 'GET', path: `${ORG}/me` }),
  'cycles.list': () => ({ method: 'GET', path: `${ORG}/cycles` }),
  'cycles.read': () => ({ method: 'GET', path: CYCLE }),
  'cycles.create': (role) => ({
    method: 'POST',
    path: `${ORG}/cycles`,
    body: { cycleId: `NEW-${role}`, startsOn: '2027-01-01', endsOn: '2027-03-31' },
  }),
  'cycles.activate': (role) => ({ method: 'POST', path: `${ORG}/cycles/ROLE-${role}/activate` }),
  'cycles.close': (role) => ({ method: 'POST', path: `${ORG}/cycles/ROLE-${role}/close` }),
  'cycles.reopen': (role) => ({
    method: 'POST',
    path: `${ORG}/cycles/ROLE-${role}/reopen`,
    body: { reason: 'why not' },
  }),
  'board.read': () => ({ method: 'GET', path: `${CYCLE}/okrs` }),
  'diff.read': () => ({
    method: 'GET',
    path: `${CYCLE}/diff?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
  }),
  'attention.read': () => ({ method: 'GET', path: `${CYCLE}/attention` }),
  'changes.read': () => ({ method: 'GET', path: `${CYCLE}/changes` }),
  'grades.read': () => ({ method: 'GET', path: `${CYCLE}/grades` }),
  'commands.submit': () => ({
    method: 'POST',
    path: `${CYCLE}/commands`,
    body: {
      commands: [
        {
          type: 'ArchiveObjective',
          commandId: commandId('probe'),
          objectiveId: 'obj_matrix_absent',
          reason: 'x',
        },
      ],
    },
  }),
  'grades.override': () => ({
    method: 'POST',
    path: `${CYCLE}/grades/overrides`,
    body: {
      objectiveId: 'obj_matrix_main',
      targetType: 'objective',
      targetId: 'obj_matrix_main',
      grade: 0.5,
      reason: 'calibrated',
    },
  }),
  'checkIns.record': () => ({
    method: 'POST',
    path: `${ORG}/key-results/kr_matrix_days/check-ins`,
    body: { value: 20 },
  }),
  'history.read': () => ({ method: 'GET', path: `${ORG}/key-results/kr_matrix_days/history` }),
  'members.list': () => ({ method: 'GET', path: `${ORG}/members` }),
  'members.read': () => ({ method: 'GET', path: `${ORG}/members/${ACME.viewer}` }),
  'members.put': (role) => ({
    method: 'PUT',
    path: `${ORG}/members/added-by-${role}@acme.test`,
    body: { role: 'viewer' },
  }),
  'members.remove': () => ({ method: 'DELETE', path: `${ORG}/members/never-a-member@acme.test` }),
  'settings.read': () => ({ method: 'GET', path: `${ORG}/settings` }),
  'settings.put': () => ({ method: 'PUT', path: `${ORG}/settings`, body: { checkInCadenceDays: 7 } }),
  'digest.subscribe': () => ({
    method: 'PUT',
    path: `${ORG}/settings/digest-subscription`,
    body: { subscribed: true },
  }),
  'teams.list': () => ({ method: 'GET', path: `${ORG}/teams` }),
  'alignment.read': () => ({ method: 'GET', path: `${CYCLE}/alignment` }),
  'carryOver.submit': (role) => ({
    method: 'POST',
    path: `${ORG}/cycles/ROLE-${role}/carry-over`,
    body: { sourceCycleId: ACME.cycle, objectiveIds: ['obj_matrix_main'] },
  }),
  'teams.create': (role) => ({
    method: 'POST',
    path: `${ORG}/teams`,
    body: { teamId: `team_made-by-${role}`, name: `Made by ${role}` },
  }),
  'teams.change': (role) => ({
    method: 'PATCH',
    path: `${ORG}/teams/team_matrix-${role}`,
    body: { name: `Renamed by ${role}` },
  }),
  'teams.archive': (role) => ({ method: 'POST', path: `${ORG}/teams/team_archive-${role}/archive` }),
};

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, ACME.cycle, { activate: true });
  for (const role of ROLES) await createCycle(api, `ROLE-${role}`);
  for (const role of ROLES) {
    for (const prefix of ['matrix', 'archive']) {
      const team = await api.call('POST', `${ORG}/teams`, {
        as: ACME.admin,
        body: { teamId: `team_${prefix}-${role}`, name: `${prefix} ${role}` },
      });
      expect(team.status, team.text).toBe(201);
    }
  }
  const setUp = await push(
    api,
    onboardingObjective('obj_matrix_main', 'matrix').map((command) =>
      command.type === 'AddKeyResult' ? { ...command, reason: 'Set up in the quarter' } : command,
    ),
  );
  expect(setUp.body.summary.applied).toBe(4);

  await api.createOrganization('globex', { 'boss@globex.test': 'admin' });
  await createCycle(api, 'GLOBEX-1', { org: 'globex', as: 'boss@globex.test' });
  const secret = await push(api, onboardingObjective('obj_globex_secret', 'globex'), {
    org: 'globex',
    cycle: 'GLOBEX-1',
    as: 'boss@globex.test',
  });
  expect(secret.body.summary.applied).toBe(4);
  await api.drain();
});

const matrix = (Object.keys(REQUIRED_ROLE) as Action[]).flatMap((action) =>
  ROLES.map((role) => [action, role] as const),
);

describe('the role matrix', () => {
  it('covers every action of the permission table', () => {
    expect(Object.keys(probes).sort()).toEqual(Object.keys(REQUIRED_ROLE).sort());
  });

  it.each(matrix)('%s as %s', async (action, role) => {
    // Prepare
    const probe = probes[action](role);
    const allowed =
      ['viewer', 'editor', 'admin'].indexOf(role) >=
      ['viewer', 'editor', 'admin'].indexOf(REQUIRED_ROLE[action]);
    // Act
    const reply = await api.call(probe.method, probe.path, { as: EMAIL[role], body: probe.body });
    // Assess
    if (allowed) {
      expect(reply.status, reply.text).not.toBe(403);
      expect(reply.status, reply.text).not.toBe(401);
      expect(String(reply.body?.detail ?? '')).not.toMatch(/member of/);
    } else {
      expect(reply.status, reply.text).toBe(403);
      expect(reply.body).toMatchObject({ type: 'https://okr-ledger.dev/problems/forbidden' });
      expect(String(reply.body.detail)).toContain(`needs the ${REQUIRED_ROLE[action]} role`);
    }
  });
});

describe("another organization's ids", () => {
  it('are not found from inside this organization', async () => {
    // Act
    const cycle = await api.call('GET', `${ORG}/cycles/GLOBEX-1`);
    const board = await api.call('GET', `${ORG}/cycles/GLOBEX-1/okrs`);
    const history = await api.call('GET', `${ORG}/key-results/kr_globex_days/history`);
    const checkIn = await api.call('POST', `${ORG}/key-results/kr_globex_days/check-ins`, {
      as: ACME.editor,
      body: { value: 1 },
    });
    const batch = await push(api, [
      {
        type: 'EditObjective',
        commandId: commandId('steal'),
        objectiveId: 'obj_globex_secret',
        changes: { title: 'Mine now' },
        reason: 'x',
      },
    ]);
    // Assess
    for (const reply of [cycle, board, history, checkIn]) expect(reply.status, reply.text).toBe(404);
    expect(batch.body.results[0]).toMatchObject({ status: 'invalid', code: 'not_found' });
    expect((await api.store.readTip('globex', 'objective-obj_globex_secret'))?.version).toBe(4);
  });

  it('are not reachable through the other organization either, without membership', async () => {
    const reply = await api.call('GET', '/v1/orgs/globex/cycles/GLOBEX-1/okrs', { as: ACME.admin });
    expect(reply.status).toBe(404);
  });
});
