// Per-file DynamoDB tables for integration tests: uniquely named (file name + random suffix) so files can
// run in parallel against the one DynamoDB Local of the run, created before and deleted after the file.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDynamoClients,
  createTables,
  deleteTables,
  LOCAL_DYNAMO_SETTINGS,
} from '@okr-ledger/event-store';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export interface TestTables {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  eventsTableName: string;
  viewsTableName: string;
  endpoint: string;
}

/** Table names allow letters, digits, `_`, `-` and `.`, up to 255 characters. */
function tablePrefix(explicit: string | undefined): string {
  const testPath = explicit ?? expect.getState().testPath ?? 'test';
  const name = basename(testPath)
    .replace(/\.test\.ts$/, '')
    .replace(/[^A-Za-z0-9_.-]/g, '-');
  return `${name.slice(0, 60)}-${randomBytes(4).toString('hex')}`;
}

/** Call at the top level of a test file. Clients are ready at once; the tables exist from `beforeAll` on. */
export function useTestTables(options: { prefix?: string } = {}): TestTables {
  const endpoint = inject('dynamoEndpoint');
  const prefix = tablePrefix(options.prefix);
  const { client, doc } = createDynamoClients({ endpoint, ...LOCAL_DYNAMO_SETTINGS });
  const names = { eventsTableName: `${prefix}-events`, viewsTableName: `${prefix}-views` };

  beforeAll(async () => {
    await createTables(client, names);
  });
  afterAll(async () => {
    try {
      await deleteTables(client, names);
    } finally {
      client.destroy();
    }
  });

  return { client, doc, endpoint, ...names };
}
