// The benchmark's own local stack: one DynamoDB Local on a free port with fresh tables, the plain clients
// the harness seeds and keeps books with, and a local token issuer. The API on it: bench-api.ts.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLocalIssuer, type LocalIssuer } from '@okr-ledger/api';
import {
  createDynamoClients,
  createTables,
  EventStore,
  LOCAL_DYNAMO_SETTINGS,
  type TableNames,
} from '@okr-ledger/event-store';
import { type DynamoLocal, startDynamoLocal } from '@okr-ledger/event-store/dynamo-local';

export const BENCH_TABLES: TableNames = { eventsTableName: 'bench-events', viewsTableName: 'bench-views' };

export interface BenchStack {
  dynamo: DynamoLocal;
  tables: TableNames;
  /** Unmetered clients for seeding and bookkeeping; what they send is never part of a figure. */
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  store: EventStore;
  issuer: LocalIssuer;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const dynamo = await startDynamoLocal();
  try {
    const { client, doc } = createDynamoClients({ endpoint: dynamo.endpoint, ...LOCAL_DYNAMO_SETTINGS });
    await createTables(client, BENCH_TABLES);
    const issuer = await createLocalIssuer();
    return {
      dynamo,
      tables: BENCH_TABLES,
      client,
      doc,
      store: new EventStore({ client: doc, tableName: BENCH_TABLES.eventsTableName }),
      issuer,
      async stop() {
        client.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
