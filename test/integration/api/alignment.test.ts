// The alignment view over HTTP (docs/alignment.md, vectors A5 and A6): a company objective for the year
// with team objectives of the quarter aligned to it, three levels deep, own and aligned progress as the
// worked vectors say; as of an earlier instant and the diff between two; a child of a closed quarter
// counting with its grade.
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, push, useApi } from './support.js';

const api = useApi();
const ORG = `/v1/orgs/${ACME.org}`;

async function cycle(cycleId: string, startsOn: string, endsOn: string) {
  const created = await api.call('POST', `${ORG}/cycles`, {
    body: { cycleId, startsOn, endsOn, timeZone: 'Europe/Berlin' },
  });
  expect(created.status, created.text).toBe(201);
  const activated = await api.call('POST', `${ORG}/cycles/${cycleId}/activate`);
  expect(activated.status, activated.text).toBe(200);
}

/** An objective with one KR counting 0 → 10, aligned to `parent` with `weight`. */
const objectiveWithKr = (id: string, team: string, parent: string | null, weight = 1) => [
  {
    type: 'CreateObjective',
    commandId: commandId('obj'),
    objectiveId: `obj_${id}`,
    definition: { title: `Objective ${id}`, owner: ACME.editor, team, parentObjectiveId: parent, weight },
  },
  {
    type: 'AddKeyResult',
    commandId: commandId('kr'),
    objectiveId: `obj_${id}`,
    keyResultId: `kr_${id}`,
    reason: 'Set up in the cycle',
    definition: { title: 'Raise qualified deals from 0 to 10', type: 'increase', start: 0, target: 10 },
  },
];
const checkIn = (id: string, value: number, effectiveAt: string) => ({
  type: 'RecordCheckIn',
  commandId: commandId('chk'),
  objectiveId: `obj_${id}`,
  keyResultId: `kr_${id}`,
  checkInId: `chk_${id}_${value}x`,
  value,
  effectiveAt,
});

const read = async (query = '') => {
  const reply = await api.call<AlignmentResponse>('GET', `${ORG}/cycles/${ACME.cycle}/alignment${query}`, {
    as: ACME.viewer,
  });
  expect(reply.status, reply.text).toBe(200);
  return Object.fromEntries(reply.body.objectives.map((objective) => [objective.id, objective]));
};

let between = '';

beforeAll(async () => {
  await createAcme(api);
  await cycle('2026', '2026-01-01', '2026-12-31');
  await cycle('2026-Q3', '2026-07-01', '2026-09-30');
  await cycle(ACME.cycle, '2026-10-01', '2026-12-31');
  await api.call('POST', `${ORG}/teams`, { body: { teamId: 'team_sales', name: 'Sales' } });
  await api.call('POST', `${ORG}/teams`, {
    body: { teamId: 'team_emea', name: 'EMEA', parentTeamId: 'team_sales' },
  });

  const year = await push(
    api,
    [
      ...objectiveWithKr('company_2026', 'Leadership', null),
      checkIn('company_2026', 5, '2026-10-15T10:00:00Z'),
    ],
    {
      cycle: '2026',
    },
  );
  expect(year.body.summary.applied).toBe(3);
  const quarter = await push(api, [
    ...objectiveWithKr('sales_q4_team', 'team_sales', 'obj_company_2026', 2),
    ...objectiveWithKr('product_q4_team', 'Product', 'obj_company_2026', 1),
    ...objectiveWithKr('emea_q4_squad', 'EMEA', 'obj_sales_q4_team', 1),
    checkIn('sales_q4_team', 6, '2026-10-15T10:00:00Z'),
    checkIn('product_q4_team', 3, '2026-10-15T10:00:00Z'),
    checkIn('emea_q4_squad', 9, '2026-10-15T10:00:00Z'),
  ]);
  expect(quarter.body.summary.applied, JSON.stringify(quarter.body.results)).toBe(9);
  await new Promise((resolve) => setTimeout(resolve, 20));
  between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const later = await push(api, [checkIn('product_q4_team', 7, '2026-10-20T10:00:00Z')]);
  expect(later.body.summary.applied).toBe(1);
});

