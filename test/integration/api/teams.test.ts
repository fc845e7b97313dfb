// Teams and scoped roles over HTTP (docs/alignment.md): admins manage teams; an editor scoped to a team
// writes objectives, KRs and check-ins of that team and its sub-teams only — refused per command in a
// batch, 403 on the check-in and grade-override routes, per item in a carry-over — and may align to any
// objective they can read. Parents: a loop, an
// id of another organization and a cycle that does not enclose the child's are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, push, useApi } from './support.js';

const api = useApi();
const ORG = `/v1/orgs/${ACME.org}`;
const SCOPED = 'sales-editor@acme.test';

async function cycle(
  cycleId: string,
  startsOn: string,
  endsOn: string,
  org: string = ACME.org,
  as: string = ACME.admin,
) {
  const created = await api.call('POST', `/v1/orgs/${org}/cycles`, {
    as,
    body: { cycleId, startsOn, endsOn, timeZone: 'Europe/Berlin' },
  });
  expect(created.status, created.text).toBe(201);
  const activated = await api.call('POST', `/v1/orgs/${org}/cycles/${cycleId}/activate`, { as });
  expect(activated.status, activated.text).toBe(200);
}

const objective = (objectiveId: string, team: string | null, parentObjectiveId: string | null = null) => ({
  type: 'CreateObjective',
  commandId: commandId('obj'),
  objectiveId,
  definition: { title: `Objective ${objectiveId}`, owner: ACME.admin, team, parentObjectiveId },
});
const keyResult = (objectiveId: string, keyResultId: string) => ({
  type: 'AddKeyResult',
  commandId: commandId('kr'),
  objectiveId,
  keyResultId,
  reason: 'Set up in the quarter',
  definition: { title: 'Raise qualified pipeline from 10 to 20', type: 'increase', start: 10, target: 20 },
});

beforeAll(async () => {
  await createAcme(api);
  await cycle('2026', '2026-01-01', '2026-12-31');
  await cycle('2026-Q3', '2026-07-01', '2026-09-30');
  await cycle(ACME.cycle, '2026-10-01', '2026-12-31');
  for (const [teamId, name, parentTeamId] of [
    ['team_sales', 'Sales', null],
    ['team_emea', 'Sales EMEA', 'team_sales'],
    ['team_product', 'Product', null],
  ] as const) {
    const team = await api.call('POST', `${ORG}/teams`, { body: { teamId, name, parentTeamId } });
    expect(team.status, team.text).toBe(201);
  }
  const member = await api.call('PUT', `${ORG}/members/${SCOPED}`, {
    body: { role: 'editor', teams: ['team_sales'] },
  });
  expect(member.status, member.text).toBe(200);
  expect(member.body).toMatchObject({ role: 'editor', teams: ['team_sales'] });

  const company = await push(api, [objective('obj_company_2026_0001', null)], {
    cycle: '2026',
    as: ACME.admin,
  });
  expect(company.body.summary.applied).toBe(1);
  const product = await push(
    api,
    [
      objective('obj_product_q4_0001', 'team_product'),
      keyResult('obj_product_q4_0001', 'kr_product_q4_0001'),
    ],
    {
      as: ACME.admin,
    },
  );
  expect(product.body.summary.applied).toBe(2);
  const q3 = await push(api, [objective('obj_sales_q3_0001', 'Sales')], { cycle: '2026-Q3', as: ACME.admin });
  expect(q3.body.summary.applied).toBe(1);
});

