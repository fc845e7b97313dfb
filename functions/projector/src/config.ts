// The projector's configuration, read once when the module loads so a missing variable fails the cold
// start loudly instead of the first batch quietly.

export interface ProjectorConfig {
  eventsTableName: string;
  viewsTableName: string;
  /** CloudWatch namespace of the projector's metrics; the stack's alarms watch the same one. */
  metricsNamespace: string;
}

export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';

  constructor(readonly variable: string) {
    super(`The environment variable ${variable} must be set.`);
  }
}

export function requireEnv(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') throw new MissingConfigurationError(name);
  return value;
}

export function readProjectorConfig(env: Record<string, string | undefined>): ProjectorConfig {
  return {
    eventsTableName: requireEnv(env, 'EVENTS_TABLE_NAME'),
    viewsTableName: requireEnv(env, 'VIEWS_TABLE_NAME'),
    // Powertools reads this variable too, but would fall back to a default namespace no alarm watches.
    metricsNamespace: requireEnv(env, 'POWERTOOLS_METRICS_NAMESPACE'),
  };
}
