// What the ledger promises an outside client, probed over HTTP against DynamoDB Local: a reused
// Idempotency-Key never drops or replaces a write, an id is created once per organization, and input the
// ledger should never hold (dates far off, invisible characters, dangling parents, huge bodies) is refused
// with the field named and nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const checkIns = (kr: string) => `/v1/orgs/${ACME.org}/key-results/${kr}/check-ins`;

interface Problem {
  type: string;
  status: number;
  code?: string;
  detail: string;
  idempotencyKey?: string;
  errors?: { path: string; message: string }[];
}

const valuesOf = async (objectiveId: string, keyResultId: string) =>
  (await api.store.readStream(ACME.org, `objective-${objectiveId}`))
    .filter((event) => event.type === 'CheckInRecorded')
    .map((event) => event.data as { keyResultId: string; value: number | null })
    .filter((data) => data.keyResultId === keyResultId)
    .map((data) => data.value);

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, ACME.cycle);
  for (const [objectiveId, prefix] of [
    ['obj_guard_alpha', 'galpha'],
    ['obj_guard_bravo', 'gbravo'],
  ] as const) {
    const created = await push(api, onboardingObjective(objectiveId, prefix));
    expect(created.body.summary.applied, JSON.stringify(created.body.results)).toBe(4);
  }
});

