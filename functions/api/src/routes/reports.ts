// Reports read from the views: a KR's history, the cycle's mid-cycle change audit (filterable), the
// grades report as JSON or CSV, and grade overrides (admin), which are a command on the objective.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AuditKindSchema,
  ChangesResponseSchema,
  GradeRowSchema,
  type GradesReport,
  GradesReportSchema,
  KeyResultHistorySchema,
  ObjectiveViewSchema,
} from '@okr-ledger/api-contract';
import { alignedGrades, CommandId, KeyResultId, LIMITS, ObjectiveId } from '@okr-ledger/okr-domain';
import { toObjectiveView } from '@okr-ledger/projections';
import { authorize } from '../auth/membership.js';
import { loadCycle, runObjectiveCommand } from '@okr-ledger/command-handling';
import { type ApiDependencies, nowIso } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { assertOrdered } from '../http/validation.js';
import { current, familyIds } from '../history/alignment-family.js';
import { toCsv } from '../http/csv.js';
import { type ApiEnv, callerOf } from '../http/env.js';
import {
  CycleParams,
  instantQuery,
  jsonBody,
  jsonContent,
  KeyResultParams,
  named,
  problemResponses,
  secured,
} from '../http/openapi.js';
import { commandIdOf, writerOf } from '../http/writer.js';

const history = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/key-results/{kr}/history',
  tags: ['reports'],
  summary: 'Every event of a KR, oldest first, with before → after',
  security: secured,
  middleware: [authorize('history.read')],
  request: { params: KeyResultParams },
  responses: {
    200: jsonContent(named('KeyResultHistory', KeyResultHistorySchema), 'The history'),
    ...problemResponses(403),
  },
});

const filterText = z.string().trim().min(1).max(200);

const changes = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/changes',
  tags: ['reports'],
  summary: 'The mid-cycle change audit',
  description:
    'Mid-cycle definition changes, KRs added/removed, archived objectives, late check-ins (recorded > 14 days ' +
    'after their effective date), corrections, grade overrides, closings and reopenings, and objectives aligned to ' +
    "one of this cycle's objectives (`aligned_to_you`, about the parent, so `owner` finds a person's).",
  security: secured,
  middleware: [authorize('changes.read')],
  request: {
    params: CycleParams,
    query: z.object({
      from: instantQuery('Entries at or after this instant').optional(),
      to: instantQuery('Entries at or before this instant').optional(),
      team: filterText.optional(),
      owner: filterText.optional(),
      kind: AuditKindSchema.optional(),
    }),
  },
  responses: {
    200: jsonContent(named('Changes', ChangesResponseSchema), 'Audit entries'),
    ...problemResponses(403),
  },
});

export const GRADE_CSV_COLUMNS = Object.keys(GradeRowSchema.shape) as (keyof z.infer<
  typeof GradeRowSchema
>)[];

const grades = createRoute({
  method: 'get',
  path: '/v1/orgs/{org}/cycles/{cycle}/grades',
  tags: ['reports'],
  summary: 'The grades report (JSON, or CSV with `Accept: text/csv` or `?format=csv`)',
  description:
    'Per KR and objective: computed against the current and the original definition, override, final grade, ' +
    'band, missed commitments and the mid-cycle changes that made a difference. Frozen once the cycle is closed.',
  security: secured,
  middleware: [authorize('grades.read')],
  request: {
    params: CycleParams,
    query: z.object({
      format: z.enum(['json', 'csv']).optional(),
      aligned: z.enum(['true', 'false']).optional().openapi({
        description: 'Add each objective row’s aligned grade (reads the cycles around this one)',
      }),
    }),
  },
  responses: {
    200: {
      description: 'The grades report',
      content: {
        'application/json': { schema: named('GradesReport', GradesReportSchema) },
        'text/csv': {
          schema: z.string().openapi({ description: `Columns: ${GRADE_CSV_COLUMNS.join(', ')}` }),
        },
      },
    },
    ...problemResponses(403),
  },
});

const OverrideRequestSchema = z
  .object({
    commandId: CommandId.optional(),
    objectiveId: ObjectiveId,
    targetType: z.enum(['objective', 'key_result']),
    targetId: z.union([ObjectiveId, KeyResultId]),
    grade: z.number().finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1'),
    reason: z.string().trim().max(LIMITS.reasonMax).optional(),
    expectedVersion: z.number().int().min(0).optional(),
  })
  .openapi('GradeOverrideRequest');

