// `POST /cycles/{next}/carry-over`: chosen objectives and KRs of a source cycle copied into the next cycle
// (docs/alignment.md). One result per item (created, already carried, invalid); a team editor carries
// only their teams' objectives, checked per objective by the decider.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { CarryOverRequestSchema, CarryOverResponseSchema } from '@okr-ledger/api-contract';
import { carryOver, loadCycle, SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';
import { authorize } from '../auth/membership.js';
import type { ApiDependencies } from '../deps.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { currentObjectives } from '../history/as-of.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { CycleParams, jsonBody, jsonContent, named, problemResponses, secured } from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const route = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/cycles/{cycle}/carry-over',
  tags: ['cycles'],
  summary: 'Carry chosen objectives and KRs of a cycle over into this one',
  description:
    'Each carried objective and KR gets a new id in this cycle (derived from the old one, so carrying twice ' +
    'creates nothing new), with `carriedFrom` naming the original; a KR of type increase or decrease starts at ' +
    "the old KR's last value. The source cycle's grades are untouched.",
  security: secured,
  middleware: [authorize('carryOver.submit')],
  request: { params: CycleParams, body: jsonBody(named('CarryOverRequest', CarryOverRequestSchema)) },
  responses: {
    200: jsonContent(named('CarryOverResponse', CarryOverResponseSchema), 'One result per carried item'),
    ...problemResponses(403, 415, 422),
  },
});

export function carryOverRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(route, async (c) => {
    const { cycle: targetId } = c.req.valid('param');
    const body = c.req.valid('json');
    const org = callerOf(c).organizationId;
    if (body.sourceCycleId === targetId) {
      throw new ValidationError('The source cycle must be another cycle.', [
        { path: 'sourceCycleId', message: 'must differ from the cycle carried into' },
      ]);
    }
    if (body.objectiveIds.length + body.keyResultIds.length === 0) {
      throw new ValidationError('Choose at least one objective or key result.', [
        { path: 'objectiveIds', message: 'name at least one objective or key result' },
      ]);
    }
    const [target, source] = await Promise.all([
      loadCycle(deps.store, org, targetId),
      loadCycle(deps.store, org, body.sourceCycleId),
    ]);
    if (!target) throw new NotFoundError(`There is no cycle '${targetId}'.`);
    if (!source) throw new NotFoundError(`There is no cycle '${body.sourceCycleId}'.`);
    const items = await carryOver(writerOf(c, deps), {
      source,
      target,
      sourceObjectives: await currentObjectives(deps.store, org, source.id, SNAPSHOT_SCHEMA_VERSION),
      objectiveIds: body.objectiveIds,
      keyResultIds: body.keyResultIds,
      commandId: commandIdOf(c, body.commandId),
    });
    const count = (status: string) => items.filter((item) => item.status === status).length;
    return c.json(
      {
        sourceCycleId: source.id,
        targetCycleId: target.id,
        items,
        summary: {
          created: count('created'),
          alreadyCarried: count('already_carried'),
          invalid: count('invalid'),
        },
      },
      200,
    );
  });
  return app;
}
