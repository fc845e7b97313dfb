// The board: what `GET /cycles/{cycle}/okrs` returns and what a sheet pull lays out. Shared by the API
// (response validation and OpenAPI) and the add-on (sheet mapping).
import {
  CONFIDENCES,
  CYCLE_STATUSES,
  INITIATIVE_STATUSES,
  KEY_RESULT_TYPES,
  LINKED_VALUE_PROBLEMS,
  OBJECTIVE_KINDS,
  PROGRESS_MODES,
  PROGRESS_SOURCES,
  ValueSourceSchema,
} from '@okr-ledger/okr-domain';
import { z } from 'zod';

export const LintFindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  targetType: z.enum(['cycle', 'objective', 'key_result']),
  targetId: z.string(),
  message: z.string(),
  hint: z.string(),
});

export const MilestoneViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  weight: z.number(),
  done: z.boolean(),
});

/** A linked cell that gave no value when last read (see docs/attention.md). */
export const LinkFailureViewSchema = z.object({
  problem: z.enum(LINKED_VALUE_PROBLEMS),
  detail: z.string(),
  since: z.string(),
  reportedAt: z.string(),
  reportedBy: z.string(),
  /** In words, e.g. "Data!B2 shows #REF!: no value recorded since …". */
  message: z.string(),
});

export const KeyResultViewSchema = z.object({
  id: z.string(),
  objectiveId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  weight: z.number(),
  type: z.enum(KEY_RESULT_TYPES),
  start: z.number().nullable(),
  target: z.number().nullable(),
  threshold: z.number().nullable(),
  unit: z.string(),
  milestones: z.array(MilestoneViewSchema),
  progressSource: z.enum(PROGRESS_SOURCES),
  removed: z.boolean(),
  /** Latest effective measurement: value (numeric types), done (binary), null before any check-in. */
  current: z.number().nullable(),
  done: z.boolean().nullable(),
  /** Raw progress, may be outside 0–1. */
  progress: z.number(),
  /** clamp(progress, 0, 1). */
  score: z.number(),
  confidence: z.enum(CONFIDENCES),
  confidenceSource: z.enum(['set', 'derived']),
  lastCheckInAt: z.string().nullable(),
  lastNote: z.string(),
  checkInCount: z.number().int(),
  /** The cell the value is read from; null when typed. */
  valueSource: ValueSourceSchema.nullable(),
  /** Set while the linked cell gives no value. */
  linkFailure: LinkFailureViewSchema.nullable(),
});

export const InitiativeViewSchema = z.object({
  id: z.string(),
  objectiveId: z.string(),
  keyResultId: z.string().nullable(),
  title: z.string(),
  owner: z.string().nullable(),
  status: z.enum(INITIATIVE_STATUSES),
  percentComplete: z.number(),
});

export const ObjectiveViewSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  title: z.string(),
  description: z.string(),
  owner: z.string().nullable(),
  team: z.string().nullable(),
  /**
   * The team `team` reads as (an id, or a name typed before teams existed; null when none): set on the board
   * (`GET /cycles/{cycle}/okrs`), absent from other objective views.
   */
  teamId: z.string().nullable().optional(),
  kind: z.enum(OBJECTIVE_KINDS),
  parentObjectiveId: z.string().nullable(),
  weight: z.number(),
  progressMode: z.enum(PROGRESS_MODES),
  blendShare: z.number(),
  archived: z.boolean(),
  /** Stream version: send it back as `expectedVersion` with edits. */
  version: z.number().int(),
  progress: z.number(),
  score: z.number(),
  keyResults: z.array(KeyResultViewSchema),
  initiatives: z.array(InitiativeViewSchema),
  lint: z.array(LintFindingSchema),
});

export const CycleViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  status: z.enum(CYCLE_STATUSES),
  activatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});

export const BoardSchema = z.object({
  organizationId: z.string(),
  cycle: CycleViewSchema,
  /** The instant the board describes (now, or the `asOf` asked for). */
  asOf: z.string(),
  objectives: z.array(ObjectiveViewSchema),
  /** Cycle-wide findings (e.g. an owner with more than 5 objectives). */
  lint: z.array(LintFindingSchema),
});

export type LintFindingView = z.infer<typeof LintFindingSchema>;
export type KeyResultView = z.infer<typeof KeyResultViewSchema>;
export type LinkFailureView = z.infer<typeof LinkFailureViewSchema>;
export type InitiativeView = z.infer<typeof InitiativeViewSchema>;
export type ObjectiveView = z.infer<typeof ObjectiveViewSchema>;
export type CycleView = z.infer<typeof CycleViewSchema>;
export type Board = z.infer<typeof BoardSchema>;
