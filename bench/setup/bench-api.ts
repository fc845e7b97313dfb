// The API as the local stack wires it (real token verification, real views reader) on the bench's DynamoDB
// Local, optionally over a metered client. Apart from the stack so that it can be bundled on its own: the
// check-in latency runs it built as the Lambda is, on the lean DynamoDB client (bench/lambda/lean-api.ts).
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ApiApp, createApp, createTokenVerifier, LOCAL_AUDIENCE, LOCAL_ISSUER } from '@okr-ledger/api';
import {
  createDynamoClients,
  EventStore,
  LOCAL_DYNAMO_SETTINGS,
  type TableNames,
} from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import type { JWK, JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet } from 'jose';

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
