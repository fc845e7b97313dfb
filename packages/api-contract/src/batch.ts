// The batch of commands a sheet push sends (`POST /cycles/{cycle}/commands`) and the per-command results.
// Atomic per objective, never all-or-nothing across objectives.
import { ObjectiveCommandSchema } from '@okr-ledger/okr-domain';
import { z } from 'zod';
import { ObjectiveViewSchema } from './board.js';

export const BATCH_MAX_COMMANDS = 500;

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
    version: z.number().int(),
    /** The objective after the command, so the client updates its copy without another request. */
    objective: ObjectiveViewSchema,
    /** True when the same commandId had been applied before and nothing new was written. */
    replayed: z.boolean(),
  }),
  z.object({
    status: z.literal('conflict'),
    commandId: z.string(),
    objectiveId: z.string(),
    expectedVersion: z.number().int(),
    currentVersion: z.number().int(),
    /** The objective as the server has it now. */
    objective: ObjectiveViewSchema.nullable(),
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
  results: z.array(CommandResultSchema),
  summary: z.object({ applied: z.number().int(), conflicts: z.number().int(), invalid: z.number().int() }),
});

export type BatchRequest = z.input<typeof BatchRequestSchema>;
export type CommandResult = z.infer<typeof CommandResultSchema>;
export type BatchResponse = z.infer<typeof BatchResponseSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;
