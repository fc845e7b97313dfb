// `POST /cycles/{next}/carry-over`: what the route takes and answers, shared with the add-on's dialog.
import { CommandId, CycleId, KeyResultId, ObjectiveId } from '@okr-ledger/okr-domain';
import { z } from 'zod';

/** At most this many objectives, and this many KRs, in one carry-over. */
export const CARRY_OVER_MAX_ITEMS = 200;

export const CarryOverRequestSchema = z.object({
  sourceCycleId: CycleId,
  /** Objectives chosen whole: each brings its unfinished KRs (progress < 1) unless KRs of it are listed. */
  objectiveIds: z.array(ObjectiveId).max(CARRY_OVER_MAX_ITEMS).default([]),
  keyResultIds: z.array(KeyResultId).max(CARRY_OVER_MAX_ITEMS).default([]),
  commandId: CommandId.optional(),
});
export type CarryOverRequest = z.input<typeof CarryOverRequestSchema>;

export const CarriedItemSchema = z.object({
  kind: z.enum(['objective', 'key_result']),
  from: z.string(),
  to: z.string(),
  status: z.enum(['created', 'already_carried', 'invalid']),
  code: z.string().optional(),
  message: z.string().optional(),
});

export const CarryOverResponseSchema = z.object({
  sourceCycleId: z.string(),
  targetCycleId: z.string(),
  items: z.array(CarriedItemSchema),
  summary: z.object({
    created: z.number().int(),
    alreadyCarried: z.number().int(),
    invalid: z.number().int(),
  }),
});
export type CarryOverResponse = z.infer<typeof CarryOverResponseSchema>;
