// The Lambda entry behind API Gateway: configuration, clients and Google's key set are built once per
// container (module scope), then every invocation goes through the same Hono app as locally.
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { createApp } from './app.js';
import { createTokenVerifier, GOOGLE_JWKS_URL } from './auth/verify-token.js';
import { readApiConfig } from './config.js';
import { OrgRateLimiter } from './http/rate-limit.js';

const config = readApiConfig(process.env);
const { doc } = createDynamoClients(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {});
// jose caches the fetched keys and refetches on an unknown `kid`, so Google's key rotation needs nothing here.
const googleKeys = createRemoteJWKSet(new URL(GOOGLE_JWKS_URL));

const app = createApp({
  store: new EventStore({ client: doc, tableName: config.eventsTableName }),
  views: createViewsReader({ doc, viewsTableName: config.viewsTableName }),
  verifyToken: createTokenVerifier({
    keys: googleKeys,
    issuers: [config.tokenIssuer],
    audience: config.googleClientIds,
    allowedHostedDomains: config.allowedHostedDomains,
  }),
  clock: () => new Date(),
  logger: new Logger({ serviceName: 'okr-ledger-api' }),
  // Per container: it costs no DynamoDB request, and the gateway's stage throttle bounds the sum.
  rateLimiter: new OrgRateLimiter(config.rateLimit),
});

export const handler = handle(app);
