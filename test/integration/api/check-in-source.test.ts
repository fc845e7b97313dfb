// Where a check-in's value came from, end to end: the check-in route's rule (body, else X-Client-Name,
// else manual), a sheet push's correction, and the source shown by the KR history, the audit, the diff and
// the grades report (JSON and CSV).
import { type ObjectiveEvent, type ObjectiveState, streamIdOf } from '@okr-ledger/okr-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const OBJECTIVE = 'obj_source_onboarding';
const KR = 'kr_source_adoption';
const CHECK_INS = `/v1/orgs/${ACME.org}/key-results/${KR}/check-ins`;
const instants = { beforeCheckIns: '' };
const LINKED = { kind: 'linked_cell', spreadsheetId: '1AbCdEfGhIjKlMnOp', sheetName: 'Metrics', a1: 'B7' };

interface History {
  entries: { eventType: string; checkInId: string | null; value: number | null; source: unknown }[];
}

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, ACME.cycle);
  expect((await push(api, onboardingObjective(OBJECTIVE, 'source'))).body.summary.applied).toBe(4);
  expect((await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/activate`)).status).toBe(200);
  await api.drain();
  instants.beforeCheckIns = new Date().toISOString();
});

describe('check-in source', () => {
  it('given check-ins from a person, a named client and a linked cell, then the history shows each source', async () => {
    // Act
    const typed = await api.call('POST', CHECK_INS, { as: ACME.editor, body: { value: 50 } });
    const fromClient = await api.call('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 52 },
      headers: { 'x-client-name': 'nightly-etl' },
    });
    const fromCell = await api.call('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 54, source: LINKED },
      headers: { 'x-client-name': 'sheet-sync' },
    });
    const corrected = await push(api, [
      {
        type: 'CorrectCheckIn',
        commandId: commandId('fix'),
        objectiveId: OBJECTIVE,
        keyResultId: KR,
        checkInId: 'chk_source_fix0001',
        correctsCheckInId: fromClient.body.checkInId,
        value: 53,
        reason: 'The export double-counted one team',
      },
    ]);
    await api.drain();
    const history = await api.call<History>('GET', `/v1/orgs/${ACME.org}/key-results/${KR}/history`, {
      as: ACME.viewer,
    });

    // Assess
    expect([typed.status, fromClient.status, fromCell.status]).toEqual([201, 201, 201]);
    expect(corrected.body.summary.applied).toBe(1);
    expect(history.status).toBe(200);
    expect(history.body.entries.map((entry) => [entry.eventType, entry.value, entry.source])).toEqual([
      ['KeyResultAdded', null, null],
      ['CheckInRecorded', 50, { kind: 'manual' }],
      ['CheckInRecorded', 52, { kind: 'api', client: 'nightly-etl' }],
      ['CheckInRecorded', 54, LINKED],
      // A sheet push that names no source is a person typing into the sheet.
      ['CheckInCorrected', 53, { kind: 'manual' }],
    ]);
  });

  it('given a correction, then the audit shows where both values came from', async () => {
    // Act
    const audit = await api.call<{ entries: { kind: string; before: unknown; after: unknown }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/changes?kind=correction`,
      { as: ACME.viewer },
    );

    // Assess
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        kind: 'correction',
        before: expect.objectContaining({ value: 52, source: { kind: 'api', client: 'nightly-etl' } }),
        after: expect.objectContaining({ value: 53, source: { kind: 'manual' } }),
      }),
    ]);
  });

  it('given the diff across the check-ins, then each check-in added names its source', async () => {
    // Act
    const to = new Date(Date.now() + 1000).toISOString();
    const diff = await api.call<{ objectives: { checkInsAdded: { value: number; source: unknown }[] }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/diff?from=${instants.beforeCheckIns}&to=${to}`,
      { as: ACME.viewer },
    );

    // Assess
    expect(diff.status, diff.text).toBe(200);
    expect(diff.body.objectives[0]?.checkInsAdded.map((checkIn) => [checkIn.value, checkIn.source])).toEqual([
      [50, { kind: 'manual' }],
      [52, { kind: 'api', client: 'nightly-etl' }],
      [54, LINKED],
      [53, { kind: 'manual' }],
    ]);
  });

  it('given the grades report, then a KR row names where its graded value came from, in JSON and CSV', async () => {
    // Act
    const path = `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/grades`;
    const report = await api.call<{
      rows: { targetType: string; keyResultId: string | null; valueSource: string | null }[];
    }>('GET', path, { as: ACME.viewer });
    const csv = await api.call('GET', `${path}?format=csv`, { as: ACME.viewer });

    // Assess: the last value counted, 54, came from the linked cell; objective rows name no source.
    expect(report.status, report.text).toBe(200);
    const rowOf = (id: string | null) => report.body.rows.find((row) => row.keyResultId === id);
    expect(rowOf(KR)?.valueSource).toBe('linked_cell');
    expect(rowOf(null)?.valueSource).toBeNull();
    const [header = '', ...lines] = csv.text.trim().split(/\r?\n/);
    const column = header.split(',').indexOf('valueSource');
    expect(column).toBeGreaterThan(-1);
    const krLine = lines.find((line) => line.includes(KR));
    expect(krLine?.split(',')[column]).toBe('linked_cell');
  });

  it('given a client name or a cell reference that breaks the text rules, then 400 naming it', async () => {
    // Act
    const badHeader = await api.call<{ errors: { path: string }[] }>('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 1 },
      headers: { 'x-client-name': 'etl\u0085evil' },
    });
    const badCell = await api.call<{ errors: { path: string }[] }>('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 1, source: { ...LINKED, a1: 'B7:C9' } },
    });

    // Assess
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.errors[0]?.path).toBe('header.x-client-name');
    expect(badCell.status).toBe(400);
    expect(badCell.body.errors[0]?.path).toBe('source.a1');
  });

  it('given a check-in stored before sources existed, then it reads as manual and is never rewritten', async () => {
    // Prepare: an event as the ledger wrote it before, behind a tip of the old state shape
    const streamId = streamIdOf.objective(OBJECTIVE);
    const tip = await api.store.readTip<ObjectiveState>(ACME.org, streamId);
    if (tip === null) throw new Error('the objective has no tip');
    const old: ObjectiveEvent = {
      type: 'CheckInRecorded',
      data: {
        objectiveId: OBJECTIVE,
        keyResultId: KR,
        checkInId: 'chk_source_old00001',
        value: 45,
        milestonesDone: null,
        done: null,
        confidence: null,
        note: 'Recorded before sources',
        effectiveAt: new Date().toISOString(),
      },
    };
    await api.store.append({
      org: ACME.org,
      streamId,
      expectedVersion: tip.version,
      events: [old],
      metadata: {
        actor: { sub: 'sub-editor', email: ACME.editor },
        commandId: 'before-sources-0001',
        recordedAt: new Date().toISOString(),
      },
      snapshot: tip.snapshot,
      snapshotSchemaVersion: 1,
      cycleId: ACME.cycle,
    });

    // Act
    await api.drain();
    const history = await api.call<History>('GET', `/v1/orgs/${ACME.org}/key-results/${KR}/history`, {
      as: ACME.viewer,
    });
    const next = await api.call('POST', CHECK_INS, { as: ACME.editor, body: { value: 56 } });
    const stored = await api.store.readStream<ObjectiveEvent>(ACME.org, streamId);

    // Assess
    expect(history.body.entries.find((entry) => entry.checkInId === 'chk_source_old00001')?.source).toEqual({
      kind: 'manual',
    });
    // The old tip is refolded from the events, so the stream takes the next check-in as ever.
    expect(next.status, next.text).toBe(201);
    const oldStored = stored.find((event) => event.type === 'CheckInRecorded' && event.data.value === 45);
    expect(oldStored?.data).toBeDefined();
    expect('source' in (oldStored?.data ?? {})).toBe(false);
  });
});
