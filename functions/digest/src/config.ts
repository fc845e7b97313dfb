// The digest function's configuration, read once when the module loads: a missing sending address or sheet
// link base fails the cold start loudly instead of the first Monday quietly.
import {
  type Environment,
  InvalidConfigurationError,
  optionalVariable,
  requiredVariable,
} from '@okr-ledger/config';

export interface DigestConfig {
  eventsTableName: string;
  viewsTableName: string;
  /** The SES sending address (`okr@example.com`): the deployment's verified identity or an address in it. */
  fromAddress: string;
  /** The ARN of the SES identity the address belongs to; the function may send as that identity only. */
  fromIdentityArn: string | undefined;
  /** The link to a sheet is this base followed by the organization's spreadsheet id. */
  sheetUrlBase: string;
  /** CloudWatch namespace of the digest's metrics; the stack's alarm watches the same one. */
  metricsNamespace: string;
}

export { InvalidConfigurationError, MissingConfigurationError } from '@okr-ledger/config';

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readDigestConfig(env: Environment): DigestConfig {
  const fromAddress = requiredVariable(env, 'DIGEST_FROM_ADDRESS');
  if (!ADDRESS.test(fromAddress))
    throw new InvalidConfigurationError('DIGEST_FROM_ADDRESS', 'an email address');
  const sheetUrlBase = requiredVariable(env, 'SHEET_URL_BASE');
  if (!sheetUrlBase.startsWith('https://')) {
    throw new InvalidConfigurationError('SHEET_URL_BASE', 'an https URL');
  }
  return {
    eventsTableName: requiredVariable(env, 'EVENTS_TABLE_NAME'),
    viewsTableName: requiredVariable(env, 'VIEWS_TABLE_NAME'),
    fromAddress,
    fromIdentityArn: optionalVariable(env, 'DIGEST_FROM_IDENTITY_ARN'),
    sheetUrlBase,
    metricsNamespace: requiredVariable(env, 'POWERTOOLS_METRICS_NAMESPACE'),
  };
}
