// Fuzzing the API in process with fast-check: arbitrary JSON bodies on every write route, arbitrary
// Content-Type, Authorization, If-Match and Idempotency-Key values, arbitrary path ids. Whatever comes
// in, the answer is never a 5xx, every error is an application/problem+json document (type, title,
// status, detail), and the events table grows by no more than the commands the answer reports applied:
// nothing at all when the answer is an error (no partial writes).

import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTables } from '../../support/dynamo.js';
import {
  createLoadApi,
  type LoadApi,
  problemDefect,
  type Reply,
  type RequestOptions,
} from './api-harness.js';
import { arbitraries, headerText, type KnownIds } from './fuzz-arbitraries.js';
import { type Seeded, seedOrganization } from './scenario.js';
import { countEvents, printFigures, readEventsTable, silentLogger, streamDefects } from './support.js';

const tables = useTestTables();
const ORG = 'fuzzco';
const SPARE_CYCLE = 'fuzz-spare';
const VIEWER = `viewer@${ORG}.test`;
const SPARE_EMAILS = [`spare0@${ORG}.test`, `spare1@${ORG}.test`];

let api: LoadApi;
let poller: LocalPoller;
let seeded: Seeded;
let known: KnownIds;
/** Events in the table after the last fuzzed request. */
let eventsNow = 0;
const statuses = new Map<number, number>();
let requestsSent = 0;
let eventsWritten = 0;

beforeAll(async () => {
  api = await createLoadApi(tables);
  poller = startLocalPoller({
    endpoint: tables.endpoint,
    eventsTableName: tables.eventsTableName,
    viewsTableName: tables.viewsTableName,
    intervalMs: 100,
    logger: silentLogger(),
  });
  seeded = await seedOrganization(api, {
    org: ORG,
    editors: 1,
    objectives: 2,
    keyResultsPerObjective: 2,
    cycleId: 'fuzz-q',
    extraMembers: {
      [VIEWER]: 'viewer',
      [SPARE_EMAILS[0] ?? '']: 'editor',
      [SPARE_EMAILS[1] ?? '']: 'viewer',
    },
  });
  const spare = await api.request('POST', `/v1/orgs/${ORG}/cycles`, {
    as: seeded.admin,
    body: { cycleId: SPARE_CYCLE, startsOn: '2027-01-01', endsOn: '2027-03-31' },
  });
  if (spare.status !== 201) throw new Error(`the spare cycle was not created: ${spare.text}`);
  known = {
    org: ORG,
    cycleId: seeded.cycleId,
    spareCycleId: SPARE_CYCLE,
    objectiveIds: seeded.objectives.map((objective) => objective.objectiveId),
    keyResultIds: seeded.objectives.flatMap((objective) => objective.keyResultIds),
    objectiveOfKeyResult: Object.fromEntries(
      seeded.objectives.flatMap((objective) =>
        objective.keyResultIds.map((keyResultId) => [keyResultId, objective.objectiveId]),
      ),
    ),
    spareEmails: SPARE_EMAILS,
  };
  // Check-ins find their KR's objective in the views.
  await poller.drain();
  eventsNow = await countEvents(tables.doc, tables.eventsTableName);
});

