// The response of `GET /cycles/{cycle}/diff`: per objective, what changed between two instants. Not in
// the shared contract yet because only the API serves it; the shapes follow the domain's ObjectiveDiff,
// flattened to what a client shows.
import { z } from '@hono/zod-openapi';
import { CheckInSourceViewSchema } from '@okr-ledger/api-contract';

const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const NamedKeyResultSchema = z.object({ keyResultId: z.string(), title: z.string() });

export const CheckInDiffSchema = z.object({
  checkInId: z.string(),
  keyResultId: z.string(),
  value: z.number().nullable(),
  done: z.boolean().nullable(),
  milestonesDone: z.array(z.string()).nullable(),
  confidence: z.string().nullable(),
  note: z.string(),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.object({ sub: z.string(), email: z.string() }),
  corrects: z.string().nullable(),
  source: CheckInSourceViewSchema,
});

export const ObjectiveDiffSchema = z
  .object({
    objectiveId: z.string(),
    title: z.string(),
    /** The objective did not exist at `from`. */
    created: z.boolean(),
    versionBefore: z.number().int(),
    versionAfter: z.number().int(),
    /** Objective score at each instant (null when it did not exist yet). */
    scoreBefore: z.number().nullable(),
    scoreAfter: z.number().nullable(),
    objective: z.array(FieldChangeSchema),
    keyResults: z.object({
      added: z.array(NamedKeyResultSchema),
      removed: z.array(NamedKeyResultSchema),
      changed: z.array(NamedKeyResultSchema.extend({ changes: z.array(FieldChangeSchema) })),
    }),
    checkInsAdded: z.array(CheckInDiffSchema),
    initiatives: z.object({
      added: z.array(z.object({ initiativeId: z.string(), title: z.string(), status: z.string() })),
      changed: z.array(
        z.object({ initiativeId: z.string(), title: z.string(), changes: z.array(FieldChangeSchema) }),
      ),
    }),
    overrides: z.array(
      z.object({
        targetId: z.string(),
        before: z.number().nullable(),
        after: z.number(),
        reason: z.string(),
      }),
    ),
  })
  .openapi('ObjectiveDiff');

export const DiffResponseSchema = z
  .object({
    cycleId: z.string(),
    from: z.string(),
    to: z.string(),
    /** Only objectives in which something changed. */
    objectives: z.array(ObjectiveDiffSchema),
  })
  .openapi('DiffResponse');

export type ObjectiveDiffView = z.infer<typeof ObjectiveDiffSchema>;
export type DiffResponse = z.infer<typeof DiffResponseSchema>;
