// Linked cells on the server, over DynamoDB Local: linking a KR to a cell is a definition change (a reason
// mid-cycle, audited), values read from the link land as check-ins with their source, and a link that
// gives no value is listed in the attention view until a value read from it clears it.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const OBJECTIVE = 'obj_linked_onboarding';
const KR = 'kr_linked_adoption';
const SPREADSHEET = '1LinkedSheetAbCdEf';
const LINK = { kind: 'cell', spreadsheetId: SPREADSHEET, sheetName: 'Metrics', a1: 'B7' } as const;
const CELL_SOURCE = { kind: 'linked_cell', spreadsheetId: SPREADSHEET, sheetName: 'Metrics', a1: 'B7' };
const CHECK_INS = `/v1/orgs/${ACME.org}/key-results/${KR}/check-ins`;
const ATTENTION = `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/attention`;

interface FailingLinkReply {
  keyResultId: string;
  problem: string;
  detail: string;
  message: string;
  valueSource: unknown;
}

const link = (reason?: string) =>
  push(api, [
    {
      type: 'EditKeyResult',
      commandId: commandId('link'),
      objectiveId: OBJECTIVE,
      keyResultId: KR,
      changes: { valueSource: LINK },
      ...(reason === undefined ? {} : { reason }),
    },
  ]);

const reportFailure = (id: string, problem: string, detail: string) =>
  push(api, [
    {
      type: 'ReportLinkedValueFailure',
      commandId: id,
      objectiveId: OBJECTIVE,
      keyResultId: KR,
      problem: problem as 'error',
      detail,
    },
  ]);

async function failingLinks(): Promise<FailingLinkReply[]> {
  await api.drain();
  const reply = await api.call<{ failingLinks: FailingLinkReply[] }>('GET', ATTENTION, { as: ACME.viewer });
  expect(reply.status, reply.text).toBe(200);
  return reply.body.failingLinks;
}

beforeAll(async () => {
  await createAcme(api);
  await createCycle(api, ACME.cycle);
  expect((await push(api, onboardingObjective(OBJECTIVE, 'linked'))).body.summary.applied).toBe(4);
  const activated = await api.call('POST', `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/activate`);
  expect(activated.status).toBe(200);
});

