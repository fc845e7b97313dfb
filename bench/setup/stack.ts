// The benchmark's own local stack: one DynamoDB Local on a free port with fresh tables, the plain clients
// the harness seeds and keeps books with, a local token issuer, and a factory for the API exactly as the
// local stack wires it (real token verification, real views reader), optionally over a metered client.
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ApiApp,
  createApp,
  createLocalIssuer,
  createTokenVerifier,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type LocalIssuer,
} from '@okr-ledger/api';
import {
  createDynamoClients,
  createTables,
  EventStore,
  LOCAL_DYNAMO_SETTINGS,
  type TableNames,
} from '@okr-ledger/event-store';
import { type DynamoLocal, startDynamoLocal } from '@okr-ledger/event-store/dynamo-local';
import { createViewsReader } from '@okr-ledger/projections';
import type { JWK, JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet } from 'jose';

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

export interface ApiWiring {
  endpoint: string;
  tables: TableNames;
  /** The local issuer's public key set (a worker thread gets it as data). */
  publicJwks: { keys: JWK[] };
  /** Called with the API's own DynamoDB client before first use (to meter or capture its requests). */
  instrument?: (client: DynamoDBClient) => void;
}

export interface BenchApi {
  app: ApiApp;
  client: DynamoDBClient;
  destroy(): void;
}

/**
 * The API as the local stack builds it, with two deliberate differences: logs are silenced (they would
 * flood the bench's output) and the views pointer is cached for the whole run, so read counts are those of
 * a warm container rather than depending on when the 5 s cache last expired.
 */
export function createBenchApi(wiring: ApiWiring): BenchApi {
  const { client, doc } = createDynamoClients({ endpoint: wiring.endpoint, ...LOCAL_DYNAMO_SETTINGS });
  wiring.instrument?.(client);
  const keys: JWTVerifyGetKey = createLocalJWKSet(wiring.publicJwks);
  const app = createApp({
    store: new EventStore({ client: doc, tableName: wiring.tables.eventsTableName }),
    views: createViewsReader({
      doc,
      viewsTableName: wiring.tables.viewsTableName,
      clock: () => 0,
    }),
    verifyToken: createTokenVerifier({
      keys,
      issuers: [LOCAL_ISSUER],
      audience: LOCAL_AUDIENCE,
      allowedHostedDomains: [],
    }),
    clock: () => new Date(),
    logger: new Logger({ serviceName: 'okr-ledger-bench', logLevel: 'SILENT' }),
  });
  return { app, client, destroy: () => client.destroy() };
}
