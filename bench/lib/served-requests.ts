// Sums the requests the sheet measurements' API process served during one add-on action.
import type { SheetSyncRow } from '../report/results.js';
import type { ServedRequest } from '../sections/sheet-api-protocol.js';

/** "/v1/orgs/acme/cycles/kr50/okrs" → "/cycles/{cycle}/okrs": the route, without ids. */
export function routeTemplate(path: string): string {
  return path
    .replace(/^\/v1\/orgs\/[^/]+/, '')
    .replace(/\/cycles\/[^/]+(?=\/|$)/, '/cycles/{cycle}')
    .replace(/\/key-results\/[^/]+/, '/key-results/{kr}');
}

export function summarizeRequests(
  entries: readonly ServedRequest[],
): Pick<SheetSyncRow, 'httpCalls' | 'requestBytes' | 'responseBytes' | 'calls'> {
  const calls: Record<string, number> = {};
  for (const entry of entries) {
    const key = `${entry.method} ${routeTemplate(entry.path)}`;
    calls[key] = (calls[key] ?? 0) + 1;
  }
  return {
    httpCalls: entries.length,
    requestBytes: entries.reduce((sum, entry) => sum + entry.requestBytes, 0),
    responseBytes: entries.reduce((sum, entry) => sum + entry.responseBytes, 0),
    calls,
  };
}
