// The attention view over the projected board: a cycle that began 20 days ago (dates relative to the real
// clock, which the API uses), one KR checked in 10 days ago (due), one never checked in (due), one whose
// owner says off track (behind pace) and one fresh and on target (not listed).
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const CYCLE_ID = 'ATT-1';
const CYCLE = `/v1/orgs/${ACME.org}/cycles/${CYCLE_ID}`;
const OBJECTIVE = 'obj_attention_onboarding';
const DAY_MS = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);
const dateOf = (instant: Date) => instant.toISOString().slice(0, 10);
const tenDaysAgo = daysFromNow(-10).toISOString();

interface Attention {
  cycleId: string;
  cadenceDays: number;
  expectedProgress: number;
  keyResults: {
    keyResultId: string;
    owner: string | null;
    current: number | null;
    lastCheckInAt: string | null;
    confidence: string;
    confidenceSource: string;
    daysSinceCheckIn: number;
    due: boolean;
    behindPace: boolean;
    reasons: string[];
  }[];
  failingLinks: unknown[];
}

const checkIn = async (kr: string, body: Record<string, unknown>) => {
  const reply = await api.call('POST', `/v1/orgs/${ACME.org}/key-results/${kr}/check-ins`, {
    as: ACME.editor,
    body,
  });
  expect(reply.status, reply.text).toBe(201);
};

beforeAll(async () => {
  await createAcme(api);
  const created = await api.call('POST', `/v1/orgs/${ACME.org}/cycles`, {
    body: {
      cycleId: CYCLE_ID,
      startsOn: dateOf(daysFromNow(-20)),
      endsOn: dateOf(daysFromNow(69)),
      timeZone: 'UTC',
    },
  });
  expect(created.status, created.text).toBe(201);
  const setUp = await push(
    api,
    [
      ...onboardingObjective(OBJECTIVE, 'att'),
      {
        type: 'AddKeyResult',
        commandId: commandId('kr'),
        objectiveId: OBJECTIVE,
        keyResultId: 'kr_att_silent',
        definition: {
          title: 'Raise referrals from 0 to 10',
          owner: ACME.viewer,
          type: 'increase',
          start: 0,
          target: 10,
        },
      },
    ],
    { cycle: CYCLE_ID },
  );
  expect(setUp.body.summary.applied).toBe(5);
  expect((await api.call('POST', `${CYCLE}/activate`)).status).toBe(200);
  await api.drain();
  await checkIn('kr_att_days', { value: 22, effectiveAt: tenDaysAgo });
  await checkIn('kr_att_adoption', { value: 75, confidence: 'off_track', note: 'The number will not hold' });
  await checkIn('kr_att_csat', { value: 9, confidence: 'on_track' });
  await api.drain();
});

describe('GET /cycles/{cycle}/attention', () => {
  it('given due and behind-pace KRs, then it lists them in board order with owner, value, date and confidence', async () => {
    // Act
    const reply = await api.call<Attention>('GET', `${CYCLE}/attention`, { as: ACME.viewer });

    // Assess
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ cycleId: CYCLE_ID, cadenceDays: 7, failingLinks: [] });
    expect(reply.body.expectedProgress).toBeGreaterThan(20 / 90);
    expect(reply.body.expectedProgress).toBeLessThan(21 / 90);
    expect(reply.body.keyResults).toEqual([
      expect.objectContaining({
        keyResultId: 'kr_att_days',
        owner: ACME.editor,
        current: 22,
        lastCheckInAt: tenDaysAgo,
        daysSinceCheckIn: 10,
        due: true,
        behindPace: false,
        reasons: ['due'],
      }),
      expect.objectContaining({
        keyResultId: 'kr_att_adoption',
        current: 75,
        confidence: 'off_track',
        daysSinceCheckIn: 0,
        due: false,
        behindPace: true,
        reasons: ['off_track'],
      }),
      expect.objectContaining({
        keyResultId: 'kr_att_silent',
        owner: ACME.viewer,
        current: null,
        confidenceSource: 'derived',
        lastCheckInAt: null,
        daysSinceCheckIn: 20,
        due: true,
        behindPace: false,
        reasons: ['due'],
      }),
    ]);
  });

  it('given the organization sets a cadence of 14 days, then only KRs 14 or more days without a check-in are due', async () => {
    // Act
    const set = await api.call('PUT', `/v1/orgs/${ACME.org}/settings`, { body: { checkInCadenceDays: 14 } });
    const refused = await api.call('PUT', `/v1/orgs/${ACME.org}/settings`, {
      body: { checkInCadenceDays: 0 },
    });
    const read = await api.call('GET', `/v1/orgs/${ACME.org}/settings`, { as: ACME.viewer });
    const reply = await api.call<Attention>('GET', `${CYCLE}/attention`, { as: ACME.viewer });
    const reset = await api.call('PUT', `/v1/orgs/${ACME.org}/settings`, { body: { checkInCadenceDays: 7 } });

    // Assess
    expect(set.status, set.text).toBe(200);
    expect(refused.status).toBe(400);
    expect(read.body).toMatchObject({ checkInCadenceDays: 14 });
    expect(reply.body.cadenceDays).toBe(14);
    expect(reply.body.keyResults.map((kr) => [kr.keyResultId, kr.reasons])).toEqual([
      ['kr_att_adoption', ['off_track']],
      ['kr_att_silent', ['due']],
    ]);
    expect(reset.body).toMatchObject({ checkInCadenceDays: 7 });
  });

  it('given a fresh check-in on a due KR, then it leaves the list', async () => {
    // Act
    await checkIn('kr_att_days', { value: 12 });
    await api.drain();
    const reply = await api.call<Attention>('GET', `${CYCLE}/attention`, { as: ACME.viewer });

    // Assess
    expect(reply.body.keyResults.map((kr) => kr.keyResultId)).toEqual(['kr_att_adoption', 'kr_att_silent']);
  });

  it('given an unknown cycle, then 404', async () => {
    const reply = await api.call('GET', `/v1/orgs/${ACME.org}/cycles/NOPE/attention`, { as: ACME.viewer });
    expect(reply.status).toBe(404);
  });
});
