// What a check-in costs in DynamoDB requests through the API, counted on the real client the app uses: a
// batch read and the transaction, and the batch read alone for a replay. A regression fails here; times
// stay in the bench.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, commandId, createAcme, createCycle, onboardingObjective, push, useApi } from './support.js';

const api = useApi();
const OBJECTIVE = 'obj_counted_0001';
const path = (kr: string) => `/v1/orgs/${ACME.org}/key-results/${kr}/check-ins`;
let sent: string[] = [];
/** What each transaction wrote: the kind of every item it put or updated. */
let written: string[][] = [];

beforeAll(async () => {
  api.tables.client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName).replace(/Command$/, ''));
      const input = args.input as {
        TransactItems?: { Put?: { Item: { kind?: string | { S?: string } } }; Update?: unknown }[];
      };
      if (input.TransactItems) {
        written.push(input.TransactItems.map((action) => kindOf(action.Put?.Item.kind)));
      }
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  await createAcme(api);
  await createCycle(api, ACME.cycle);
  const created = await push(api, onboardingObjective(OBJECTIVE, 'counted'));
  expect(created.body.summary.applied).toBe(4);
});

/** An item's kind as the document client sends it (native) or after marshalling; an update is the tip. */
const kindOf = (kind: string | { S?: string } | undefined) =>
  kind === undefined ? 'tip' : typeof kind === 'string' ? kind : (kind.S ?? '?');

/** The requests one call sends, in order. */
async function requestsOf(call: () => Promise<{ status: number; text: string }>, status = 201) {
  sent = [];
  written = [];
  const reply = await call();
  expect(reply.status, reply.text).toBe(status);
  return [...sent];
}

describe('a check-in through the API', () => {
  it('is a batch read and a transaction when the sidebar says where the KR lives, and a replay the read alone', async () => {
    const key = commandId('counted');
    const send = () =>
      api.call('POST', path('kr_counted_adoption'), {
        as: ACME.editor,
        headers: { 'idempotency-key': key },
        body: { value: 50, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    expect(await requestsOf(send)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    // The event, the tip and the command record (a replay answers from it); the check-in id is derived from
    // the command id, so it claims no look-up.
    expect(written).toEqual([['event', 'tip', 'command']]);
    expect(await requestsOf(send)).toEqual(['BatchGetItem']);
    expect(written).toEqual([]);
  });

  it('answers the same derived check-in id to a replay, and another one to another key', async () => {
    const once = (key: string) =>
      api.call('POST', path('kr_counted_adoption'), {
        as: ACME.editor,
        headers: { 'idempotency-key': key },
        body: { value: 52, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    const key = commandId('derived');
    const first = await once(key);
    const again = await once(key);
    const other = await once(commandId('derived'));
    expect([first.status, again.status, other.status]).toEqual([201, 201, 201]);
    expect(first.body.checkInId).toMatch(/^chk_cmd-[A-Za-z0-9_-]{32}$/);
    expect(again.body.checkInId).toBe(first.body.checkInId);
    expect(other.body.checkInId).not.toBe(first.body.checkInId);
  });

  it('claims a check-in id the client names, in the same transaction', async () => {
    const send = () =>
      api.call('POST', path('kr_counted_adoption'), {
        as: ACME.editor,
        headers: { 'idempotency-key': commandId('named') },
        body: {
          value: 53,
          objectiveId: OBJECTIVE,
          cycleId: ACME.cycle,
          checkInId: `chk_named_${commandId('n').replaceAll('-', '_')}`.slice(0, 44),
        },
      });
    expect(await requestsOf(send)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(written).toEqual([['event', 'tip', 'command', 'lookup']]);
  });

  it('refuses a client-named id in the server’s derived form, naming the field, before any request', async () => {
    const send = () =>
      api.call('POST', path('kr_counted_adoption'), {
        as: ACME.editor,
        body: { value: 54, objectiveId: OBJECTIVE, cycleId: ACME.cycle, checkInId: 'chk_cmd-taken0001' },
      });
    const reply = await send();
    expect(reply.status, reply.text).toBe(400);
    expect(reply.text).toContain('checkInId');
    expect(reply.text).toContain('derived by the server');
    expect(await requestsOf(send, 400)).toEqual([]);
  });

  it('writes no command record when the server mints the command id: nothing can replay it', async () => {
    const send = () =>
      api.call('POST', path('kr_counted_adoption'), {
        as: ACME.editor,
        body: { value: 51, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    expect(await requestsOf(send)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(written).toEqual([['event', 'tip']]);
  });

  it('looks the KR up once when the request does not say, then remembers it', async () => {
    const send = () => api.call('POST', path('kr_counted_csat'), { as: ACME.editor, body: { value: 8.4 } });
    expect(await requestsOf(send)).toEqual(['GetItem', 'BatchGetItem', 'TransactWriteItems']);
    expect(await requestsOf(send)).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });

  it('refuses a stated objective that does not hold the KR, after the one read', async () => {
    const send = () =>
      api.call('POST', path('kr_counted_days'), {
        as: ACME.editor,
        body: { value: 20, objectiveId: 'obj_counted_9999', cycleId: ACME.cycle },
      });
    expect(await requestsOf(send, 404)).toEqual(['BatchGetItem']);
  });

  it('lets a viewer through the batch read only to be refused with 403, writing nothing', async () => {
    const send = () =>
      api.call('POST', path('kr_counted_days'), {
        as: ACME.viewer,
        body: { value: 20, objectiveId: OBJECTIVE, cycleId: ACME.cycle },
      });
    // The first request of a person binds their Google account to the membership (an append); then:
    await requestsOf(send, 403);
    expect(await requestsOf(send, 403)).toEqual(['BatchGetItem']);
  });
});

describe('a push through the API', () => {
  it('reads the organization, the cycle, every objective and command record it touches in one batch, then one transaction per objective', async () => {
    // Prepare: two more objectives, then one check-in on each of the three.
    for (const [objectiveId, prefix] of [
      ['obj_counted_0002', 'countb'],
      ['obj_counted_0003', 'countc'],
    ] as const) {
      expect((await push(api, onboardingObjective(objectiveId, prefix))).body.summary.applied).toBe(4);
    }
    const checkIns = [
      [OBJECTIVE, 'kr_counted_days'],
      ['obj_counted_0002', 'kr_countb_days'],
      ['obj_counted_0003', 'kr_countc_days'],
    ].map(([objectiveId, keyResultId], index) => ({
      type: 'RecordCheckIn',
      commandId: commandId('pushcount'),
      objectiveId,
      keyResultId,
      checkInId: `chk_pushcount_${index}_${commandId('c').replaceAll('-', '_')}`,
      value: 18,
    }));
    // Act
    const requests = await requestsOf(async () => {
      const reply = await push(api, checkIns);
      return {
        status: reply.status === 200 && reply.body.summary.applied === 3 ? 201 : 500,
        text: reply.text,
      };
    });
    // Assess: one batch read (organization, cycle, the three objectives, the commands' records), then a
    // transaction per objective.
    expect(requests).toEqual([
      'BatchGetItem',
      'TransactWriteItems',
      'TransactWriteItems',
      'TransactWriteItems',
    ]);
  });
});
