// Building blocks for route definitions, so every route documents its parameters, security and error
// responses the same way. The zod schemas here are both the validation and the OpenAPI document.

import { z } from '@hono/zod-openapi';
import { ProblemSchema } from '@okr-ledger/api-contract';
import { CycleId, KeyResultId, OrganizationId } from '@okr-ledger/okr-domain';

export const SECURITY_SCHEME = 'googleIdToken';

/**
 * A shared object schema under a component name. Zod 4 gives each schema its methods when it is created,
 * so schemas built by the domain and contract packages before @hono/zod-openapi was loaded have no
 * `.openapi()`; a fresh object over the same shape always does (and validates the same).
 */
export const named = <T extends z.ZodRawShape>(name: string, schema: z.ZodObject<T>) =>
  z.object(schema.shape).openapi(name);
export const secured = [{ [SECURITY_SCHEME]: [] }];

export const ProblemDocumentSchema = named('Problem', ProblemSchema);

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request or invalid fields (`errors` lists each field path)',
  401: 'Missing, invalid or expired Google ID token',
  403: 'Your role does not allow this',
  404: 'Unknown resource, or an organization you are not a member of',
  409: 'The resource changed since you read it (carries `currentVersion`)',
  412: 'The `If-Match` version is stale (carries `currentVersion`)',
  413: 'Request too large',
  415: 'The body must be application/json',
  422: 'A domain rule was broken (closed cycle, missing reason, …)',
  503: 'The store is busy or unreachable; retry after `Retry-After` seconds',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Problem responses for the given statuses, plus the ones every authenticated route can answer. */
export function problemResponses(...statuses: ErrorStatus[]) {
  const all = new Set<ErrorStatus>([400, 401, 404, 503, ...statuses]);
  return Object.fromEntries(
    [...all]
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: ERROR_DESCRIPTIONS[status],
          content: { 'application/problem+json': { schema: ProblemDocumentSchema } },
        },
      ]),
  );
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

// Path parameters take their names from the keys (see `named` for why the domain's schemas get no metadata).
const orgParam = OrganizationId;
const cycleParam = CycleId;
const keyResultParam = KeyResultId;

export const OrgParams = z.object({ org: orgParam });
export const CycleParams = z.object({ org: orgParam, cycle: cycleParam });
export const KeyResultParams = z.object({ org: orgParam, kr: keyResultParam });
export const MemberParams = z.object({
  org: orgParam,
  email: z.email('must be an email address'),
});

/** An ISO instant in a query string, e.g. `asOf=2026-11-15T12:00:00Z`. */
export const instantQuery = (description: string) =>
  z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with time zone' })
    .openapi({ description, example: '2026-11-15T12:00:00Z' });
