// Deployment configuration read from CDK context (`-c stage=prod -c googleClientIds=id1,id2
// -c allowedHostedDomains=…`). Secrets never travel this way: OAuth client ids and hosted domains are
// public identifiers.
import type { Node } from 'constructs';

export interface LedgerConfig {
  /** Short environment name; part of the stack name and of the metrics namespace. */
  stage: string;
  /**
   * The token audiences the stage accepts (the Marketplace project's client id, bound scripts' client
   * ids): the default of the GoogleClientIds stack parameter; empty means "supply it at deploy time".
   */
  googleClientIds: string[];
  /** Comma-separated Google Workspace domains allowed to sign in; empty allows any verified Google account. */
  allowedHostedDomains: string;
  /** Per-organization request budget of each API container; absent: the API's defaults. */
  orgRateLimit: { perSecond?: number; burst?: number };
  digest: DigestConfig;
}

/**
 * The weekly digest's sending identity and link base: defaults of the DigestFromAddress and DigestSesIdentity
 * stack parameters (empty: supply them at deploy time), and the base the link to a sheet is built on.
 */
export interface DigestConfig {
  fromAddress: string;
  /** The SES identity (a domain or an address) verified for sending; default: the address's domain. */
  sesIdentity: string;
  sheetUrlBase: string;
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
export const GOOGLE_CLIENT_ID_PATTERN = '^[0-9]+-[a-z0-9]+\\.apps\\.googleusercontent\\.com$';
export const HOSTED_DOMAINS_PATTERN = '^$|^[a-z0-9.-]+(,[a-z0-9.-]+)*$';
export const EMAIL_ADDRESS_PATTERN = '^[^\\s@]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$';
export const SES_IDENTITY_PATTERN = '^([^\\s@]+@)?[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$';
/** Google Sheets' own address for a spreadsheet, to which the organization's spreadsheet id is appended. */
export const DEFAULT_SHEET_URL_BASE = 'https://docs.google.com/spreadsheets/d/';

export class LedgerConfigError extends Error {
  override readonly name = 'LedgerConfigError';
}

function readOptionalString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new LedgerConfigError(`Context "${key}" must be a string, got ${typeof value}`);
  }
  return value.trim();
}

function readOptionalPositive(node: Node, key: string): number | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) {
    throw new LedgerConfigError(`Context "${key}" must be a number above 0, got ${JSON.stringify(value)}`);
  }
  return number;
}

export function readLedgerConfig(node: Node): LedgerConfig {
  const stage = readOptionalString(node, 'stage') || 'dev';
  if (!STAGE_PATTERN.test(stage)) {
    throw new LedgerConfigError(
      `Context "stage" must be lower-case letters, digits or dashes (max 16), got "${stage}"`,
    );
  }

  // `googleClientId` (one id) is the key older deploy commands use; it still works, alone.
  const listKey = node.tryGetContext('googleClientIds') === undefined ? 'googleClientId' : 'googleClientIds';
  const googleClientIds = (readOptionalString(node, listKey) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  for (const id of googleClientIds) {
    if (!new RegExp(GOOGLE_CLIENT_ID_PATTERN).test(id)) {
      throw new LedgerConfigError(
        `Context "${listKey}" must list ids like 1234-abc.apps.googleusercontent.com, got "${id}"`,
      );
    }
  }

  const allowedHostedDomains = (readOptionalString(node, 'allowedHostedDomains') ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter((domain) => domain.length > 0)
    .join(',');
  if (!new RegExp(HOSTED_DOMAINS_PATTERN).test(allowedHostedDomains)) {
    throw new LedgerConfigError(
      `Context "allowedHostedDomains" must be comma-separated domain names, got "${allowedHostedDomains}"`,
    );
  }

  const perSecond = readOptionalPositive(node, 'orgRateLimitPerSecond');
  const burst = readOptionalPositive(node, 'orgRateLimitBurst');
  // The API refuses a bucket that cannot hold one request; better to fail the synth than the cold start.
  if (burst !== undefined && burst < 1) {
    throw new LedgerConfigError(`Context "orgRateLimitBurst" must be at least 1, got ${burst}`);
  }
  const digest = readDigestConfig(node);
  return {
    stage,
    digest,
    googleClientIds: [...new Set(googleClientIds)],
    allowedHostedDomains,
    orgRateLimit: {
      ...(perSecond === undefined ? {} : { perSecond }),
      ...(burst === undefined ? {} : { burst }),
    },
  };
}

function readDigestConfig(node: Node): DigestConfig {
  const fromAddress = readOptionalString(node, 'digestFromAddress') ?? '';
  if (fromAddress !== '' && !new RegExp(EMAIL_ADDRESS_PATTERN).test(fromAddress)) {
    throw new LedgerConfigError(`Context "digestFromAddress" must be an email address, got "${fromAddress}"`);
  }
  const sesIdentity = readOptionalString(node, 'digestSesIdentity') || fromAddress.split('@')[1] || '';
  if (sesIdentity !== '' && !new RegExp(SES_IDENTITY_PATTERN).test(sesIdentity)) {
    throw new LedgerConfigError(
      `Context "digestSesIdentity" must be a domain or an address, got "${sesIdentity}"`,
    );
  }
  const sheetUrlBase = readOptionalString(node, 'sheetUrlBase') || DEFAULT_SHEET_URL_BASE;
  if (!sheetUrlBase.startsWith('https://')) {
    throw new LedgerConfigError(`Context "sheetUrlBase" must be an https URL, got "${sheetUrlBase}"`);
  }
  return { fromAddress, sesIdentity, sheetUrlBase };
}
