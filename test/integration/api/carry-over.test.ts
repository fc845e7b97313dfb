// Carry-over over HTTP (docs/alignment.md): a closed quarter's unfinished KRs carried into the next
// quarter with new ids, starting at their last value, linked both ways; carrying twice creates nothing
// new; the old quarter's grades stay as they were; the new KR's history starts with the link back.
import { carriedId, carriedOverLookupKey } from '@okr-ledger/command-handling';
import type { ObjectiveState } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, push, useApi } from './support.js';

const api = useApi();
const ORG = `/v1/orgs/${ACME.org}`;
const SOURCE = '2026-Q3';
const OBJECTIVE = 'obj_q3_growth_push';

const kr = (keyResultId: string, type: 'increase' | 'decrease', start: number, target: number) => ({
  type: 'AddKeyResult',
  commandId: commandId('kr'),
  objectiveId: OBJECTIVE,
  keyResultId,
  reason: 'Set up in the quarter',
  definition: { title: `Move ${keyResultId} from ${start} to ${target}`, type, start, target },
});
const checkIn = (keyResultId: string, value: number) => ({
  type: 'RecordCheckIn',
  commandId: commandId('chk'),
  objectiveId: OBJECTIVE,
  keyResultId,
  checkInId: `chk_${keyResultId.slice(3)}_${value}`,
  value,
  effectiveAt: '2026-09-20T10:00:00Z',
});

const carry = (body: Record<string, unknown>) =>
  api.call<{
    items: { kind: string; from: string; to: string; status: string; code?: string }[];
    summary: { created: number; alreadyCarried: number; invalid: number };
  }>('POST', `${ORG}/cycles/${ACME.cycle}/carry-over`, {
    as: ACME.editor,
    body: { sourceCycleId: SOURCE, ...body },
  });

let gradesBefore = '';

beforeAll(async () => {
  await createAcme(api);
  for (const [cycleId, startsOn, endsOn] of [
    [SOURCE, '2026-07-01', '2026-09-30'],
    [ACME.cycle, '2026-10-01', '2026-12-31'],
  ]) {
    expect((await api.call('POST', `${ORG}/cycles`, { body: { cycleId, startsOn, endsOn } })).status).toBe(
      201,
    );
    expect((await api.call('POST', `${ORG}/cycles/${cycleId}/activate`)).status).toBe(200);
  }
  const setUp = await push(
    api,
    [
      {
        type: 'CreateObjective',
        commandId: commandId('obj'),
        objectiveId: OBJECTIVE,
        definition: { title: 'Grow self-serve revenue', owner: ACME.editor, team: 'Growth' },
      },
      kr('kr_q3_signups_up', 'increase', 0, 10),
      kr('kr_q3_trials_done', 'increase', 0, 10),
      kr('kr_q3_churn_down', 'decrease', 24, 9),
      checkIn('kr_q3_signups_up', 6),
      checkIn('kr_q3_trials_done', 10),
      checkIn('kr_q3_churn_down', 12),
    ],
    { cycle: SOURCE },
  );
  expect(setUp.body.summary.applied).toBe(7);
  expect((await api.call('POST', `${ORG}/cycles/${SOURCE}/close`)).status).toBe(200);
  await api.drain();
  gradesBefore = (await api.call('GET', `${ORG}/cycles/${SOURCE}/grades`)).text;
});

describe('carry-over', () => {
  const newObjective = carriedId('obj', OBJECTIVE, ACME.cycle);
  const signups = carriedId('kr', 'kr_q3_signups_up', ACME.cycle);
  const churn = carriedId('kr', 'kr_q3_churn_down', ACME.cycle);

  it("carries an objective's unfinished KRs, each starting at its last value", async () => {
    // Act
    const reply = await carry({ objectiveIds: [OBJECTIVE] });
    // Assess
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.items).toEqual([
      { kind: 'objective', from: OBJECTIVE, to: newObjective, status: 'created' },
      { kind: 'key_result', from: 'kr_q3_signups_up', to: signups, status: 'created' },
      { kind: 'key_result', from: 'kr_q3_churn_down', to: churn, status: 'created' },
    ]);
    const state = (await api.store.readTip<ObjectiveState>(ACME.org, `objective-${newObjective}`))?.snapshot;
    expect(state?.cycleId).toBe(ACME.cycle);
    expect(state?.carriedFrom).toEqual({ objectiveId: OBJECTIVE, cycleId: SOURCE });
    expect(
      state?.keyResults.map((k) => [
        k.id,
        k.definition.start,
        k.definition.target,
        k.carriedFrom?.keyResultId,
      ]),
    ).toEqual([
      [signups, 6, 10, 'kr_q3_signups_up'],
      [churn, 12, 9, 'kr_q3_churn_down'],
    ]);
    // The old side's link: the look-up from the old KR to its copy in the next cycle.
    expect(
      await api.store.readLookup(ACME.org, carriedOverLookupKey('kr_q3_signups_up', ACME.cycle)),
    ).toMatchObject({
      objectiveId: newObjective,
      keyResultId: signups,
    });
  });

  it('creates nothing new when carried twice', async () => {
    const versionBefore = (await api.store.readTip(ACME.org, `objective-${newObjective}`))?.version;
    const again = await carry({ objectiveIds: [OBJECTIVE], keyResultIds: ['kr_q3_signups_up'] });
    expect(again.body.summary).toEqual({ created: 0, alreadyCarried: 2, invalid: 0 });
    expect((await api.store.readTip(ACME.org, `objective-${newObjective}`))?.version).toBe(versionBefore);
  });

  it('refuses a KR already at its target (its start would equal the target) and unknown ids', async () => {
    const reply = await carry({ keyResultIds: ['kr_q3_trials_done', 'kr_q3_nowhere_x'] });
    expect(reply.body.items).toEqual([
      expect.objectContaining({ from: 'kr_q3_nowhere_x', status: 'invalid', code: 'not_found' }),
      expect.objectContaining({ from: OBJECTIVE, status: 'already_carried' }),
      expect.objectContaining({ from: 'kr_q3_trials_done', status: 'invalid', code: 'start_equals_target' }),
    ]);
  });

  it("leaves the old quarter's grades untouched, and the new KR's history links back", async () => {
    await api.drain();
    expect((await api.call('GET', `${ORG}/cycles/${SOURCE}/grades`)).text).toBe(gradesBefore);
    const history = await api.call<{ entries: { summary: string }[] }>(
      'GET',
      `${ORG}/key-results/${signups}/history`,
    );
    expect(history.status, history.text).toBe(200);
    expect(history.body.entries[0]?.summary).toContain(
      `carried over from kr_q3_signups_up in ${SOURCE}, last value 6`,
    );
  });

  it('refuses a viewer, and carrying a cycle into itself', async () => {
    const viewer = await api.call('POST', `${ORG}/cycles/${ACME.cycle}/carry-over`, {
      as: ACME.viewer,
      body: { sourceCycleId: SOURCE, objectiveIds: [OBJECTIVE] },
    });
    expect(viewer.status).toBe(403);
    const self = await api.call('POST', `${ORG}/cycles/${ACME.cycle}/carry-over`, {
      as: ACME.editor,
      body: { sourceCycleId: ACME.cycle, objectiveIds: [OBJECTIVE] },
    });
    expect(self.status).toBe(400);
  });
});
