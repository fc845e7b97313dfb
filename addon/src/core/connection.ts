// Owns the connection settings (API address and organization): validating what a person types in Connect
// and building request URLs from them.
import type { Parsed } from './cells.js';

export interface Connection {
  apiUrl: string;
  organizationId: string;
}

const ORGANIZATION = /^[a-z0-9][a-z0-9-]{1,39}$/;
const LOCAL_HOSTS = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

export function parseApiUrl(input: string): Parsed<string> {
  const url = input.trim().replace(/\/+$/, '');
  if (url === '') return { ok: false, message: 'Enter the API address, e.g. https://okr.example.com' };
  const https = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~\-/]*)?$/.test(url);
  if (!https && !LOCAL_HOSTS.test(url)) {
    return { ok: false, message: `The API address must start with https:// (got "${url}")` };
  }
  return { ok: true, value: url };
}

export function parseOrganization(input: string): Parsed<string> {
  const organizationId = input.trim().toLowerCase();
  if (!ORGANIZATION.test(organizationId)) {
    return {
      ok: false,
      message: `The organization is 2–40 lowercase letters, digits or dashes (got "${input.trim()}")`,
    };
  }
  return { ok: true, value: organizationId };
}

export type Query = Record<string, string | undefined>;

/** `{apiUrl}/v1/orgs/{org}{path}?query`, every path segment and value encoded. */
export function apiUrl(connection: Connection, path: string, query: Query = {}): string {
  const encodedPath = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    value === undefined || value === '' ? [] : [`${encodeURIComponent(key)}=${encodeURIComponent(value)}`],
  );
  const search = pairs.length === 0 ? '' : `?${pairs.join('&')}`;
  return `${connection.apiUrl}/v1/orgs/${encodeURIComponent(connection.organizationId)}${encodedPath}${search}`;
}
