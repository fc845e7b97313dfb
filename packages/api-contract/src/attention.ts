// The attention list of a cycle: the key results that are due for a check-in or behind pace, with what a
// nudge needs to say (owner, last value, last check-in, confidence). See docs/attention.md for the rules.
import {
  ATTENTION_REASONS,
  CONFIDENCES,
  LINKED_VALUE_PROBLEMS,
  ValueSourceSchema,
} from '@okr-ledger/okr-domain';
import { z } from 'zod';

export const AttentionItemSchema = z.object({
  objectiveId: z.string(),
  objectiveTitle: z.string(),
  keyResultId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  /** The latest measurement, as on the board: a value (numeric types) or done (binary). */
  current: z.number().nullable(),
  done: z.boolean().nullable(),
  unit: z.string(),
  score: z.number(),
  /** `effectiveAt` of the latest check-in; null before any. */
  lastCheckInAt: z.string().nullable(),
  confidence: z.enum(CONFIDENCES),
  confidenceSource: z.enum(['set', 'derived']),
  /** Calendar days in the cycle's zone since the last check-in (or since the cycle began). */
  daysSinceCheckIn: z.number().int(),
  due: z.boolean(),
  behindPace: z.boolean(),
  reasons: z.array(z.enum(ATTENTION_REASONS)),
});

/** A KR whose linked cell gave no value when last read; it stays listed until a good value is read. */
export const FailingLinkSchema = z.object({
  objectiveId: z.string(),
  objectiveTitle: z.string(),
  keyResultId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  valueSource: ValueSourceSchema,
  problem: z.enum(LINKED_VALUE_PROBLEMS),
  /** What the cell showed (e.g. "#REF!"); '' when empty or unreadable. */
  detail: z.string(),
  /** When this spell of failing was first reported. */
  since: z.string(),
  /** In words, e.g. "Data!B2 shows #REF!: no value recorded since …". */
  message: z.string(),
});

export const AttentionResponseSchema = z.object({
  cycleId: z.string(),
  /** The instant the rules were applied at. */
  asOf: z.string(),
  cadenceDays: z.number().int(),
  /** The elapsed share of the cycle at `asOf`. */
  expectedProgress: z.number(),
  keyResults: z.array(AttentionItemSchema),
  /** Live KRs whose linked cell gave no value when last read, in board order. */
  failingLinks: z.array(FailingLinkSchema),
});

export type AttentionItem = z.infer<typeof AttentionItemSchema>;
export type FailingLink = z.infer<typeof FailingLinkSchema>;
export type AttentionResponse = z.infer<typeof AttentionResponseSchema>;
