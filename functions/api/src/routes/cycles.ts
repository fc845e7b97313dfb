// Cycles: list, create, read, and their life (activate, close, reopen), all through the cycle stream's
// decider. Reads of one cycle come from the stream's tip (consistent right after a write); the list comes
// from the views.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CycleListResponseSchema, CycleViewSchema } from '@okr-ledger/api-contract';
import { CommandId, CycleId, LIMITS, SingleLineText } from '@okr-ledger/okr-domain';
import { toCycleView } from '@okr-ledger/projections';
import { authorize } from '../auth/membership.js';
import { loadCycle, runCycleCommand } from '@okr-ledger/command-handling';
import type { ApiDependencies } from '../deps.js';
import { DomainRuleError, NotFoundError } from '../errors.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import {
  CycleParams,
  jsonBody,
  jsonContent,
  named,
  OrgParams,
  problemResponses,
  secured,
} from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const CycleSchema = named('Cycle', CycleViewSchema);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const CreateCycleSchema = z
  .object({
    cycleId: CycleId,
    title: SingleLineText.pipe(z.string().min(1).max(LIMITS.titleMax)).optional(),
    startsOn: isoDate.openapi({ example: '2026-10-01' }),
    endsOn: isoDate.openapi({ example: '2026-12-31' }),
    /** Defaults to the organization's time zone. */
    timeZone: z.string().min(1).max(64).optional(),
    commandId: CommandId.optional(),
  })
  .openapi('CreateCycleRequest');

const TransitionSchema = z
  .object({
    commandId: CommandId.optional(),
    expectedVersion: z.number().int().min(0).optional(),
    /** Required to reopen a closed cycle. */
    reason: SingleLineText.pipe(z.string().max(LIMITS.reasonMax)).optional(),
  })
  .openapi('CycleTransitionRequest');

const tags = ['cycles'];

const list = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles',
  tags,
  summary: 'List the cycles',
  security: secured,
  middleware: [authorize('cycles.list')],
  request: { params: OrgParams },
  responses: {
    200: jsonContent(named('CycleList', CycleListResponseSchema), 'Cycles'),
    ...problemResponses(403),
  },
});

const create = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/cycles',
  tags,
  summary: 'Create a cycle in planning (admin)',
  security: secured,
  middleware: [authorize('cycles.create')],
  request: { params: OrgParams, body: jsonBody(CreateCycleSchema) },
  responses: { 201: jsonContent(CycleSchema, 'The new cycle'), ...problemResponses(403, 409, 415, 422) },
});

const read = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}',
  tags,
  summary: 'One cycle',
  security: secured,
  middleware: [authorize('cycles.read')],
  request: { params: CycleParams },
  responses: { 200: jsonContent(CycleSchema, 'The cycle'), ...problemResponses(403) },
});

const transitions = {
  activate: { action: 'cycles.activate', summary: 'Activate a cycle: planning → active (admin)' },
  close: { action: 'cycles.close', summary: 'Close a cycle and freeze its grades: active → closed (admin)' },
  reopen: { action: 'cycles.reopen', summary: 'Reopen a closed cycle, with a reason (admin)' },
} as const;

const transitionRoute = (name: keyof typeof transitions) =>
  createRoute({
    method: 'post',
    path: `/v1/orgs/{org}/cycles/{cycle}/${name}`,
    tags,
    summary: transitions[name].summary,
    security: secured,
    middleware: [authorize(transitions[name].action)],
    request: {
      params: CycleParams,
      body: { required: false, content: { 'application/json': { schema: TransitionSchema } } },
    },
    responses: {
      200: jsonContent(CycleSchema, 'The cycle after the change'),
      ...problemResponses(403, 409, 415, 422),
    },
  });

export function cycleRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(list, async (c) => {
    const cycles = await deps.views.cycles(callerOf(c).organizationId);
    return c.json({ cycles }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { state } = await runCycleCommand(writerOf(c, deps), {
      type: 'CreateCycle',
      commandId: commandIdOf(c, body.commandId),
      cycleId: body.cycleId,
      title: body.title,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      timeZone: body.timeZone ?? callerOf(c).organization.timeZone,
    });
    c.header('location', `/v1/orgs/${callerOf(c).organizationId}/cycles/${state.id}`);
    return c.json(toCycleView(state), 201);
  });

  app.openapi(read, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const cycle = await loadCycle(deps.store, callerOf(c).organizationId, cycleId);
    if (!cycle) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    return c.json(toCycleView(cycle), 200);
  });

  for (const name of ['activate', 'close', 'reopen'] as const) {
    app.openapi(transitionRoute(name), async (c) => {
      const { cycle: cycleId } = c.req.valid('param');
      const body = c.req.valid('json') as z.infer<typeof TransitionSchema>;
      const base = {
        commandId: commandIdOf(c, body.commandId),
        cycleId,
        expectedVersion: body.expectedVersion,
      };
      const command =
        name === 'activate'
          ? { type: 'ActivateCycle' as const, ...base }
          : name === 'close'
            ? { type: 'CloseCycle' as const, ...base }
            : { type: 'ReopenCycle' as const, ...base, reason: requiredReason(body.reason) };
      const { state } = await runCycleCommand(writerOf(c, deps), command);
      return c.json(toCycleView(state), 200);
    });
  }

  return app;
}

/** A missing reason is a broken rule (reopening needs one), not a malformed request: 422. */
function requiredReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') {
    throw new DomainRuleError('reason_required', 'Reopening a closed cycle needs a reason.', [
      { path: 'reason', message: 'reopening needs a reason' },
    ]);
  }
  return trimmed;
}
