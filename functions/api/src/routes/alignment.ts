// `GET /cycles/{cycle}/alignment`: the alignment tree of a cycle with its enclosing cycles and the cycles
// they enclose (docs/alignment.md), now (from the streams, so a write is seen at once) or as of an
// instant (folded from the events); and `/alignment/diff`, how own and aligned progress moved between two
// instants.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AlignmentResponseSchema } from '@okr-ledger/api-contract';
import { teamsOf } from '@okr-ledger/okr-domain';
import { toAlignmentView } from '@okr-ledger/projections';
import { authorize } from '../auth/membership.js';
import { type ApiDependencies, nowIso } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { assertOrdered } from '../http/validation.js';
import { asOf, current, type FamilySnapshot, familyIds, histories } from '../history/alignment-family.js';
import { type ApiContext, type ApiEnv, callerOf } from '../http/env.js';
import { CycleParams, instantQuery, jsonContent, named, problemResponses, secured } from '../http/openapi.js';

const tags = ['alignment'];

const tree = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/alignment',
  tags,
  summary: 'The alignment tree: teams, objectives, own and aligned progress, bands, owners',
  description:
    'Objectives of the cycle, of the cycles whose dates enclose it (a year around its quarters) and of ' +
    'the other cycles those enclose, in tree order. Aligned progress is the weighted mean of own progress ' +
    '(weight 1) and the children’s aligned progress (each child’s weight; 0 = shown, not counted); an ' +
    'objective of a closed cycle counts with its settled grade. With `asOf`, the tree as it was then.',
  security: secured,
  middleware: [authorize('alignment.read')],
  request: {
    params: CycleParams,
    query: z.object({ asOf: instantQuery('The instant to show the tree as of').optional() }),
  },
  responses: {
    200: jsonContent(named('Alignment', AlignmentResponseSchema), 'The tree'),
    ...problemResponses(403),
  },
});

const FigureChangeSchema = z
  .object({
    id: z.string(),
    cycleId: z.string(),
    title: z.string(),
    ownBefore: z.number().nullable(),
    ownAfter: z.number(),
    alignedBefore: z.number().nullable(),
    alignedAfter: z.number(),
  })
  .openapi('AlignmentFigureChange');

const diff = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/alignment/diff',
  tags,
  summary: 'How own and aligned progress moved between two instants',
  security: secured,
  middleware: [authorize('alignment.read')],
  request: {
    params: CycleParams,
    query: z.object({ from: instantQuery('The earlier instant'), to: instantQuery('The later instant') }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          cycleId: z.string(),
          from: z.string(),
          to: z.string(),
          objectives: z.array(FigureChangeSchema),
        })
        .openapi('AlignmentDiff'),
      'Objectives whose own or aligned progress changed',
    ),
    ...problemResponses(403),
  },
});

const viewOf = (c: ApiContext, cycleId: string, at: string, snapshot: FamilySnapshot, past: boolean) =>
  toAlignmentView({ cycleId, asOf: at, past, teams: teamsOf(callerOf(c).organization), ...snapshot });

export function alignmentRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(tree, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const query = c.req.valid('query');
    const org = callerOf(c).organizationId;
    const ids = await familyIds(deps, org, cycleId);
    if (query.asOf === undefined) {
      return c.json(viewOf(c, cycleId, nowIso(deps), await current(deps, org, ids), false), 200);
    }
    const instant = new Date(query.asOf).toISOString();
    const snapshot = await asOf(deps, org, await histories(deps, org, ids), instant);
    if (!snapshot.cycles.some((cycle) => cycle.id === cycleId)) {
      throw new NotFoundError(`There was no cycle '${cycleId}' at ${instant}.`);
    }
    return c.json(viewOf(c, cycleId, instant, snapshot, true), 200);
  });

  app.openapi(diff, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const query = c.req.valid('query');
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    assertOrdered(from, to);
    const org = callerOf(c).organizationId;
    const read = await histories(deps, org, await familyIds(deps, org, cycleId));
    const before = viewOf(c, cycleId, from, await asOf(deps, org, read, from), true);
    const after = viewOf(c, cycleId, to, await asOf(deps, org, read, to), true);
    const earlier = new Map(before.objectives.map((objective) => [objective.id, objective]));
    const objectives = after.objectives
      .map((objective) => {
        const was = earlier.get(objective.id);
        return {
          id: objective.id,
          cycleId: objective.cycleId,
          title: objective.title,
          ownBefore: was?.ownProgress ?? null,
          ownAfter: objective.ownProgress,
          alignedBefore: was?.alignedProgress ?? null,
          alignedAfter: objective.alignedProgress,
        };
      })
      .filter(
        (change) => change.ownBefore !== change.ownAfter || change.alignedBefore !== change.alignedAfter,
      );
    return c.json({ cycleId, from, to, objectives }, 200);
  });

  return app;
}
