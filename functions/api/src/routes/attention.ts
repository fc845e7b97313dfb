// The attention list of a cycle: live KRs that are due for a check-in or behind pace. Read from the board
// view, as the board route reads it (one query of the cycle's partition), then built by the projections'
// `attentionList` (which the digest uses too) at the server's now with the organization's cadence.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { AttentionResponseSchema } from '@okr-ledger/api-contract';
import { DEFAULT_CHECK_IN_CADENCE_DAYS } from '@okr-ledger/okr-domain';
import { attentionList } from '@okr-ledger/projections';
import { authorize } from '../auth/membership.js';
import { type ApiDependencies, nowIso } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { CycleParams, jsonContent, named, problemResponses, secured } from '../http/openapi.js';

const attention = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/attention',
  tags: ['board'],
  summary: 'Key results due for a check-in or behind pace',
  description:
    "Due: the cycle is active and the last check-in is as many calendar days old as the organization's " +
    `cadence (\`/settings\`, default ${DEFAULT_CHECK_IN_CADENCE_DAYS}) or more, in the cycle's time zone ` +
    "(with none, counted from the cycle's start). Behind pace: the score is more than 0.25 below the " +
    'elapsed share of the cycle, or the latest check-in says off track. Failing links: KRs whose linked ' +
    'cell gave no value (empty, text, an error such as #REF!, unreadable) when last synced, until a good ' +
    'value is read. From the projected views, so it may trail a write by moments.',
  security: secured,
  middleware: [authorize('attention.read')],
  request: { params: CycleParams },
  responses: {
    200: jsonContent(
      named('Attention', AttentionResponseSchema),
      'The KRs needing attention, in board order',
    ),
    ...problemResponses(403),
  },
});

export function attentionRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(attention, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const { organizationId: org, organization } = callerOf(c);
    const cadenceDays = organization.checkInCadenceDays;
    const now = nowIso(deps);
    const board = await deps.views.board(org, cycleId, now);
    if (!board) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    return c.json(attentionList(board, now, cadenceDays), 200);
  });

  return app;
}