describe('one Idempotency-Key, one request', () => {
  it('given a check-in, when the same key comes back with the same body, then the first answer and nothing written', async () => {
    // Prepare
    const key = commandId('same');
    const send = () =>
      api.call('POST', checkIns('kr_galpha_adoption'), {
        as: ACME.editor,
        headers: { 'idempotency-key': key },
        body: { value: 50, note: 'first' },
      });
    // Act
    const first = await send();
    const again = await send();
    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await valuesOf('obj_guard_alpha', 'kr_galpha_adoption')).toEqual([50]);
  });

  it('given a check-in, when the same key comes with another value or for another KR, then 422 naming the key and the first write untouched', async () => {
    // Prepare
    const key = commandId('reuse');
    const first = await api.call('POST', checkIns('kr_galpha_csat'), {
      as: ACME.editor,
      headers: { 'idempotency-key': key },
      body: { value: 8.3 },
    });
    expect(first.status).toBe(201);
    // Act
    const otherValue = await api.call<Problem>('POST', checkIns('kr_galpha_csat'), {
      as: ACME.editor,
      headers: { 'idempotency-key': key },
      body: { value: 8.6 },
    });
    const otherKr = await api.call<Problem>('POST', checkIns('kr_gbravo_csat'), {
      as: ACME.editor,
      headers: { 'idempotency-key': key },
      body: { value: 8.3 },
    });
    const otherCaller = await api.call<Problem>('POST', checkIns('kr_galpha_csat'), {
      as: ACME.admin,
      headers: { 'idempotency-key': key },
      body: { value: 8.3 },
    });
    // Assess
    for (const reply of [otherValue, otherKr, otherCaller]) {
      expect(reply.status, reply.text).toBe(422);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body).toMatchObject({ code: 'idempotency_key_reused', idempotencyKey: key });
      expect(reply.body.detail).toContain(key);
    }
    expect(await valuesOf('obj_guard_alpha', 'kr_galpha_csat')).toEqual([8.3]);
    expect(await valuesOf('obj_guard_bravo', 'kr_gbravo_csat')).toEqual([]);
  });

  it('given a push, when it is retried with one more command, then the new one applies and the others replay', async () => {
    // Prepare
    const command = (value: number) => ({
      type: 'RecordCheckIn',
      commandId: commandId('push'),
      objectiveId: 'obj_guard_bravo',
      keyResultId: 'kr_gbravo_days',
      checkInId: `chk_guard_${commandId('c').replaceAll('-', '_')}`,
      value,
    });
    const firstTwo = [command(20), command(19)];
    const third = command(18);
    expect((await push(api, firstTwo)).body.summary.applied).toBe(2);
    // Act
    const retry = await push(api, [...firstTwo, third]);
    // Assess
    expect(retry.body.results.map((result) => [result.status, result.replayed])).toEqual([
      ['applied', true],
      ['applied', true],
      ['applied', false],
    ]);
    expect(await valuesOf('obj_guard_bravo', 'kr_gbravo_days')).toEqual([20, 19, 18]);
  });

  it('given a push, when a command id comes back with another body, then that command is refused and the rest applies', async () => {
    // Prepare
    const original = {
      type: 'RecordCheckIn',
      commandId: commandId('pushreuse'),
      objectiveId: 'obj_guard_bravo',
      keyResultId: 'kr_gbravo_adoption',
      checkInId: 'chk_guard_reuse_0001',
      value: 44,
    };
    expect((await push(api, [original])).body.summary.applied).toBe(1);
    const fresh = {
      ...original,
      commandId: commandId('pushfresh'),
      checkInId: 'chk_guard_fresh_0001',
      value: 46,
    };
    // Act
    const reply = await push(api, [{ ...original, value: 45 }, fresh]);
    // Assess
    expect(reply.body.results[0]).toMatchObject({ status: 'invalid', code: 'idempotency_key_reused' });
    expect(reply.body.results[1]).toMatchObject({ status: 'applied', replayed: false });
    expect(await valuesOf('obj_guard_bravo', 'kr_gbravo_adoption')).toEqual([44, 46]);
  });

  it('given a member change, when its key is reused for another member or role, then 422 and nobody else changed', async () => {
    // Prepare
    const key = commandId('member');
    const put = await api.call('PUT', `/v1/orgs/${ACME.org}/members/ann@acme.test`, {
      headers: { 'idempotency-key': key },
      body: { role: 'viewer' },
    });
    expect(put.status, put.text).toBe(200);
    // Act
    const samePut = await api.call('PUT', `/v1/orgs/${ACME.org}/members/ann@acme.test`, {
      headers: { 'idempotency-key': key },
      body: { role: 'viewer' },
    });
    const otherRole = await api.call<Problem>('PUT', `/v1/orgs/${ACME.org}/members/ann@acme.test`, {
      headers: { 'idempotency-key': key },
      body: { role: 'editor' },
    });
    const deleteOther = await api.call<Problem>('DELETE', `/v1/orgs/${ACME.org}/members/${ACME.viewer}`, {
      headers: { 'idempotency-key': key },
    });
    // Assess
    expect(samePut.status).toBe(200);
    expect(otherRole.status, otherRole.text).toBe(422);
    expect(otherRole.body.code).toBe('idempotency_key_reused');
    expect(deleteOther.status, deleteOther.text).toBe(422);
    const members = await api.call<{ members: { email: string; role: string }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/members`,
    );
    const roles = Object.fromEntries(members.body.members.map((member) => [member.email, member.role]));
    expect(roles['ann@acme.test']).toBe('viewer');
    expect(roles[ACME.viewer]).toBe('viewer');
  });

  it('given a cycle transition, when its key is reused for another cycle, then 422 and that cycle untouched', async () => {
    // Prepare
    await createCycle(api, '2027-Q1');
    await createCycle(api, '2027-Q2');
    const key = commandId('cycle');
    const first = await api.call('POST', `/v1/orgs/${ACME.org}/cycles/2027-Q1/activate`, {
      headers: { 'idempotency-key': key },
    });
    expect(first.status, first.text).toBe(200);
    // Act
    const other = await api.call<Problem>('POST', `/v1/orgs/${ACME.org}/cycles/2027-Q2/activate`, {
      headers: { 'idempotency-key': key },
    });
    // Assess
    expect(other.status, other.text).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    const q2 = await api.call<{ status: string }>('GET', `/v1/orgs/${ACME.org}/cycles/2027-Q2`);
    expect(q2.body.status).toBe('planning');
  });
});

describe('ids are created once per organization', () => {
  it('given a KR of objective A, when objective B adds a KR with that id, then id_taken and check-ins still go to A', async () => {
    // Act
    const takeover = await push(api, [
      {
        type: 'AddKeyResult',
        commandId: commandId('takeover'),
        objectiveId: 'obj_guard_bravo',
        keyResultId: 'kr_galpha_days',
        definition: { title: 'Shadow KR', type: 'increase', start: 0, target: 10 },
      },
    ]);
    const checkIn = await api.call('POST', checkIns('kr_galpha_days'), {
      as: ACME.editor,
      body: { value: 21 },
    });
    // Assess
    expect(takeover.body.results[0]).toMatchObject({
      status: 'invalid',
      code: 'id_taken',
      errors: [{ path: 'keyResultId', message: expect.stringContaining('kr_galpha_days') }],
    });
    expect(checkIn.status, checkIn.text).toBe(201);
    expect(await valuesOf('obj_guard_alpha', 'kr_galpha_days')).toEqual([21]);
    const bravo = await api.call<{ objectives: { id: string; keyResults: { id: string }[] }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/okrs?consistent=true`,
    );
    const bravoKrs = bravo.body.objectives.find(
      (objective) => objective.id === 'obj_guard_bravo',
    )?.keyResults;
    expect(bravoKrs?.map((keyResult) => keyResult.id)).not.toContain('kr_galpha_days');
  });

  it('given a check-in id used on one objective, when another objective records one with that id, then id_taken', async () => {
    // Prepare
    const base = { type: 'RecordCheckIn', checkInId: 'chk_guard_shared_01', value: 10 };
    const first = await push(api, [
      { ...base, commandId: commandId('chk'), objectiveId: 'obj_guard_alpha', keyResultId: 'kr_galpha_days' },
    ]);
    expect(first.body.results[0]?.status).toBe('applied');
    // Act
    const second = await push(api, [
      { ...base, commandId: commandId('chk'), objectiveId: 'obj_guard_bravo', keyResultId: 'kr_gbravo_days' },
    ]);
    // Assess
    expect(second.body.results[0]).toMatchObject({ status: 'invalid', code: 'id_taken' });
  });
});