afterAll(async () => {
  await poller?.stop();
  const contents = await readEventsTable(tables.doc, tables.eventsTableName);
  printFigures('api fuzz', {
    requests: requestsSent,
    eventsWritten,
    events: contents.events.length,
    statuses: [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}:${count}`)
      .join(','),
  });
});

type RouteKind = 'batch' | 'checkIn' | 'command' | 'read';

interface FuzzRequest {
  method: string;
  path: string;
  kind: RouteKind;
  options: RequestOptions;
}

/** Commands the answer says were written now (a replay writes nothing; a read never writes). */
function freshlyApplied(request: FuzzRequest, reply: Reply): number {
  if (reply.status >= 300 || request.kind === 'read') return 0;
  if (request.kind === 'batch') {
    const results = (reply.body as { results?: { status?: string; replayed?: boolean }[] } | null)?.results;
    return (results ?? []).filter((result) => result.status === 'applied' && result.replayed !== true).length;
  }
  if (request.kind === 'checkIn')
    return (reply.body as { replayed?: unknown } | null)?.replayed === true ? 0 : 1;
  return 1;
}

/** Sends one fuzzed request and checks the answer and what it wrote. */
async function probe(request: FuzzRequest): Promise<void> {
  const reply = await api.request(request.method, request.path, request.options);
  const eventsAfter = await countEvents(tables.doc, tables.eventsTableName);
  const written = eventsAfter - eventsNow;
  eventsNow = eventsAfter;
  requestsSent += 1;
  eventsWritten += written;
  statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);

  const said = `${request.method} ${request.path} → ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, said).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(problemDefect(reply), said).toBeNull();
    expect(written, `${said}: an error answer wrote events`).toBe(0);
  } else {
    expect(written, `${said}: more events than commands applied`).toBeLessThanOrEqual(
      freshlyApplied(request, reply),
    );
  }
}

const json = (body: unknown): RequestOptions => ({ body });

describe('fuzzing the API', () => {
  it('answers arbitrary JSON bodies on every write route with no 5xx, problem+json errors and no partial write', async () => {
    const any = arbitraries(known);
    const { org, cycleId, spareCycleId } = known;
    const caller = fc.constantFrom(seeded.admin, seeded.editors[0] ?? '', seeded.editors[0] ?? '', VIEWER);
    const withCaller = (request: fc.Arbitrary<FuzzRequest>) =>
      fc.tuple(request, caller).map(([fuzzed, as]) => ({ ...fuzzed, options: { ...fuzzed.options, as } }));
    const writes: fc.Arbitrary<FuzzRequest> = fc.oneof(
      {
        weight: 3,
        arbitrary: any.batchBody.map((body) => ({
          method: 'POST',
          path: `/v1/orgs/${org}/cycles/${cycleId}/commands`,
          kind: 'batch' as const,
          options: json(body),
        })),
      },
      {
        weight: 3,
        arbitrary: fc.tuple(fc.constantFrom(...known.keyResultIds), any.checkInBody).map(([kr, body]) => ({
          method: 'POST',
          path: `/v1/orgs/${org}/key-results/${kr}/check-ins`,
          kind: 'checkIn' as const,
          options: json(body),
        })),
      },
      any.cycleBody.map((body) => ({
        method: 'POST',
        path: `/v1/orgs/${org}/cycles`,
        kind: 'command' as const,
        options: json(body),
      })),
      fc.tuple(fc.constantFrom('activate', 'close', 'reopen'), any.transitionBody).map(([step, body]) => ({
        method: 'POST',
        path: `/v1/orgs/${org}/cycles/${spareCycleId}/${step}`,
        kind: 'command' as const,
        options: json(body),
      })),
      fc.tuple(fc.constantFrom(...known.spareEmails), any.memberBody).map(([email, body]) => ({
        method: 'PUT',
        path: `/v1/orgs/${org}/members/${encodeURIComponent(email)}`,
        kind: 'command' as const,
        options: json(body),
      })),
      any.overrideBody.map((body) => ({
        method: 'POST',
        path: `/v1/orgs/${org}/cycles/${cycleId}/grades/overrides`,
        kind: 'command' as const,
        options: json(body),
      })),
      fc.tuple(fc.constantFrom('commands', 'activate'), any.rawBody).map(([route, rawBody]) => ({
        method: 'POST',
        path: `/v1/orgs/${org}/cycles/${route === 'commands' ? cycleId : spareCycleId}/${route}`,
        kind: route === 'commands' ? ('batch' as const) : ('command' as const),
        options: { rawBody, headers: { 'content-type': 'application/json' } },
      })),
    );

    await fc.assert(fc.asyncProperty(withCaller(writes), probe), { numRuns: 130 });
  });

  it('answers arbitrary Content-Type, Authorization, If-Match and Idempotency-Key values the same way', async () => {
    const any = arbitraries(known);
    const { org, cycleId } = known;
    const { issuer } = api;
    const [admin, editor, viewer, outsider, expired, otherAudience] = await Promise.all([
      issuer.sign(seeded.admin),
      issuer.sign(seeded.editors[0] ?? ''),
      issuer.sign(VIEWER),
      issuer.sign(`outsider@${ORG}.test`),
      issuer.sign(seeded.admin, {}, -600),
      issuer.sign(seeded.admin, { aud: 'someone-else' }),
    ]);
    const authorization = fc.option(
      fc.oneof(
        fc
          .constantFrom(admin, editor, editor, viewer, outsider, expired, otherAudience)
          .map((token) => `Bearer ${token}`),
        fc.constantFrom(
          `Bearer ${editor.slice(0, -3)}abc`,
          `bearer ${editor}`,
          'Bearer a.b.c',
          'Basic dXNlcjpwYXNz',
        ),
        headerText,
      ),
      { nil: undefined },
    );
    const contentType = fc.option(
      fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/problem+json',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          '',
        ),
        headerText,
      ),
      { nil: undefined },
    );
    const ifMatch = fc.option(
      fc.oneof(fc.constantFrom('"1"', 'W/"3"', '*', '"999999999999"', '12', '"-1"', '""'), headerText),
      { nil: undefined },
    );
    const idempotencyKey = fc.option(fc.oneof(fc.stringMatching(/^fz[A-Za-z0-9_-]{6,30}$/), headerText), {
      nil: undefined,
    });
    const target = fc.oneof(
      any.batchBody.map((body) => ({
        method: 'POST',
        kind: 'batch' as const,
        path: `/v1/orgs/${org}/cycles/${cycleId}/commands`,
        body,
      })),
      fc.tuple(fc.constantFrom(...known.keyResultIds), any.checkInBody).map(([kr, body]) => ({
        method: 'POST',
        kind: 'checkIn' as const,
        path: `/v1/orgs/${org}/key-results/${kr}/check-ins`,
        body,
      })),
      any.cycleBody.map((body) => ({
        method: 'POST',
        kind: 'command' as const,
        path: `/v1/orgs/${org}/cycles`,
        body,
      })),
      fc.constant({
        method: 'GET',
        kind: 'read' as const,
        path: `/v1/orgs/${org}/cycles/${cycleId}/okrs`,
        body: undefined,
      }),
    );
    const requests = fc
      .record({ target, authorization, contentType, ifMatch, idempotencyKey })
      .map(({ target: chosen, ...headers }): FuzzRequest => {
        const sent: Record<string, string> = {};
        if (headers.authorization !== undefined) sent.authorization = headers.authorization;
        if (headers.contentType !== undefined) sent['content-type'] = headers.contentType;
        if (headers.ifMatch !== undefined) sent['if-match'] = headers.ifMatch;
        if (headers.idempotencyKey !== undefined) sent['idempotency-key'] = headers.idempotencyKey;
        return {
          method: chosen.method,
          path: chosen.path,
          kind: chosen.kind,
          options: {
            as: null,
            headers: sent,
            ...(chosen.body === undefined ? {} : { rawBody: JSON.stringify(chosen.body) }),
          },
        };
      });

    await fc.assert(fc.asyncProperty(requests, probe), { numRuns: 70 });
  });

  it('answers arbitrary path ids the same way', async () => {
    const any = arbitraries(known);
    const [org, cycle, kr, email] = [
      any.orgSegment,
      any.cycleSegment,
      any.keyResultSegment,
      any.emailSegment,
    ];
    const spare = fc.constantFrom(encodeURIComponent(known.spareCycleId), 'no-such-cycle', '%', '..');
    const read = (path: fc.Arbitrary<string>) =>
      path.map((p): FuzzRequest => ({ method: 'GET', path: p, kind: 'read', options: {} }));
    const requests = fc.oneof(
      read(fc.tuple(org, cycle).map(([o, c]) => `/v1/orgs/${o}/cycles/${c}/okrs`)),
      read(fc.tuple(org, cycle).map(([o, c]) => `/v1/orgs/${o}/cycles/${c}/grades`)),
      read(fc.tuple(org, cycle).map(([o, c]) => `/v1/orgs/${o}/cycles/${c}/changes`)),
      read(fc.tuple(org, kr).map(([o, k]) => `/v1/orgs/${o}/key-results/${k}/history`)),
      read(fc.tuple(org, email).map(([o, e]) => `/v1/orgs/${o}/members/${e}`)),
      fc.tuple(org, kr, any.checkInBody).map(
        ([o, k, body]): FuzzRequest => ({
          method: 'POST',
          path: `/v1/orgs/${o}/key-results/${k}/check-ins`,
          kind: 'checkIn',
          options: json(body),
        }),
      ),
      fc.tuple(org, cycle, any.batchBody).map(
        ([o, c, body]): FuzzRequest => ({
          method: 'POST',
          path: `/v1/orgs/${o}/cycles/${c}/commands`,
          kind: 'batch',
          options: json(body),
        }),
      ),
      fc.tuple(org, spare, fc.constantFrom('activate', 'close', 'reopen')).map(
        ([o, c, step]): FuzzRequest => ({
          method: 'POST',
          path: `/v1/orgs/${o}/cycles/${c}/${step}`,
          kind: 'command',
          options: json({ reason: 'fuzzing' }),
        }),
      ),
      fc.tuple(org, email, fc.constantFrom('PUT', 'DELETE'), any.memberBody).map(
        ([o, e, method, body]): FuzzRequest => ({
          method,
          path: `/v1/orgs/${o}/members/${e}`,
          kind: 'command',
          options: method === 'PUT' ? json(body) : {},
        }),
      ),
    );
    const caller = fc.constantFrom(seeded.admin, seeded.editors[0] ?? '');

    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(requests, caller)
          .map(([request, as]) => ({ ...request, options: { ...request.options, as } })),
        probe,
      ),
      { numRuns: 70 },
    );

    // Assess, over everything the three properties wrote: streams still hold contiguous versions.
    expect(streamDefects(await readEventsTable(tables.doc, tables.eventsTableName))).toEqual([]);
  });
});