const override = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/cycles/{cycle}/grades/overrides',
  tags: ['reports'],
  summary: "Override the grade of an objective or KR, with a reason (an admin or the objective's owner)",
  security: secured,
  middleware: [authorize('grades.override')],
  request: { params: CycleParams, body: jsonBody(OverrideRequestSchema) },
  responses: {
    200: jsonContent(named('ObjectiveView', ObjectiveViewSchema), 'The objective after the override'),
    ...problemResponses(403, 409, 415, 422),
  },
});

function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /\btext\/csv\b/i.test(accept ?? '');
}

/** The report with each objective row's aligned grade, rolled up over the cycle's family. */
async function withAlignedGrades(
  deps: ApiDependencies,
  org: string,
  report: GradesReport,
): Promise<GradesReport> {
  const snapshot = await current(deps, org, await familyIds(deps, org, report.cycleId));
  const cycles = new Map(snapshot.cycles.map((cycle) => [cycle.id, cycle]));
  const finals = new Map(
    report.rows.filter((row) => row.targetType === 'objective').map((row) => [row.objectiveId, row.final]),
  );
  const grades = alignedGrades(
    snapshot.objectives.flatMap((objective) => {
      const cycle = cycles.get(objective.cycleId);
      return cycle === undefined ? [] : [{ objective, cycle }];
    }),
    finals,
  );
  return {
    ...report,
    rows: report.rows.map((row) => ({
      ...row,
      alignedGrade: row.targetType === 'objective' ? (grades.get(row.objectiveId) ?? row.final) : null,
    })),
  };
}

export function reportRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(history, async (c) => {
    const { kr } = c.req.valid('param');
    const found = await deps.views.history(callerOf(c).organizationId, kr);
    if (!found) throw new NotFoundError(`There is no key result '${kr}'.`);
    return c.json(found, 200);
  });

  app.openapi(changes, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const { from, to, team, owner, kind } = c.req.valid('query');
    assertOrdered(from, to);
    const org = callerOf(c).organizationId;
    if (!(await deps.views.cycle(org, cycleId))) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    const entries = await deps.views.changes(org, cycleId, {
      ...(from ? { from: new Date(from).toISOString() } : {}),
      ...(to ? { to: new Date(to).toISOString() } : {}),
      ...(team ? { team } : {}),
      ...(owner ? { owner } : {}),
      ...(kind ? { kind } : {}),
    });
    return c.json({ cycleId, entries }, 200);
  });

  app.openapi(grades, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const org = callerOf(c).organizationId;
    const query = c.req.valid('query');
    const found = await deps.views.grades(org, cycleId);
    if (!found) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    const aligned = query.aligned === 'true';
    const report = aligned ? await withAlignedGrades(deps, org, found) : found;
    if (!wantsCsv(query.format, c.req.header('accept'))) return c.json(report, 200);
    const columns = aligned ? [...GRADE_CSV_COLUMNS, 'alignedGrade' as const] : GRADE_CSV_COLUMNS;
    const csv = toCsv(
      columns,
      report.rows.map((row) => columns.map((column) => row[column] ?? null)),
    );
    c.header('content-disposition', `attachment; filename="grades-${cycleId}.csv"`);
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  app.openapi(override, async (c) => {
    const { cycle: cycleId } = c.req.valid('param');
    const body = c.req.valid('json');
    const org = callerOf(c).organizationId;
    const cycle = await loadCycle(deps.store, org, cycleId);
    if (!cycle) throw new NotFoundError(`There is no cycle '${cycleId}'.`);
    const { state } = await runObjectiveCommand(
      writerOf(c, deps),
      {
        type: 'OverrideGrade',
        commandId: commandIdOf(c, body.commandId),
        expectedVersion: body.expectedVersion,
        objectiveId: body.objectiveId,
        targetType: body.targetType,
        targetId: body.targetId,
        grade: body.grade,
        reason: body.reason ?? '',
      },
      { cycle },
    );
    return c.json(toObjectiveView(state, cycle, nowIso(deps)), 200);
  });

  return app;
}
