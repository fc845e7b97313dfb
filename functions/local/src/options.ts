// The command line of `npm start`: `--in-memory`, and `--dynamo-endpoint` / `--table-prefix` to run the
// stack against a DynamoDB that is already running (no Java of its own) under table names of its own, so
// several stacks can share one DynamoDB Local without seeing each other's tables.
import { parseArgs } from 'node:util';
import { LOCAL_TABLES } from './stack-files.js';

export interface StackOptions {
  inMemory: boolean;
  /** An existing DynamoDB to use; null starts DynamoDB Local. */
  dynamoEndpoint: string | null;
  tables: { eventsTableName: string; viewsTableName: string };
}

/** DynamoDB's table name rule: 3–255 of letters, digits, `_`, `-` and `.`; the prefix leaves room. */
const TABLE_PREFIX = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseStackOptions(args: string[]): StackOptions {
  const { values } = parseArgs({
    args,
    options: {
      'in-memory': { type: 'boolean', default: false },
      'dynamo-endpoint': { type: 'string' },
      'table-prefix': { type: 'string' },
    },
  });
  const endpoint = values['dynamo-endpoint'];
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(endpoint))
    throw new Error(
      `--dynamo-endpoint must be an http(s) address such as http://127.0.0.1:8000, not "${endpoint}"`,
    );
  const prefix = values['table-prefix'];
  if (prefix !== undefined && !TABLE_PREFIX.test(prefix))
    throw new Error(`--table-prefix must be 1–100 letters, digits, '_', '-' or '.', not "${prefix}"`);
  return {
    inMemory: values['in-memory'] === true,
    dynamoEndpoint: endpoint ?? null,
    tables: {
      eventsTableName: `${prefix ?? ''}${LOCAL_TABLES.eventsTableName}`,
      viewsTableName: `${prefix ?? ''}${LOCAL_TABLES.viewsTableName}`,
    },
  };
}
