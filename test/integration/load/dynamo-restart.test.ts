// A DynamoDB Local of its own, persisted on disk, stopped while several clients write through the API (and
// one reads), then started again on the same files and port while they keep going. Writers repeat each
// request unchanged (same idempotency key or command ids) until it is acknowledged. Meanwhile every
// refusal must be a retryable 503 problem with Retry-After; afterwards every acknowledged write is in the
// events exactly once, and nothing that was never acknowledged is.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDynamoClients,
  createTables,
  type DynamoClients,
  LOCAL_DYNAMO_SETTINGS,
} from '@okr-ledger/event-store';
import { type DynamoLocal, startDynamoLocal } from '@okr-ledger/event-store/dynamo-local';
import { type LocalPoller, startLocalPoller } from '@okr-ledger/projector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadApi, type LoadApi, problemDefect, type Reply } from './api-harness.js';
import { type Seeded, seedOrganization } from './scenario.js';
import {
  elapsedSince,
  LOAD_TEST_TIMEOUT_MS,
  printFigures,
  readEventsTable,
  silentLogger,
  streamDefects,
} from './support.js';

const TABLES = { eventsTableName: 'restart-events', viewsTableName: 'restart-views' };
const WRITERS = 6;
const COMMANDS_PER_WRITER = 12;
/** Acknowledged writes before DynamoDB is stopped: the outage falls in the middle of the load. */
const ACKS_BEFORE_STOP = 18;
/** How long the clients keep writing against a stopped DynamoDB before it starts again. */
const OUTAGE_MS = 1_500;
const CLIENT_PAUSE_MS = 100;

let dataPath: string;
let dynamo: DynamoLocal;
let clients: DynamoClients;
let api: LoadApi;
let poller: LocalPoller;
let seeded: Seeded;

beforeAll(async () => {
  dataPath = await mkdtemp(join(tmpdir(), 'okr-ledger-restart-'));
  dynamo = await startDynamoLocal({ path: dataPath });
  clients = createDynamoClients({
    endpoint: dynamo.endpoint,
    ...LOCAL_DYNAMO_SETTINGS,
    requestTimeoutMs: 3_000,
  });
  await createTables(clients.client, TABLES);
  // Few quick retries: during the outage a request should come back as 503 soon, not hang.
  api = await createLoadApi({
    doc: clients.doc,
    ...TABLES,
    retry: { maxAttempts: 4, baseDelayMs: 25, maxDelayMs: 250 },
  });
  poller = startLocalPoller({
    endpoint: dynamo.endpoint,
    ...TABLES,
    intervalMs: 50,
    logger: silentLogger(),
  });
  seeded = await seedOrganization(api, {
    org: 'restartco',
    editors: WRITERS,
    objectives: 2,
    keyResultsPerObjective: 3,
  });
  // The check-in route finds a KR's objective in the views.
  await poller.drain();
});

afterAll(async () => {
  await poller?.stop();
  clients?.client.destroy();
  await dynamo?.stop();
  if (dataPath) await rm(dataPath, { recursive: true, force: true });
});

interface Refusal {
  /** -1 for the reader. */
  writer: number;
  status: number;
  defect: string | null;
  retryAfter: string | null;
  type: unknown;
  duringOutage: boolean;
}

