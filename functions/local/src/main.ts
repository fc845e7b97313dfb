// `npm start`: the whole system on one machine. DynamoDB Local (on disk under .data/dynamodb, or
// --in-memory), the two tables, the demo organization on first run, the projector fed by polling the
// local stream through the Lambda's own handler, and the API on PORT (default 3000) verifying tokens of a
// local issuer. Ctrl-C stops everything it started, Java included. `--dynamo-endpoint` (with
// `--table-prefix`) uses a DynamoDB that is already running instead of starting one (options.ts).
import { Logger } from '@aws-lambda-powertools/logger';
import { serve } from '@hono/node-server';
import {
  createApp,
  createLocalIssuer,
  createTokenVerifier,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
} from '@okr-ledger/api';
import {
  createDynamoClients,
  createTables,
  EventStore,
  LOCAL_DYNAMO_SETTINGS,
} from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { startLocalPoller } from '@okr-ledger/projector';
// The launcher is kept out of the event store's public index (Lambda bundles import that index).
import { startDynamoLocal } from '../../../packages/event-store/src/dynamo-local.js';
import { parseStackOptions, type StackOptions } from './options.js';
import { DEMO, isDemoSeeded, seedDemo } from './seed.js';
import {
  dataDirectory,
  dynamoDirectory,
  issuerKeyFile,
  removeStackInfo,
  writeStackInfo,
} from './stack-files.js';

const POLL_INTERVAL_MS = 250;

function portFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be 0–65535, not "${value}"`);
  return port;
}

function projectorLogLevel(): 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  const level = process.env.PROJECTOR_LOG_LEVEL?.trim().toUpperCase();
  return level === 'DEBUG' || level === 'INFO' || level === 'ERROR' ? level : 'WARN';
}

async function main(): Promise<void> {
  let options: StackOptions;
  try {
    options = parseStackOptions(process.argv.slice(2));
  } catch (error) {
    console.error('npm start:', error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const { inMemory, tables } = options;
  const dataDir = dataDirectory();
  const port = portFrom(process.env.PORT);
  const stopping: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stopping.reverse()) {
      await stop().catch((error: unknown) => console.error('while stopping:', error));
    }
    stopping.length = 0;
  };
  let shuttingDown = false;
  const shutDown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n${signal}: stopping the local stack…`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutDown('SIGINT'));
  process.on('SIGTERM', () => shutDown('SIGTERM'));

  try {
    let dynamo: { endpoint: string; pid: number | null };
    if (options.dynamoEndpoint === null) {
      console.log(
        `Starting DynamoDB Local (${inMemory ? 'in memory' : `data in ${dynamoDirectory(dataDir)}`})…`,
      );
      const started = await startDynamoLocal(inMemory ? {} : { path: dynamoDirectory(dataDir) });
      stopping.push(() => started.stop());
      dynamo = started;
    } else {
      // Someone else's DynamoDB: used, never stopped.
      console.log(`Using the DynamoDB at ${options.dynamoEndpoint} (tables ${tables.eventsTableName}, …)`);
      dynamo = { endpoint: options.dynamoEndpoint, pid: null };
    }
    const { client, doc } = createDynamoClients({ endpoint: dynamo.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    stopping.push(async () => client.destroy());
    await createTables(client, tables);
    const store = new EventStore({ client: doc, tableName: tables.eventsTableName });

    const poller = startLocalPoller({
      endpoint: dynamo.endpoint,
      ...tables,
      intervalMs: POLL_INTERVAL_MS,
      // On disk, the stream position survives a restart; in memory there is nothing to resume.
      persistCheckpoints: !inMemory,
      // One line per projected batch would drown the request log; problems still show.
      logger: new Logger({ serviceName: 'okr-ledger-projector-local', logLevel: projectorLogLevel() }),
    });
    stopping.push(() => poller.stop());

    if (!(await isDemoSeeded(store))) {
      console.log(`First run: seeding organization '${DEMO.org}' with cycle ${DEMO.cycleId}…`);
      const seeded = await seedDemo(store);
      console.log(`Seeded ${seeded.commands} commands (${seeded.weeksOfCheckIns} weeks of check-ins).`);
    }
    await poller.drain();

    const issuer = await createLocalIssuer({ keyFile: issuerKeyFile(dataDir) });
    const app = createApp({
      store,
      views: createViewsReader({ doc, viewsTableName: tables.viewsTableName }),
      verifyToken: createTokenVerifier({
        keys: issuer.keys,
        issuers: [LOCAL_ISSUER],
        audience: LOCAL_AUDIENCE,
        allowedHostedDomains: [],
      }),
      clock: () => new Date(),
      logger: new Logger({ serviceName: 'okr-ledger-api-local' }),
    });

    // Loopback unless asked otherwise: the local issuer's tokens are printed on the console.
    const hostname = process.env.HOST?.trim() || '127.0.0.1';
    const server = serve({ fetch: app.fetch, port, hostname });
    stopping.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const listening = await new Promise<number>((resolve, reject) => {
      server.once('listening', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
      server.once('error', reject);
    });
    const url = `http://localhost:${listening}`;
    writeStackInfo(dataDir, {
      endpoint: dynamo.endpoint,
      ...tables,
      port: listening,
      url,
      pid: process.pid,
      dynamoPid: dynamo.pid,
      inMemory,
      startedAt: new Date().toISOString(),
    });
    stopping.push(async () => removeStackInfo(dataDir));

    const adminToken = await issuer.sign(DEMO.admin, {}, 12 * 3600);
    console.log('');
    console.log(`OKR Ledger is running at ${url}`);
    console.log(`  API reference: ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
    console.log(`  Demo board:    ${url}/v1/orgs/${DEMO.org}/cycles/${DEMO.cycleId}/okrs`);
    console.log(`  Other tokens:  npm run token -- --org ${DEMO.org} --email ${DEMO.editor}`);
    console.log(`  Stop with Ctrl-C.`);
    console.log(`Admin token for ${DEMO.admin} (valid 12 h):`);
    console.log(adminToken);
  } catch (error) {
    console.error('The local stack could not start:', error instanceof Error ? error.message : error);
    await stopAll();
    process.exit(1);
  }
}

void main();
