// The organization's settings: its check-in cadence (the days without a check-in before a KR is due) and its
// weekly digest (day, hour, zone, channels; see docs/digests.md). Any member reads them and opts themselves
// out of the digest email; an admin changes them, through the organization stream's decider.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { runOrganizationCommand, runOrganizationCommands } from '@okr-ledger/command-handling';
import {
  DIGEST_WEBHOOK_HOSTS,
  digestSettingsOf,
  digestSettingsProblems,
  hasOptedOut,
  LIMITS,
  type OrganizationCommand,
  type OrganizationState,
  WEEKDAYS,
} from '@okr-ledger/okr-domain';
import { authorize } from '../auth/membership.js';
import type { ApiDependencies } from '../deps.js';
import { DomainRuleError } from '../errors.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { jsonBody, jsonContent, OrgParams, problemResponses, secured } from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const cadence = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(LIMITS.checkInCadenceDaysMax, `must be at most ${LIMITS.checkInCadenceDaysMax} days`)
  .openapi({ description: 'Days without a check-in before a KR is due (default 7)' });

// Types here; the ranges, the zone and the webhook's host are the domain's rules, refused with 422.
const DigestSchema = z
  .object({
    weekday: z.enum(WEEKDAYS).openapi({ description: 'Day the digest goes out (default monday)' }),
    hour: z.number().int('must be a whole hour').openapi({ description: 'Local hour, 0–23 (default 9)' }),
    timeZone: z
      .string()
      .max(64)
      .nullable()
      .openapi({ description: "IANA zone of day and hour; null: the active cycle's zone (default)" }),
    email: z.boolean().openapi({ description: 'Whether members get the digest by email (default true)' }),
    webhookUrl: z
      .string()
      .max(LIMITS.webhookUrlMax)
      .nullable()
      .openapi({ description: `https incoming webhook on ${DIGEST_WEBHOOK_HOSTS.join(' or ')}; null: none` }),
    spreadsheetId: z
      .string()
      .max(LIMITS.spreadsheetIdMax)
      .nullable()
      .openapi({ description: "The team's spreadsheet, which the digest links to; null: no link" }),
  })
  .openapi('DigestSettings');

const SettingsSchema = z
  .object({
    checkInCadenceDays: cadence,
    digest: DigestSchema,
    /** The caller's own subscription to the digest email. */
    digestSubscribed: z.boolean(),
  })
  .openapi('OrganizationSettings');

const SettingsChangeSchema = z
  .object({ checkInCadenceDays: cadence.optional(), digest: DigestSchema.partial().optional() })
  .openapi('OrganizationSettingsChange');

const SubscriptionSchema = z.object({ subscribed: z.boolean() }).openapi('DigestSubscription');

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
  description:
    'Fields left out keep their values. A broken rule (hour outside 0–23, an unknown time zone, a webhook ' +
    `that is not https on ${DIGEST_WEBHOOK_HOSTS.join(' or ')}) is a 422 naming each field; nothing is changed.`,
  security: secured,
  middleware: [authorize('settings.put')],
  request: { params: OrgParams, body: jsonBody(SettingsChangeSchema) },
  responses: { 200: jsonContent(SettingsSchema, 'The settings as stored'), ...problemResponses(403, 422) },
});

const subscribe = createRoute({
  method: 'put',
  path: '/v1/orgs/{org}/settings/digest-subscription',
  tags,
  summary: 'Opt out of (or back into) the digest email, for yourself',
  security: secured,
  middleware: [authorize('digest.subscribe')],
  request: { params: OrgParams, body: jsonBody(SubscriptionSchema) },
  responses: {
    200: jsonContent(SettingsSchema, 'The settings, with your subscription'),
    ...problemResponses(403),
  },
});

const toSettings = (organization: OrganizationState, email: string) => ({
  checkInCadenceDays: organization.checkInCadenceDays,
  digest: digestSettingsOf(organization),
  digestSubscribed: !hasOptedOut(organization, email),
});

/** Command ids of the parts of one settings change, derived from the request's so a retry replays both. */
const partId = (commandId: string, part: string) => `${commandId.slice(0, 63 - part.length)}-${part}`;

export function settingsRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(read, (c) => {
    const { organization, actor } = callerOf(c);
    return c.json(toSettings(organization, actor.email), 200);
  });

  app.openapi(put, async (c) => {
    const body = c.req.valid('json');
    // Checked before anything is decided, with the decider's own rules, so a change is all or nothing.
    const problems = body.digest === undefined ? [] : digestSettingsProblems(body.digest);
    if (problems.length > 0) {
      const errors = problems.map((problem) => ({ path: problem.path.join('.'), message: problem.message }));
      throw new DomainRuleError(
        'invalid_settings',
        `The settings break a rule: ${errors.map((error) => error.path).join(', ')}.`,
        errors,
      );
    }
    const commandId = commandIdOf(c);
    const commands: OrganizationCommand[] = [
      ...(body.checkInCadenceDays === undefined
        ? []
        : [
            {
              type: 'SetCheckInCadence' as const,
              commandId: partId(commandId, 'cadence'),
              checkInCadenceDays: body.checkInCadenceDays,
            },
          ]),
      ...(body.digest === undefined
        ? []
        : [
            {
              type: 'SetDigestSettings' as const,
              commandId: partId(commandId, 'digest'),
              digest: body.digest,
            },
          ]),
    ];
    const { organization, actor } = callerOf(c);
    if (commands.length === 0) return c.json(toSettings(organization, actor.email), 200);
    // One append for both parts: the organization stream's decider takes them in order.
    const { state } = await runOrganizationCommands(writerOf(c, deps), commands);
    return c.json(toSettings(state ?? organization, actor.email), 200);
  });

  app.openapi(subscribe, async (c) => {
    const { subscribed } = c.req.valid('json');
    const { actor } = callerOf(c);
    const { state } = await runOrganizationCommand(writerOf(c, deps), {
      type: 'SetDigestOptOut',
      commandId: commandIdOf(c),
      email: actor.email,
      optedOut: !subscribed,
    });
    return c.json(toSettings(state, actor.email), 200);
  });

  return app;
}
