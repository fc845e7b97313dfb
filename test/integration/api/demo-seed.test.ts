// The demo seed's teams, alignment and carry-over (functions/local/src/seed-alignment.ts), read back
// through the API as `npm start` serves them: the company objective for 2026 with two Q4 team
// objectives and the carried-over Q3 objective aligned to it, the closed Q3, and the carried KRs'
// starts at their Q3 last values.
import type { AlignmentResponse } from '@okr-ledger/api-contract';
import { carriedId } from '@okr-ledger/command-handling';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../../functions/local/src/seed.js';
import { useApi } from './support.js';

const api = useApi();
const ORG = `/v1/orgs/${DEMO.org}`;

beforeAll(async () => {
  await seedDemo(api.store, new Date('2026-12-06T12:00:00Z'));
}, 120_000);

describe('the demo seed', () => {
  it('aligns two Q4 team objectives and the carried-over Q3 objective to the company objective', async () => {
    const reply = await api.call<AlignmentResponse>('GET', `${ORG}/cycles/${DEMO.cycleId}/alignment`, {
      as: DEMO.viewer,
    });
    expect(reply.status, reply.text).toBe(200);
    const company = reply.body.objectives.find((objective) => objective.id === 'obj_company_2026');
    const carried = carriedId('obj', 'obj_q3_self_serve', DEMO.cycleId);
    expect(company?.children.sort()).toEqual(
      ['obj_customer_churn', 'obj_onboarding_speed', 'obj_q3_self_serve', carried].sort(),
    );
    expect(reply.body.objectives.find((objective) => objective.id === 'obj_q3_self_serve')).toMatchObject({
      graded: true,
      cycleId: '2026-Q3',
    });
    expect(reply.body.objectives.find((objective) => objective.id === 'obj_onboarding_speed')).toMatchObject({
      teamId: 'team_customer-success',
      depth: 1,
    });
    expect(reply.body.cycles.find((cycle) => cycle.id === '2026-Q3')?.status).toBe('closed');
  });

  it('carried the unfinished Q3 KRs into Q4, starting at their last values', async () => {
    const board = await api.call<{
      objectives: { id: string; keyResults: { id: string; start: number | null }[] }[];
    }>('GET', `${ORG}/cycles/${DEMO.cycleId}/okrs?consistent=true`, { as: DEMO.viewer });
    const carried = board.body.objectives.find(
      (objective) => objective.id === carriedId('obj', 'obj_q3_self_serve', DEMO.cycleId),
    );
    expect(carried?.keyResults.map((kr) => [kr.id, kr.start])).toEqual([
      [carriedId('kr', 'kr_q3_activation', DEMO.cycleId), 34],
      [carriedId('kr', 'kr_q3_trial_to_paid', DEMO.cycleId), 10],
    ]);
  });

  it('has teams and an editor scoped to Go-to-market', async () => {
    const teams = await api.call<{ teams: { id: string }[] }>('GET', `${ORG}/teams`, { as: DEMO.viewer });
    expect(teams.body.teams.map((team) => team.id)).toEqual([
      'team_data',
      'team_gtm',
      'team_customer-success',
      'team_support',
      'team_strategy',
    ]);
    const member = await api.call('GET', `${ORG}/members/gtm-lead@example.com`, { as: DEMO.admin });
    expect(member.body).toMatchObject({ role: 'editor', teams: ['team_gtm'] });
  });
});
