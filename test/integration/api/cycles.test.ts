// Cycles through the API: create (admin), read, list, and the life cycle planning → active → closed →
// reopened, with the status codes of each way it can go wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, createAcme, useApi } from './support.js';

const api = useApi();
const CYCLES = `/v1/orgs/${ACME.org}/cycles`;

beforeAll(async () => {
  await createAcme(api);
});

describe('creating and reading cycles', () => {
  it('given an admin, when they create a cycle, then 201 in planning with the organization time zone', async () => {
    // Act
    const reply = await api.call('POST', CYCLES, {
      body: { cycleId: '2027-Q1', title: 'Q1 2027', startsOn: '2027-01-01', endsOn: '2027-03-31' },
    });
    // Assess
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toBe(`${CYCLES}/2027-Q1`);
    expect(reply.body).toMatchObject({
      id: '2027-Q1',
      title: 'Q1 2027',
      status: 'planning',
      timeZone: 'Europe/Berlin',
      version: 1,
    });
  });

  it('given that cycle, when it is read and listed, then it is there', async () => {
    // Act
    const read = await api.call('GET', `${CYCLES}/2027-Q1`, { as: ACME.viewer });
    await api.drain();
    const list = await api.call<{ cycles: { id: string }[] }>('GET', CYCLES, { as: ACME.viewer });
    // Assess
    expect(read.status).toBe(200);
    expect(read.body.id).toBe('2027-Q1');
    expect(list.status).toBe(200);
    expect(list.body.cycles.map((cycle) => cycle.id)).toContain('2027-Q1');
  });

  it('given an existing id, when it is created again, then 409', async () => {
    // Act
    const reply = await api.call('POST', CYCLES, {
      body: { cycleId: '2027-Q1', startsOn: '2027-01-01', endsOn: '2027-03-31' },
    });
    // Assess
    expect(reply.status).toBe(409);
  });

  it('given invalid fields, then 400 naming each field path', async () => {
    // Act
    const reply = await api.call<{ errors: { path: string; message: string }[] }>('POST', CYCLES, {
      body: { cycleId: 'bad id!', startsOn: '2027-1-1' },
    });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.errors.map((error) => error.path).sort()).toEqual(['cycleId', 'endsOn', 'startsOn']);
  });

  it('given malformed JSON, then 400', async () => {
    // Act
    const reply = await api.call('POST', CYCLES, {
      rawBody: '{"cycleId": ',
      headers: { 'content-type': 'application/json' },
    });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe('https://okr-ledger.dev/problems/malformed');
  });

  it('given a body that is not JSON, then 415', async () => {
    // Act
    const reply = await api.call('POST', CYCLES, {
      rawBody: 'cycleId=2027-Q1',
      headers: { 'content-type': 'text/plain' },
    });
    // Assess
    expect(reply.status).toBe(415);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
  });

  it('given dates that end before they start, then 422 (a domain rule)', async () => {
    // Act
    const reply = await api.call<{ errors: { path: string }[] }>('POST', CYCLES, {
      body: { cycleId: '2027-Q2', startsOn: '2027-06-30', endsOn: '2027-04-01' },
    });
    // Assess
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0]?.path).toBe('endsOn');
  });

  it('given an unknown cycle, then 404', async () => {
    const reply = await api.call('GET', `${CYCLES}/1999-Q1`, { as: ACME.viewer });
    expect(reply.status).toBe(404);
  });
});

describe('the life of a cycle', () => {
  const cycle = `${CYCLES}/2027-Q3`;

  beforeAll(async () => {
    const created = await api.call('POST', CYCLES, {
      body: { cycleId: '2027-Q3', startsOn: '2027-07-01', endsOn: '2027-09-30' },
    });
    expect(created.status).toBe(201);
  });

  it('given planning, when it is closed, then 422 (only an active cycle closes)', async () => {
    const reply = await api.call('POST', `${cycle}/close`);
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('invalid_transition');
  });

  it('given planning, when it is activated, then active with activatedAt', async () => {
    const reply = await api.call('POST', `${cycle}/activate`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'active', version: 2 });
    expect(reply.body.activatedAt).toEqual(expect.any(String));
  });

  it('given a stale expectedVersion, then 409 with the current version', async () => {
    const reply = await api.call('POST', `${cycle}/close`, { body: { expectedVersion: 1 } });
    expect(reply.status).toBe(409);
    expect(reply.body.currentVersion).toBe(2);
  });

  it('given active, when it is closed, then closed', async () => {
    const reply = await api.call('POST', `${cycle}/close`, { body: { expectedVersion: 2 } });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('closed');
  });

  it('given closed, when it is reopened without a reason, then 422 reason_required', async () => {
    // Act
    const missing = await api.call('POST', `${cycle}/reopen`);
    const blank = await api.call('POST', `${cycle}/reopen`, { body: { reason: '   ' } });
    // Assess
    for (const reply of [missing, blank]) {
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ code: 'reason_required', errors: [{ path: 'reason' }] });
    }
  });

  it('given closed, when it is reopened with a reason, then active again and the reopening is audited', async () => {
    // Act
    const reply = await api.call('POST', `${cycle}/reopen`, {
      body: { reason: 'A late correction from finance' },
    });
    await api.drain();
    const changes = await api.call<{ entries: { kind: string; reason: string | null }[] }>(
      'GET',
      `${cycle}/changes`,
      { as: ACME.viewer },
    );
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('active');
    expect(changes.body.entries.map((entry) => entry.kind)).toEqual(['close', 'reopen']);
    expect(changes.body.entries[1]?.reason).toBe('A late correction from finance');
  });

  it('given the same Idempotency-Key twice, then the second activation is a replay, not an error', async () => {
    // Prepare
    const created = await api.call('POST', CYCLES, {
      body: { cycleId: '2027-Q4', startsOn: '2027-10-01', endsOn: '2027-12-31' },
    });
    const headers = { 'idempotency-key': 'activate-2027-Q4-once' };
    // Act
    const first = await api.call('POST', `${CYCLES}/2027-Q4/activate`, { headers });
    const second = await api.call('POST', `${CYCLES}/2027-Q4/activate`, { headers });
    // Assess
    expect(created.status).toBe(201);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });
});
