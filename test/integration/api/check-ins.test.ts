// One check-in from the sidebar: recorded with the objective it changed, safe to repeat with an
// Idempotency-Key, conditional with If-Match, and refused with the right status when it cannot be.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const CLOSED = '2026-Q3';
const kr = (id: string) => `/v1/orgs/${ACME.org}/key-results/${id}/check-ins`;

interface CheckInReply {
  checkInId: string;
  version: number;
  replayed: boolean;
  objective: { version: number; keyResults: { id: string; current: number | null; checkInCount: number }[] };
}

const withReasons = (commands: ReturnType<typeof onboardingObjective>) =>
  commands.map((command) =>
    command.type === 'AddKeyResult' ? { ...command, reason: 'Set up in the quarter' } : command,
  );

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, ACME.cycle, { activate: true });
  const setUp = await push(api, withReasons(onboardingObjective('obj_checkin_main', 'cimain')));
  expect(setUp.body.summary.applied, JSON.stringify(setUp.body.results)).toBe(4);

  // A quarter that is over: closed after its objective was set up.
  const closed = await api.call('POST', `/v1/orgs/${ACME.org}/cycles`, {
    body: { cycleId: CLOSED, startsOn: '2026-07-01', endsOn: '2026-09-30', timeZone: 'Europe/Berlin' },
  });
  expect(closed.status).toBe(201);
  expect(
    (await push(api, onboardingObjective('obj_checkin_closed', 'qthree'), { cycle: CLOSED })).status,
  ).toBe(200);
  expect((await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${CLOSED}/activate`)).status).toBe(200);
  expect((await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${CLOSED}/close`)).status).toBe(200);
  await api.drain();
});

describe('recording a check-in', () => {
  it('given a KR, when an editor checks in, then 201 with the objective as it is now', async () => {
    // Act
    const reply = await api.call<CheckInReply>('POST', kr('kr_cimain_adoption'), {
      as: ACME.editor,
      body: { value: 58, confidence: 'on_track', note: 'New onboarding paths are live' },
    });
    // Assess
    expect(reply.status).toBe(201);
    expect(reply.body.checkInId).toMatch(/^chk_/);
    expect(reply.body.replayed).toBe(false);
    expect(reply.headers.get('etag')).toBe(`"${reply.body.version}"`);
    const adoption = reply.body.objective.keyResults.find(
      (keyResult) => keyResult.id === 'kr_cimain_adoption',
    );
    expect(adoption).toMatchObject({ current: 58, checkInCount: 1, progress: 0.5, score: 0.5 });
  });

  it('given the same Idempotency-Key twice, then the second answers the first response and writes nothing', async () => {
    // Prepare
    const headers = { 'idempotency-key': commandId('sidebar') };
    // Act
    const first = await api.call<CheckInReply>('POST', kr('kr_cimain_days'), {
      as: ACME.editor,
      headers,
      body: { value: 18 },
    });
    const second = await api.call<CheckInReply>('POST', kr('kr_cimain_days'), {
      as: ACME.editor,
      headers,
      body: { value: 18 },
    });
    const tip = await api.store.readTip(ACME.org, 'objective-obj_checkin_main');
    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ ...first.body, replayed: true });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(tip?.version).toBe(first.body.version);
  });

  it('given If-Match with the current version, then it is recorded; with a stale one, 412 with the current version', async () => {
    // Prepare
    const version = (await api.store.readTip(ACME.org, 'objective-obj_checkin_main'))?.version ?? 0;
    // Act
    const current = await api.call<CheckInReply>('POST', kr('kr_cimain_csat'), {
      as: ACME.editor,
      headers: { 'if-match': `"${version}"` },
      body: { value: 8.4 },
    });
    const stale = await api.call('POST', kr('kr_cimain_csat'), {
      as: ACME.editor,
      headers: { 'if-match': `"${version}"` },
      body: { value: 8.5 },
    });
    // Assess
    expect(current.status).toBe(201);
    expect(current.body.version).toBe(version + 1);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      type: 'https://okr-ledger.dev/problems/conflict',
      currentVersion: version + 1,
    });
  });

  it('given ten check-ins at once without If-Match, then all land with contiguous versions', async () => {
    // Prepare
    const before = (await api.store.readTip(ACME.org, 'objective-obj_checkin_main'))?.version ?? 0;
    // Act
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api.call<CheckInReply>('POST', kr('kr_cimain_adoption'), {
          as: ACME.editor,
          body: { value: 60 + index },
        }),
      ),
    );
    // Assess
    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(201));
    expect(replies.map((reply) => reply.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, index) => before + 1 + index),
    );
  });

  it('given a KR pushed a moment ago and not yet projected, then a check-in finds it at once', async () => {
    // Prepare: the poller is not drained, so the views do not know the new KR yet.
    const created = await push(api, withReasons(onboardingObjective('obj_checkin_fresh', 'cifresh')));
    expect(created.body.summary.applied).toBe(4);
    // Act
    const reply = await api.call<CheckInReply>('POST', kr('kr_cifresh_adoption'), {
      as: ACME.editor,
      body: { value: 60 },
    });
    // Assess
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const lookup = await api.store.readLookup(ACME.org, 'keyResult:kr_cifresh_adoption');
    expect(lookup).toMatchObject({ objectiveId: 'obj_checkin_fresh', cycleId: ACME.cycle, kind: 'lookup' });
  });

  it('given a write just acknowledged, then the consistent board shows it, with its version', async () => {
    // Prepare
    const reply = await api.call<CheckInReply>('POST', kr('kr_cifresh_days'), {
      as: ACME.editor,
      body: { value: 20 },
    });
    expect(reply.status).toBe(201);
    // Act: no drain; whatever the views hold, the consistent board reads the streams.
    const board = await api.call<{
      objectives: { id: string; version: number; keyResults: { id: string; current: number | null }[] }[];
    }>('GET', `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/okrs?consistent=true`, { as: ACME.viewer });
    // Assess
    expect(board.status).toBe(200);
    const fresh = board.body.objectives.find((objective) => objective.id === 'obj_checkin_fresh');
    expect(fresh?.version).toBe(reply.body.version);
    expect(fresh?.keyResults.find((keyResult) => keyResult.id === 'kr_cifresh_days')?.current).toBe(20);
  });

  it('given the views caught up, then the consistent board equals the board from the views', async () => {
    // Prepare
    await api.drain();
    // Act
    const path = `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/okrs`;
    const consistent = await api.call<{ asOf: string }>('GET', `${path}?consistent=true`, {
      as: ACME.viewer,
    });
    const views = await api.call<{ asOf: string }>('GET', path, { as: ACME.viewer });
    // Assess
    expect({ ...consistent.body, asOf: null }).toEqual({ ...views.body, asOf: null });
  });

  it('given a value for an earlier day, then it is recorded as effective that day', async () => {
    // Act
    const reply = await api.call<CheckInReply>('POST', kr('kr_cimain_csat'), {
      as: ACME.editor,
      body: { value: 8.3, effectiveAt: '2026-10-12T09:00:00+02:00' },
    });
    const events = await api.store.readStream(ACME.org, 'objective-obj_checkin_main', {
      fromVersion: reply.body.version,
    });
    // Assess
    expect(reply.status).toBe(201);
    expect(events[0]).toMatchObject({
      type: 'CheckInRecorded',
      data: { effectiveAt: '2026-10-12T09:00:00+02:00' },
    });
  });
});

