// `POST /cycles/{cycle}/commands`: a sheet push. The envelope is checked here (≤ 500 commands, ≤ 1 MB);
// each command is validated and decided on its own by the batch runner, so one bad row never blocks the
// others. The answer carries each concerned objective's final view once, beside the per-command results.
// One batch read serves the whole push: the organization (membership, done here rather than by the
// middleware), the cycle, every objective it touches and every command's record; then a transaction per
// objective.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  BATCH_MAX_COMMANDS,
  BatchRequestSchema,
  BatchResponseSchema,
  MAX_BODY_BYTES,
} from '@okr-ledger/api-contract';
import { type CycleState, type OrganizationState, streamIdOf } from '@okr-ledger/okr-domain';
import { admitCaller, requireRole } from '../auth/membership.js';
import { objectiveStreamsOf, planBatch, runPlannedBatch } from '../batch/run-batch.js';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError, PayloadTooLargeError } from '../errors.js';
import type { ApiEnv } from '../http/env.js';
import { CycleParams, jsonBody, jsonContent, named, problemResponses, secured } from '../http/openapi.js';
import { writerOf } from '../http/writer.js';

/** The body limit of every route (see app-shell.ts) is what bounds a batch's bytes. */
export const BATCH_MAX_BYTES = MAX_BODY_BYTES;

const BatchEnvelopeSchema = z.object({
  commands: z.array(z.unknown()).min(1, 'a batch needs at least one command'),
});

const batchRoute = <T extends z.ZodType>(body: T, hide: boolean) =>
  createRoute({
    method: 'post',
    path: '/v1/orgs/{org}/cycles/{cycle}/commands',
    hide,
    tags: ['commands'],
    summary: 'Apply a batch of objective commands (a sheet push)',
    description:
      `At most ${BATCH_MAX_COMMANDS} commands and 1 MB (413 above). Each command gets its own result: applied ` +
      '(with the version after the batch), conflict (a stale expectedVersion; with the current version) or ' +
      'invalid (field errors or the domain rule broken). `objectives` holds, once each, the view after the ' +
      'batch of every objective an applied or conflicting result concerns. Atomic per objective, never across ' +
      'objectives. Repeating a push with the same commandIds writes nothing twice (results say replayed).',
    security: secured,
    request: { params: CycleParams, body: jsonBody(body) },
    responses: {
      200: jsonContent(
        named('BatchResponse', BatchResponseSchema),
        'One result per command, in order, and the final view of each objective they concern',
      ),
      ...problemResponses(403, 413, 415),
    },
  });

/**
 * The document shows the full command schema; the handler validates only the envelope, because each
 * command is validated on its own by planBatch (an invalid row is a result, not a failed request).
 */
const documented = batchRoute(named('BatchRequest', BatchRequestSchema), false);
const handled = batchRoute(BatchEnvelopeSchema, true);

export function batchRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();
  // Registered by hand (the handler's own route is hidden), so without the handler-only fields.
  const { hide: _hide, ...documentation } = documented;
  app.openAPIRegistry.registerPath(documentation);

  app.openapi(handled, async (c) => {
    const { org, cycle: cycleId } = c.req.valid('param');
    const { commands } = c.req.valid('json');
    if (commands.length > BATCH_MAX_COMMANDS) {
      throw new PayloadTooLargeError(
        `A batch holds at most ${BATCH_MAX_COMMANDS} commands; this one has ${commands.length}. Split the push.`,
      );
    }
    const plan = planBatch(commands);
    const cycleStream = streamIdOf.cycle(cycleId);
    const heads = await deps.store.readHeads(org, {
      streamIds: [streamIdOf.organization(), cycleStream, ...objectiveStreamsOf(plan)],
      commandIds: plan.commandIds,
    });
    // Membership first, on the organization the batch read: a non-member learns nothing about the cycle.
    const organization = heads.tips.get(streamIdOf.organization())?.snapshot as OrganizationState | undefined;
    requireRole(await admitCaller(deps, c, organization ?? null), 'commands.submit');
    const cycle = heads.tips.get(cycleStream)?.snapshot as CycleState | undefined;
    if (!cycle) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    return c.json(await runPlannedBatch(writerOf(c, deps), cycle, plan, heads), 200);
  });
  return app;
}