describe('linked cells', () => {
  it('given an active cycle, when a KR is linked without a reason, then it is refused and nothing changes', async () => {
    // Act
    const refused = await link();
    await api.drain();
    const board = await api.call<{ objectives: { keyResults: { id: string; valueSource: unknown }[] }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/okrs?consistent=true`,
      { as: ACME.viewer },
    );

    // Assess
    expect(refused.body.results[0]).toMatchObject({ status: 'invalid', code: 'reason_required' });
    const kr = board.body.objectives.flatMap((o) => o.keyResults).find((k) => k.id === KR);
    expect(kr?.valueSource).toBeNull();
  });

  it('given a reason, when the KR is linked, then the board shows the link and the audit the change', async () => {
    // Act
    const linked = await link('The adoption figure now comes from the metrics tab');
    await api.drain();
    const audit = await api.call<{
      entries: { kind: string; keyResultId: string | null; field: string; after: unknown; reason: string }[];
    }>('GET', `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}/changes?kind=definition_change`, {
      as: ACME.viewer,
    });

    // Assess
    expect(linked.body.results[0]).toMatchObject({ status: 'applied' });
    const keyResults = (linked.body.objectives[0]?.keyResults ?? []) as unknown as {
      id: string;
      valueSource: unknown;
    }[];
    expect(keyResults.find((k) => k.id === KR)?.valueSource).toEqual(LINK);
    const change = audit.body.entries.find((entry) => entry.keyResultId === KR);
    expect(change).toMatchObject({
      kind: 'definition_change',
      field: 'valueSource',
      after: LINK,
      reason: 'The adoption figure now comes from the metrics tab',
    });
  });

  it('given a value read from the link, then the history shows it with its linked-cell source', async () => {
    // Act
    const recorded = await api.call('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 55, source: CELL_SOURCE },
      headers: { 'idempotency-key': 'lnk-adoption-55-2026112009' },
    });
    // Another teammate's trigger in the same hour sends the same key: nothing more is written.
    const again = await api.call('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 55, source: CELL_SOURCE },
      headers: { 'idempotency-key': 'lnk-adoption-55-2026112009' },
    });
    const otherPerson = await api.call<{ code: string }>('POST', CHECK_INS, {
      as: ACME.admin,
      body: { value: 55, source: CELL_SOURCE },
      headers: { 'idempotency-key': 'lnk-adoption-55-2026112009' },
    });
    await api.drain();
    const history = await api.call<{
      entries: { eventType: string; value: number | null; source: unknown }[];
    }>('GET', `/v1/orgs/${ACME.org}/key-results/${KR}/history`, { as: ACME.viewer });

    // Assess
    expect([recorded.status, again.status]).toEqual([201, 201]);
    expect(again.body.replayed).toBe(true);
    expect([otherPerson.status, otherPerson.body.code]).toEqual([422, 'idempotency_key_reused']);
    const checkIns = history.body.entries.filter((entry) => entry.eventType === 'CheckInRecorded');
    expect(checkIns.map((entry) => [entry.value, entry.source])).toEqual([[55, CELL_SOURCE]]);
  });

  it('given the cell shows #REF!, then the attention view lists the failing link once, however often it is reported', async () => {
    // Act
    const first = await reportFailure('lnkf-adoption-2026112010', 'error', '#REF!');
    const sameHourReplay = await reportFailure('lnkf-adoption-2026112010', 'error', '#REF!');
    const nextHourSame = await reportFailure('lnkf-adoption-2026112011', 'error', '#REF!');
    const listed = await failingLinks();
    const history = await api.call<{ entries: { eventType: string; summary: string }[] }>(
      'GET',
      `/v1/orgs/${ACME.org}/key-results/${KR}/history`,
      { as: ACME.viewer },
    );

    // Assess
    expect(first.body.results[0]).toMatchObject({ status: 'applied', replayed: false });
    expect(sameHourReplay.body.results[0]).toMatchObject({ status: 'applied', replayed: true });
    expect(nextHourSame.body.results[0]).toMatchObject({ status: 'applied', replayed: false });
    expect(listed).toEqual([
      expect.objectContaining({
        keyResultId: KR,
        problem: 'error',
        detail: '#REF!',
        valueSource: LINK,
        message: expect.stringContaining('Metrics!B7 shows #REF!'),
      }),
    ]);
    const failures = history.body.entries.filter((entry) => entry.eventType === 'LinkedValueFailed');
    expect(failures).toHaveLength(1);
  });

  it('given a value read from the link again, then the failing link clears', async () => {
    // Act
    const recorded = await api.call('POST', CHECK_INS, {
      as: ACME.editor,
      body: { value: 57, source: CELL_SOURCE },
      headers: { 'idempotency-key': 'lnk-adoption-57-2026112012' },
    });
    const listed = await failingLinks();

    // Assess
    expect(recorded.status).toBe(201);
    expect(listed).toEqual([]);
  });

  it('given a failure and then the same good value again, then the restored report clears it', async () => {
    // Act
    await reportFailure(commandId('lnkf'), 'empty', '');
    const whileFailing = await failingLinks();
    const restored = await push(api, [
      {
        type: 'ReportLinkedValueRestored',
        commandId: commandId('lnkr'),
        objectiveId: OBJECTIVE,
        keyResultId: KR,
      },
    ]);
    const after = await failingLinks();

    // Assess
    expect(whileFailing.map((entry) => entry.problem)).toEqual(['empty']);
    expect(restored.body.results[0]).toMatchObject({ status: 'applied' });
    expect(after).toEqual([]);
  });

  it('given a KR that is not linked, then a failure report is refused as not_linked', async () => {
    // Act
    const refused = await push(api, [
      {
        type: 'ReportLinkedValueFailure',
        commandId: commandId('lnkf'),
        objectiveId: OBJECTIVE,
        keyResultId: 'kr_linked_days',
        problem: 'text',
        detail: 'n/a',
      },
    ]);

    // Assess
    expect(refused.body.results[0]).toMatchObject({ status: 'invalid', code: 'not_linked' });
  });

  it('given a viewer, then a failure report is refused', async () => {
    // Act
    const refused = await push(
      api,
      [
        {
          type: 'ReportLinkedValueFailure',
          commandId: commandId('lnkf'),
          objectiveId: OBJECTIVE,
          keyResultId: KR,
          problem: 'empty',
        },
      ],
      { as: ACME.viewer },
    );

    // Assess
    expect(refused.status).toBe(403);
  });
});
