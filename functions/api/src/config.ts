// Reads the API's configuration from the environment once, failing loudly on a missing or malformed
// variable so a misconfigured deployment stops at cold start instead of answering requests with half a
// setup. The stack sets exactly these variables; the gateway's authorizer is given the same issuer and
// audiences.

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

export type Environment = Record<string, string | undefined>;

export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';
  constructor(readonly variable: string) {
    super(`The environment variable ${variable} is required but not set.`);
  }
}

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`The environment variable ${variable} must be ${expected}.`);
  }
}

export function requiredVariable(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new MissingConfigurationError(name);
  return value.trim();
}

/** A variable that must be present but may be empty (an empty list is a deliberate choice). */
function declaredVariable(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined) throw new MissingConfigurationError(name);
  return value.trim();
}

function optionalVariable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

function positiveNumber(env: Environment, name: string, fallback: number): number {
  const raw = optionalVariable(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidConfigurationError(name, 'a number above 0');
  return value;
}

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
