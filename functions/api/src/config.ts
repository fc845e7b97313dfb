// Reads the API's configuration from the environment once, failing loudly on a missing or malformed
// variable so a misconfigured deployment stops at cold start instead of answering requests with half a
// setup. The stack sets exactly these variables; the gateway's authorizer is given the same issuer and
// audiences.
import {
  declaredVariable,
  type Environment,
  InvalidConfigurationError,
  listOf,
  optionalVariable,
  positiveNumber,
  requiredVariable,
} from '@okr-ledger/config';

export interface RateLimitSettings {
  /** Requests an organization may make per second, per container, sustained. */
  requestsPerSecond: number;
  /** Requests an organization may make at once after a quiet spell (the bucket's size). */
  burst: number;
}

export interface ApiConfig {
  eventsTableName: string;
  viewsTableName: string;
  /** Accepted token audiences: the add-on's OAuth client ids (Marketplace project, bound scripts). */
  googleClientIds: string[];
  /** The one accepted token issuer (`iss`). */
  tokenIssuer: string;
  /** Empty: any verified Google account may sign in (membership still decides what it sees). */
  allowedHostedDomains: string[];
  rateLimit: RateLimitSettings;
  /** Only set locally (DynamoDB Local); in AWS the SDK finds the regional endpoint itself. */
  dynamoDbEndpoint: string | undefined;
}

/**
 * Sized under the gateway's stage throttle (50 requests/s, bursts of 100) so that no one organization can
 * take all of it: a sheet push is one request and a pull a few parallel reads, so a team pulling at once
 * fits in the burst.
 */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { requestsPerSecond: 10, burst: 30 };

export { InvalidConfigurationError, MissingConfigurationError, requiredVariable } from '@okr-ledger/config';
export type { Environment };

export function readApiConfig(env: Environment): ApiConfig {
  const googleClientIds = listOf(requiredVariable(env, 'GOOGLE_CLIENT_IDS'));
  if (googleClientIds.length === 0) {
    throw new InvalidConfigurationError('GOOGLE_CLIENT_IDS', 'a comma-separated list of client ids');
  }
  const rateLimit = {
    requestsPerSecond: positiveNumber(env, 'ORG_RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.requestsPerSecond),
    burst: positiveNumber(env, 'ORG_RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst),
  };
  if (rateLimit.burst < 1) throw new InvalidConfigurationError('ORG_RATE_LIMIT_BURST', 'at least 1');
  return {
    eventsTableName: requiredVariable(env, 'EVENTS_TABLE_NAME'),
    viewsTableName: requiredVariable(env, 'VIEWS_TABLE_NAME'),
    googleClientIds,
    tokenIssuer: requiredVariable(env, 'TOKEN_ISSUER'),
    allowedHostedDomains: listOf(declaredVariable(env, 'ALLOWED_HOSTED_DOMAINS')).map((domain) =>
      domain.toLowerCase(),
    ),
    rateLimit,
    dynamoDbEndpoint: optionalVariable(env, 'DYNAMODB_ENDPOINT'),
  };
}
