// One check-in from the sidebar: `Idempotency-Key` makes it safe to repeat (a replay answers the first
// response, kept on the command record), `If-Match: "<objective version>"` makes it conditional (412 when
// stale). Without If-Match, concurrent check-ins on one objective are retried inside the store until they
// all land: a check-in does not depend on what the client saw. Two DynamoDB requests: one batch read of the
// organization (membership), the objective, its cycle and the command record, then the transaction; a
// replay is the batch read alone. The route does its own membership check, on the organization it batched.
// Without an Idempotency-Key (or body commandId) the server mints the command id: the request can never be
// repeated, so no record is read or written. A check-in id the client does not name is derived from the
// command id and claims no look-up: the transaction holds the event and the tip (and the record, with a key).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CheckInRequestSchema, CheckInResponseSchema } from '@okr-ledger/api-contract';
import { derivedCheckInId, runObjectiveCommand } from '@okr-ledger/command-handling';
import { StreamVersionConflictError } from '@okr-ledger/event-store';
import { type CheckInSource, CheckInSourceSchema, type ObjectiveState } from '@okr-ledger/okr-domain';
import { toObjectiveView } from '@okr-ledger/projections';
import { requireRole } from '../auth/membership.js';
import { CheckInTargets } from '../commands/check-in-target.js';
import { type ApiDependencies, nowIso } from '../deps.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { ApiEnv } from '../http/env.js';
import { jsonBody, jsonContent, KeyResultParams, named, problemResponses, secured } from '../http/openapi.js';
import { commandIdOf, IDEMPOTENCY_HEADER, writerOf } from '../http/writer.js';

const CheckInHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      'A command id (8–64 letters, digits, - or _); repeating the request answers the first response',
  }),
  'if-match': z.string().optional().openapi({
    description: 'The objective version you saw, e.g. "12"; a stale version answers 412',
  }),
  'x-client-name': z
    .string()
    .optional()
    .openapi({
      description:
        'The name of the program sending the value (e.g. nightly-etl): the check-in is recorded as from the ' +
        'api, with this name, unless the body states its own `source`',
    }),
});

const record = createRoute({
  method: 'post',
  path: '/v1/orgs/{org}/key-results/{kr}/check-ins',
  tags: ['check-ins'],
  summary: 'Record a check-in on a KR',
  security: secured,
  request: {
    params: KeyResultParams,
    headers: CheckInHeaders,
    body: jsonBody(named('CheckInRequest', CheckInRequestSchema)),
  },
  responses: {
    201: jsonContent(
      named('CheckInResponse', CheckInResponseSchema),
      'Recorded (or, on a replay, the first answer)',
    ),
    ...problemResponses(403, 409, 412, 415, 422),
  },
});

/** `"12"`, `W/"12"` or `12` → 12. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,12})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new ValidationError('If-Match must carry the objective version, e.g. "12".', [
      { path: 'header.if-match', message: 'must be a quoted version number' },
    ]);
  }
  return Number(match[1]);
}

/**
 * Where the value came from: what the body says; else `api` with the client the request names; else
 * `manual`, since a request that names no program was sent on a person's behalf (the sidebar, curl).
 */
export function sourceOfRequest(stated: CheckInSource | undefined, clientName: string | undefined) {
  if (stated !== undefined) return stated;
  if (clientName === undefined) return { kind: 'manual' } as const;
  const parsed = CheckInSourceSchema.safeParse({ kind: 'api', client: clientName });
  if (!parsed.success) {
    throw new ValidationError('X-Client-Name must be one line of 1–100 printable characters.', [
      { path: 'header.x-client-name', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return parsed.data;
}

export function checkInRoutes(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>();

  const targets = new CheckInTargets(deps);

  app.openapi(record, async (c) => {
    const { kr, org } = c.req.valid('param');
    const body = c.req.valid('json');
    const expectedVersion = versionFromIfMatch(c.req.header('if-match'));
    const source = sourceOfRequest(body.source, c.req.header('x-client-name'));
    const commandId = commandIdOf(c, body.commandId);
    // A key the client sent may have been used before; one the server mints cannot have been.
    const mayBeRecorded = c.req.header(IDEMPOTENCY_HEADER) !== undefined || body.commandId !== undefined;
    const stated =
      body.objectiveId !== undefined && body.cycleId !== undefined
        ? { objectiveId: body.objectiveId, cycleId: body.cycleId }
        : undefined;

    const { caller, objectiveId, cycle, prefetched } = await targets.resolve(c, {
      org,
      kr,
      stated,
      commandId,
      mayBeRecorded,
    });
    requireRole(caller, 'checkIns.record');

    const checkInId = body.checkInId ?? derivedCheckInId(org, commandId);
    const answer = (state: ObjectiveState, version: number) => ({
      checkInId,
      version,
      objective: toObjectiveView(state, cycle, nowIso(deps)),
    });
    try {
      const applied = await runObjectiveCommand(
        writerOf(c, deps),
        {
          type: 'RecordCheckIn',
          commandId,
          expectedVersion,
          objectiveId,
          keyResultId: kr,
          checkInId,
          value: body.value,
          milestonesDone: body.milestonesDone,
          done: body.done,
          confidence: body.confidence,
          note: body.note ?? '',
          effectiveAt: body.effectiveAt,
          source,
        },
        {
          cycle,
          prefetched,
          // A minted id names this request alone: there is no replay to answer, so no record to write.
          minted: !mayBeRecorded,
          response: answer,
        },
      );
      // A replay answers what its record kept, read back through the contract (records outlive code; one
      // written by another path, e.g. a one-command batch, keeps no answer); a new answer is the one built.
      const first = applied.replayed
        ? CheckInResponseSchema.omit({ replayed: true }).parse(
            applied.response ?? answer(applied.state, applied.version),
          )
        : ((applied.response as ReturnType<typeof answer> | undefined) ??
          answer(applied.state, applied.version));
      c.header('etag', `"${first.version}"`);
      if (applied.replayed) c.header('idempotent-replayed', 'true');
      return c.json({ ...first, replayed: applied.replayed }, 201);
    } catch (error) {
      if (error instanceof StreamVersionConflictError && expectedVersion !== undefined) {
        throw new ConflictError(
          412,
          `The objective is at version ${error.currentVersion}, not ${expectedVersion}.`,
          {
            currentVersion: error.currentVersion,
          },
        );
      }
      throw error;
    }
  });

  return app;
}
