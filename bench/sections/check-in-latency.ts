// Check-in latency through the API (HTTP on loopback, token verification, membership, views look-up,
// command handler, one TransactWriteItems) against the bare TransactWriteItems of the very same items on
// the same DynamoDB Local. Each API check-in's transaction is captured from the API's DynamoDB client and
// sent again, retargeted to a mirror organization whose objectives are seeded identically, so the bare
// write carries the same items, conditions and sizes and meets the same stream versions.
import type { AddressInfo } from 'node:net';
import {
  type DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { createDynamoClients, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import type { Actor, CycleState } from '@okr-ledger/okr-domain';
import { retargetOrganization } from '../lib/retarget.js';
import { ratio, round, summarize } from '../lib/stats.js';
import type { CheckInLatency } from '../report/results.js';
import type { BenchDataset } from '../setup/dataset.js';
import { appendObjective, inParallel } from '../setup/seed.js';
import { type BenchStack, createBenchApi } from '../setup/stack.js';
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

  const capture: Capture = { requests: 0, lastTransaction: null };
  const api = createBenchApi({
    endpoint: stack.dynamo.endpoint,
    tables: stack.tables,
    publicJwks: stack.issuer.publicJwks,
    instrument: (client) => captureTransactions(client, capture),
  });
  const bare = createDynamoClients({ endpoint: stack.dynamo.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  const { server, port } = await listen(api.app.fetch);
  try {
    const apiTimes: number[] = [];
    const bareTimes: number[] = [];
    let apiRequests = 0;
    for (let index = 0; index < ctx.warmup + ctx.samples; index += 1) {
      const objectiveId = latency.objectiveIds[index % latency.objectiveIds.length] as string;
      const keyResultId = keyResultIdFor(
        objectiveId,
        Math.floor(index / latency.objectiveIds.length) % KEY_RESULTS_PER_OBJECTIVE,
      );
      const url = `http://127.0.0.1:${port}/v1/orgs/${latency.org}/key-results/${keyResultId}/check-ins`;
      const body = JSON.stringify({ value: index % 100, confidence: 'on_track', note: 'Weekly update.' });

      capture.lastTransaction = null;
      const requestsBefore = capture.requests;
      const apiStarted = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      const apiMs = performance.now() - apiStarted;
      if (response.status !== 201) throw new Error(`check-in answered ${response.status}`);
      const transaction = capture.lastTransaction as TransactWriteItemsCommandInput | null;
      if (transaction === null) throw new Error('the check-in sent no TransactWriteItems');

      const mirrored = retargetOrganization(transaction, latency.org, latency.mirrorOrg);
      const bareStarted = performance.now();
      await bare.client.send(new TransactWriteItemsCommand(mirrored));
      const bareMs = performance.now() - bareStarted;

      if (index >= ctx.warmup) {
        apiTimes.push(apiMs);
        bareTimes.push(bareMs);
        apiRequests = capture.requests - requestsBefore;
      }
    }
    const apiSummary = summarize(apiTimes);
    const bareSummary = summarize(bareTimes);
    return {
      samples: ctx.samples,
      warmup: ctx.warmup,
      api: apiSummary,
      bare: bareSummary,
      ratioP50: round(ratio(apiSummary.p50, bareSummary.p50) ?? 0, 1),
      ratioP99: round(ratio(apiSummary.p99, bareSummary.p99) ?? 0, 1),
      requestsPerCheckIn: { api: apiRequests, bare: 1 },
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    api.destroy();
    bare.client.destroy();
  }
}
