// Which events table a script writes to: a DynamoDB (Local) endpoint, an AWS table, or the running local
// stack. Shared by the scripts that write through the command handler.
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
