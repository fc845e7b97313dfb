// Which events table a script writes to: a DynamoDB (Local) endpoint, an AWS table, or the running local
// stack. Shared by the scripts that write through the command handler.
import { createDynamoClients, EventStore, LOCAL_DYNAMO_SETTINGS } from '@okr-ledger/event-store';
import { HttpError } from '../functions/api/src/errors.js';
import { dataDirectory, readStackInfo } from '../functions/local/src/stack-files.js';

export interface Target {
  endpoint: string | undefined;
  eventsTableName: string;
  description: string;
}

export function targetOf(values: { endpoint?: string; 'events-table'?: string }): Target {
  const tableFromEnv = process.env.EVENTS_TABLE_NAME?.trim();
  const table = values['events-table']?.trim() || tableFromEnv;
  if (values.endpoint) {
    const local = readStackInfo(dataDirectory());
    const eventsTableName = table ?? local?.eventsTableName ?? 'okr-ledger-events';
    return {
      endpoint: values.endpoint,
      eventsTableName,
      description: `${values.endpoint} (${eventsTableName})`,
    };
  }
  if (table) return { endpoint: undefined, eventsTableName: table, description: `AWS (${table})` };
  const local = readStackInfo(dataDirectory());
  if (local) {
    return {
      endpoint: local.endpoint,
      eventsTableName: local.eventsTableName,
      description: `the local stack at ${local.endpoint}`,
    };
  }
  throw new Error(
    'No target: pass --endpoint, or --events-table / EVENTS_TABLE_NAME for AWS, or start `npm start`.',
  );
}

/** Runs `work` on the target's events table; a refusal is printed and exits 1, the client always closed. */
export async function withEventStore(
  target: Target,
  work: (store: EventStore) => Promise<void>,
): Promise<void> {
  const { client, doc } = createDynamoClients(
    target.endpoint ? { endpoint: target.endpoint, ...LOCAL_DYNAMO_SETTINGS } : {},
  );
  try {
    await work(new EventStore({ client: doc, tableName: target.eventsTableName }));
  } catch (error) {
    if (error instanceof HttpError) {
      console.error(`Refused: ${error.message}`);
      process.exit(1);
    }
    throw error;
  } finally {
    client.destroy();
  }
}