describe('teams', () => {
  it('lists teams parents first, and refuses a re-parenting that makes a loop', async () => {
    const list = await api.call<{ teams: { id: string }[] }>('GET', `${ORG}/teams`, { as: ACME.viewer });
    expect(list.status).toBe(200);
    expect(list.body.teams.map((team) => team.id)).toEqual(['team_product', 'team_sales', 'team_emea']);
    const loop = await api.call('PATCH', `${ORG}/teams/team_sales`, { body: { parentTeamId: 'team_emea' } });
    expect(loop.status, loop.text).toBe(422);
    expect(loop.body).toMatchObject({ code: 'team_loop' });
    const renamed = await api.call('PATCH', `${ORG}/teams/team_product`, {
      body: { name: 'Product & Design', leads: ['Lead@Acme.test'] },
    });
    expect(renamed.body).toMatchObject({ name: 'Product & Design', leads: ['lead@acme.test'] });
    const missing = await api.call('PATCH', `${ORG}/teams/team_nowhere`, { body: { name: 'X' } });
    expect(missing.status).toBe(404);
    const byEditor = await api.call('POST', `${ORG}/teams`, {
      as: SCOPED,
      body: { teamId: 'team_mine', name: 'Mine' },
    });
    expect(byEditor.status).toBe(403);
  });

  it('archives a team, which then takes no new objective', async () => {
    const created = await api.call('POST', `${ORG}/teams`, {
      body: { teamId: 'team_legacy', name: 'Legacy' },
    });
    expect(created.status, created.text).toBe(201);
    const archived = await api.call('POST', `${ORG}/teams/team_legacy/archive`);
    expect(archived.body).toMatchObject({ id: 'team_legacy', archived: true });
    const reply = await push(api, [objective('obj_legacy_q4_0001', 'Legacy')], { as: ACME.admin });
    expect(reply.body.results[0]).toMatchObject({ status: 'invalid', code: 'invalid_definition' });
  });
});

describe('teamId on objective commands', () => {
  it('names the team by id (stored as the team), refusing an unknown, an archived or a contradicting one', async () => {
    const byId = (objectiveId: string, teamId: string, team: string | null = null) => ({
      ...objective(objectiveId, team),
      teamId,
    });
    const reply = await push(
      api,
      [
        byId('obj_teamid_q4_0001', 'team_product'),
        byId('obj_teamid_q4_0002', 'team_nowhere'),
        byId('obj_teamid_q4_0003', 'team_legacy'),
        byId('obj_teamid_q4_0004', 'team_product', 'team_sales'),
        {
          type: 'EditObjective',
          commandId: commandId('move'),
          objectiveId: 'obj_teamid_q4_0001',
          changes: {},
          teamId: 'team_sales',
          reason: 'Sales owns it now',
        },
      ],
      { as: ACME.admin },
    );
    expect(reply.status, reply.text).toBe(200);
    expect(
      reply.body.results.map((result) => [
        result.status,
        result.code ?? null,
        (result as { errors?: { path: string }[] }).errors?.map((e) => e.path) ?? null,
      ]),
    ).toEqual([
      ['applied', null, null],
      ['invalid', 'invalid_definition', ['teamId']],
      ['invalid', 'invalid_definition', ['teamId']],
      ['invalid', 'invalid_definition', ['definition.team']],
      ['applied', null, null],
    ]);
    const objectives = reply.body.objectives as unknown as { id: string; team: string | null }[];
    expect(objectives.find((o) => o.id === 'obj_teamid_q4_0001')?.team).toBe('team_sales');
    expect(await api.store.readTip('acme', 'objective-obj_teamid_q4_0002')).toBeNull();
  });

  it('shows on the board the team each objective reads as, beside the stored value', async () => {
    await push(
      api,
      [objective('obj_teamid_typed_0001', 'sales emea'), objective('obj_teamid_none_0001', null)],
      {
        as: ACME.admin,
      },
    );
    for (const query of ['?consistent=true', '']) {
      if (query === '') await api.drain();
      const reply = await api.call<{
        objectives: { id: string; team: string | null; teamId?: string | null }[];
      }>('GET', `${ORG}/cycles/${ACME.cycle}/okrs${query}`, { as: ACME.viewer });
      expect(reply.status, reply.text).toBe(200);
      const read = (id: string) => reply.body.objectives.find((o) => o.id === id);
      expect(read('obj_teamid_q4_0001')).toMatchObject({ team: 'team_sales', teamId: 'team_sales' });
      expect(read('obj_teamid_typed_0001')).toMatchObject({ team: 'sales emea', teamId: 'team_emea' });
      expect(read('obj_teamid_none_0001')).toMatchObject({ team: null, teamId: null });
    }
  });

  it('is checked against the scope like a team: a Sales editor may not name the Product team', async () => {
    const reply = await push(api, [{ ...objective('obj_teamid_q4_0005', null), teamId: 'team_product' }], {
      as: SCOPED,
    });
    expect(reply.body.results[0]).toMatchObject({ status: 'invalid', code: 'forbidden' });
  });
});

