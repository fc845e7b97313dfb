// `npm run parked`: lists the projection records the projector parked as dead letters, and re-drives one
// (`--redrive <id>`) once its cause is fixed: its stream is replayed from the events table into the live
// views. Targets the running local stack by default (`.data/local-stack.json`); DYNAMODB_ENDPOINT,
// EVENTS_TABLE_NAME and VIEWS_TABLE_NAME override it, and without an endpoint it talks to AWS with the
// usual credential chain.
//
//   npm run parked [-- --org acme] [-- --json]
//   npm run parked -- --redrive 'acme#objective-obj_x#0000000003'
import { parseArgs } from 'node:util';
import { createDynamoClients, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { createDeadLetters, type DeadLetterSummary } from '@okr-ledger/projector';
import { dataDirectory, readStackInfo } from '../functions/local/src/stack-files.js';

export interface ParkedTarget {
  endpoint: string | undefined;
  eventsTableName: string;
  viewsTableName: string;
}

export function resolveTarget(env: Record<string, string | undefined>): ParkedTarget {
  const fromEnv = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const stack = readStackInfo(dataDirectory(env));
  const endpoint = fromEnv('DYNAMODB_ENDPOINT') ?? stack?.endpoint;
  const eventsTableName = fromEnv('EVENTS_TABLE_NAME') ?? stack?.eventsTableName;
  const viewsTableName = fromEnv('VIEWS_TABLE_NAME') ?? stack?.viewsTableName;
  if (eventsTableName === undefined || viewsTableName === undefined) {
    throw new Error(
      'No tables: start the local stack (`npm start`) or set EVENTS_TABLE_NAME and VIEWS_TABLE_NAME ' +
        '(and DYNAMODB_ENDPOINT for DynamoDB Local).',
    );
  }
  return { endpoint, eventsTableName, viewsTableName };
}

export function formatParked(letters: DeadLetterSummary[]): string {
  if (letters.length === 0) return 'No parked records.';
  const lines = letters.map(
    (letter) =>
      `${letter.id}\n  ${letter.org} ${letter.streamId} v${letter.version}, parked ${letter.parkedAt} ` +
      `after ${letter.attempts} attempt(s)\n  ${letter.error}`,
  );
  return [`${letters.length} parked record(s):`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      redrive: { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const target = resolveTarget(process.env);
  const { client, doc } = createDynamoClients(
    target.endpoint === undefined
      ? { sdkMaxAttempts: 5 }
      : { endpoint: target.endpoint, ...LOCAL_DYNAMO_SETTINGS, sdkMaxAttempts: 5 },
  );
  const letters = createDeadLetters({ doc, ...target });
  try {
    if (values.redrive !== undefined) {
      const report = await letters.redrive(values.redrive);
      console.log(
        values.json
          ? JSON.stringify(report, null, 2)
          : report.redriven
            ? `Re-driven ${report.id}: ${report.replayed} event(s) replayed into generation(s) ${report.generations.join(', ')}.`
            : `Still parked ${report.id}: ${report.error ?? 'unknown error'}`,
      );
      if (!report.redriven) process.exitCode = 1;
      return;
    }
    const parked = await letters.list(values.org === undefined ? {} : { org: values.org });
    console.log(values.json ? JSON.stringify(parked, null, 2) : formatParked(parked));
  } finally {
    client.destroy();
  }
}

// Runs only as the script, so the tests can import the helpers above.
if (process.argv[1]?.endsWith('parked.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
