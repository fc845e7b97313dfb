// `npm run rebuild-views`: rebuilds every view from the events table into a fresh generation and switches
// readers over to it, while the projector keeps running. Targets the running local stack by default
// (`.data/local-stack.json`); DYNAMODB_ENDPOINT, EVENTS_TABLE_NAME and VIEWS_TABLE_NAME override it, and
// without an endpoint it talks to AWS with the usual credential chain.
//
//   npm run rebuild-views [-- --grace-ms 10000] [-- --keep-old]
import { parseArgs } from 'node:util';
import { createDynamoClients, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { DEFAULT_REBUILD_GRACE_MS, rebuildViews } from '@okr-ledger/projections';
import { dataDirectory, readStackInfo } from '../functions/local/src/stack-files.js';

interface Target {
  endpoint: string | undefined;
  eventsTableName: string;
  viewsTableName: string;
  source: string;
}

function resolveTarget(env: Record<string, string | undefined>): Target {
  const stack = readStackInfo(dataDirectory(env));
  const fromEnv = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const endpoint = fromEnv('DYNAMODB_ENDPOINT') ?? stack?.endpoint;
  const eventsTableName = fromEnv('EVENTS_TABLE_NAME') ?? stack?.eventsTableName;
  const viewsTableName = fromEnv('VIEWS_TABLE_NAME') ?? stack?.viewsTableName;
  if (eventsTableName === undefined || viewsTableName === undefined) {
    throw new Error(
      'No tables to rebuild: start the local stack (`npm start`, which writes .data/local-stack.json) or set ' +
        'EVENTS_TABLE_NAME and VIEWS_TABLE_NAME (and DYNAMODB_ENDPOINT for DynamoDB Local).',
    );
  }
  return {
    endpoint,
    eventsTableName,
    viewsTableName,
    source: stack !== null && fromEnv('EVENTS_TABLE_NAME') === undefined ? 'local stack' : 'environment',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'grace-ms': { type: 'string' }, 'keep-old': { type: 'boolean', default: false } },
  });
  const graceMs = values['grace-ms'] === undefined ? DEFAULT_REBUILD_GRACE_MS : Number(values['grace-ms']);
  if (!Number.isFinite(graceMs) || graceMs < 0)
    throw new Error('--grace-ms must be a number of milliseconds ≥ 0');

  const target = resolveTarget(process.env);
  const { client, doc } = createDynamoClients(
    target.endpoint === undefined
      ? { sdkMaxAttempts: 5 }
      : { endpoint: target.endpoint, ...LOCAL_DYNAMO_SETTINGS, sdkMaxAttempts: 5 },
  );
  console.log(
    `Rebuilding views of ${target.eventsTableName} into ${target.viewsTableName}` +
      ` (${target.endpoint ?? 'AWS'}, from the ${target.source})`,
  );
  try {
    const report = await rebuildViews({
      doc,
      eventsTableName: target.eventsTableName,
      viewsTableName: target.viewsTableName,
      graceMs,
      keepOldGeneration: values['keep-old'],
      log: (message) => console.log(`  ${message}`),
    });
    const lines: [string, string | number][] = [
      ['events replayed', report.eventsReplayed],
      ['streams', report.streams],
      ['view items written', report.viewItemsWritten],
      ['dead letters', report.parked],
      ['old items deleted', `${report.oldItemsDeleted} (generation ${report.previousGeneration})`],
      ['elapsed', `${(report.elapsedMs / 1000).toFixed(2)} s`],
      ['new generation', report.generation],
    ];
    for (const [label, value] of lines) console.log(`${`${label}:`.padEnd(20)}${value}`);
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