describe('refusals', () => {
  it('given an unknown KR, then 404', async () => {
    const reply = await api.call('POST', kr('kr_nobody_knows'), { as: ACME.editor, body: { value: 1 } });
    expect(reply.status).toBe(404);
  });

  it('given fields of the wrong type, then 400 naming them', async () => {
    // Act
    const reply = await api.call<{ errors: { path: string }[] }>('POST', kr('kr_cimain_adoption'), {
      as: ACME.editor,
      body: { value: 'sixty', effectiveAt: 'yesterday', confidence: 'great' },
    });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((error) => error.path).sort()).toEqual([
      'confidence',
      'effectiveAt',
      'value',
    ]);
  });

  it('given a measurement that does not fit the KR type, then 422 wrong_measurement', async () => {
    const reply = await api.call('POST', kr('kr_cimain_adoption'), { as: ACME.editor, body: { done: true } });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('wrong_measurement');
  });

  it('given a closed cycle, then a check-in effective inside it is 422 cycle_closed', async () => {
    const reply = await api.call('POST', kr('kr_qthree_days'), {
      as: ACME.editor,
      body: { value: 12, effectiveAt: '2026-09-15T12:00:00Z' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('cycle_closed');
  });

  it('given a viewer, then 403', async () => {
    const reply = await api.call('POST', kr('kr_cimain_adoption'), { as: ACME.viewer, body: { value: 1 } });
    expect(reply.status).toBe(403);
  });

  it('given an invalid Idempotency-Key or If-Match, then 400', async () => {
    const key = await api.call('POST', kr('kr_cimain_adoption'), {
      as: ACME.editor,
      headers: { 'idempotency-key': 'short' },
      body: { value: 1 },
    });
    const match = await api.call('POST', kr('kr_cimain_adoption'), {
      as: ACME.editor,
      headers: { 'if-match': '*' },
      body: { value: 1 },
    });
    expect(key.status).toBe(400);
    expect(match.status).toBe(400);
  });
});
