// Check-in latency through the API as deployed (the Lambda handler given an API Gateway v2 event: token
// verification, membership, command handler, a batch read and one TransactWriteItems, all on the lean
// DynamoDB client the Lambda ships with) against the bare TransactWriteItems of the very same items, sent
// through the same client to the same DynamoDB Local; and, for comparison, the same check-in over loopback
// HTTP to a Node server, the hop API Gateway makes in AWS. The check-in is the sidebar's: it names the KR's
// objective and cycle and carries an Idempotency-Key. Each API check-in's transaction is captured from
// the API's client and sent again, retargeted to a mirror organization whose objectives are seeded
// identically, so the bare write carries the same items, conditions and sizes and meets the same versions.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient, TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { handle } from 'hono/aws-lambda';
import type { Actor, CycleState } from '@okr-ledger/okr-domain';
import { retargetOrganization } from '../lib/retarget.js';
import { ratio, round, summarize } from '../lib/stats.js';
import type { CheckInLatency } from '../report/results.js';
import type { BenchDataset } from '../setup/dataset.js';
import { appendObjective, inParallel } from '../setup/seed.js';
import type { BenchStack } from '../setup/stack.js';
import { bundle } from './bundles.js';
import {
  activeCycle,
  KEY_RESULTS_PER_OBJECTIVE,
  keyResultIdFor,
  objectiveCommands,
} from '../setup/workload.js';

interface Capture {
  requests: number;
  lastTransaction: TransactWriteItemsCommandInput | null;
}

/** Keeps the API's last TransactWriteItems (as sent, marshalled) and counts its requests; changes nothing. */
function captureTransactions(client: DynamoDBClient, capture: Capture): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      capture.requests += 1;
      if (context.commandName === 'TransactWriteItemsCommand') {
        capture.lastTransaction = structuredClone(args.input as TransactWriteItemsCommandInput);
      }
      return next(args);
    },
    { step: 'build', name: 'benchCaptureTransactions' },
  );
}