describe('the alignment tree', () => {
  it('rolls up a three-level tree across the year and the quarter', async () => {
    // Act
    const reply = await api.call<AlignmentResponse>('GET', `${ORG}/cycles/${ACME.cycle}/alignment`, {
      as: ACME.viewer,
    });
    // Assess
    expect(reply.body.objectives.map((objective) => [objective.id, objective.depth])).toEqual([
      ['obj_company_2026', 0],
      ['obj_product_q4_team', 1],
      ['obj_sales_q4_team', 1],
      ['obj_emea_q4_squad', 2],
    ]);
    const tree = Object.fromEntries(reply.body.objectives.map((objective) => [objective.id, objective]));
    expect(tree.obj_emea_q4_squad).toMatchObject({
      ownProgress: 0.9,
      alignedProgress: 0.9,
      teamId: 'team_emea',
    });
    expect(tree.obj_sales_q4_team?.ownProgress).toBe(0.6);
    expect(tree.obj_sales_q4_team?.alignedProgress).toBeCloseTo(0.75, 12);
    expect(tree.obj_sales_q4_team).toMatchObject({
      teamId: 'team_sales',
      teamName: 'Sales',
      alignedBand: 'green',
    });
    expect(tree.obj_product_q4_team).toMatchObject({ ownProgress: 0.7, teamId: null, team: 'Product' });
    // (0.5 + 2·0.75 + 1·0.7) / 4
    expect(tree.obj_company_2026?.alignedProgress).toBeCloseTo(0.675, 12);
    expect(tree.obj_company_2026).toMatchObject({
      ownProgress: 0.5,
      ownBand: 'yellow',
      owner: ACME.editor,
      cycleId: '2026',
    });
    expect(reply.body.cycles.map((cycle) => cycle.id).sort()).toEqual(['2026', '2026-Q3', '2026-Q4']);
    expect(reply.body.teams.map((team) => team.id).sort()).toEqual(['team_emea', 'team_sales']);
  });

  it('as of an earlier instant, and the diff between two instants', async () => {
    const then = await read(`?asOf=${encodeURIComponent(between)}`);
    expect(then.obj_product_q4_team?.ownProgress).toBe(0.3);
    // Vector A5: (0.5 + 2·0.75 + 1·0.3) / 4
    expect(then.obj_company_2026?.alignedProgress).toBeCloseTo(0.575, 12);
    const diff = await api.call<{
      objectives: { id: string; alignedBefore: number; alignedAfter: number }[];
    }>(
      'GET',
      `${ORG}/cycles/${ACME.cycle}/alignment/diff?from=${encodeURIComponent(between)}&to=${encodeURIComponent(new Date().toISOString())}`,
      { as: ACME.viewer },
    );
    expect(diff.status, diff.text).toBe(200);
    expect(diff.body.objectives.map((change) => change.id).sort()).toEqual([
      'obj_company_2026',
      'obj_product_q4_team',
    ]);
  });

  it('counts a child of a closed quarter with its grade', async () => {
    // Prepare: a Q3 team objective aligned to the year, graded 0.7 when Q3 closes.
    const q3 = await push(
      api,
      [
        ...objectiveWithKr('sales_q3_team', 'team_sales', 'obj_company_2026'),
        checkIn('sales_q3_team', 7, '2026-09-20T10:00:00Z'),
      ],
      {
        cycle: '2026-Q3',
      },
    );
    expect(q3.body.summary.applied).toBe(3);
    const closed = await api.call('POST', `${ORG}/cycles/2026-Q3/close`);
    expect(closed.status, closed.text).toBe(200);
    // Act
    const tree = await read();
    // Assess: (0.5 + 2·0.75 + 0.7 + 0.7) / 5
    expect(tree.obj_sales_q3_team).toMatchObject({ ownProgress: 0.7, graded: true, cycleId: '2026-Q3' });
    expect(tree.obj_company_2026?.alignedProgress).toBeCloseTo(0.68, 12);
  });

  it('puts the aligned grade beside the grade with ?aligned=true, JSON and CSV', async () => {
    await api.drain();
    const year = await api.call<{
      rows: { targetType: string; objectiveId: string; final: number; alignedGrade?: number | null }[];
    }>('GET', `${ORG}/cycles/2026/grades?aligned=true`, { as: ACME.viewer });
    expect(year.status, year.text).toBe(200);
    const company = year.body.rows.find((row) => row.targetType === 'objective');
    // (0.5 + 2·0.75 + 0.7 + 0.7) / 5, the Q4 children graded on their quarter so far.
    expect(company).toMatchObject({ objectiveId: 'obj_company_2026', final: 0.5, alignedGrade: 0.68 });
    expect(year.body.rows.find((row) => row.targetType === 'key_result')?.alignedGrade).toBeNull();
    const quarter = await api.call<{
      rows: { objectiveId: string; targetType: string; alignedGrade?: number | null }[];
    }>('GET', `${ORG}/cycles/${ACME.cycle}/grades?aligned=true`, { as: ACME.viewer });
    const sales = quarter.body.rows.find(
      (row) => row.objectiveId === 'obj_sales_q4_team' && row.targetType === 'objective',
    );
    expect(sales?.alignedGrade).toBe(0.75);
    const plain = await api.call<{ rows: Record<string, unknown>[] }>('GET', `${ORG}/cycles/2026/grades`, {
      as: ACME.viewer,
    });
    expect(plain.body.rows[0]).not.toHaveProperty('alignedGrade');
    const csv = await api.call('GET', `${ORG}/cycles/2026/grades?aligned=true&format=csv`, {
      as: ACME.viewer,
    });
    expect(csv.text.split(/\r?\n/)[0]).toMatch(/,alignedGrade$/);
  });

  it('is not found for an unknown cycle', async () => {
    const reply = await api.call('GET', `${ORG}/cycles/1999-Q1/alignment`, { as: ACME.viewer });
    expect(reply.status).toBe(404);
  });
});

