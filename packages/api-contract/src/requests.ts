// Single-resource requests and small responses: a check-in from the sidebar, the caller's identity, cycle
// lists, and the problem+json error body every failure uses.
import {
  NewCheckInId,
  CheckInSourceSchema,
  CommandId,
  ConfidenceSchema,
  CycleId,
  LIMITS,
  MeasurementNumber,
  MilestoneId,
  MultiLineText,
  ObjectiveId,
} from '@okr-ledger/okr-domain';
import { z } from 'zod';
import { CycleViewSchema, ObjectiveViewSchema } from './board.js';

export const CheckInRequestSchema = z.object({
  commandId: CommandId.optional(),
  /**
   * Where the KR lives, when the client knows (the sheet and the sidebar do): saves the server a look-up.
   * Checked against the objective; both or neither.
   */
  objectiveId: ObjectiveId.optional(),
  cycleId: CycleId.optional(),
  checkInId: NewCheckInId.optional(),
  value: MeasurementNumber.nullable().optional(),
  milestonesDone: z.array(MilestoneId).max(LIMITS.milestonesMax).nullable().optional(),
  done: z.boolean().nullable().optional(),
  confidence: ConfidenceSchema.nullable().optional(),
  note: MultiLineText.pipe(
    z.string().max(LIMITS.noteMax, `must be at most ${LIMITS.noteMax} characters`),
  ).optional(),
  effectiveAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with time zone' })
    .optional(),
  /**
   * Where the value came from. Without it the check-in is `api` when the request names its client
   * (`X-Client-Name`), else `manual`: a person typed it.
   */
  source: CheckInSourceSchema.optional(),
});

export const CheckInResponseSchema = z.object({
  checkInId: z.string(),
  version: z.number().int(),
  objective: ObjectiveViewSchema,
  replayed: z.boolean(),
});

export const MeResponseSchema = z.object({
  organizationId: z.string(),
  email: z.string(),
  sub: z.string(),
  role: z.enum(['admin', 'editor', 'viewer']),
});

export const CycleListResponseSchema = z.object({ cycles: z.array(CycleViewSchema) });

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** On conflicts: the version the server has. */
  currentVersion: z.number().int().optional(),
});

export type CheckInRequest = z.input<typeof CheckInRequestSchema>;
export type CheckInResponse = z.infer<typeof CheckInResponseSchema>;
export type MeResponse = z.infer<typeof MeResponseSchema>;
export type CycleListResponse = z.infer<typeof CycleListResponseSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