/** An API Gateway HTTP API (payload 2.0) event, as the Lambda receives it. */
function gatewayEvent(method: string, path: string, headers: Record<string, string>, body: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    // API Gateway passes the client's Content-Length on (the add-on's UrlFetchApp and fetch both send it).
    headers: { host: 'api.example.com', 'content-length': String(Buffer.byteLength(body)), ...headers },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${performance.now()}`,
      stage: '$default',
    },
    body,
    isBase64Encoded: false,
  } as unknown as Parameters<ReturnType<typeof handle>>[0];
}

/** The API on a free loopback port. */
function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
}

export const LEAN_API_ENTRY = 'bench/lambda/lean-api.ts';
type LeanApi = typeof import('../lambda/lean-api.js');

/** The bench's API and a bare client, bundled with the Lambda's lean DynamoDB client and loaded here. */
async function loadLeanApi(outDir: string): Promise<LeanApi> {
  const built = await bundle(LEAN_API_ENTRY, outDir, { leanDynamoDb: true });
  return (await import(pathToFileURL(built.file).href)) as LeanApi;
}

export interface LatencyContext {
  stack: BenchStack;
  dataset: BenchDataset;
  actor: Actor;
  token: string;
  samples: number;
  warmup: number;
}

export async function measureCheckInLatency(ctx: LatencyContext): Promise<CheckInLatency> {
  const { stack, dataset } = ctx;
  const { latency } = dataset;
  // The mirror objectives: decided and appended exactly like the API organization's were at seeding.
  const planning: CycleState = {
    ...activeCycle(latency.cycleId, dataset.now),
    status: 'planning',
    activatedAt: null,
  };
  await inParallel(latency.objectiveIds, 4, (objectiveId) =>
    appendObjective(
      stack.store,
      latency.mirrorOrg,
      planning,
      objectiveCommands(objectiveId, KEY_RESULTS_PER_OBJECTIVE),
      ctx.actor,
      dataset.now,
    ),
  );

  const outDir = await mkdtemp(path.join(tmpdir(), 'okr-bench-lean-api-'));
  const lean = await loadLeanApi(outDir).catch(async (error: unknown) => {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  });
  const capture: Capture = { requests: 0, lastTransaction: null };
  const api = lean.createBenchApi({
    endpoint: stack.dynamo.endpoint,
    tables: stack.tables,
    publicJwks: stack.issuer.publicJwks,
    instrument: (client) => captureTransactions(client, capture),
  });
  const bare = new lean.DynamoDBClient({ endpoint: stack.dynamo.endpoint, ...lean.LOCAL_DYNAMO_SETTINGS });
  const { server, port } = await listen(api.app.fetch);
  try {
    const apiTimes: number[] = [];
    const bareTimes: number[] = [];
    const httpTimes: number[] = [];
    let apiRequests = 0;
    const lambda = handle(api.app);
    /** The API's transaction sent again to the mirror organization, timed. */
    const sendBare = async (transaction: TransactWriteItemsCommandInput) => {
      const mirrored = retargetOrganization(transaction, latency.org, latency.mirrorOrg);
      const started = performance.now();
      await bare.send(new lean.TransactWriteItemsCommand(mirrored));
      return performance.now() - started;
    };
    // Keys are never free again, so each run mints its own.
    const runId = Date.now().toString(36);
    for (let index = 0; index < ctx.warmup + ctx.samples; index += 1) {
      const objectiveId = latency.objectiveIds[index % latency.objectiveIds.length] as string;
      const keyResultId = keyResultIdFor(
        objectiveId,
        Math.floor(index / latency.objectiveIds.length) % KEY_RESULTS_PER_OBJECTIVE,
      );
      const path = `/v1/orgs/${latency.org}/key-results/${keyResultId}/check-ins`;
      // As the sidebar sends it: where the KR lives, and a key that makes the request safe to repeat.
      const body = JSON.stringify({
        value: index % 100,
        confidence: 'on_track',
        note: 'Weekly update.',
        objectiveId,
        cycleId: latency.cycleId,
      });
      const headers = (attempt: string) => ({
        authorization: `Bearer ${ctx.token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-${runId}-${index}-${attempt}`,
      });

      // As deployed: the handler the Lambda runtime calls, on the event API Gateway sends.
      capture.lastTransaction = null;
      const requestsBefore = capture.requests;
      const apiStarted = performance.now();
      const answered = await lambda(gatewayEvent('POST', path, headers('lambda'), body), {} as never);
      const apiMs = performance.now() - apiStarted;
      if (answered.statusCode !== 201) throw new Error(`check-in answered ${answered.statusCode}`);
      const transaction = capture.lastTransaction as TransactWriteItemsCommandInput | null;
      if (transaction === null) throw new Error('the check-in sent no TransactWriteItems');
      const requests = capture.requests - requestsBefore;

      const bareMs = await sendBare(transaction);

      // The same check-in over loopback HTTP, as the local stack serves it; its transaction is sent bare too,
      // so the mirror objectives stay at the API's versions.
      capture.lastTransaction = null;
      const httpStarted = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: headers('http'),
        body,
      });
      await response.arrayBuffer();
      const httpMs = performance.now() - httpStarted;
      if (response.status !== 201) throw new Error(`check-in over HTTP answered ${response.status}`);
      const overHttp = capture.lastTransaction as TransactWriteItemsCommandInput | null;
      if (overHttp === null) throw new Error('the check-in over HTTP sent no TransactWriteItems');
      const secondMs = await sendBare(overHttp);

      if (index >= ctx.warmup) {
        apiTimes.push(apiMs);
        bareTimes.push(bareMs, secondMs);
        httpTimes.push(httpMs);
        apiRequests = Math.max(apiRequests, requests);
      }
    }
    const apiSummary = summarize(apiTimes);
    const bareSummary = summarize(bareTimes);
    const httpSummary = summarize(httpTimes);
    return {
      samples: ctx.samples,
      warmup: ctx.warmup,
      api: apiSummary,
      bare: bareSummary,
      ratioP50: round(ratio(apiSummary.p50, bareSummary.p50) ?? 0, 1),
      ratioP99: round(ratio(apiSummary.p99, bareSummary.p99) ?? 0, 1),
      overHttp: httpSummary,
      ratioP50OverHttp: round(ratio(httpSummary.p50, bareSummary.p50) ?? 0, 1),
      requestsPerCheckIn: { api: apiRequests, bare: 1 },
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    api.destroy();
    bare.destroy();
    await rm(outDir, { recursive: true, force: true });
  }
}
