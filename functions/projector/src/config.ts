// The projector's configuration, read once when the module loads so a missing variable fails the cold
// start loudly instead of the first batch quietly.

import { requiredVariable } from '@okr-ledger/config';

export interface ProjectorConfig {
  eventsTableName: string;
  viewsTableName: string;
  /** CloudWatch namespace of the projector's metrics; the stack's alarms watch the same one. */
  metricsNamespace: string;
}

export { MissingConfigurationError } from '@okr-ledger/config';

export function readProjectorConfig(env: Record<string, string | undefined>): ProjectorConfig {
  return {
    eventsTableName: requiredVariable(env, 'EVENTS_TABLE_NAME'),
    viewsTableName: requiredVariable(env, 'VIEWS_TABLE_NAME'),
    // Powertools reads this variable too, but would fall back to a default namespace no alarm watches.
    metricsNamespace: requiredVariable(env, 'POWERTOOLS_METRICS_NAMESPACE'),
  };
}
