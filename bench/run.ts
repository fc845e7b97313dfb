// `npm run bench`: seeds one DynamoDB Local, measures, prints the results as markdown and writes them to
// bench/results/latest.json (raw figures, machine, date) and bench/README-table.md (what the README shows).
// Order: exact counts first (API costs, store comparison, replay reads, sheet sync), then the timed
// side-by-side measurements. The whole run stays under five minutes on a small two-core machine.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { DynamoMeter } from './lib/dynamo-meter.js';
import { currentLoad, machineInfo } from './lib/machine.js';
import { renderMarkdown } from './report/render.js';
import { type BenchResults, RESULTS_SCHEMA_VERSION } from './report/results.js';
import { measureApiCosts } from './sections/api-costs.js';
import { compareBundles } from './sections/bundles.js';
import { measureLintSpeed } from './sections/lint-speed.js';
import { measureCheckInLatency } from './sections/check-in-latency.js';
import { measureReplay } from './sections/replay.js';
import { measureSheetSync } from './sections/sheet-sync.js';
import { compareWithCastore } from './sections/store-comparison.js';
import { seedDataset } from './setup/dataset.js';
import { benchActor } from './setup/seed.js';
import { createBenchApi } from './setup/bench-api.js';
import { startBenchStack } from './setup/stack.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const TABLE_FILE = path.join(BENCH_DIR, 'README-table.md');

const LATENCY_SAMPLES = 200;
const LATENCY_WARMUP = 20;
const COLD_INIT_SAMPLES = 9;
const DYNAMO_REPLAY_STREAMS = 100;

// The SDK warns once per process that it will drop Node 20 in 2027; it says nothing about these figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = currentLoad();
  log('starting DynamoDB Local…');
  const stack = await startBenchStack();
  try {
    const now = new Date();
    const dataset = await seedDataset(stack, now, log);
    log(`seeded and projected in ${Math.round(dataset.projectionMs / 1000)} s`);
    const actor = benchActor(dataset.adminEmail);
    const token = await stack.issuer.sign(dataset.adminEmail, {}, 3_600);

    log('DynamoDB cost per command and read…');
    const apiMeter = new DynamoMeter();
    const api = createBenchApi({
      endpoint: stack.dynamo.endpoint,
      tables: stack.tables,
      publicJwks: stack.issuer.publicJwks,
      instrument: (client) => apiMeter.attach(client),
    });
    const costs = await measureApiCosts({ stack, dataset, api, meter: apiMeter, token }).finally(() =>
      api.destroy(),
    );

    log('side by side with Castore…');
    const storeClients = createDynamoClients({ endpoint: stack.dynamo.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    const storeMeter = new DynamoMeter().attach(storeClients.client);
    const storeComparison = await compareWithCastore({
      client: storeClients.client,
      eventsTableName: stack.tables.eventsTableName,
      meter: storeMeter,
      actor,
    });

    log('replay…');
    const replay = await measureReplay({
      seedStore: stack.store,
      store: new EventStore({ client: storeClients.doc, tableName: stack.tables.eventsTableName }),
      meter: storeMeter,
      dynamoStreams: DYNAMO_REPLAY_STREAMS,
    }).finally(() => storeClients.client.destroy());

    log('sheet pull and push…');
    const sheetSync = await measureSheetSync({ stack, dataset, token });

    log(`check-in latency (${LATENCY_SAMPLES} samples)…`);
    const checkInLatency = await measureCheckInLatency({
      stack,
      dataset,
      actor,
      token,
      samples: LATENCY_SAMPLES,
      warmup: LATENCY_WARMUP,
    });

    log('bundles and cold init…');
    const bundles = await compareBundles(COLD_INIT_SAMPLES);

    log('KR lint speed…');
    const lintSpeed = measureLintSpeed();

    const results: BenchResults = {
      schema: RESULTS_SCHEMA_VERSION,
      date: now.toISOString(),
      durationMs: Math.round(performance.now() - started),
      machine: machineInfo(loadAtStart),
      dataset: { seededEvents: dataset.seededEvents, projectionMs: Math.round(dataset.projectionMs) },
      commands: costs.commands,
      reads: costs.reads,
      sheetSync,
      storeComparison,
      checkInLatency,
      replay,
      bundles,
      lintSpeed,
    };
    const markdown = renderMarkdown(results);
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(TABLE_FILE, markdown);
    process.stdout.write(markdown);
    log(
      `done in ${Math.round(results.durationMs / 1000)} s; wrote ${path.relative(process.cwd(), RESULTS_FILE)} and ${path.relative(process.cwd(), TABLE_FILE)}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