describe('a team editor', () => {
  it('writes in their team and sub-teams, aligned to a company objective, and is refused per command elsewhere', async () => {
    // Act
    const reply = await push(
      api,
      [
        objective('obj_emea_q4_0001', 'team_emea', 'obj_company_2026_0001'),
        keyResult('obj_emea_q4_0001', 'kr_emea_q4_0001'),
        objective('obj_sales_typed_0001', 'sales', 'obj_company_2026_0001'),
        objective('obj_product_mine_0001', 'team_product'),
        {
          type: 'EditObjective',
          commandId: commandId('edit'),
          objectiveId: 'obj_product_q4_0001',
          changes: { title: 'Ours' },
          reason: 'x',
        },
        keyResult('obj_product_q4_0001', 'kr_product_extra_0001'),
      ],
      { as: SCOPED },
    );
    // Assess
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.results.map((result) => [result.status, result.code ?? null])).toEqual([
      ['applied', null],
      ['applied', null],
      ['applied', null],
      ['invalid', 'forbidden'],
      ['invalid', 'forbidden'],
      ['invalid', 'forbidden'],
    ]);
    expect(reply.body.summary).toEqual({ applied: 3, conflicts: 0, invalid: 3 });
    expect((await api.store.readTip('acme', 'objective-obj_product_q4_0001'))?.version).toBe(2);
    expect(await api.store.readTip('acme', 'objective-obj_product_mine_0001')).toBeNull();
  });

  it('records check-ins on KRs of their team (201) and not on others (403)', async () => {
    const mine = await api.call('POST', `${ORG}/key-results/kr_emea_q4_0001/check-ins`, {
      as: SCOPED,
      body: { value: 15 },
    });
    expect(mine.status, mine.text).toBe(201);
    const theirs = await api.call('POST', `${ORG}/key-results/kr_product_q4_0001/check-ins`, {
      as: SCOPED,
      body: { value: 15 },
    });
    expect(theirs.status, theirs.text).toBe(403);
    expect(theirs.body).toMatchObject({ code: 'forbidden' });
    const unscoped = await api.call('POST', `${ORG}/key-results/kr_product_q4_0001/check-ins`, {
      as: ACME.editor,
      body: { value: 12 },
    });
    expect(unscoped.status, unscoped.text).toBe(201);
  });

  it('loses the scope when the admin widens it to the whole organization', async () => {
    const widened = await api.call('PUT', `${ORG}/members/${SCOPED}`, {
      body: { role: 'editor', teams: null },
    });
    expect(widened.body).toEqual({ email: SCOPED, role: 'editor', signedIn: true });
    const now = await push(api, [objective('obj_product_now_0001', 'team_product')], { as: SCOPED });
    expect(now.body.summary.applied).toBe(1);
    const back = await api.call('PUT', `${ORG}/members/${SCOPED}`, {
      body: { role: 'editor', teams: ['team_sales'] },
    });
    expect(back.status).toBe(200);
  });
});

