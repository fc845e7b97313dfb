// The batch of commands a sheet push sends (`POST /cycles/{cycle}/commands`), the per-command results and
// the final view of each objective they concern. Atomic per objective, never all-or-nothing across
// objectives. A view is sent once per objective, not once per command: a push of 5 rows of one objective
// would otherwise carry the same objective 5 times.
import { LIMITS, ObjectiveCommandSchema } from '@okr-ledger/okr-domain';
import { z } from 'zod';
import { ObjectiveViewSchema } from './board.js';

export const BATCH_MAX_COMMANDS = LIMITS.batchCommandsMax;
/** The largest request body any route accepts (413 above), checked before the body is parsed. */
export const MAX_BODY_BYTES = LIMITS.requestBodyBytesMax;

export const BatchRequestSchema = z.object({
  commands: z
    .array(ObjectiveCommandSchema)
    .min(1, 'a batch needs at least one command')
    .max(BATCH_MAX_COMMANDS, `a batch holds at most ${BATCH_MAX_COMMANDS} commands`),
});

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const CommandResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('applied'),
    commandId: z.string(),
    objectiveId: z.string(),
    /** The objective's version after the batch (its view is in the response's `objectives`). */
    version: z.number().int(),
    /** True when the same commandId had been applied before and nothing new was written. */
    replayed: z.boolean(),
  }),
  z.object({
    status: z.literal('conflict'),
    commandId: z.string(),
    objectiveId: z.string(),
    expectedVersion: z.number().int(),
    /** The version to send next time: the one of the objective's view in `objectives` (0 when it has none). */
    currentVersion: z.number().int(),
    message: z.string(),
  }),
  z.object({
    status: z.literal('invalid'),
    commandId: z.string(),
    objectiveId: z.string().nullable(),
    /** Domain rule code (e.g. reason_required) or `validation`. */
    code: z.string(),
    errors: z.array(FieldErrorSchema),
  }),
]);

export const BatchResponseSchema = z.object({
  /** One result per command, in the order sent. */
  results: z.array(CommandResultSchema),
  /**
   * The view after the whole batch of every objective that an applied or conflicting result concerns, once
   * each, so the client updates its copy without another request. An objective that does not exist (a
   * conflict on one never created) has no view here.
   */
  objectives: z.array(ObjectiveViewSchema),
  summary: z.object({ applied: z.number().int(), conflicts: z.number().int(), invalid: z.number().int() }),
});

export type BatchRequest = z.input<typeof BatchRequestSchema>;
export type CommandResult = z.infer<typeof CommandResultSchema>;
export type BatchResponse = z.infer<typeof BatchResponseSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;
