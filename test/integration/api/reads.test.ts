// Reading a cycle: the board now and as of any past instant, a KR's history, the mid-cycle change audit
// with its filters, the grades report (JSON and safe CSV), and the diff between two instants.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const CYCLE = `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}`;
const OBJECTIVE = 'obj_reads_onboarding';
const FORMULA_TITLE = '=HYPERLINK("https://evil.example","Raise activation")';
const instants: Record<'beforeChange' | 'afterAll', string> = { beforeChange: '', afterAll: '' };

interface Board {
  asOf: string;
  objectives: {
    id: string;
    version: number;
    keyResults: { id: string; target: number | null; current: number | null; checkInCount: number }[];
  }[];
}

const keyResult = (board: Board, id: string) => board.objectives[0]?.keyResults.find((kr) => kr.id === id);

async function instantBetweenWrites(): Promise<string> {
  await sleep(20);
  const instant = new Date().toISOString();
  await sleep(20);
  return instant;
}

beforeAll(async () => {
  await createAcme(api);
  // Planned before the quarter starts, so the grades have an original definition to compare with.
  await createCycle(api, ACME.cycle);
  const setUp = await push(api, onboardingObjective(OBJECTIVE, 'reads'));
  expect(setUp.body.summary.applied).toBe(4);
  expect((await api.call('POST', `${CYCLE}/activate`)).status).toBe(200);
  // Check-ins find their objective through the views.
  await api.drain();
  const days = await api.call('POST', `/v1/orgs/${ACME.org}/key-results/kr_reads_days/check-ins`, {
    as: ACME.editor,
    body: { value: 18 },
  });
  expect(days.status).toBe(201);
  instants.beforeChange = await instantBetweenWrites();
  const change = await push(api, [
    {
      type: 'EditKeyResult',
      commandId: commandId('raise'),
      objectiveId: OBJECTIVE,
      keyResultId: 'kr_reads_adoption',
      changes: { target: 80 },
      reason: 'The board raised the goal',
    },
    {
      type: 'AddKeyResult',
      commandId: commandId('formula'),
      objectiveId: OBJECTIVE,
      keyResultId: 'kr_reads_formula',
      definition: { title: FORMULA_TITLE, type: 'increase', start: 0, target: 10 },
      reason: 'A KR whose title looks like a formula',
    },
  ]);
  expect(change.body.summary.applied).toBe(2);
  await api.drain();
  const adoption = await api.call('POST', `/v1/orgs/${ACME.org}/key-results/kr_reads_adoption/check-ins`, {
    as: ACME.editor,
    body: { value: 58 },
  });
  expect(adoption.status).toBe(201);
  instants.afterAll = await instantBetweenWrites();
  await api.drain();
});

describe('the board', () => {
  it('given the views, then the board shows the current definitions and measurements', async () => {
    // Act
    const reply = await api.call<Board>('GET', `${CYCLE}/okrs`, { as: ACME.viewer });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.objectives.map((objective) => objective.id)).toEqual([OBJECTIVE]);
    expect(keyResult(reply.body, 'kr_reads_adoption')).toMatchObject({
      target: 80,
      current: 58,
      checkInCount: 1,
    });
    expect(keyResult(reply.body, 'kr_reads_days')).toMatchObject({ current: 18 });
  });

  it('given asOf before the change, then the board as it was: old target, no later check-in', async () => {
    // Act
    const reply = await api.call<Board>(
      'GET',
      `${CYCLE}/okrs?asOf=${encodeURIComponent(instants.beforeChange)}`,
      {
        as: ACME.viewer,
      },
    );
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.asOf).toBe(instants.beforeChange);
    expect(keyResult(reply.body, 'kr_reads_adoption')).toMatchObject({
      target: 75,
      current: null,
      checkInCount: 0,
    });
    expect(keyResult(reply.body, 'kr_reads_days')).toMatchObject({ current: 18 });
    expect(keyResult(reply.body, 'kr_reads_formula')).toBeUndefined();
  });

  it('given asOf now, then it equals the board from the views', async () => {
    // Act
    const folded = await api.call<Board>(
      'GET',
      `${CYCLE}/okrs?asOf=${encodeURIComponent(instants.afterAll)}`,
      {
        as: ACME.viewer,
      },
    );
    const views = await api.call<Board>('GET', `${CYCLE}/okrs`, { as: ACME.viewer });
    // Assess
    // Folded from the events or read from the views: the same board (the instants differ by milliseconds).
    expect({ ...folded.body, asOf: null }).toEqual({ ...views.body, asOf: null });
  });

  it('given asOf before the cycle existed, then 404; given a malformed asOf, then 400', async () => {
    const early = await api.call('GET', `${CYCLE}/okrs?asOf=2020-01-01T00:00:00Z`, { as: ACME.viewer });
    const malformed = await api.call<{ errors: { path: string }[] }>('GET', `${CYCLE}/okrs?asOf=last-week`, {
      as: ACME.viewer,
    });
    expect(early.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]?.path).toBe('query.asOf');
  });
});

