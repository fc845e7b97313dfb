// The organization's settings: for now its check-in cadence (the days without a check-in before a KR is
// due). Any member reads them; an admin changes them, through the organization stream's decider.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { runOrganizationCommand } from '@okr-ledger/command-handling';
import { LIMITS, type OrganizationState } from '@okr-ledger/okr-domain';
import { authorize } from '../auth/membership.js';
import type { ApiDependencies } from '../deps.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { jsonBody, jsonContent, OrgParams, problemResponses, secured } from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const cadence = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(LIMITS.checkInCadenceDaysMax, `must be at most ${LIMITS.checkInCadenceDaysMax} days`)
  .openapi({ description: 'Days without a check-in before a KR is due (default 7)' });
const SettingsSchema = z.object({ checkInCadenceDays: cadence }).openapi('OrganizationSettings');

const tags = ['members'];

const read = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/settings',
  tags,
  summary: "The organization's settings",
  security: secured,
  middleware: [authorize('settings.read')],
  request: { params: OrgParams },
  responses: { 200: jsonContent(SettingsSchema, 'The settings'), ...problemResponses(403) },
});

const put = createRoute({
  method: 'put',
  path: '/v1/orgs/{org}/settings',
  tags,
  summary: "Change the organization's settings (admin)",
  security: secured,
  middleware: [authorize('settings.put')],
  request: { params: OrgParams, body: jsonBody(SettingsSchema) },
  responses: { 200: jsonContent(SettingsSchema, 'The settings as stored'), ...problemResponses(403, 422) },
});

const toSettings = (organization: OrganizationState) => ({
  checkInCadenceDays: organization.checkInCadenceDays,
});

export function settingsRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(read, (c) => c.json(toSettings(callerOf(c).organization), 200));

  app.openapi(put, async (c) => {
    const { checkInCadenceDays } = c.req.valid('json');
    const { state } = await runOrganizationCommand(writerOf(c, deps), {
      type: 'SetCheckInCadence',
      commandId: commandIdOf(c),
      checkInCadenceDays,
    });
    return c.json(toSettings(state), 200);
  });

  return app;
}
