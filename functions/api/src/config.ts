// Reads the API's configuration from the environment once, failing loudly on a missing variable so a
// misconfigured deployment stops at cold start instead of answering requests with half a setup.

export interface ApiConfig {
  eventsTableName: string;
  viewsTableName: string;
  googleClientId: string;
  /** Empty: any verified Google account may sign in (membership still decides what it sees). */
  allowedHostedDomains: string[];
  /** Only set locally (DynamoDB Local); in AWS the SDK finds the regional endpoint itself. */
  dynamoDbEndpoint: string | undefined;
}

export type Environment = Record<string, string | undefined>;

export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';
  constructor(readonly variable: string) {
    super(`The environment variable ${variable} is required but not set.`);
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

export function readApiConfig(env: Environment): ApiConfig {
  return {
    eventsTableName: requiredVariable(env, 'EVENTS_TABLE_NAME'),
    viewsTableName: requiredVariable(env, 'VIEWS_TABLE_NAME'),
    googleClientId: requiredVariable(env, 'GOOGLE_CLIENT_ID'),
    allowedHostedDomains: declaredVariable(env, 'ALLOWED_HOSTED_DOMAINS')
      .split(',')
      .map((domain) => domain.trim().toLowerCase())
      .filter((domain) => domain.length > 0),
    dynamoDbEndpoint: optionalVariable(env, 'DYNAMODB_ENDPOINT'),
  };
}