describe('history and audit', () => {
  it('given a KR, then its history lists every event oldest first with before → after', async () => {
    // Act
    const reply = await api.call<{
      entries: {
        eventType: string;
        changes: unknown[];
        reason: string | null;
        midCycle: boolean;
        value: number | null;
      }[];
    }>('GET', `/v1/orgs/${ACME.org}/key-results/kr_reads_adoption/history`, { as: ACME.viewer });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.entries.map((entry) => entry.eventType)).toEqual([
      'KeyResultAdded',
      'KeyResultChanged',
      'CheckInRecorded',
    ]);
    expect(reply.body.entries[1]).toMatchObject({
      changes: [{ field: 'target', before: 75, after: 80 }],
      reason: 'The board raised the goal',
      midCycle: true,
    });
    expect(reply.body.entries[2]?.value).toBe(58);
  });

  it('given an unknown KR, then 404', async () => {
    const reply = await api.call('GET', `/v1/orgs/${ACME.org}/key-results/kr_reads_unknown/history`, {
      as: ACME.viewer,
    });
    expect(reply.status).toBe(404);
  });

  it('given the cycle, then the audit lists the mid-cycle changes, filterable by kind, team, owner and dates', async () => {
    // Act
    const all = await api.call<{ entries: { kind: string; field: string | null; reason: string | null }[] }>(
      'GET',
      `${CYCLE}/changes`,
      { as: ACME.viewer },
    );
    const definitionChanges = await api.call<{ entries: { kind: string; field: string | null }[] }>(
      'GET',
      `${CYCLE}/changes?kind=definition_change&team=${encodeURIComponent('Customer Success')}`,
      { as: ACME.viewer },
    );
    const otherTeam = await api.call<{ entries: unknown[] }>('GET', `${CYCLE}/changes?team=Finance`, {
      as: ACME.viewer,
    });
    const otherOwner = await api.call<{ entries: unknown[] }>(
      'GET',
      `${CYCLE}/changes?owner=nobody@acme.test`,
      {
        as: ACME.viewer,
      },
    );
    const beforeChange = await api.call<{ entries: { kind: string }[] }>(
      'GET',
      `${CYCLE}/changes?to=${encodeURIComponent(instants.beforeChange)}`,
      { as: ACME.viewer },
    );
    // Assess
    expect(all.status).toBe(200);
    expect(all.body.entries.filter((entry) => entry.kind === 'definition_change')).toEqual([
      expect.objectContaining({ field: 'target', reason: 'The board raised the goal' }),
    ]);
    expect(definitionChanges.body.entries.map((entry) => entry.kind)).toEqual(['definition_change']);
    expect(otherTeam.body.entries).toEqual([]);
    expect(otherOwner.body.entries).toEqual([]);
    // Set up while planning: history, but no mid-cycle change.
    expect(beforeChange.body.entries).toEqual([]);
  });

  it('given bad filters, then 400 naming them', async () => {
    const kind = await api.call<{ errors: { path: string }[] }>('GET', `${CYCLE}/changes?kind=gossip`, {
      as: ACME.viewer,
    });
    const order = await api.call<{ errors: { path: string }[] }>(
      'GET',
      `${CYCLE}/changes?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
      { as: ACME.viewer },
    );
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0]?.path).toBe('query.kind');
    expect(order.status).toBe(400);
  });
});

describe('grades', () => {
  interface Row {
    targetType: string;
    keyResultId: string | null;
    computed: number;
    original: number | null;
    changedBy: string[];
  }

  it('given JSON, then a row per KR and objective, against the current and the original definition', async () => {
    // Act
    const reply = await api.call<{ status: string; frozen: boolean; rows: Row[] }>('GET', `${CYCLE}/grades`, {
      as: ACME.viewer,
    });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'active', frozen: false });
    const adoption = reply.body.rows.find((row) => row.keyResultId === 'kr_reads_adoption');
    expect(adoption?.computed).toBe(0.44);
    expect(adoption?.original).toBe(0.5);
    expect(adoption?.changedBy.join(' ')).toMatch(/target/);
    expect(reply.body.rows.filter((row) => row.targetType === 'objective')).toHaveLength(1);
  });

  it('given Accept: text/csv or ?format=csv, then CSV with formula-like cells neutralised', async () => {
    // Act
    const byHeader = await api.call('GET', `${CYCLE}/grades`, {
      as: ACME.viewer,
      headers: { accept: 'text/csv' },
    });
    const byQuery = await api.call('GET', `${CYCLE}/grades?format=csv`, { as: ACME.viewer });
    // Assess
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byHeader.headers.get('content-disposition')).toContain(`grades-${ACME.cycle}.csv`);
    expect(byQuery.text).toBe(byHeader.text);
    const [header, ...lines] = byHeader.text.trimEnd().split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['targetType', 'objectiveId', 'keyResultId', 'title']);
    expect(lines).toHaveLength(5);
    expect(byHeader.text).toContain(`"'=HYPERLINK(""https://evil.example"",""Raise activation"")"`);
    expect(byHeader.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('given ?format=xml, then 400', async () => {
    const reply = await api.call('GET', `${CYCLE}/grades?format=xml`, { as: ACME.viewer });
    expect(reply.status).toBe(400);
  });
});

describe('diff between two instants', () => {
  interface Diff {
    objectives: {
      objectiveId: string;
      keyResults: {
        added: { keyResultId: string }[];
        changed: { keyResultId: string; changes: { field: string; before: unknown; after: unknown }[] }[];
      };
      checkInsAdded: { keyResultId: string; value: number | null }[];
    }[];
  }

  it('given two instants, then per objective what changed in between', async () => {
    // Act
    const reply = await api.call<Diff>(
      'GET',
      `${CYCLE}/diff?from=${encodeURIComponent(instants.beforeChange)}&to=${encodeURIComponent(instants.afterAll)}`,
      { as: ACME.viewer },
    );
    // Assess
    expect(reply.status).toBe(200);
    const [objective] = reply.body.objectives;
    expect(objective?.objectiveId).toBe(OBJECTIVE);
    expect(objective?.keyResults.changed).toEqual([
      expect.objectContaining({
        keyResultId: 'kr_reads_adoption',
        changes: [{ field: 'target', before: 75, after: 80 }],
      }),
    ]);
    expect(objective?.keyResults.added.map((kr) => kr.keyResultId)).toEqual(['kr_reads_formula']);
    expect(objective?.checkInsAdded.map((checkIn) => [checkIn.keyResultId, checkIn.value])).toEqual([
      ['kr_reads_adoption', 58],
    ]);
  });

  it('given the same instant twice, then nothing changed', async () => {
    const at = encodeURIComponent(instants.afterAll);
    const reply = await api.call<Diff>('GET', `${CYCLE}/diff?from=${at}&to=${at}`, { as: ACME.viewer });
    expect(reply.body.objectives).toEqual([]);
  });

  it('given a missing or reversed instant, then 400', async () => {
    const missing = await api.call<{ errors: { path: string }[] }>(
      'GET',
      `${CYCLE}/diff?from=${encodeURIComponent(instants.beforeChange)}`,
      {
        as: ACME.viewer,
      },
    );
    const reversed = await api.call(
      'GET',
      `${CYCLE}/diff?from=${encodeURIComponent(instants.afterAll)}&to=${encodeURIComponent(instants.beforeChange)}`,
      {
        as: ACME.viewer,
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]?.path).toBe('query.to');
    expect(reversed.status).toBe(400);
  });
});

describe('grade overrides (last: they move the objective on)', () => {
  const OVERRIDES = `${CYCLE}/grades/overrides`;

  it('given an admin and a reason, then the override is recorded and the report shows both grades', async () => {
    // Act
    const reply = await api.call('POST', OVERRIDES, {
      body: {
        objectiveId: OBJECTIVE,
        targetType: 'key_result',
        targetId: 'kr_reads_adoption',
        grade: 0.7,
        reason: 'Two enterprise rollouts slipped into January',
      },
    });
    await api.drain();
    const report = await api.call<{
      rows: {
        keyResultId: string | null;
        computed: number;
        override: number | null;
        final: number;
        overrideReason: string | null;
      }[];
    }>('GET', `${CYCLE}/grades`, { as: ACME.viewer });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(OBJECTIVE);
    expect(report.body.rows.find((row) => row.keyResultId === 'kr_reads_adoption')).toMatchObject({
      computed: 0.44,
      override: 0.7,
      final: 0.7,
      overrideReason: 'Two enterprise rollouts slipped into January',
    });
  });

  it('given no reason, then 422 reason_required; given an editor who does not own the objective, then 403', async () => {
    const body = { objectiveId: OBJECTIVE, targetType: 'objective', targetId: OBJECTIVE, grade: 1 };
    const otherEditor = 'other-editor@acme.test';
    const member = await api.call('PUT', `/v1/orgs/${ACME.org}/members/${otherEditor}`, {
      body: { role: 'editor' },
    });
    const missing = await api.call('POST', OVERRIDES, { body });
    const editor = await api.call('POST', OVERRIDES, { as: otherEditor, body: { ...body, reason: 'x' } });
    expect(member.status, member.text).toBeLessThan(300);
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('reason_required');
    expect(editor.status).toBe(403);
    expect(editor.body.code).toBe('forbidden');
  });

  it("given the objective's owner, an editor, then the override of the objective is recorded", async () => {
    const reply = await api.call('POST', OVERRIDES, {
      as: ACME.editor,
      body: {
        objectiveId: OBJECTIVE,
        targetType: 'objective',
        targetId: OBJECTIVE,
        grade: 0.8,
        reason: 'The owner calls it: the launch landed a week late',
      },
    });
    await api.drain();
    const report = await api.call<{ rows: { keyResultId: string | null; override: number | null }[] }>(
      'GET',
      `${CYCLE}/grades`,
      { as: ACME.viewer },
    );
    expect(reply.status, reply.text).toBe(200);
    expect(report.body.rows.find((row) => row.keyResultId === null)?.override).toBe(0.8);
  });

  it('given a grade outside 0–1, then 400 naming the field', async () => {
    const reply = await api.call<{ errors: { path: string }[] }>('POST', OVERRIDES, {
      body: { objectiveId: OBJECTIVE, targetType: 'objective', targetId: OBJECTIVE, grade: 1.5, reason: 'x' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]?.path).toBe('grade');
  });
});
