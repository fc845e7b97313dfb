// The board of a cycle (now from the views, or as of any past instant folded from the events) and the
// diff between two instants.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { BoardSchema } from '@okr-ledger/api-contract';
import {
  type CheckIn,
  diffObjective,
  isEmptyDiff,
  type ObjectiveDiff,
  type ObjectiveState,
  objectiveProgress,
  resolveTeam,
  teamsOf,
} from '@okr-ledger/okr-domain';
import { toBoard } from '@okr-ledger/projections';
import { authorize } from '../auth/membership.js';
import { loadCycle, SNAPSHOT_SCHEMA_VERSION } from '@okr-ledger/command-handling';
import { type ApiDependencies, nowIso } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { assertOrdered } from '../http/validation.js';
import { currentObjectives, cycleAsOf, objectiveHistories, objectivesAt } from '../history/as-of.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import { CycleParams, instantQuery, jsonContent, named, problemResponses, secured } from '../http/openapi.js';
import { DiffResponseSchema, type ObjectiveDiffView } from '../schemas/diff.js';

const tags = ['board'];

const board = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/okrs',
  tags,
  summary: 'The board: objectives, KRs, initiatives, progress, confidence, versions, lint',
  description:
    'Without `asOf`, the current board from the projected views (may trail a write by moments). With ' +
    '`consistent=true`, the current board from the streams themselves, including every acknowledged write ' +
    '(what a sheet pull uses, since it edits against the versions it reads). With `asOf`, the board as it ' +
    'was at that instant, folded from the events (only check-ins effective by then count).',
  security: secured,
  middleware: [authorize('board.read')],
  request: {
    params: CycleParams,
    query: z.object({
      asOf: instantQuery('The instant to show the board as of').optional(),
      consistent: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Read the streams instead of the views: includes every acknowledged write' }),
    }),
  },
  responses: { 200: jsonContent(named('Board', BoardSchema), 'The board'), ...problemResponses(403) },
});

const diff = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/diff',
  tags,
  summary: 'What changed between two instants, per objective',
  security: secured,
  middleware: [authorize('diff.read')],
  request: {
    params: CycleParams,
    query: z.object({
      from: instantQuery('The earlier instant'),
      to: instantQuery('The later instant'),
    }),
  },
  responses: {
    200: jsonContent(DiffResponseSchema, 'Objectives in which something changed'),
    ...problemResponses(403),
  },
});

/**
 * Each objective with the team its `team` value reads as (an id, or a name typed before teams existed:
 * docs/alignment.md), from the organization the caller was authorized against: no read more.
 */
function withTeamIds<B extends { objectives: { team: string | null }[] }>(
  board: B,
  organization: Parameters<typeof teamsOf>[0],
): B {
  const teams = teamsOf(organization);
  return {
    ...board,
    objectives: board.objectives.map((objective) => ({
      ...objective,
      teamId: resolveTeam(objective.team, teams)?.id ?? null,
    })),
  };
}

export function boardRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(board, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const { asOf, consistent } = c.req.valid('query');
    const caller = callerOf(c);
    const org = caller.organizationId;
    if (asOf === undefined && consistent === 'true') {
      const cycle = await loadCycle(deps.store, org, cycleId);
      if (!cycle) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
      const states = await currentObjectives(deps.store, org, cycleId, SNAPSHOT_SCHEMA_VERSION);
      return c.json(withTeamIds(toBoard(org, cycle, states, nowIso(deps)), caller.organization), 200);
    }
    if (asOf === undefined) {
      const current = await deps.views.board(org, cycleId, nowIso(deps));
      if (!current) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
      return c.json(withTeamIds(current, caller.organization), 200);
    }
    const instant = new Date(asOf).toISOString();
    const cycle = await cycleAsOf(deps.store, org, cycleId, instant);
    if (!cycle) throw new NotFoundError(`There was no cycle '${cycleId}' at ${instant}.`);
    const states = objectivesAt(await objectiveHistories(deps.store, org, cycleId), instant);
    return c.json(withTeamIds(toBoard(org, cycle, states, instant), caller.organization), 200);
  });

  app.openapi(diff, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const query = c.req.valid('query');
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    assertOrdered(from, to);
    const org = callerOf(c).organizationId;
    if (!(await loadCycle(deps.store, org, cycleId)))
      throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    const histories = await objectiveHistories(deps.store, org, cycleId);
    const before = new Map(objectivesAt(histories, from).map((state) => [state.id, state]));
    const objectives = objectivesAt(histories, to)
      .map((after) => ({ before: before.get(after.id) ?? null, after }))
      .map(({ before: earlier, after }) => ({ earlier, after, diff: diffObjective(earlier, after) }))
      .filter(({ diff: changes }) => !isEmptyDiff(changes))
      .map(({ earlier, after, diff: changes }) => toDiffView(changes, { before: earlier, after, from, to }));
    return c.json({ cycleId, from, to, objectives }, 200);
  });

  return app;
}

interface DiffSides {
  before: ObjectiveState | null;
  after: ObjectiveState;
  from: string;
  to: string;
}

function toDiffView(diff: ObjectiveDiff, { before, after, from, to }: DiffSides): ObjectiveDiffView {
  const checkIn = (entry: CheckIn) => ({
    checkInId: entry.id,
    keyResultId: entry.keyResultId,
    value: entry.value,
    done: entry.done,
    milestonesDone: entry.milestonesDone,
    confidence: entry.confidence,
    note: entry.note,
    effectiveAt: entry.effectiveAt,
    recordedAt: entry.recordedAt,
    recordedBy: entry.recordedBy,
    corrects: entry.corrects,
    source: entry.source,
  });
  return {
    objectiveId: after.id,
    title: after.definition.title,
    created: diff.created,
    versionBefore: diff.versionBefore,
    versionAfter: diff.versionAfter,
    // Scores count only the check-ins effective by each instant, as the board as of that instant would.
    scoreBefore: before ? objectiveProgress(before, { effectiveAtOrBefore: from }).score : null,
    scoreAfter: objectiveProgress(after, { effectiveAtOrBefore: to }).score,
    objective: diff.objective,
    keyResults: {
      added: diff.keyResults.added.map((kr) => ({ keyResultId: kr.id, title: kr.definition.title })),
      removed: diff.keyResults.removed,
      changed: diff.keyResults.changed,
    },
    checkInsAdded: diff.checkInsAdded.map(checkIn),
    initiatives: {
      added: diff.initiatives.added.map((initiative) => ({
        initiativeId: initiative.id,
        title: initiative.title,
        status: initiative.status,
      })),
      changed: diff.initiatives.changed,
    },
    overrides: diff.overrides.map((override) => ({
      targetId: override.targetId,
      before: override.before?.grade ?? null,
      after: override.after.grade,
      reason: override.after.reason,
    })),
  };
}
