// What the API Lambda runs on, built once per container (module scope of the entry that calls it):
// configuration, the DynamoDB clients, Google's key set, the logger and the rate limiter. Cold start does
// as little as it can: Google's keys are fetched by the first token check, and the OpenAPI document is the
// file built beside the bundle, read by the first request for it.
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { createTokenVerifier, GOOGLE_JWKS_URL } from './auth/verify-token.js';
import { readApiConfig } from './config.js';
import type { ApiDependencies } from './deps.js';
import { OrgRateLimiter } from './http/rate-limit.js';
import { OPENAPI_FILE } from './openapi-file.js';

export function lambdaDependencies(environment: NodeJS.ProcessEnv = process.env): ApiDependencies {
  const config = readApiConfig(environment);
  const { doc } = createDynamoClients(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {});
  // Built by the first token check, not here: jose's key set makes a fetch `Headers` when created, which
  // loads Node's fetch implementation (about 40 ms of cold start) that the first request loads anyway. It
  // fetches the keys on first use, caches them and refetches on an unknown `kid` (Google's key rotation).
  let remoteKeys: JWTVerifyGetKey | undefined;
  const googleKeys: JWTVerifyGetKey = (header, token) => {
    remoteKeys ??= createRemoteJWKSet(new URL(GOOGLE_JWKS_URL));
    return remoteKeys(header, token);
  };
  let openApi: unknown;
  return {
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
    // Read beside the entry file this module is bundled into, where the build writes the document.
    openApiDocument: () => {
      openApi ??= JSON.parse(readFileSync(new URL(`./${OPENAPI_FILE}`, import.meta.url), 'utf8'));
      return openApi;
    },
  };
}
