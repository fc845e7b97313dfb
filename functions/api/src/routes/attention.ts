// The attention list of a cycle: live KRs that are due for a check-in or behind pace. Read from the board
// view, as the board route reads it (one query of the cycle's partition), then judged by the domain's rules
// at the server's now with the organization's cadence (already read to admit the caller).
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  type AttentionItem,
  AttentionResponseSchema,
  type Board,
  type FailingLink,
  type KeyResultView,
} from '@okr-ledger/api-contract';
import {
  type AttentionFacts,
  type CycleState,
  DEFAULT_CHECK_IN_CADENCE_DAYS,
  expectedProgress,
  keyResultAttention,
} from '@okr-ledger/okr-domain';
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

/** The board view says what the rules need: a confidence it marks as set is the latest check-in's. */
const factsOf = (kr: KeyResultView): AttentionFacts => ({
  score: kr.score,
  lastCheckInAt: kr.lastCheckInAt,
  lastConfidence: kr.confidenceSource === 'set' ? kr.confidence : null,
});

function itemsOf(board: Board, cycle: CycleState, now: string, cadenceDays: number): AttentionItem[] {
  return board.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) =>
      objective.keyResults
        .filter((kr) => !kr.removed)
        .map((kr) => ({
          objective,
          kr,
          verdict: keyResultAttention(cycle, factsOf(kr), { now, cadenceDays }),
        })),
    )
    .filter(({ verdict }) => verdict.due || verdict.behindPace)
    .map(({ objective, kr, verdict }) => ({
      objectiveId: objective.id,
      objectiveTitle: objective.title,
      keyResultId: kr.id,
      title: kr.title,
      owner: kr.owner ?? objective.owner,
      current: kr.current,
      done: kr.done,
      unit: kr.unit,
      score: kr.score,
      lastCheckInAt: kr.lastCheckInAt,
      confidence: kr.confidence,
      confidenceSource: kr.confidenceSource,
      daysSinceCheckIn: verdict.daysSinceCheckIn,
      due: verdict.due,
      behindPace: verdict.behindPace,
      reasons: verdict.reasons,
    }));
}

/** Live KRs of live objectives whose link is failing, in board order. */
function failingLinksOf(board: Board): FailingLink[] {
  return board.objectives
    .filter((objective) => !objective.archived)
    .flatMap((objective) =>
      objective.keyResults.flatMap((kr): FailingLink[] =>
        kr.removed || kr.linkFailure === null || kr.valueSource === null
          ? []
          : [
              {
                objectiveId: objective.id,
                objectiveTitle: objective.title,
                keyResultId: kr.id,
                title: kr.title,
                owner: kr.owner ?? objective.owner,
                valueSource: kr.valueSource,
                problem: kr.linkFailure.problem,
                detail: kr.linkFailure.detail,
                since: kr.linkFailure.since,
                message: kr.linkFailure.message,
              },
            ],
      ),
    );
}

export function attentionRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(attention, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const { organizationId: org, organization } = callerOf(c);
    const cadenceDays = organization.checkInCadenceDays;
    const now = nowIso(deps);
    const board = await deps.views.board(org, cycleId, now);
    if (!board) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    const cycle: CycleState = board.cycle;
    return c.json(
      {
        cycleId,
        asOf: now,
        cadenceDays,
        expectedProgress: expectedProgress(cycle, now),
        keyResults: itemsOf(board, cycle, now, cadenceDays),
        failingLinks: failingLinksOf(board),
      },
      200,
    );
  });

  return app;
}
