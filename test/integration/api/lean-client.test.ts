// The API on the lean DynamoDB client, as the Lambda bundle runs it: here, as in the bundle
// (infra/src/lambda-bundle.ts, `leanDynamoDb`), `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb`
// resolve to the event store's lean stand-ins, so the tables, the store, the command handler, the views
// reader and the projector all talk to the real DynamoDB Local through them. A check-in, its replay, a
// reused key, two writers racing on one objective, a push and the board the projector writes.
import { describe, expect, it, vi } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

vi.mock(
  '@aws-sdk/client-dynamodb',
  () => import('../../../packages/event-store/src/lean-dynamodb/client.js'),
);
vi.mock('@aws-sdk/lib-dynamodb', () => import('../../../packages/event-store/src/lean-dynamodb/document.js'));

const api = useApi();
const OBJECTIVE = 'obj_lean_0001';
const CYCLE = `/v1/orgs/${ACME.org}/cycles/${ACME.cycle}`;
const checkInPath = (kr: string) => `/v1/orgs/${ACME.org}/key-results/${kr}/check-ins`;
let sent: string[] = [];

interface Board {
  objectives: { id: string; version: number; keyResults: { id: string; current: number | null }[] }[];
}

describe('the API on the lean DynamoDB client', () => {
  it('runs on it: the store’s client is the lean one, counted through its middleware', async () => {
    const { DynamoDBClient: Lean } = await import(
      '../../../packages/event-store/src/lean-dynamodb/client.js'
    );
    expect(api.tables.client).toBeInstanceOf(Lean);
    api.tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    await createAcme(api);
    await createCycle(api, ACME.cycle);
    expect((await push(api, onboardingObjective(OBJECTIVE, 'lean'))).body.summary.applied).toBe(4);
  });

  it('records a check-in in a batch read and a transaction, replays it from the read alone, refuses the key reused', async () => {
    const key = commandId('lean');
    const send = (value: number) =>
      api.call('POST', checkInPath('kr_lean_adoption'), {
        as: ACME.editor,
        headers: { 'idempotency-key': key },
        body: { value, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    sent = [];
    const first = await send(50);
    expect(first.status, first.text).toBe(201);
    expect(sent).toEqual(['BatchGetItem', 'TransactWriteItems']);
    sent = [];
    // The replay answers from the stored (compressed, binary) answer: bytes through base64 and back.
    const again = await send(50);
    expect(again.status).toBe(201);
    expect(sent).toEqual(['BatchGetItem']);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const reused = await send(51);
    expect(reused.status, reused.text).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('lands both of two check-ins racing on one objective, one after the other', async () => {
    const checkIn = (kr: string, value: number) =>
      api.call('POST', checkInPath(kr), {
        as: ACME.editor,
        body: { value, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    const replies = await Promise.all([checkIn('kr_lean_days', 17), checkIn('kr_lean_csat', 8.1)]);
    expect(replies.map((reply) => reply.status)).toEqual([201, 201]);
    const versions = replies.map((reply) => (reply.body as { version: number }).version).sort();
    expect(versions[1]).toBe((versions[0] ?? 0) + 1);
  });

  it('shows what was written on the board the projector builds through it', async () => {
    await api.drain();
    const reply = await api.call<Board>('GET', `${CYCLE}/okrs`, { as: ACME.viewer });
    expect(reply.status, reply.text).toBe(200);
    const objective = reply.body.objectives.find((candidate) => candidate.id === OBJECTIVE);
    const current = Object.fromEntries(objective?.keyResults.map((kr) => [kr.id, kr.current]) ?? []);
    expect(current).toMatchObject({ kr_lean_adoption: 50, kr_lean_days: 17, kr_lean_csat: 8.1 });
  });
});