interface Acknowledged {
  commandId: string;
  checkInIds: string[];
  attempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DynamoDB Local killed and restarted during writes', () => {
  it('loses no acknowledged write and answers retryable 503 problems meanwhile', {
    timeout: LOAD_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare
    const started = Date.now();
    const runId = Date.now().toString(36);
    const acknowledged: Acknowledged[] = [];
    const refusals: Refusal[] = [];
    let outage = false;
    const { org, cycleId, objectives, editors } = seeded;

    /** Repeats one request, unchanged, until it is acknowledged (or is refused for a reason no retry fixes). */
    async function deliver(
      writer: number,
      commandId: string,
      send: () => Promise<Reply>,
      acknowledgedIds: (reply: Reply) => string[] | null,
    ): Promise<void> {
      const deadline = Date.now() + 45_000;
      for (let attempt = 1; ; attempt += 1) {
        const reply = await send();
        const checkInIds = acknowledgedIds(reply);
        if (checkInIds !== null) {
          acknowledged.push({ commandId, checkInIds, attempts: attempt });
          return;
        }
        refusals.push({
          writer,
          status: reply.status,
          defect: problemDefect(reply),
          retryAfter: reply.headers.get('retry-after'),
          type: (reply.body as { type?: unknown } | null)?.type,
          duringOutage: outage,
        });
        if (reply.status !== 503 || Date.now() > deadline) return;
        await sleep(CLIENT_PAUSE_MS);
      }
    }

    /** Even writers use the sidebar's check-in route, odd ones push two check-ins in one batch. */
    async function write(writer: number): Promise<void> {
      const as = editors[writer] ?? '';
      for (let n = 0; n < COMMANDS_PER_WRITER; n += 1) {
        const objective = objectives[(writer + n) % objectives.length];
        const [first, second] = objective?.keyResultIds ?? [];
        if (!objective || !first || !second) throw new Error('the seed has two objectives with KRs');
        const commandId = `restart-${runId}-w${writer}-c${n}`;
        if (writer % 2 === 0) {
          await deliver(
            writer,
            commandId,
            () =>
              api.request('POST', `/v1/orgs/${org}/key-results/${first}/check-ins`, {
                as,
                headers: { 'idempotency-key': commandId },
                body: { value: 10 + n, note: commandId },
              }),
            (reply) =>
              reply.status === 201 ? [String((reply.body as { checkInId?: unknown }).checkInId)] : null,
          );
        } else {
          const checkIns = [first, second].map((keyResultId, index) => ({
            type: 'RecordCheckIn',
            commandId: `${commandId}-${index}`,
            objectiveId: objective.objectiveId,
            keyResultId,
            checkInId: `chk_${runId}w${writer}c${n}k${index}`,
            value: 20 + n,
          }));
          await deliver(
            writer,
            commandId,
            () =>
              api.request('POST', `/v1/orgs/${org}/cycles/${cycleId}/commands`, {
                as,
                body: { commands: checkIns },
              }),
            (reply) => {
              const results = (reply.body as { results?: { status: string }[] } | null)?.results;
              const allApplied =
                reply.status === 200 && results?.every((result) => result.status === 'applied');
              return allApplied ? checkIns.map((checkIn) => checkIn.checkInId) : null;
            },
          );
        }
      }
    }

    /** A reader on the board and a KR's history for as long as the writers go on. */
    let writersDone = false;
    let reads = 0;
    async function read(): Promise<void> {
      const keyResultId = objectives[0]?.keyResultIds[0] ?? '';
      while (!writersDone) {
        const path =
          reads % 2 === 0
            ? `/v1/orgs/${org}/cycles/${cycleId}/okrs`
            : `/v1/orgs/${org}/key-results/${keyResultId}/history`;
        reads += 1;
        const reply = await api.request('GET', path, { as: editors[0] ?? '' });
        if (reply.status !== 200) {
          refusals.push({
            writer: -1,
            status: reply.status,
            defect: problemDefect(reply),
            retryAfter: reply.headers.get('retry-after'),
            type: (reply.body as { type?: unknown } | null)?.type,
            duringOutage: outage,
          });
        }
        await sleep(CLIENT_PAUSE_MS);
      }
    }

    // Act: stop DynamoDB once the load is under way, keep the clients writing, start it again.
    const reading = read();
    const writing = Promise.all(Array.from({ length: WRITERS }, (_, writer) => write(writer))).finally(() => {
      writersDone = true;
    });
    while (acknowledged.length < ACKS_BEFORE_STOP && !writersDone) await sleep(20);
    const port = dynamo.port;
    outage = true;
    const acknowledgedBeforeStop = acknowledged.length;
    await dynamo.stop();
    await sleep(OUTAGE_MS);
    dynamo = await startDynamoLocal({ path: dataPath, port });
    outage = false;
    const outageMs = elapsedSince(started);
    await Promise.all([writing, reading]);
    await poller.drain(45_000);

    // Assess: the outage was real and fell in the middle of the writes.
    expect(acknowledgedBeforeStop).toBeLessThan(WRITERS * COMMANDS_PER_WRITER);
    expect(refusals.filter((refusal) => refusal.duringOutage).length).toBeGreaterThan(0);
    // Every refusal was a retryable 503 problem, never a 500 or another failure.
    const unclear = refusals.filter(
      (refusal) =>
        refusal.status !== 503 ||
        refusal.defect !== null ||
        refusal.retryAfter === null ||
        !String(refusal.type).endsWith('/unavailable'),
    );
    expect(unclear).toEqual([]);
    // Every command was acknowledged in the end, and each acknowledged check-in is stored exactly once.
    expect(acknowledged).toHaveLength(WRITERS * COMMANDS_PER_WRITER);
    const contents = await readEventsTable(clients.doc, TABLES.eventsTableName);
    const storedCheckIns = new Map<string, number>();
    for (const event of contents.events) {
      if (event.eventType !== 'CheckInRecorded') continue;
      const checkInId = String(event.data.checkInId);
      storedCheckIns.set(checkInId, (storedCheckIns.get(checkInId) ?? 0) + 1);
    }
    const acknowledgedCheckIns = acknowledged.flatMap((ack) => ack.checkInIds).sort();
    expect([...storedCheckIns.keys()].sort()).toEqual(acknowledgedCheckIns);
    expect([...storedCheckIns.values()].every((count) => count === 1)).toBe(true);
    expect(streamDefects(contents)).toEqual([]);
    printFigures('dynamodb restart', {
      commands: acknowledged.length,
      checkIns: acknowledgedCheckIns.length,
      events: contents.events.length,
      reads,
      refusals503: refusals.length,
      retried: acknowledged.filter((ack) => ack.attempts > 1).length,
      outageEndedAtMs: outageMs,
      ms: elapsedSince(started),
    });
  });
});