describe('a team editor on the other routes that write objectives', () => {
  const owned = (objectiveId: string, team: string) => ({
    type: 'CreateObjective',
    commandId: commandId('own'),
    objectiveId,
    definition: { title: `Objective ${objectiveId}`, owner: SCOPED, team },
  });

  it('overrides grades of objectives they own in their teams, and is refused (403) in another team', async () => {
    const created = await push(
      api,
      [owned('obj_emea_owned_0001', 'team_emea'), owned('obj_product_owned_0001', 'team_product')],
      { as: ACME.admin },
    );
    expect(created.body.summary.applied).toBe(2);
    const override = (targetId: string) =>
      api.call('POST', `${ORG}/cycles/${ACME.cycle}/grades/overrides`, {
        as: SCOPED,
        body: {
          objectiveId: targetId,
          targetType: 'objective',
          targetId,
          grade: 0.6,
          reason: 'Settled at the quarterly review',
        },
      });
    const theirs = await override('obj_product_owned_0001');
    expect(theirs.status, theirs.text).toBe(403);
    expect(theirs.body).toMatchObject({ code: 'forbidden' });
    expect(theirs.body, theirs.text).toMatchObject({ detail: expect.stringContaining('covers only teams') });
    expect((await api.store.readTip('acme', 'objective-obj_product_owned_0001'))?.version).toBe(1);
    const mine = await override('obj_emea_owned_0001');
    expect(mine.status, mine.text).toBe(200);
  });

  it('carries over objectives of their teams into the next cycle, and is refused per item elsewhere', async () => {
    await cycle('2027-Q1', '2027-01-01', '2027-03-31');
    const reply = await api.call<{ items: { from: string; status: string; code?: string }[] }>(
      'POST',
      `${ORG}/cycles/2027-Q1/carry-over`,
      {
        as: SCOPED,
        body: {
          sourceCycleId: ACME.cycle,
          objectiveIds: ['obj_emea_q4_0001', 'obj_product_q4_0001'],
          keyResultIds: [],
        },
      },
    );
    expect(reply.status, reply.text).toBe(200);
    const byId = new Map(reply.body.items.map((item) => [item.from, item]));
    expect(byId.get('obj_emea_q4_0001')).toMatchObject({ status: 'created' });
    expect(byId.get('obj_product_q4_0001')).toMatchObject({ status: 'invalid', code: 'forbidden' });
  });
});

describe('parents', () => {
  it("refuses a loop, another organization's objective and a cycle that does not enclose the child", async () => {
    await api.createOrganization('globex', { 'boss@globex.test': 'admin' });
    await cycle('G-2026', '2026-01-01', '2026-12-31', 'globex', 'boss@globex.test');
    const secret = await push(api, [objective('obj_globex_goal_0001', null)], {
      org: 'globex',
      cycle: 'G-2026',
      as: 'boss@globex.test',
    });
    expect(secret.body.summary.applied).toBe(1);

    const reply = await push(
      api,
      [
        {
          type: 'EditObjective',
          commandId: commandId('loop'),
          objectiveId: 'obj_product_q4_0001',
          changes: { parentObjectiveId: 'obj_emea_q4_0001' },
          reason: 'align',
        },
        objective('obj_cross_org_0001', 'team_product', 'obj_globex_goal_0001'),
        objective('obj_wrong_quarter_0001', 'team_product', 'obj_sales_q3_0001'),
      ],
      { as: ACME.admin },
    );
    const loop = await push(
      api,
      [
        {
          type: 'EditObjective',
          commandId: commandId('loop'),
          objectiveId: 'obj_company_2026_0001',
          changes: { parentObjectiveId: 'obj_emea_q4_0001' },
          reason: 'align',
        },
      ],
      { cycle: '2026', as: ACME.admin },
    );
    // The first edit is fine (product aligned to EMEA); the others break a rule each.
    expect(reply.body.results.map((result) => result.code ?? result.status)).toEqual([
      'applied',
      'parent_not_found',
      'parent_cycle_mismatch',
    ]);
    expect(loop.body.results[0]).toMatchObject({ status: 'invalid', code: 'parent_loop' });
  });
});
