// Read models served to reports: a KR's history, the mid-cycle change audit, the grades report and the
// diff of two instants. Shared by the API, the projector (view shapes) and the add-on (report sheets).
import { CHECK_IN_SOURCE_KINDS } from '@okr-ledger/okr-domain/vocabulary';
import { z } from 'zod';

const actorSchema = z.object({ sub: z.string(), email: z.string() });

/** Where a check-in's value came from (CHECK_IN_SOURCE_KINDS). */
export const CheckInSourceViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('linked_cell'),
    spreadsheetId: z.string(),
    sheetName: z.string(),
    a1: z.string(),
  }),
  z.object({ kind: z.literal('api'), client: z.string() }),
]);

export const HistoryEntrySchema = z.object({
  version: z.number().int(),
  eventType: z.string(),
  recordedAt: z.string(),
  recordedBy: actorSchema,
  /** For check-ins and corrections: the instant the value is true for. */
  effectiveAt: z.string().nullable(),
  /** Human summary, e.g. "target 75 → 80". */
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  value: z.number().nullable(),
  done: z.boolean().nullable(),
  confidence: z.string().nullable(),
  note: z.string(),
  reason: z.string().nullable(),
  midCycle: z.boolean(),
  checkInId: z.string().nullable(),
  /** For a correction: the check-in it replaces; for a replaced check-in: the correction. */
  corrects: z.string().nullable(),
  correctedBy: z.string().nullable(),
  /** For check-ins and corrections: where the value came from; null for other entries. */
  source: CheckInSourceViewSchema.nullable(),
});

export const KeyResultHistorySchema = z.object({
  keyResultId: z.string(),
  objectiveId: z.string(),
  title: z.string(),
  type: z.string(),
  unit: z.string(),
  entries: z.array(HistoryEntrySchema),
});

export const AuditKindSchema = z.enum([
  'definition_change',
  'key_result_added',
  'key_result_removed',
  'objective_archived',
  'late_check_in',
  'correction',
  'grade_override',
  'reopen',
  'close',
  'aligned_to_you',
]);

export const AuditEntrySchema = z.object({
  id: z.string(),
  kind: AuditKindSchema,
  at: z.string(),
  by: actorSchema,
  objectiveId: z.string().nullable(),
  objectiveTitle: z.string().nullable(),
  keyResultId: z.string().nullable(),
  keyResultTitle: z.string().nullable(),
  team: z.string().nullable(),
  owner: z.string().nullable(),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

export const ChangesResponseSchema = z.object({ cycleId: z.string(), entries: z.array(AuditEntrySchema) });

export const GradeRowSchema = z.object({
  targetType: z.enum(['objective', 'key_result']),
  objectiveId: z.string(),
  keyResultId: z.string().nullable(),
  title: z.string(),
  owner: z.string().nullable(),
  team: z.string().nullable(),
  kind: z.enum(['committed', 'aspirational']).nullable(),
  weight: z.number(),
  /** Against the definition in force now. */
  computed: z.number(),
  /** Against the definition in force when the cycle became active (null: added mid-cycle). */
  original: z.number().nullable(),
  override: z.number().nullable(),
  overrideReason: z.string().nullable(),
  /** The grade that counts: the override when there is one, else computed. */
  final: z.number(),
  band: z.enum(['green', 'yellow', 'red']),
  missedCommitment: z.boolean(),
  flags: z.array(z.string()),
  /** Mid-cycle changes that make `computed` differ from `original`. */
  changedBy: z.array(z.string()),
  /** On KR rows: where the graded value came from (its last measured check-in's source); else null. */
  valueSource: z.enum(CHECK_IN_SOURCE_KINDS).nullable(),
  /**
   * With `?aligned=true`, on objective rows: the roll-up of this grade with the aligned grades of the
   * objectives aligned to it (docs/alignment.md); null on KR rows.
   */
  alignedGrade: z.number().nullable().optional(),
});

export const GradesReportSchema = z.object({
  cycleId: z.string(),
  status: z.enum(['planning', 'active', 'closed']),
  frozen: z.boolean(),
  rows: z.array(GradeRowSchema),
});

export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type KeyResultHistory = z.infer<typeof KeyResultHistorySchema>;
export type AuditKind = z.infer<typeof AuditKindSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type ChangesResponse = z.infer<typeof ChangesResponseSchema>;
export type GradeRow = z.infer<typeof GradeRowSchema>;
export type GradesReport = z.infer<typeof GradesReportSchema>;