describe('aligned to you', () => {
  type Entry = {
    kind: string;
    objectiveId: string;
    owner: string | null;
    reason: string | null;
    after: { objectiveId: string; cycleId: string; weight: number; owner: string | null };
  };
  const changes = async (cycle: string, query: string) => {
    const reply = await api.call<{ entries: Entry[] }>('GET', `${ORG}/cycles/${cycle}/changes${query}`, {
      as: ACME.viewer,
    });
    expect(reply.status, reply.text).toBe(200);
    return reply.body.entries;
  };
  const children = (entries: Entry[]) =>
    entries.map((entry) => [
      entry.objectiveId,
      entry.after.objectiveId,
      entry.after.cycleId,
      entry.after.weight,
    ]);

  it('the year’s audit shows, for the company objective, the quarters’ objectives aligned to it', async () => {
    await api.drain();
    const year = await changes('2026', `?kind=aligned_to_you&owner=${encodeURIComponent(ACME.editor)}`);
    expect(children(year).sort()).toEqual(
      [
        ['obj_company_2026', 'obj_product_q4_team', ACME.cycle, 1],
        ['obj_company_2026', 'obj_sales_q3_team', '2026-Q3', 1],
        ['obj_company_2026', 'obj_sales_q4_team', ACME.cycle, 2],
      ].sort(),
    );
    expect(year.every((entry) => entry.owner === ACME.editor)).toBe(true);
    // The quarter's own audit has the one link made inside it (the squad under the Sales objective).
    expect(children(await changes(ACME.cycle, '?kind=aligned_to_you'))).toEqual([
      ['obj_sales_q4_team', 'obj_emea_q4_squad', ACME.cycle, 1],
    ]);
    expect(await changes('2026', '?kind=aligned_to_you&owner=someone-else%40acme.test')).toEqual([]);
  });

  it('a parent changed mid-cycle reaches the new parent’s audit with its reason', async () => {
    const moved = await push(api, [
      {
        type: 'EditObjective',
        commandId: commandId('realign'),
        objectiveId: 'obj_emea_q4_squad',
        changes: { parentObjectiveId: 'obj_company_2026' },
        reason: 'EMEA reports to the company directly now',
      },
    ]);
    expect(moved.body.summary.applied, JSON.stringify(moved.body.results)).toBe(1);
    await api.drain();

    const year = await changes('2026', '?kind=aligned_to_you');
    const entry = year.find((candidate) => candidate.after.objectiveId === 'obj_emea_q4_squad');
    expect(entry).toMatchObject({
      objectiveId: 'obj_company_2026',
      owner: ACME.editor,
      reason: 'EMEA reports to the company directly now',
      after: { cycleId: ACME.cycle, weight: 1, owner: ACME.editor },
    });
  });
});