describe('input the ledger never holds', () => {
  it.each([
    ['year 9999', '9999-01-01T00:00:00Z'],
    ['1970', '1970-01-01T00:00:00Z'],
  ])('refuses a check-in dated %s, naming effectiveAt', async (_, effectiveAt) => {
    const reply = await api.call<Problem>('POST', checkIns('kr_galpha_adoption'), {
      as: ACME.editor,
      body: { value: 60, effectiveAt },
    });
    expect(reply.status, reply.text).toBe(422);
    expect(reply.body.code).toBe('effective_at_out_of_range');
    expect(reply.body.errors?.[0]?.path).toBe('effectiveAt');
  });

  it('refuses a title with a right-to-left override and a note with a control character, naming each field', async () => {
    const title = await push(api, [
      {
        type: 'CreateObjective',
        commandId: commandId('bidi'),
        objectiveId: 'obj_guard_bidi_01',
        definition: { title: 'Grow revenue \u202E%03 yb' },
      },
    ]);
    const note = await api.call<Problem>('POST', checkIns('kr_galpha_adoption'), {
      as: ACME.editor,
      body: { value: 61, note: 'ok\u0007' },
    });
    expect(title.body.results[0]).toMatchObject({
      status: 'invalid',
      errors: [{ path: 'definition.title', message: expect.stringContaining('U+202E') }],
    });
    expect(note.status).toBe(400);
    expect(note.body.errors?.[0]?.path).toContain('note');
  });

  it('refuses a parent that does not exist, belongs to another organization, or closes a loop', async () => {
    // Prepare: another organization holds obj_other_parent_1; alpha is aligned to bravo.
    await api.createOrganization('globex', { 'admin@globex.test': 'admin' });
    const globexCycle = await api.call('POST', '/v1/orgs/globex/cycles', {
      as: 'admin@globex.test',
      body: { cycleId: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31' },
    });
    expect(globexCycle.status).toBe(201);
    const foreign = await push(
      api,
      [
        {
          type: 'CreateObjective',
          commandId: commandId('globex'),
          objectiveId: 'obj_other_parent_1',
          definition: { title: 'Globex objective' },
        },
      ],
      { org: 'globex', as: 'admin@globex.test' },
    );
    expect(foreign.body.results[0]?.status).toBe('applied');
    const align = await push(api, [
      {
        type: 'EditObjective',
        commandId: commandId('align'),
        objectiveId: 'obj_guard_alpha',
        changes: { parentObjectiveId: 'obj_guard_bravo' },
      },
    ]);
    expect(align.body.results[0]?.status).toBe('applied');
    const edit = (parentObjectiveId: string) => ({
      type: 'EditObjective',
      commandId: commandId('parent'),
      objectiveId: 'obj_guard_bravo',
      changes: { parentObjectiveId },
    });
    // Act
    const reply = await push(api, [
      edit('obj_does_not_exist'),
      edit('obj_other_parent_1'),
      edit('obj_guard_alpha'),
    ]);
    // Assess
    expect(reply.body.results.map((result) => result.code)).toEqual([
      'parent_not_found',
      'parent_not_found',
      'parent_loop',
    ]);
  });

  it.each([
    ['a check-in', 'POST', checkIns('kr_galpha_adoption')],
    ['a member change', 'PUT', `/v1/orgs/${ACME.org}/members/big@acme.test`],
    ['a batch', 'POST', `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/commands`],
  ])('refuses a 3 MB body on %s with 413 problem+json', async (_, method, path) => {
    const reply = await api.call<Problem>(method, path, {
      body: { note: 'x'.repeat(3 * 1024 * 1024) },
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.detail).toMatch(/at most 1 MB/);
  });
});
